// Sync benchmark (issue 4): push 5,000 mutations and pull 20,000 rows through the local stack on
// the Postgres server, beside the raw cost of the same work, and the cost of an idle sync.
// Run: node bench/sync.mjs (prints JSON); runSyncBench() returns the same figures. It lives
// here, not in bench/, so that it is type-checked and linted with the tests it shares code with.
import 'fake-indexeddb/auto';
import pg from 'pg';
import { FrontlineDB } from '$lib/db/database';
import { outboxScope } from '$lib/db/sent';
import { saveRecord } from '$lib/db/write';
import { pushOutbox } from '$lib/sync/push';
import { pullAll } from '$lib/sync/pull';
import type { SyncContext } from '$lib/sync/context';
import { supabaseAuth, supabaseTransport } from '$lib/sync/transport';
import { addWorkLogs, round, seconds, timeRawInsert, timeRawSelect } from './raw-costs';
import { createWorld, device, ids, workLog, type Device } from './world';

export interface SyncBenchFigures {
  push: {
    mutations: number;
    seconds: number;
    mutationsPerSecond: number;
    /** waiting for sync_push (HTTP + database) */
    serverSeconds: number;
    /** the client's own work (IndexedDB, parsing) not overlapped with a request */
    clientSeconds: number;
    requests: number;
    bytesPerMutation: number;
    rawInsertSeconds: number;
    rawInsertRowsPerSecond: number;
    ratioToRaw: number;
    budgetMutationsPerSecond: number;
  };
  pull: {
    rows: number;
    seconds: number;
    rowsPerSecond: number;
    serverSeconds: number;
    clientSeconds: number;
    requests: number;
    bytesPerRow: number;
    rawSelectSeconds: number;
    ratioToRawSelect: number;
    rawIndexedDbPutSeconds: number;
    ratioToRawIndexedDb: number;
    /** the phone's own share of the pull (parse, merge, write) against the raw bulk put */
    clientRatioToRawIndexedDb: number;
    indexedDb: string;
    budgetRatioToRawIndexedDb: number;
  };
  idle: { requests: number; bytesSent: number; bytesReceived: number; budgetRequests: number };
  environment: { node: string; postgres: string; cores: number };
}

/** Counts what goes over the wire for one phone. */
function meter(d: Device) {
  const counts = { requests: 0, sent: 0, received: 0 };
  const original = d.faults;
  d.faults = () => 'pass';
  const realFetch = globalThis.fetch;
  // the device's fetch calls globalThis.fetch for the real request: wrap it to count bytes
  globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const res = await realFetch(input, init);
    if (!url.includes('/rest/v1/rpc/')) return res;
    counts.requests++;
    counts.sent += Buffer.byteLength(String(init?.body ?? ''));
    const body = await res.arrayBuffer();
    counts.received += body.byteLength;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  return {
    counts,
    reset() {
      counts.requests = counts.sent = counts.received = 0;
    },
    stop() {
      globalThis.fetch = realFetch;
      d.faults = original;
    }
  };
}

/**
 * Wall time with a request to the server out (request, database, answer), apart from the client's
 * own work. Counted as the union of the calls' intervals: the sync code pipelines, so the client
 * works while a request is out, and that work is hidden in this share.
 */
const waited = { seconds: 0, open: 0, since: 0 };

function context(d: Device): SyncContext {
  const transport = supabaseTransport(d.client);
  return {
    db: d.db,
    userId: d.userId,
    transport: {
      async rpc(fn, args, options) {
        if (waited.open++ === 0) waited.since = performance.now();
        try {
          return await transport.rpc(fn, args, options);
        } finally {
          if (--waited.open === 0) waited.seconds += seconds(waited.since);
        }
      }
    },
    session: supabaseAuth(d.client),
    timeoutMs: 120_000,
    log: () => {}
  };
}

