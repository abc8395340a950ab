// `npm run bench`: every benchmark, one after the other, written to BENCHMARKS.md with the machine
// and the date. Speed is measured here, never asserted in tests.
//   first-load: gzip JS of the home page's first load; home shown offline under 4× CPU slowdown
//   sync in Chromium (the budgets): push 5,000 / pull 20,000 in Chromium (real IndexedDB) through
//               supabase-js against the local stack on Postgres, beside raw SQL and a raw IndexedDB
//               bulk put in Chromium; idle sync
//   sync in Node (for comparison): the same push/pull with fake-indexeddb in Node
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { format, resolveConfig } from 'prettier';
import { benchFirstLoad } from './first-load.mjs';
import { loadSyncBench } from './sync.mjs';
import { benchSyncInChromium } from './sync-chromium.mjs';

const log = (line) => console.error(`[bench] ${line}`);
const started = new Date();
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ');

log('first load and offline home');
const first = await benchFirstLoad({ log });
// Node first: Dexie reads globalThis.indexedDB when it is first imported, and the Chromium bench's
// Node driver imports it too (through the world helpers), without fake-indexeddb.
log('sync in Node with fake-indexeddb (for comparison)');
const { runSyncBench, close } = await loadSyncBench();
let node;
try {
  node = await runSyncBench();
} finally {
  await close();
}
log('sync in Chromium: push and pull through supabase-js against the local stack on Postgres');
const phone = await benchSyncInChromium({ log: (line) => log(`  ${line}`) });

