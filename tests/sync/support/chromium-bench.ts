// Sync benchmark (issue 4) on the real phone: push 5,000 mutations and pull 20,000 rows in
// Chromium (real IndexedDB on disk), through supabase-js, against the local stack on the Postgres
// server; beside the raw cost of the same work (plain INSERT/SELECT in Postgres, a raw IndexedDB
// bulk put in Chromium), and the cost of an idle sync. The phone's side is browser-sync.ts,
// bundled by bench/sync-chromium.mjs, which loads this module through Vite and calls
// runChromiumSyncBench(). It lives here, not in bench/, so that it is type-checked and linted.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import pg from 'pg';
import { chromium, type Page } from '@playwright/test';
import { LOCAL_ANON_KEY } from '../../../supabase/local/keys.js';
import { client } from '../../support/local-stack';
import { addWorkLogs, round, seconds, timeRawInsert, timeRawSelect } from './raw-costs';
import { createWorld, emails, ids, PASSWORD, workLog } from './world';
import type * as BrowserSync from './browser-sync';

type Bench = typeof BrowserSync;

export interface ChromiumSyncBenchOptions {
  /** The directory holding the browser-sync bundle as bench.js. */
  bundleDir: string;
  executablePath: string;
  args?: string[];
  pushCount?: number;
  pullCount?: number;
  rounds?: number;
  log?: (line: string) => void;
}

export interface ChromiumSyncFigures {
  browser: string;
  indexedDb: string;
  viewport: { width: number; height: number };
  push: {
    mutations: number;
    seconds: number;
    mutationsPerSecond: number;
    /** wall time with a sync_push request out: request, server, answer (and supabase-js parsing it) */
    serverSeconds: number;
    /** of which inside fetch (request, server, network) */
    fetchSeconds: number;
    /** wall time with no request out: the phone's own work (IndexedDB, outbox) not overlapped with the server's */
    clientSeconds: number;
    /** clientSeconds, split: before the first request, between requests, after the last answer */
    clientSplit: { beforeFirstRequest: number; betweenRequests: number; afterLastAnswer: number };
    requests: number;
    /** the most requests out at once */
    maxInFlight: number;
    bytesSent: number;
    bytesReceived: number;
    bytesPerMutation: number;
    rawInsertSeconds: number;
    rawInsertRowsPerSecond: number;
    ratioToRaw: number;
    budgetMutationsPerSecond: number;
    rounds: number;
    /** every round's seconds; the figures above are the median round's */
    runs: number[];
    /** the phone alone: pushOutbox against a server in memory that answers at once */
    phoneOnlySeconds: number;
    phoneOnlyMutationsPerSecond: number;
    /** the server alone: the same batches from Node through supabase-js, no phone work between */
    serverOnlySeconds: number;
    serverOnlyMutationsPerSecond: number;
  };
  pull: {
    rows: number;
    workLogs: number;
    pages: number;
    rounds: number;
    /** the median round */
    seconds: number;
    rowsPerSecond: number;
    serverSeconds: number;
    fetchSeconds: number;
    clientSeconds: number;
    clientSplit: { beforeFirstRequest: number; betweenRequests: number; afterLastAnswer: number };
    requests: number;
    maxInFlight: number;
    bytesSent: number;
    bytesReceived: number;
    bytesPerRow: number;
    /** median of the raw bulk puts of the pulled work logs into a fresh database */
    rawIndexedDbPutSeconds: number;
    rawIndexedDbPutRows: number;
    ratioToRawIndexedDb: number;
    /** the phone's share of the pull not overlapped with a request, against the raw bulk put */
    clientRatioToRawIndexedDb: number;
    rawSelectSeconds: number;
    ratioToRawSelect: number;
    budgetRatioToRawIndexedDb: number;
    /** the phone alone: pullAll of the same pages replayed at once by a server in memory */
    phoneOnlySeconds: number;
    phoneOnlyRatioToRawIndexedDb: number;
    /** pulls that stopped short (rows held back by another transaction in the cluster) and were run again */
    shortPulls: number;
    /** every round, in order: pull seconds (server) / raw put seconds */
    runs: { seconds: number; serverSeconds: number; rawPutSeconds: number }[];
  };
  idle: {
    requests: number;
    bytesSent: number;
    bytesReceived: number;
    seconds: number;
    budgetRequests: number;
  };
  environment: { node: string; postgres: string; cores: number };
}

