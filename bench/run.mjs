// `npm run bench`: every benchmark, one after the other, written to BENCHMARKS.md with the machine
// and the date. Speed is measured here, never asserted in tests.
//   first-load: gzip JS of the home page's first load; home shown offline under 4× CPU slowdown
//   sync:       push 5,000 / pull 20,000 against the local stack on Postgres, beside raw SQL; idle sync
//   pull in Chromium: the phone's share of a pull beside a raw IndexedDB bulk put
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { benchFirstLoad } from './first-load.mjs';
import { loadSyncBench } from './sync.mjs';
import { benchPullInChromium } from './sync-chromium.mjs';

const log = (line) => console.error(`[bench] ${line}`);
const started = new Date();
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');

log('first load and offline home');
const first = await benchFirstLoad({ log });
log('sync against the local stack on Postgres');
const { runSyncBench, close } = await loadSyncBench();
let sync;
try {
  sync = await runSyncBench();
} finally {
  await close();
}
log('pull into IndexedDB in Chromium');
const chromiumPull = await benchPullInChromium();

const postgres = (() => {
  try {
    return execSync('psql -h 127.0.0.1 -U postgres -tAc "show server_version"', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ok = (pass) => (pass ? 'meets the budget' : '**misses the budget**');
const idleOk = sync.idle.requests <= 1;
const pushOk = sync.push.mutationsPerSecond >= sync.push.budgetMutationsPerSecond;
const pullOk = sync.pull.ratioToRawIndexedDb <= sync.pull.budgetRatioToRawIndexedDb;
const chromeOk = chromiumPull.ratio <= chromiumPull.budgetRatio;

const md = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs). Run on ${started.toISOString().slice(0, 10)} at ${started.toISOString().slice(11, 16)} UTC.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node.js ${process.version};
PostgreSQL ${postgres}; ${first.machine.chromium ? `Chromium ${first.machine.chromium}` : chromiumPull.browser}.
Load average when the run started: ${load} (other work on the machine makes absolute times noisy; the ratios to the raw cost are steadier).

## The app shell (issue 3)
| figure | value | budget | |
|---|---|---|---|
| gzip JS, first load of the home page | ${kb(first.firstLoad.jsGzipBytes)} | ${kb(first.firstLoad.budgetBytes)} | ${ok(first.firstLoad.withinBudget)} |
| gzip JS loaded after the first screen (sync engine, supabase-js, …) | ${kb(first.deferred.jsGzipBytes)} | — | |
| home shown offline, 4× CPU slowdown (median of ${first.offlineHome.runs}) | ${first.offlineHome.medianMs} ms (min ${first.offlineHome.minMs}, max ${first.offlineHome.maxMs}) | — | |

## Sync (issue 4), local stack on PostgreSQL
| figure | value | raw cost of the same work | ratio | budget | |
|---|---|---|---|---|---|
| push ${sync.push.mutations} mutations | ${sync.push.mutationsPerSecond} mutations/s (${sync.push.seconds} s; server ${sync.push.serverSeconds} s, phone ${sync.push.clientSeconds} s), ${sync.push.bytesPerMutation} bytes/mutation | plain INSERT: ${sync.push.rawInsertRowsPerSecond} rows/s (${sync.push.rawInsertSeconds} s) | ${sync.push.ratioToRaw}× | ≥ ${sync.push.budgetMutationsPerSecond}/s | ${ok(pushOk)} |
| pull ${sync.pull.rows} rows | ${sync.pull.rowsPerSecond} rows/s (${sync.pull.seconds} s; server ${sync.pull.serverSeconds} s, phone ${sync.pull.clientSeconds} s), ${sync.pull.bytesPerRow} bytes/row | plain SELECT ${sync.pull.rawSelectSeconds} s; IndexedDB bulk put ${sync.pull.rawIndexedDbPutSeconds} s (${sync.pull.indexedDb}) | ${sync.pull.ratioToRawIndexedDb}× the IndexedDB put (phone's share ${sync.pull.clientRatioToRawIndexedDb}×) | ≤ ${sync.pull.budgetRatioToRawIndexedDb}× | ${ok(pullOk)} |
| pull ${chromiumPull.rows} rows, the phone's share, in Chromium | ${chromiumPull.pullSeconds.toFixed(2)} s | raw IndexedDB bulk put in Chromium: ${chromiumPull.rawPutSeconds.toFixed(2)} s | ${chromiumPull.ratio.toFixed(2)}× | ≤ ${chromiumPull.budgetRatio}× | ${ok(chromeOk)} |
| idle sync (nothing changed) | ${sync.idle.requests} request(s), ${sync.idle.bytesSent} bytes up, ${sync.idle.bytesReceived} bytes down | — | — | 1 request | ${ok(idleOk)} |

<details><summary>All figures (JSON)</summary>

\`\`\`json
${JSON.stringify({ firstLoad: first, sync, chromiumPull }, null, 2)}
\`\`\`
</details>
`;
writeFileSync('BENCHMARKS.md', md);
log('written to BENCHMARKS.md');
console.log(md.split('<details>')[0]);
