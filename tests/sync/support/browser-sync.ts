// Runs in Chromium (bundled by bench/sync-chromium.mjs, driven by chromium-bench.ts): the phone's
// side of the sync benchmark — supabase-js against the local stack, real IndexedDB — and the raw
// IndexedDB bulk put of the same rows. Node calls these functions through page.evaluate, one at a
// time, in this order: signIn, (preparePush, timePush) × rounds, preparePush, timePushPhoneOnly,
// (timePull, timeRawPut) × rounds, timeIdle, cleanup. Only the public sync API is used: pushOutbox, pullAll, and the engine for the idle sync.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { FrontlineDB } from '$lib/db/database';
import { outboxScope } from '$lib/db/sent';
import { saveRecord } from '$lib/db/write';
import { pushOutbox } from '$lib/sync/push';
import { pullAll } from '$lib/sync/pull';
import { SyncEngine } from '$lib/sync/engine';
import type { SyncContext } from '$lib/sync/context';
import { supabaseAuth, supabaseTransport } from '$lib/sync/transport';

export interface SignIn {
  url: string;
  anonKey: string;
  email: string;
  password: string;
  userId: string;
  postingId: string;
}

/** What went over the wire, and how long the phone waited for it. */
export interface Wire {
  /** every request the supabase-js client made (CORS preflights are the browser's, not counted) */
  requests: number;
  /** request bodies, UTF-8 bytes */
  bytesSent: number;
  /** response bodies as received by fetch (decoded) */
  bytesReceived: number;
  /**
   * Wall time with at least one transport.rpc call outstanding: request, server, answer, and
   * supabase-js parsing the JSON. The sync code pipelines (the phone works while a request is
   * out), so this is not "time the phone was idle", only "time a request was out".
   */
  serverSeconds: number;
  /** Wall time with at least one fetch outstanding, until its whole answer body was in. */
  fetchSeconds: number;
  /** The most RPC calls outstanding at once. */
  maxInFlight: number;
  /** When the first RPC call went out and the last answer came (seconds on performance.now's clock). */
  firstRequestAt: number | null;
  lastAnswerAt: number | null;
}

export interface Timed extends Omit<Wire, 'firstRequestAt' | 'lastAnswerAt'> {
  seconds: number;
  /** seconds − serverSeconds: the phone's own work (IndexedDB, outbox, validation) not overlapped with a request */
  clientSeconds: number;
  /** clientSeconds, split: before the first request went out, between requests, after the last answer */
  clientBeforeFirstRequest: number;
  clientBetweenRequests: number;
  clientAfterLastAnswer: number;
}

const counts: Wire = {
  requests: 0,
  bytesSent: 0,
  bytesReceived: 0,
  serverSeconds: 0,
  fetchSeconds: 0,
  maxInFlight: 0,
  firstRequestAt: null,
  lastAnswerAt: null
};
const utf8 = new TextEncoder();
const now = () => performance.now() / 1000;

/** Wall time during which at least one of the intervals it is told about was open (their union). */
function busyClock(add: (seconds: number) => void) {
  let open = 0;
  let since = 0;
  return {
    start(): number {
      if (open++ === 0) since = now();
      return open;
    },
    end(): void {
      if (--open === 0) add(now() - since);
    }
  };
}
const rpcClock = busyClock((s) => (counts.serverSeconds += s));
const fetchClock = busyClock((s) => (counts.fetchSeconds += s));

function resetCounts(): void {
  counts.requests = counts.bytesSent = counts.bytesReceived = counts.serverSeconds = counts.fetchSeconds = 0;
  counts.maxInFlight = 0;
  counts.firstRequestAt = counts.lastAnswerAt = null;
}

function bodyBytes(body: BodyInit | null | undefined): number {
  if (body == null) return 0;
  if (typeof body === 'string') return utf8.encode(body).byteLength;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (ArrayBuffer.isView(body)) return body.byteLength;
  return utf8.encode(String(body)).byteLength;
}

/** The client's fetch: the real one, counted. The body is read here to count it (and to time the network). */
async function meteredFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  fetchClock.start();
  counts.requests++;
  counts.bytesSent += bodyBytes(init?.body);
  try {
    const res = await fetch(input, init);
    const body = await res.arrayBuffer();
    counts.bytesReceived += body.byteLength;
    const status = res.status;
    // a Response cannot carry a body with these statuses
    const empty = status === 204 || status === 205 || status === 304;
    return new Response(empty ? null : body, { status, statusText: res.statusText, headers: res.headers });
  } finally {
    fetchClock.end();
  }
}

