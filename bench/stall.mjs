// How long pulls stall behind a transaction left open, on the real Postgres server (127.0.0.1:5432)
// in a database of its own. The pull's watermark is pg_snapshot_xmin of the whole cluster: while
// a transaction that holds an xid stays open, changes committed after it began do not reach any
// phone. Three such transactions, each opened after a first write and left for up to `holdMs`:
//   maintenance: a job as postgres (no API timeout bounds it; the pull reports held_back_seconds)
//   idle API session: a session of the API's login role (authenticator) that wrote and then sat
//                     idle in its transaction (idle_in_transaction_session_timeout ends it)
//   slow API statement: the same session running a statement that does not end (statement_timeout)
// Meanwhile the cadre writes a work log every second and pulls every 250 ms; for each log the bench
// records how long after its commit it first arrived. The stall is the longest such wait.
// `benchStall()` returns the figures; `node bench/stall.mjs [--hold 60]` prints them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sqlSources } from '../supabase/local/sql-files.js';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CADRE = '20000000-0000-4000-8000-000000000006';
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/** @param {pg.Client} c @param {string} sql @param {unknown[]} [params] */
async function asCadre(c, sql, params = []) {
  await c.query('begin');
  try {
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: CADRE, role: 'authenticated' })
    ]);
    await c.query('set local role authenticated');
    const { rows } = await c.query(sql, params);
    await c.query('commit');
    return rows;
  } catch (e) {
    await c.query('rollback');
    throw e;
  }
}

const logMutation = (/** @type {string} */ id, /** @type {string} */ body) => ({
  mutation_id: randomUUID(),
  table: 'work_logs',
  op: 'upsert',
  id,
  patch: { cadre_id: CADRE, log_date: '2026-12-05', category: 'routine', body },
  base_version: null
});

/**
 * One scenario: `open(blocker)` starts the long transaction on its own connection and returns a
 * promise that settles when the transaction has ended (committed, or ended by the server).
 */
async function scenario(url, { holdMs, open, connectAs }) {
  const writer = new pg.Client({ connectionString: url });
  const reader = new pg.Client({ connectionString: url });
  const blocker = new pg.Client({ connectionString: url.replace('postgres@', `${connectAs}@`) });
  blocker.on('error', () => {}); // a session the server ends says so here
  await Promise.all([writer.connect(), reader.connect(), blocker.connect()]);
  try {
    // the reader's checkpoint, caught up
    let checkpoint = null;
    for (;;) {
      const [{ p }] = await asCadre(reader, 'select public.sync_pull($1::jsonb, 1000) as p', [
        JSON.stringify(checkpoint)
      ]);
      checkpoint = p.checkpoint;
      if (!p.has_more) break;
    }
    const started = performance.now();
    const ended = open(blocker).then(
      () => performance.now() - started,
      () => performance.now() - started
    );
    /** @type {Map<string, { committedAt: number, arrivedAt?: number }>} */
    const logs = new Map();
    let heldBackMax = 0;
    let stop = false;
    let endedAfterMs = null;
    void ended.then((ms) => (endedAfterMs = ms));
    const writing = (async () => {
      while (!stop) {
        const id = randomUUID();
        await asCadre(writer, 'select public.sync_push($1::jsonb) as r', [
          JSON.stringify([logMutation(id, '水位测试')])
        ]);
        logs.set(id, { committedAt: performance.now() });
        await sleep(1000);
      }
    })();
    // pull until the transaction has ended and every log written has arrived
    const deadline = started + holdMs + 30_000;
    while (performance.now() < deadline) {
      const [{ p }] = await asCadre(reader, 'select public.sync_pull($1::jsonb, 1000) as p', [
        JSON.stringify(checkpoint)
      ]);
      checkpoint = p.checkpoint;
      heldBackMax = Math.max(heldBackMax, p.held_back_seconds ?? 0);
      for (const r of p.rows) {
        const log = logs.get(r.row.id);
        if (log && log.arrivedAt === undefined) log.arrivedAt = performance.now();
      }
      if (endedAfterMs !== null && !stop) stop = true;
      if (stop && [...logs.values()].every((l) => l.arrivedAt !== undefined)) break;
      await sleep(250);
    }
    stop = true;
    await writing;
    const waits = [...logs.values()].filter((l) => l.arrivedAt !== undefined).map((l) => l.arrivedAt - l.committedAt);
    const lost = [...logs.values()].filter((l) => l.arrivedAt === undefined).length;
    return {
      transactionEndedAfterS: Number(((endedAfterMs ?? NaN) / 1000).toFixed(1)),
      longestWaitS: Number((Math.max(...waits) / 1000).toFixed(1)),
      medianWaitS: Number(([...waits].sort((a, b) => a - b)[Math.floor(waits.length / 2)] / 1000).toFixed(1)),
      logs: logs.size,
      notArrived: lost,
      heldBackReportedS: heldBackMax
    };
  } finally {
    await Promise.all([writer.end(), reader.end(), blocker.end().catch(() => undefined)]);
  }
}

