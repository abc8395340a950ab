// Every table of `public` over HTTP, the way someone holding the anon key and their own token
// would call a hosted project with supabase-js's `.from(table)`, skipping the app: what each
// role gets is the matrix of docs/design-notes.md "The table endpoints".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SupabaseClient } from '@supabase/supabase-js';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { client, DEMO_PASSWORD, startStack, type RunningStack } from '../support/local-stack';

const IDS = {
  admin: '20000000-0000-4000-8000-000000000001',
  supervisor: '20000000-0000-4000-8000-000000000002',
  trainer: '20000000-0000-4000-8000-000000000005',
  cadre: '20000000-0000-4000-8000-000000000006'
};

let database: TestDatabase;
let running: RunningStack;
let tables: string[];
/** a cadre outside supervisor1's scope (本号镇), and how many rows of each table postgres holds */
let outsider: string;
let totals: Record<string, number>;
/** a column of each table an INSERT may name (audit_log's id is an identity) */
let writable: Record<string, string>;
const as: Record<'anon' | keyof typeof IDS, SupabaseClient> = {} as never;

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: database.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'fl_tables' });
  running = await startStack({ url: database.url });
  tables = (
    await sql<{ t: string }>(
      `select c.relname as t from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by 1`
    )
  ).map((r) => r.t);
  writable = Object.fromEntries(
    (
      await sql<{ t: string; c: string }>(
        `select distinct on (c.relname) c.relname as t, a.attname as c from pg_class c
           join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attidentity = ''
          where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' order by c.relname, a.attnum`
      )
    ).map((r) => [r.t, r.c])
  );
  totals = {};
  for (const t of tables) totals[t] = Number((await sql<{ n: string }>(`select count(*) as n from public.${t}`))[0].n);
  [{ id: outsider }] = await sql<{ id: string }>(
    `select p.id from public.profiles p where p.role = 'cadre'
       and p.id not in (select private.supervisor_scope_cadre_ids($1))
       and exists (select 1 from public.work_logs w where w.cadre_id = p.id) limit 1`,
    [IDS.supervisor]
  );
  as.anon = client(running.url);
  for (const [role, email] of [
    ['admin', 'admin@demo.local'],
    ['supervisor', 'supervisor1@demo.local'],
    ['trainer', 'trainer@demo.local'],
    ['cadre', 'cadre@demo.local']
  ] as const) {
    as[role] = client(running.url);
    const { error } = await as[role].auth.signInWithPassword({ email, password: DEMO_PASSWORD });
    expect(error).toBeNull();
  }
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await database?.drop();
});

describe('the anon key alone', () => {
  it('reads, writes and deletes nothing in any table (401)', async () => {
    for (const t of tables) {
      const read = await as.anon.from(t).select();
      expect([t, read.status, read.error?.code]).toEqual([t, 401, '42501']);
      const write = await as.anon.from(t).insert({ [writable[t]]: null });
      expect([t, write.status]).toEqual([t, 401]);
      const gone = await as.anon.from(t).delete().not('id', 'is', null);
      expect([t, gone.status]).toEqual([t, 401]);
    }
  });
});

describe('every signed-in role', () => {
  it('cannot hard-delete from any table, nor write a sync column (403)', async () => {
    for (const role of ['cadre', 'trainer', 'supervisor', 'admin'] as const) {
      for (const t of tables) {
        const gone = await as[role].from(t).delete().not('id', 'is', null);
        expect([role, t, gone.status, gone.error?.code]).toEqual([role, t, 403, '42501']);
      }
      const stamp = await as[role].from('work_logs').update({ version: 1 }).eq('cadre_id', IDS.cadre);
      expect([role, stamp.status, stamp.error?.code]).toEqual([role, 403, '42501']);
      const signedBy = await as[role].from('work_logs').update({ updated_by: IDS.admin }).eq('cadre_id', IDS.cadre);
      expect([role, signedBy.status]).toEqual([role, 403]);
    }
    expect(totals.work_logs).toBe(
      Number((await sql<{ n: string }>('select count(*) as n from public.work_logs'))[0].n)
    );
  });
});

describe('what each role reads through the table endpoints', () => {
  /** The ids the same select returns in SQL, run as PostgREST runs it for that person. */
  async function idsInSql(person: string, table: string): Promise<string[]> {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: person, role: 'authenticated' })
      ]);
      await c.query('set local role authenticated');
      const rows = (await c.query(`select id::text from public.${table} order by 1`)).rows as { id: string }[];
      await c.query('rollback');
      return rows.map((r) => r.id);
    } finally {
      await c.end();
    }
  }

  it('is, for every role and every table, exactly what RLS gives that person in SQL', async () => {
    for (const role of ['cadre', 'trainer', 'supervisor', 'admin'] as const) {
      for (const t of tables) {
        const { data, error } = await as[role].from(t).select('id').order('id').limit(100000);
        expect([role, t, error]).toEqual([role, t, null]);
        const http = data!.map((r) => String(r.id)).sort();
        const inSql = (await idsInSql(IDS[role], t)).sort();
        expect([role, t, http.length]).toEqual([role, t, inSql.length]);
        expect(http).toEqual(inSql);
      }
    }
  });
});

