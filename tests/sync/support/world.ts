// A small county on a throwaway Postgres database, the local stack in front of it, and simulated
// phones: each a Dexie database in fake-indexeddb, a supabase-js client whose fetch goes through
// a fault injector, and a sync engine. Import 'fake-indexeddb/auto' before this module.
import pg from 'pg';
import bcrypt from 'bcryptjs';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { startStack, type RunningStack } from '../../support/local-stack';
import { LOCAL_ANON_KEY } from '../../../supabase/local/keys.js';
import { FrontlineDB } from '$lib/db/database';
import { SyncEngine } from '$lib/sync/engine';
import { supabaseAuth, supabaseTransport } from '$lib/sync/transport';

export const PASSWORD = 'frontline-test';

export const ids = {
  county: '11000000-0000-4000-8000-000000000001',
  town1: '11000000-0000-4000-8000-000000000002',
  town2: '11000000-0000-4000-8000-000000000003',
  office: '11000000-0000-4000-8000-000000000004',
  admin: '21000000-0000-4000-8000-000000000001',
  supervisor: '21000000-0000-4000-8000-000000000002',
  cadre: '21000000-0000-4000-8000-000000000003',
  cadre2: '21000000-0000-4000-8000-000000000004',
  posting: '41000000-0000-4000-8000-000000000001',
  posting2: '41000000-0000-4000-8000-000000000002',
  assessment: '51000000-0000-4000-8000-000000000001'
} as const;

export const emails = {
  admin: 'admin@sync.test',
  supervisor: 'supervisor@sync.test',
  cadre: 'cadre@sync.test',
  cadre2: 'cadre2@sync.test'
} as const;

export type Person = keyof typeof emails;

/** The people and records every sync test starts from. */
async function buildCounty(client: pg.Client): Promise<void> {
  const hash = await bcrypt.hash(PASSWORD, 4);
  await client.query(`
    insert into public.units (id, name, kind, parent_id, development) values
      ('${ids.county}', '县', 'county', null, null),
      ('${ids.town1}', '一镇', 'town', '${ids.county}', 'developing'),
      ('${ids.town2}', '二镇', 'town', '${ids.county}', 'developed'),
      ('${ids.office}', '组织部', 'county_office', '${ids.county}', null)`);
  const people: [string, string, string, string, string | null, number | null][] = [
    [ids.admin, '组织部管理员', 'admin', ids.office, null, null],
    [ids.supervisor, '一级审核人', 'supervisor', ids.office, ids.town1, 1],
    [ids.cadre, '干部甲', 'cadre', ids.office, null, null],
    [ids.cadre2, '干部乙', 'cadre', ids.town2, null, null]
  ];
  const emailOf: Record<string, string> = {
    [ids.admin]: emails.admin,
    [ids.supervisor]: emails.supervisor,
    [ids.cadre]: emails.cadre,
    [ids.cadre2]: emails.cadre2
  };
  for (const [id, name, role, unit, scope, level] of people) {
    await client.query(
      `insert into auth.users (id, email, encrypted_password, email_confirmed_at) values ($1, $2, $3, now())`,
      [id, emailOf[id], hash]
    );
    await client.query(
      `insert into public.profiles (id, full_name, role, unit_id, scope_unit_id, sign_level, birth_date, gender)
       values ($1, $2, $3, $4, $5, $6, '1990-03-01', 'male')`,
      [id, name, role, unit, scope, level]
    );
  }
  // the cadre is seconded from the county office to town 1, so supervisor 1 oversees them
  await client.query(
    `insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on)
     values ($1, $2, 'secondment', $3, $4, '挂职副镇长', current_date - 60),
            ($5, $6, 'secondment', $3, $7, '挂职副镇长', current_date - 60)`,
    [ids.posting, ids.cadre, ids.office, ids.town1, ids.posting2, ids.cadre2, ids.town2]
  );
  await client.query(
    `insert into public.assessments (id, cadre_id, kind, period_start, period_end, posting_id, status)
     values ($1, $2, 'posting_end', current_date - 60, current_date + 300, $3, 'draft')`,
    [ids.assessment, ids.cadre, ids.posting]
  );
}