export async function runSyncBench(
  opts: { pushCount?: number; pullCount?: number; log?: (line: string) => void } = {}
): Promise<SyncBenchFigures> {
  const pushCount = opts.pushCount ?? 5_000;
  const pullCount = opts.pullCount ?? 20_000;
  const log = opts.log ?? (() => {});
  const world = await createWorld();
  try {
    // ---- push --------------------------------------------------------------------------
    log(`push: writing ${pushCount} work logs on the phone`);
    const writer = await device(world, 'cadre');
    await writer.db.transaction('rw', [writer.db.work_logs, ...outboxScope(writer.db)], async () => {
      for (let i = 0; i < pushCount; i++) {
        await saveRecord('work_logs', crypto.randomUUID(), workLog(`基准推送 ${i}：走访群众，了解生产生活情况。`), {
          userId: ids.cadre,
          db: writer.db
        });
      }
    });
    const m = meter(writer);
    waited.seconds = 0;
    let start = performance.now();
    const pushed = await pushOutbox(context(writer));
    const pushSeconds = seconds(start);
    const pushServerSeconds = waited.seconds;
    const pushBytes = m.counts.sent + m.counts.received;
    const pushRequests = m.counts.requests;
    m.stop();
    if (pushed.applied !== pushCount) throw new Error(`push applied ${pushed.applied} of ${pushCount}`);
    log(`push: ${pushCount} in ${pushSeconds.toFixed(2)} s`);

    // raw: the same rows inserted as plain INSERTs, in the same batches of 200
    const raw = new pg.Client({ connectionString: world.database.url });
    await raw.connect();
    const rawInsertSeconds = await timeRawInsert(raw, pushCount);

    // ---- pull --------------------------------------------------------------------------
    const existing = Number(
      (await raw.query(`select count(*) from public.work_logs where cadre_id = $1`, [ids.cadre])).rows[0].count
    );
    const extra = Math.max(0, pullCount - existing);
    await addWorkLogs(raw, extra);
    const visibleRows = existing + extra;
    log(`pull: ${visibleRows} work logs on the server`);
    const reader = await device(world, 'cadre');
    const r = meter(reader);
    waited.seconds = 0;
    start = performance.now();
    const pulled = await pullAll(context(reader));
    const pullSeconds = seconds(start);
    const pullServerSeconds = waited.seconds;
    const pullBytes = r.counts.sent + r.counts.received;
    const pullRequests = r.counts.requests;
    r.stop();
    log(`pull: ${pulled.rows} rows in ${pullSeconds.toFixed(2)} s`);

    // raw: the same rows selected, and written to IndexedDB in one bulk put
    const { rows: rowsToPut, seconds: rawSelectSeconds } = await timeRawSelect(raw);
    const plain = new FrontlineDB(`bench-raw-${crypto.randomUUID()}`);
    start = performance.now();
    await plain.work_logs.bulkPut(rowsToPut as never[]);
    const rawIndexedDbPutSeconds = seconds(start);
    plain.close();
    await plain.delete();
    const postgres = (await raw.query('show server_version')).rows[0].server_version as string;
    await raw.end();

    // ---- idle --------------------------------------------------------------------------
    await reader.sync();
    const idle = meter(reader);
    await reader.sync();
    const idleFigures = {
      requests: idle.counts.requests,
      bytesSent: idle.counts.sent,
      bytesReceived: idle.counts.received,
      budgetRequests: 1
    };
    idle.stop();

    await writer.destroy();
    await reader.destroy();

    return {
      push: {
        mutations: pushCount,
        seconds: round(pushSeconds),
        mutationsPerSecond: Math.round(pushCount / pushSeconds),
        serverSeconds: round(pushServerSeconds),
        clientSeconds: round(pushSeconds - pushServerSeconds),
        requests: pushRequests,
        bytesPerMutation: Math.round(pushBytes / pushCount),
        rawInsertSeconds: round(rawInsertSeconds),
        rawInsertRowsPerSecond: Math.round(pushCount / rawInsertSeconds),
        ratioToRaw: round(pushSeconds / rawInsertSeconds),
        budgetMutationsPerSecond: 2_500
      },
      pull: {
        rows: pulled.rows,
        seconds: round(pullSeconds),
        rowsPerSecond: Math.round(pulled.rows / pullSeconds),
        serverSeconds: round(pullServerSeconds),
        clientSeconds: round(pullSeconds - pullServerSeconds),
        requests: pullRequests,
        bytesPerRow: Math.round(pullBytes / Math.max(1, pulled.rows)),
        rawSelectSeconds: round(rawSelectSeconds),
        ratioToRawSelect: round(pullSeconds / rawSelectSeconds),
        rawIndexedDbPutSeconds: round(rawIndexedDbPutSeconds),
        ratioToRawIndexedDb: round(pullSeconds / rawIndexedDbPutSeconds),
        clientRatioToRawIndexedDb: round((pullSeconds - pullServerSeconds) / rawIndexedDbPutSeconds),
        indexedDb: 'fake-indexeddb in Node (for comparison; the budget is measured in Chromium)',
        budgetRatioToRawIndexedDb: 2
      },
      idle: idleFigures,
      environment: { node: process.version, postgres, cores: (await import('node:os')).cpus().length }
    };
  } finally {
    await world.close();
  }
}