describe('a cadre', () => {
  it('reads their own rows only and writes their own work logs', async () => {
    const logs = await as.cadre.from('work_logs').select('id, cadre_id');
    expect(logs.error).toBeNull();
    expect(logs.data!.length).toBeGreaterThan(0);
    expect(new Set(logs.data!.map((r) => r.cadre_id))).toEqual(new Set([IDS.cadre]));
    const profiles = await as.cadre.from('profiles').select('id');
    expect(profiles.data!.map((r) => r.id)).toEqual([IDS.cadre]);

    const id = crypto.randomUUID();
    const mine = await as.cadre
      .from('work_logs')
      .insert({ id, cadre_id: IDS.cadre, log_date: '2026-12-01', category: 'routine', body: '直接调用接口' })
      .select('id, version, updated_by');
    expect(mine.status).toBe(201);
    expect(mine.data![0].updated_by).toBe(IDS.cadre); // stamped by the server, not chosen
    const forOther = await as.cadre.from('work_logs').insert({
      id: crypto.randomUUID(),
      cadre_id: outsider,
      log_date: '2026-12-01',
      category: 'routine',
      body: '代写'
    });
    expect([forOther.status, forOther.error?.code]).toEqual([403, '42501']);
    const handOver = await as.cadre.from('work_logs').update({ cadre_id: outsider }).eq('id', id);
    expect([handOver.status, handOver.error?.code]).toEqual([403, '42501']);
    const tombstone = await as.cadre.from('work_logs').update({ deleted_at: new Date().toISOString() }).eq('id', id);
    expect(tombstone.status).toBe(204);
    const [row] = await sql<{ deleted_at: Date | null }>('select deleted_at from public.work_logs where id = $1', [id]);
    expect(row.deleted_at).not.toBeNull();
  });

  it('cannot rate themselves or finalise their assessment by writing the status', async () => {
    const own = await as.cadre.from('assessments').select('id, status');
    expect(own.data!.length).toBeGreaterThan(0);
    const before = await sql<{ id: string; status: string }>(
      'select id::text, status from public.assessments where cadre_id = $1 order by id',
      [IDS.cadre]
    );
    const moved = await as.cadre.from('assessments').update({ status: 'final' }).eq('cadre_id', IDS.cadre);
    expect(moved.error).not.toBeNull();
    expect(
      await sql('select id::text, status from public.assessments where cadre_id = $1 order by id', [IDS.cadre])
    ).toEqual(before);
  });
});

describe('a trainer', () => {
  it("gets nothing of other people's profiles, not even with select=birth_date", async () => {
    const birth = await as.trainer.from('profiles').select('id, birth_date');
    expect(birth.error).toBeNull();
    expect(birth.data!.map((r) => r.id)).toEqual([IDS.trainer]);
    const named = await as.trainer.from('profiles').select('full_name').eq('id', IDS.cadre);
    expect(named.data).toEqual([]);
  });

  it('still receives names and units of cadres through sync_pull, and nothing more', async () => {
    const { data, error } = await as.trainer.rpc('sync_pull', { checkpoint: null, max_rows: 5000 });
    expect(error).toBeNull();
    const cadre = (data.rows as { table: string; row: Record<string, unknown> }[]).find(
      (r) => r.table === 'profiles' && r.row.id === IDS.cadre
    );
    expect(cadre?.row.full_name).toBeTruthy();
    expect(cadre?.row).not.toHaveProperty('birth_date');
  });

  it('reads and changes only the sessions they run', async () => {
    const sessions = await as.trainer.from('training_sessions').select('trainer_id');
    expect(sessions.data!.length).toBeGreaterThan(0);
    expect(new Set(sessions.data!.map((r) => r.trainer_id))).toEqual(new Set([IDS.trainer]));
    const logs = await as.trainer.from('work_logs').select('id');
    expect(logs.data).toEqual([]);
  });
});

describe('a supervisor', () => {
  it('reads the rows of cadres in scope and nothing of a cadre outside it', async () => {
    const inScope = await as.supervisor.from('work_logs').select('id').eq('cadre_id', IDS.cadre);
    expect(inScope.data!.length).toBeGreaterThan(0);
    const outside = await as.supervisor.from('work_logs').select('id').eq('cadre_id', outsider);
    expect(outside.data).toEqual([]);
    const profile = await as.supervisor.from('profiles').select('id').eq('id', outsider);
    expect(profile.data).toEqual([]);
    const write = await as.supervisor.from('work_logs').insert({
      id: crypto.randomUUID(),
      cadre_id: IDS.cadre,
      log_date: '2026-12-01',
      category: 'routine',
      body: '代写'
    });
    expect(write.status).toBe(403);
  });
});

describe('an admin', () => {
  it('reads every profile and every work log, and still cannot delete one', async () => {
    const profiles = await as.admin.from('profiles').select('id');
    expect(profiles.data!.length).toBe(totals.profiles);
    const logs = await as.admin.from('work_logs').select('id').limit(100000);
    expect(logs.data!.length).toBeGreaterThanOrEqual(totals.work_logs);
    const secrets = await as.admin.from('training_session_secrets').select('id');
    expect(secrets.data).toEqual([]); // the session's trainer alone may mint check-in codes
  });
});