export interface World {
  database: TestDatabase;
  stack: RunningStack;
  url: string;
  /** A superuser connection to the database (bypasses RLS). */
  pg: pg.Client;
  close(): Promise<void>;
}

export async function createWorld(opts: { jwtExpiry?: number } = {}): Promise<World> {
  const database = await createTestDatabase({ seed: false, prefix: 'fl_sync' });
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await buildCounty(admin);
  const stack = await startStack({ url: database.url, seed: false, jwtExpiry: opts.jwtExpiry });
  return {
    database,
    stack,
    url: stack.url,
    pg: admin,
    async close() {
      await admin.end();
      await stack.stop();
      await database.drop();
    }
  };
}

// ---------------------------------------------------------------------------
// Faults
// ---------------------------------------------------------------------------

export type Fault =
  | 'pass'
  /** the request never reaches the server */
  | 'drop-request'
  /** the server commits, the answer is lost */
  | 'drop-response'
  /** two copies reach the server at once */
  | 'twice'
  /** the request goes through, and a stale copy of it arrives a little later */
  | 'late-copy'
  /** the server commits, then a proxy answers 502 */
  | 'error-after-commit'
  /** no answer until the client gives up; the server commits meanwhile */
  | 'hang'
  /** the access token is refused (expired between the check and the server) */
  | 'unauthorized'
  | { status: number }
  | { delay: number };

export interface RpcCall {
  n: number;
  fn: string;
  body: string;
}

class NoWebSocket {}

export interface EngineOptions {
  timeoutMs?: number;
  pageSize?: number;
  maxBatch?: number;
}

export class Device {
  readonly name: string;
  readonly person: Person;
  readonly userId: string;
  readonly client: SupabaseClient;
  db: FrontlineDB;
  engine: SyncEngine;
  /** Partitioned: every request fails before it leaves. */
  offline = false;
  /** Decides the fault for each RPC; `pass` by default. */
  faults: (call: RpcCall) => Fault = () => 'pass';
  readonly calls: RpcCall[] = [];
  readonly refreshes: number[] = [];
  /** Copies of requests still on their way (late-copy, hang): awaited by settle(). */
  readonly stragglers: Promise<unknown>[] = [];
  readonly logs: string[] = [];
  #n = 0;
  #engineOptions: EngineOptions;