let state: {
  client: SupabaseClient;
  userId: string;
  postingId: string;
  pushDb?: FrontlineDB;
  pushCount?: number;
  pulledDb?: FrontlineDB;
  names: Set<string>;
} | null = null;

function current() {
  if (!state) throw new Error('signIn first');
  return state;
}

function newDb(prefix: string): FrontlineDB {
  const name = `${prefix}-${crypto.randomUUID()}`;
  current().names.add(name);
  return new FrontlineDB(name);
}

async function drop(db: FrontlineDB | undefined): Promise<void> {
  if (!db) return;
  db.close();
  await db.delete();
  current().names.delete(db.name);
}

function context(db: FrontlineDB): SyncContext {
  const { client, userId } = current();
  const transport = supabaseTransport(client);
  return {
    db,
    userId,
    transport: {
      async rpc(fn, args, options) {
        counts.maxInFlight = Math.max(counts.maxInFlight, rpcClock.start());
        counts.firstRequestAt ??= now();
        try {
          return await transport.rpc(fn, args, options);
        } finally {
          rpcClock.end();
          counts.lastAnswerAt = now();
        }
      }
    },
    session: supabaseAuth(client),
    timeoutMs: 120_000,
    log: (message, detail) => console.warn(message, detail ?? '')
  };
}

function timed(start: number): Timed {
  const end = now();
  const { firstRequestAt, lastAnswerAt, ...wire } = counts;
  const seconds = end - start;
  const clientSeconds = seconds - counts.serverSeconds;
  const before = (firstRequestAt ?? end) - start;
  const after = lastAnswerAt === null ? 0 : end - lastAnswerAt;
  return {
    ...wire,
    seconds,
    clientSeconds,
    clientBeforeFirstRequest: before,
    clientBetweenRequests: clientSeconds - before - after,
    clientAfterLastAnswer: after
  };
}

/** Signs in as the cadre with supabase-js, the way the app does (no persisted session, no background refresh). */
export async function signIn(opts: SignIn): Promise<void> {
  const client = createClient(opts.url, opts.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: meteredFetch }
  });
  const { data, error } = await client.auth.signInWithPassword({ email: opts.email, password: opts.password });
  if (error) throw new Error(`sign-in: ${error.message}`);
  if (data.user?.id !== opts.userId) throw new Error(`sign-in: signed in as ${data.user?.id}, not ${opts.userId}`);
  state = { client, userId: opts.userId, postingId: opts.postingId, names: new Set() };
}

/** n new work logs in the outbox, written in one transaction (not timed): sync-bench.ts's push. */
export async function preparePush(n: number): Promise<{ outbox: number }> {
  const s = current();
  await drop(s.pushDb);
  const db = newDb('bench-push');
  await db.transaction('rw', [db.work_logs, ...outboxScope(db)], async () => {
    for (let i = 0; i < n; i++) {
      await saveRecord(
        'work_logs',
        crypto.randomUUID(),
        {
          cadre_id: s.userId,
          posting_id: s.postingId,
          log_date: '2026-11-20',
          category: 'routine',
          body: `基准推送 ${i}：走访群众，了解生产生活情况。`
        },
        { userId: s.userId, db }
      );
    }
  });
  s.pushDb = db;
  s.pushCount = n;
  return { outbox: await db.outbox.count() };
}

/** pushOutbox end to end; throws unless every prepared mutation was applied. The database stays until cleanup. */
export async function timePush(): Promise<Timed & { mutations: number; applied: number; left: number }> {
  const s = current();
  if (!s.pushDb || s.pushCount === undefined) throw new Error('preparePush first');
  const ctx = context(s.pushDb);
  resetCounts();
  const start = now();
  const outcome = await pushOutbox(ctx);
  const figures = timed(start);
  const left = await s.pushDb.outbox.count();
  if (outcome.applied !== s.pushCount) {
    throw new Error(
      `push applied ${outcome.applied} of ${s.pushCount} (rejected ${outcome.rejected}, conflicts ${outcome.conflicts}, ${left} left in the outbox)`
    );
  }
  return { ...figures, mutations: s.pushCount, applied: outcome.applied, left };
}

/**
 * The phone's share of a push alone: pushOutbox over the prepared outbox against a server held in
 * memory that answers every mutation applied at once. What is left is IndexedDB and the outbox
 * code; the end-to-end push shares the machine's cores with the stack and Postgres.
 */