const split = (t: BrowserSync.Timed) => ({
  beforeFirstRequest: round(t.clientBeforeFirstRequest),
  betweenRequests: round(t.clientBetweenRequests),
  afterLastAnswer: round(t.clientAfterLastAnswer)
});
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css' };

/** Serves the bundle directory and a blank page that imports the bundle as window.bench. */
async function serveBundle(dir: string): Promise<{ server: Server; url: string }> {
  const page = `<!doctype html><meta charset="utf-8"><title>sync bench</title>
<link rel="icon" href="data:,">
<script type="module">import * as bench from '/bench.js'; window.bench = bench;</script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

/** Calls one of browser-sync.ts's functions in the page. */
function call<K extends keyof Bench>(
  page: Page,
  name: K,
  ...args: Parameters<Bench[K]>
): Promise<Awaited<ReturnType<Bench[K]>>> {
  return page.evaluate(
    ([name, args]) => {
      const bench = (window as unknown as { bench: Record<string, (...a: unknown[]) => unknown> }).bench;
      return bench[name](...args);
    },
    [name, args] as [string, unknown[]]
  ) as Promise<Awaited<ReturnType<Bench[K]>>>;
}

/**
 * The server's share of a push alone: the same work logs, as the phone sends them (batches of 200
 * through supabase-js's rpc), from Node, with no phone work between requests.
 */
async function pushWithoutPhone(url: string, count: number): Promise<{ seconds: number }> {
  const supabase = client(url);
  const { error } = await supabase.auth.signInWithPassword({ email: emails.cadre, password: PASSWORD });
  if (error) throw new Error(`server-only push: sign-in: ${error.message}`);
  const batches: unknown[][] = [];
  for (let i = 0; i < count; i += 200) {
    batches.push(
      Array.from({ length: Math.min(200, count - i) }, (_, j) => ({
        mutation_id: crypto.randomUUID(),
        table: 'work_logs',
        op: 'upsert',
        id: crypto.randomUUID(),
        patch: workLog(`基准服务器 ${i + j}：走访群众，了解生产生活情况。`),
        base_version: null
      }))
    );
  }
  const start = performance.now();
  for (const mutations of batches) {
    const { data, error } = await supabase.rpc('sync_push', { mutations });
    const results = (data as { results?: { status: string }[] } | null)?.results ?? [];
    if (error || results.some((r) => r.status !== 'applied')) {
      throw new Error(
        `server-only push: ${error?.message ?? JSON.stringify(results.find((r) => r.status !== 'applied'))}`
      );
    }
  }
  return { seconds: seconds(start) };
}

export async function runChromiumSyncBench(opts: ChromiumSyncBenchOptions): Promise<ChromiumSyncFigures> {
  const pushCount = opts.pushCount ?? 5_000;
  const pullCount = opts.pullCount ?? 20_000;
  const rounds = opts.rounds ?? 3;
  const log = opts.log ?? (() => {});
  const viewport = { width: 360, height: 740 };

  const world = await createWorld();
  const served = await serveBundle(opts.bundleDir);
  // a real profile on disk: an off-the-record context keeps IndexedDB in memory
  const profile = mkdtempSync(join(tmpdir(), 'frontline-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.executablePath,
    args: opts.args,
    viewport
  });
  const raw = new pg.Client({ connectionString: world.database.url });
  try {
    await raw.connect();
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'warning' || m.type() === 'error') log(`chromium ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => log(`chromium page error: ${e.message}`));
    await page.goto(served.url);
    await page.waitForFunction(() => 'bench' in window);
    // the user agent says 156.0.0.0 (reduced); the browser knows its full version
    const version =
      context.browser()?.version() ??
      /(?:HeadlessChrome|Chrome)\/([\d.]+)/.exec(await page.evaluate(() => navigator.userAgent))?.[1];
    const browser = `Chromium ${version ?? 'unknown'}`;

    await call(page, 'signIn', {
      url: world.url,
      anonKey: LOCAL_ANON_KEY,
      email: emails.cadre,
      password: PASSWORD,
      userId: ids.cadre,
      postingId: ids.posting
    });

    // ---- push --------------------------------------------------------------------------
    // median of `rounds` end-to-end pushes, each of a freshly written outbox
    const pushes: Awaited<ReturnType<Bench['timePush']>>[] = [];
    for (let i = 0; i < rounds; i++) {
      log(`push round ${i + 1}: writing ${pushCount} work logs in Chromium`);
      const prepared = await call(page, 'preparePush', pushCount);
      if (prepared.outbox !== pushCount) throw new Error(`the outbox holds ${prepared.outbox}, not ${pushCount}`);
      const p = await call(page, 'timePush');
      log(`push round ${i + 1}: ${p.applied} in ${p.seconds.toFixed(2)} s (server ${p.serverSeconds.toFixed(2)} s)`);
      pushes.push(p);
    }
    const push = [...pushes].sort((a, b) => a.seconds - b.seconds)[Math.floor(pushes.length / 2)];

    // the two halves alone: the phone against a server in memory, the stack without a phone
    log('push: the phone alone');
    await call(page, 'preparePush', pushCount);
    const phoneOnly = await call(page, 'timePushPhoneOnly');
    log('push: the server alone');
    const serverOnly = await pushWithoutPhone(world.url, pushCount);
    log(`push alone: phone ${phoneOnly.seconds.toFixed(2)} s, server ${serverOnly.seconds.toFixed(2)} s`);

    // raw: the same rows inserted as plain INSERTs, in the same batches of 200
    const rawInsertSeconds = await timeRawInsert(raw, pushCount);

    // ---- pull --------------------------------------------------------------------------
    // exactly pullCount work logs: the pushes above left more; the pull starts from scratch
    await raw.query(`delete from public.work_logs where cadre_id = $1`, [ids.cadre]);
    await addWorkLogs(raw, pullCount);
    const visible = pullCount;
    log(`pull: ${visible} work logs on the server; ${rounds} rounds of pull and raw put`);
    const pulls: Awaited<ReturnType<Bench['timePull']>>[] = [];
    const puts: Awaited<ReturnType<Bench['timeRawPut']>>[] = [];
    let shortPulls = 0;
    for (let i = 0; i < rounds; i++) {
      let p = await call(page, 'timePull');
      // A pull delivers a row only once every transaction that started before it has ended, in
      // the whole cluster: a long transaction elsewhere (another test run) makes a pull stop short.
      for (let attempt = 1; p.workLogs !== visible; attempt++) {
        const message = `pull round ${i + 1}: ${p.workLogs} of the ${visible} work logs arrived`;
        if (attempt > 5) throw new Error(`${message}, ${attempt} times`);
        log(`${message}; another transaction in the cluster holds them back, pulling again`);
        shortPulls++;
        await new Promise((r) => setTimeout(r, 1000));
        p = await call(page, 'timePull');
      }
      const r = await call(page, 'timeRawPut');
      log(`pull round ${i + 1}: ${p.rows} rows in ${p.seconds.toFixed(2)} s; raw put ${r.seconds.toFixed(2)} s`);
      pulls.push(p);
      puts.push(r);
    }
    // the median round's pull, so that its split and bytes belong together
    const pull = [...pulls].sort((a, b) => a.seconds - b.seconds)[Math.floor(pulls.length / 2)];
    const rawPutSeconds = median(puts.map((r) => r.seconds));

    log('pull: the phone alone');
    const pullPhoneOnly = await call(page, 'timePullPhoneOnly');
    log(`pull alone: phone ${pullPhoneOnly.seconds.toFixed(2)} s for ${pullPhoneOnly.rows} rows`);

    // raw: the same rows selected in Postgres
    const rawSelectSeconds = (await timeRawSelect(raw)).seconds;
    const postgres = (await raw.query('show server_version')).rows[0].server_version as string;

    // ---- idle --------------------------------------------------------------------------
    log('idle sync');
    const idle = await call(page, 'timeIdle');
    if (!idle.ok) throw new Error(`idle sync failed: ${idle.error}`);
    await call(page, 'cleanup');

    return {
      browser,
      indexedDb: `Chromium IndexedDB, profile on disk (${tmpdir()})`,
      viewport,
      push: {
        mutations: pushCount,
        seconds: round(push.seconds),
        mutationsPerSecond: Math.round(pushCount / push.seconds),
        serverSeconds: round(push.serverSeconds),
        fetchSeconds: round(push.fetchSeconds),
        clientSeconds: round(push.clientSeconds),
        clientSplit: split(push),
        requests: push.requests,
        maxInFlight: push.maxInFlight,
        bytesSent: push.bytesSent,
        bytesReceived: push.bytesReceived,
        bytesPerMutation: Math.round((push.bytesSent + push.bytesReceived) / pushCount),
        rawInsertSeconds: round(rawInsertSeconds),
        rawInsertRowsPerSecond: Math.round(pushCount / rawInsertSeconds),
        ratioToRaw: round(push.seconds / rawInsertSeconds),
        budgetMutationsPerSecond: 5_000,
        rounds,
        runs: pushes.map((p) => round(p.seconds)),
        phoneOnlySeconds: round(phoneOnly.seconds),
        phoneOnlyMutationsPerSecond: Math.round(pushCount / phoneOnly.seconds),
        serverOnlySeconds: round(serverOnly.seconds),
        serverOnlyMutationsPerSecond: Math.round(pushCount / serverOnly.seconds)
      },
      pull: {
        rows: pull.rows,
        workLogs: pull.workLogs,
        pages: pull.pages,
        rounds,
        seconds: round(pull.seconds),
        rowsPerSecond: Math.round(pull.rows / pull.seconds),
        serverSeconds: round(pull.serverSeconds),
        fetchSeconds: round(pull.fetchSeconds),
        clientSeconds: round(pull.clientSeconds),
        clientSplit: split(pull),
        requests: pull.requests,
        maxInFlight: pull.maxInFlight,
        bytesSent: pull.bytesSent,
        bytesReceived: pull.bytesReceived,
        bytesPerRow: Math.round((pull.bytesSent + pull.bytesReceived) / Math.max(1, pull.rows)),
        rawIndexedDbPutSeconds: round(rawPutSeconds),
        rawIndexedDbPutRows: puts[0]?.rows ?? 0,
        ratioToRawIndexedDb: round(pull.seconds / rawPutSeconds),
        clientRatioToRawIndexedDb: round(pull.clientSeconds / rawPutSeconds),
        rawSelectSeconds: round(rawSelectSeconds),
        ratioToRawSelect: round(pull.seconds / rawSelectSeconds),
        budgetRatioToRawIndexedDb: 1.2,
        phoneOnlySeconds: round(pullPhoneOnly.seconds),
        phoneOnlyRatioToRawIndexedDb: round(pullPhoneOnly.seconds / rawPutSeconds),
        shortPulls,
        runs: pulls.map((p, i) => ({
          seconds: round(p.seconds),
          serverSeconds: round(p.serverSeconds),
          rawPutSeconds: round(puts[i].seconds)
        }))
      },
      idle: {
        requests: idle.requests,
        bytesSent: idle.bytesSent,
        bytesReceived: idle.bytesReceived,
        seconds: round(idle.seconds),
        budgetRequests: 1
      },
      environment: { node: process.version, postgres, cores: cpus().length }
    };
  } finally {
    await raw.end().catch(() => {});
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    served.server.closeAllConnections();
    await new Promise((r) => served.server.close(r));
    await world.close();
  }
}