export async function benchStall({ holdMs = 60_000, log = () => {} } = {}) {
  const name = `fl_bench_stall_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  try {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    for (const f of sqlSources({ seed: true })) await c.query(f.sql);
    await c.end();
    const settings = Object.fromEntries(
      (
        await admin.query(
          `select r.rolname, array_to_string(s.setconfig, ', ') as config from pg_db_role_setting s
           join pg_roles r on r.oid = s.setrole where s.setdatabase = 0 and r.rolname in ('anon', 'authenticated', 'authenticator')`
        )
      ).rows.map((r) => [r.rolname, r.config])
    );

    // a write first, so the transaction holds an xid, as a real one does
    const firstWrite = `insert into public.units (id, name, kind) values ('${randomUUID()}', '维护任务', 'county')`;
    log(`maintenance job as postgres, held ${holdMs / 1000} s`);
    const maintenance = await scenario(url, {
      holdMs,
      connectAs: 'postgres',
      open: async (b) => {
        await b.query('begin');
        await b.query(firstWrite);
        await sleep(holdMs);
        await b.query('commit');
      }
    });
    log(`  ${JSON.stringify(maintenance)}`);

    log(`API session (authenticator) idle in its transaction for up to ${holdMs / 1000} s`);
    const idle = await scenario(url, {
      holdMs,
      connectAs: 'authenticator',
      open: async (b) => {
        await b.query('begin');
        await b.query('select pg_current_xact_id()');
        // idle, without a statement (one would reset the idle clock): the server ends the
        // session when its timeout passes, and the client sees the connection end
        const closed = new Promise((resolve) => b.once('end', () => resolve('ended')));
        if ((await Promise.race([sleep(holdMs), closed])) === 'ended') return;
        await b.query('commit');
      }
    });
    log(`  ${JSON.stringify(idle)}`);

    log(`API session (authenticator) running a statement for up to ${holdMs / 1000} s`);
    const slow = await scenario(url, {
      holdMs,
      connectAs: 'authenticator',
      open: async (b) => {
        await b.query('begin');
        await b.query('select pg_current_xact_id()');
        await b.query(`select pg_sleep(${holdMs / 1000})`).catch(() => undefined);
        await b.query('rollback').catch(() => undefined);
      }
    });
    log(`  ${JSON.stringify(slow)}`);
    return { holdS: holdMs / 1000, roleSettings: settings, maintenance, idleApiSession: idle, slowApiStatement: slow };
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--hold');
  const holdMs = i > 0 ? Number(process.argv[i + 1]) * 1000 : undefined;
  const result = await benchStall({ holdMs, log: (l) => console.error(`[stall] ${l}`) });
  console.log(JSON.stringify(result, null, 2));
}