export async function timePushPhoneOnly(): Promise<{ seconds: number; applied: number }> {
  const s = current();
  if (!s.pushDb || s.pushCount === undefined) throw new Error('preparePush first');
  let version = 0;
  const ctx: SyncContext = {
    db: s.pushDb,
    userId: s.userId,
    timeoutMs: 120_000,
    log: () => {},
    session: { userId: async () => s.userId, refresh: async () => 'ok' },
    transport: {
      rpc: async (_fn, args) => ({
        data: {
          results: (args.mutations as { mutation_id: string }[]).map((m) => ({
            mutation_id: m.mutation_id,
            status: 'applied',
            version: ++version
          }))
        },
        error: null,
        status: 200
      })
    }
  };
  const start = now();
  const outcome = await pushOutbox(ctx);
  const seconds = now() - start;
  if (outcome.applied !== s.pushCount) throw new Error(`phone-only push applied ${outcome.applied} of ${s.pushCount}`);
  return { seconds, applied: outcome.applied };
}

/** pullAll into a fresh database, end to end. The database is kept for timeRawPut and timeIdle. */
export async function timePull(): Promise<Timed & { rows: number; pages: number; workLogs: number }> {
  const s = current();
  await drop(s.pulledDb);
  const db = newDb('bench-pull');
  await db.open();
  const ctx = context(db);
  resetCounts();
  const start = now();
  const outcome = await pullAll(ctx);
  const figures = timed(start);
  s.pulledDb = db;
  return { ...figures, rows: outcome.rows, pages: outcome.pages, workLogs: await db.work_logs.count() };
}

/**
 * The phone's half of a pull alone: the pages a real pull received, replayed at once by a server
 * in memory (each answer already parsed), written into a fresh database by pullAll. What is left
 * is IndexedDB, validation and the pull's bookkeeping; on a machine where the browser, the stack
 * and Postgres share two cores, the end-to-end pull also waits for the CPU the server takes.
 */
export async function timePullPhoneOnly(): Promise<{ seconds: number; rows: number }> {
  const recorded: unknown[] = [];
  const recorder = newDb('bench-pull-record');
  await recorder.open();
  const live = context(recorder);
  await pullAll({
    ...live,
    transport: {
      rpc: async (fn, args, options) => {
        const answer = await live.transport.rpc(fn, args, options);
        recorded.push(structuredClone(answer.data));
        return answer;
      }
    }
  });
  await drop(recorder);
  const db = newDb('bench-pull-phone');
  await db.open();
  let next = 0;
  const start = now();
  const outcome = await pullAll({
    ...live,
    db,
    transport: { rpc: async () => ({ data: recorded[next++], error: null, status: 200 }) }
  });
  const seconds = now() - start;
  await drop(db);
  return { seconds, rows: outcome.rows };
}

/** The raw IndexedDB cost: the pulled work logs, read out, then one bulkPut into a fresh database (timed). */
export async function timeRawPut(): Promise<{ rows: number; seconds: number }> {
  const s = current();
  if (!s.pulledDb) throw new Error('timePull first');
  const rows = await s.pulledDb.work_logs.toArray();
  const db = newDb('bench-raw');
  await db.open();
  const start = now();
  await db.work_logs.bulkPut(rows);
  const seconds = now() - start;
  await drop(db);
  return { rows: rows.length, seconds };
}

/**
 * An idle sync as the app runs it (SyncEngine.sync: session check, push, pull) on the last pulled
 * database: one pass to settle, then the counted one.
 */
export async function timeIdle(): Promise<Timed & { ok: boolean; pushed: number; pulled: number; error?: string }> {
  const s = current();
  if (!s.pulledDb) throw new Error('timePull first');
  const engine = new SyncEngine({
    userId: s.userId,
    db: s.pulledDb,
    transport: context(s.pulledDb).transport,
    session: supabaseAuth(s.client),
    timeoutMs: 120_000,
    log: (message, detail) => console.warn(message, detail ?? '')
  });
  const settle = await engine.sync();
  if (!settle.ok) throw new Error(`idle: the settling sync failed: ${settle.error}`);
  resetCounts();
  const start = now();
  const result = await engine.sync();
  return { ...timed(start), ok: result.ok, pushed: result.pushed, pulled: result.pulled, error: result.error };
}

/** Deletes every database the benchmark made. */
export async function cleanup(): Promise<void> {
  const s = current();
  for (const db of [s.pushDb, s.pulledDb]) if (db) db.close();
  for (const name of s.names) await FrontlineDB.delete(name);
  s.names.clear();
  s.pushDb = s.pulledDb = undefined;
}