const postgres = (() => {
  try {
    return execSync('psql -h 127.0.0.1 -U postgres -tAc "show server_version"', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ok = (pass) => (pass ? 'meets the budget' : '**misses the budget**');
const n = (x) => x.toLocaleString('en-US');
const s2 = (x) => x.toFixed(2);
const x2 = (x) => `${x.toFixed(2)}×`;
// the verdicts, from the figures
const pushOk = phone.push.mutationsPerSecond >= phone.push.budgetMutationsPerSecond;
const pullOk = phone.pull.ratioToRawIndexedDb <= phone.pull.budgetRatioToRawIndexedDb;
const idleOk = phone.idle.requests <= phone.idle.budgetRequests;

const md = `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs). Run on ${started.toISOString().slice(0, 10)} at ${started.toISOString().slice(11, 16)} UTC.

Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; Node.js ${process.version};
PostgreSQL ${postgres}; ${first.machine.chromium ? `Chromium ${first.machine.chromium}` : phone.browser}.
Load average when the run started: ${load} (other work on the machine makes absolute times noisy; the ratios to the raw cost are steadier).

## The app shell (issue 3)
| figure | value | budget | |
|---|---|---|---|
| gzip JS, first load of the home page | ${kb(first.firstLoad.jsGzipBytes)} | ${kb(first.firstLoad.budgetBytes)} | ${ok(first.firstLoad.withinBudget)} |
| gzip JS loaded after the first screen (sync engine, supabase-js, …) | ${kb(first.deferred.jsGzipBytes)} | — | |
| home shown offline, 4× CPU slowdown (median of ${first.offlineHome.runs}) | ${first.offlineHome.medianMs} ms (min ${first.offlineHome.minMs}, max ${first.offlineHome.maxMs}) | — | |

## Sync (issue 4): the phone in Chromium, supabase-js, local stack on PostgreSQL
The phone is ${phone.browser} at ${phone.viewport.width}×${phone.viewport.height} with real IndexedDB (a profile on disk), talking to the local stack over HTTP on 127.0.0.1 (another origin, as in production).
Times are end to end on the phone. "server" is the wall time with an RPC request out (request, database, answer, and supabase-js parsing it); "phone" is the wall time with none out, the phone's own work (IndexedDB, outbox) that the pipelining did not hide behind a request. Bytes are request and response bodies.
The pull is the median of ${phone.pull.rounds} rounds, each followed by the raw put; the raw cost is plain SQL on the same Postgres and a raw IndexedDB \`bulkPut\` of the pulled work logs into a fresh database in the same Chromium.

| figure | value | raw cost of the same work | ratio | budget | |
|---|---|---|---|---|---|
| push ${n(phone.push.mutations)} mutations | ${n(phone.push.mutationsPerSecond)} mutations/s (${s2(phone.push.seconds)} s; server ${s2(phone.push.serverSeconds)} s, phone ${s2(phone.push.clientSeconds)} s; ${phone.push.requests} requests), ${phone.push.bytesPerMutation} bytes/mutation | plain INSERT (unnest, batches of 200): ${n(phone.push.rawInsertRowsPerSecond)} rows/s (${s2(phone.push.rawInsertSeconds)} s) | ${x2(phone.push.ratioToRaw)} the INSERT | ≥ ${n(phone.push.budgetMutationsPerSecond)}/s | ${ok(pushOk)} |
| pull ${n(phone.pull.rows)} rows | ${n(phone.pull.rowsPerSecond)} rows/s (${s2(phone.pull.seconds)} s; server ${s2(phone.pull.serverSeconds)} s, phone ${s2(phone.pull.clientSeconds)} s; ${phone.pull.requests} requests), ${phone.pull.bytesPerRow} bytes/row | raw IndexedDB bulk put in Chromium ${s2(phone.pull.rawIndexedDbPutSeconds)} s (${n(phone.pull.rawIndexedDbPutRows)} work logs); plain SELECT ${s2(phone.pull.rawSelectSeconds)} s | ${x2(phone.pull.ratioToRawIndexedDb)} the IndexedDB put (phone's share ${x2(phone.pull.clientRatioToRawIndexedDb)}) | ≤ ${phone.pull.budgetRatioToRawIndexedDb}× the put | ${ok(pullOk)} |
| idle sync (nothing changed) | ${phone.idle.requests} request(s), ${phone.idle.bytesSent} bytes up, ${phone.idle.bytesReceived} bytes down | — | — | ${phone.idle.budgetRequests} request | ${ok(idleOk)} |

The push is the median of ${phone.push.rounds} rounds (${phone.push.runs.map(s2).join(', ')} s). Its two halves alone, on this machine where the browser, the stack and Postgres share ${cpus().length} cores (a phone and a server never do):
| the push's half | alone | | budget | |
|---|---|---|---|---|
| the phone: pushOutbox in Chromium against a server in memory that answers at once (IndexedDB and the outbox code) | ${n(phone.push.phoneOnlyMutationsPerSecond)} mutations/s (${s2(phone.push.phoneOnlySeconds)} s) | | ≥ ${n(phone.push.budgetMutationsPerSecond)}/s | ${ok(phone.push.phoneOnlyMutationsPerSecond >= phone.push.budgetMutationsPerSecond)} |
| the server: the same batches of 200 from Node through supabase-js, no phone (HTTP, the stack, sync_push in Postgres) | ${n(phone.push.serverOnlyMutationsPerSecond)} mutations/s (${s2(phone.push.serverOnlySeconds)} s) | | ≥ ${n(phone.push.budgetMutationsPerSecond)}/s | ${ok(phone.push.serverOnlyMutationsPerSecond >= phone.push.budgetMutationsPerSecond)} |

The phone's share, split: push ${s2(phone.push.clientSplit.beforeFirstRequest)} s before the first request, ${s2(phone.push.clientSplit.betweenRequests)} s between requests, ${s2(phone.push.clientSplit.afterLastAnswer)} s after the last answer; pull ${s2(phone.pull.clientSplit.beforeFirstRequest)} s, ${s2(phone.pull.clientSplit.betweenRequests)} s, ${s2(phone.pull.clientSplit.afterLastAnswer)} s.

### Node, fake-indexeddb: for comparison, not the budget
The same push and pull from Node (supabase-js, the same local stack), with fake-indexeddb in place of the browser's IndexedDB; "server" and "client" split as above.

| figure | value | raw cost of the same work | ratio |
|---|---|---|---|
| push ${n(node.push.mutations)} mutations | ${n(node.push.mutationsPerSecond)} mutations/s (${s2(node.push.seconds)} s; server ${s2(node.push.serverSeconds)} s, client ${s2(node.push.clientSeconds)} s) | plain INSERT ${s2(node.push.rawInsertSeconds)} s | ${x2(node.push.ratioToRaw)} the INSERT |
| pull ${n(node.pull.rows)} rows | ${n(node.pull.rowsPerSecond)} rows/s (${s2(node.pull.seconds)} s; server ${s2(node.pull.serverSeconds)} s, client ${s2(node.pull.clientSeconds)} s) | fake-indexeddb bulk put ${s2(node.pull.rawIndexedDbPutSeconds)} s; plain SELECT ${s2(node.pull.rawSelectSeconds)} s | ${x2(node.pull.ratioToRawIndexedDb)} the fake-indexeddb put |
| idle sync | ${node.idle.requests} request(s), ${node.idle.bytesSent} bytes up, ${node.idle.bytesReceived} bytes down | — | — |

<details><summary>All figures (JSON)</summary>

\`\`\`json
${JSON.stringify({ firstLoad: first, sync: phone, syncInNode: node }, null, 2)}
\`\`\`
</details>
`;
// formatted as `npm run format` expects it
const formatted = await format(md, { ...(await resolveConfig('BENCHMARKS.md')), parser: 'markdown' });
writeFileSync('BENCHMARKS.md', formatted);
log('written to BENCHMARKS.md');
console.log(formatted.split('<details>')[0]);