  constructor(world: World, person: Person, name: string, engineOptions: EngineOptions = {}) {
    this.name = name;
    this.person = person;
    this.userId = ids[person];
    this.#engineOptions = engineOptions;
    this.client = createClient(world.url, LOCAL_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: NoWebSocket as never },
      global: { fetch: (input, init) => this.#fetch(input, init) }
    });
    this.db = new FrontlineDB(name);
    this.engine = this.#newEngine();
  }

  #newEngine(): SyncEngine {
    return new SyncEngine({
      userId: this.userId,
      db: this.db,
      transport: supabaseTransport(this.client),
      session: supabaseAuth(this.client),
      timeoutMs: this.#engineOptions.timeoutMs ?? 5_000,
      pageSize: this.#engineOptions.pageSize,
      maxBatch: this.#engineOptions.maxBatch,
      log: (m) => this.logs.push(m)
    });
  }

  async signIn(): Promise<void> {
    const { error } = await this.client.auth.signInWithPassword({ email: emails[this.person], password: PASSWORD });
    if (error) throw error;
  }

  /** A reload: the page (engine and Dexie connection) starts again over the same IndexedDB. */
  reload(): void {
    this.db.close();
    this.db = new FrontlineDB(this.name);
    this.engine = this.#newEngine();
  }

  sync() {
    return this.engine.sync();
  }

  /** Waits for the stray copies of earlier requests to land. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.stragglers.splice(0));
  }

  async destroy(): Promise<void> {
    await this.settle();
    this.db.close();
    await this.db.delete();
  }

  async #fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (this.offline) throw new TypeError('fetch failed (offline)');
    if (url.includes('grant_type=refresh_token')) this.refreshes.push(Date.now());
    const rpc = /\/rest\/v1\/rpc\/([^/?]+)/.exec(url);
    if (!rpc) return fetch(input, init);
    const call: RpcCall = { n: this.#n++, fn: rpc[1], body: String(init?.body ?? '') };
    this.calls.push(call);
    const fault = this.faults(call);
    // the copies below must not be cancelled with the client's request
    const bare = { ...init, signal: undefined };
    const send = () => fetch(input, bare);
    if (fault === 'pass') return fetch(input, init);
    if (fault === 'drop-request') throw new TypeError('fetch failed (request dropped)');
    if (fault === 'drop-response' || fault === 'error-after-commit') {
      const res = await send();
      await res.arrayBuffer();
      if (fault === 'drop-response') throw new TypeError('fetch failed (connection reset)');
      return new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    }
    if (fault === 'twice') {
      const [a, b] = await Promise.all([send(), send()]);
      await b.arrayBuffer();
      return a;
    }
    if (fault === 'late-copy') {
      const res = await send();
      this.stragglers.push(
        new Promise((r) => setTimeout(r, 15))
          .then(send)
          .then((x) => x.arrayBuffer())
          .catch(() => {})
      );
      return res;
    }
    if (fault === 'hang') {
      const arrived = send().then((x) => x.arrayBuffer());
      this.stragglers.push(arrived.catch(() => {}));
      return new Promise((_, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
        signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted', 'AbortError')));
      });
    }
    if (fault === 'unauthorized') {
      return new Response(JSON.stringify({ code: 'PGRST303', message: 'JWT expired', details: null, hint: null }), {
        status: 401,
        headers: { 'content-type': 'application/json' }
      });
    }
    if ('status' in fault) {
      return new Response(
        JSON.stringify({ code: 'XX000', message: `injected ${fault.status}`, details: null, hint: null }),
        {
          status: fault.status,
          headers: { 'content-type': 'application/json' }
        }
      );
    }
    await new Promise((r) => setTimeout(r, fault.delay));
    return fetch(input, init);
  }
}

export async function device(world: World, person: Person, engineOptions: EngineOptions = {}): Promise<Device> {
  const d = new Device(world, person, `${person}-${Math.random().toString(36).slice(2, 10)}`, engineOptions);
  await d.signIn();
  return d;
}

/** Live rows of a table on a device, by id. */
export async function localRows(d: Device, table: 'work_logs' | 'assessments' | 'posting_reports' | 'attendance') {
  const rows = (await d.db.table(table).toArray()) as Record<string, unknown>[];
  return new Map(rows.filter((r) => !r.deleted_at).map((r) => [r.id as string, r]));
}

/** Live server rows of a table (as the superuser), by id. */
export async function serverRows(world: World, table: string, where = 'true', params: unknown[] = []) {
  const { rows } = await world.pg.query(
    `select to_jsonb(t) as r from public.${table} t where t.deleted_at is null and (${where})`,
    params
  );
  return new Map(rows.map((x: { r: Record<string, unknown> }) => [x.r.id as string, x.r]));
}

export function workLog(body: string, extra: Record<string, unknown> = {}) {
  return {
    cadre_id: ids.cadre,
    posting_id: ids.posting,
    log_date: '2026-11-20',
    category: 'routine',
    body,
    ...extra
  };
}

export const uuid = () => crypto.randomUUID();

/**
 * Syncs the devices until the check passes. A pull delivers a row only once every transaction
 * that started before it has ended, in the whole Postgres cluster (other test files build their
 * databases meanwhile), so "reaches the other phone" means "on one of the next syncs".
 */
export async function eventually(
  devices: Device | Device[],
  check: () => Promise<void>,
  timeout = 30_000
): Promise<void> {
  const list = Array.isArray(devices) ? devices : [devices];
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const d of list) await d.sync();
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
