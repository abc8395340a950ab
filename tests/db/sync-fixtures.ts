// Shared by tests/db/sync-*.test.ts: a tiny county built as postgres, and calls to
// sync_push / sync_pull made the way PostgREST makes them (role authenticated,
// request.jwt.claims set, one transaction per call).
import pg from 'pg';
import { randomUUID } from 'node:crypto';

export const ids = {
  county: '10000000-0000-4000-8000-000000000001',
  town1: '10000000-0000-4000-8000-000000000002',
  town2: '10000000-0000-4000-8000-000000000003',
  office: '10000000-0000-4000-8000-000000000004',
  admin: '20000000-0000-4000-8000-000000000001',
  supervisor: '20000000-0000-4000-8000-000000000002',
  trainer: '20000000-0000-4000-8000-000000000003',
  cadre1: '20000000-0000-4000-8000-000000000004',
  cadre2: '20000000-0000-4000-8000-000000000005',
  session: '30000000-0000-4000-8000-000000000001',
  posting1: '40000000-0000-4000-8000-000000000001',
  setting: '50000000-0000-4000-8000-000000000001'
} as const;

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The county, five people, a training session and a posting, written as postgres. */
export async function buildCounty(client: pg.Client): Promise<void> {
  const people: [string, string, string, string, string | null, number | null][] = [
    [ids.admin, '组织部管理员', 'admin', ids.office, null, null],
    [ids.supervisor, '一级审核人', 'supervisor', ids.office, ids.town1, 1],
    [ids.trainer, '培训老师', 'trainer', ids.office, null, null],
    [ids.cadre1, '干部甲', 'cadre', ids.town1, null, null],
    [ids.cadre2, '干部乙', 'cadre', ids.town2, null, null]
  ];
  await client.query(`
    insert into public.units (id, name, kind, parent_id, development) values
      ('${ids.county}', '县', 'county', null, null),
      ('${ids.town1}', '一镇', 'town', '${ids.county}', 'developing'),
      ('${ids.town2}', '二镇', 'town', '${ids.county}', 'developed'),
      ('${ids.office}', '组织部', 'county_office', '${ids.county}', null)`);
  for (const [id, name, role, unit, scope, level] of people) {
    await client.query('insert into auth.users (id, email) values ($1, $2)', [id, `${id}@test.local`]);
    await client.query(
      `insert into public.profiles (id, full_name, role, unit_id, scope_unit_id, sign_level, birth_date, gender)
       values ($1, $2, $3, $4, $5, $6, '1985-06-01', 'male')`,
      [id, name, role, unit, scope, level]
    );
  }
  await client.query(
    `insert into public.training_sessions (id, title, category, trainer_id, unit_id, starts_at, ends_at, credit_hours)
     values ($1, '农业实用技术', 'practical_skills', $2, $3, now() - interval '1 hour', now() + interval '2 hours', 4)`,
    [ids.session, ids.trainer, ids.office]
  );
  await client.query(
    `insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, title, starts_on)
     values ($1, $2, 'secondment', $3, $4, '挂职副镇长', current_date - 30)`,
    [ids.posting1, ids.cadre2, ids.office, ids.town2]
  );
  await client.query(`insert into public.settings (id, key, value) values ($1, 'annual_credit_hours', '40')`, [
    ids.setting
  ]);
}

/** Runs `sql` in its own transaction as the signed-in user `uid`, the way PostgREST does. */
export async function asUser<T = Record<string, unknown>>(
  client: pg.Client,
  uid: string,
  sql: string,
  params: unknown[] = []
): Promise<T[]> {
  await client.query('begin');
  try {
    await client.query('set local role authenticated');
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: uid, role: 'authenticated' })
    ]);
    const { rows } = await client.query(sql, params);
    await client.query('commit');
    return rows as T[];
  } catch (e) {
    await client.query('rollback');
    throw e;
  }
}

export interface PushResult {
  mutation_id: string | null;
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  version?: number;
  code?: string;
  message?: string;
  row?: Record<string, unknown>;
  row_table?: string;
  original_status?: string;
}

export async function push(client: pg.Client, uid: string, mutations: unknown): Promise<PushResult[]> {
  const [r] = await asUser<{ out: { results: PushResult[] } }>(
    client,
    uid,
    'select public.sync_push($1::jsonb) as out',
    [JSON.stringify(mutations)]
  );
  return r.out.results;
}

export interface PullResponse {
  rows: { table: string; row: Record<string, unknown> }[];
  checkpoint: Record<string, unknown>;
  has_more: boolean;
  reset: boolean;
}

export async function pull(client: pg.Client, uid: string, checkpoint: unknown, maxRows = 1000): Promise<PullResponse> {
  const [r] = await asUser<{ out: PullResponse }>(client, uid, 'select public.sync_pull($1::jsonb, $2) as out', [
    checkpoint === null ? null : JSON.stringify(checkpoint),
    maxRows
  ]);
  return r.out;
}

/** Pulls pages until the pass ends; returns every row and the final checkpoint. */
export async function pullAll(
  client: pg.Client,
  uid: string,
  checkpoint: unknown,
  maxRows = 1000
): Promise<{ rows: PullResponse['rows']; checkpoint: unknown; pages: number }> {
  const rows: PullResponse['rows'] = [];
  let pages = 0;
  for (;;) {
    const page = await pull(client, uid, checkpoint, maxRows);
    pages++;
    if (page.reset) throw new Error('unexpected reset');
    expectPageSize(page, maxRows);
    rows.push(...page.rows);
    checkpoint = page.checkpoint;
    if (!page.has_more) return { rows, checkpoint, pages };
  }
}

function expectPageSize(page: PullResponse, maxRows: number): void {
  if (page.rows.length > maxRows) throw new Error(`page of ${page.rows.length} rows > ${maxRows}`);
}

export function mutation(
  table: string,
  id: string,
  patch: Record<string, unknown>,
  extra: Record<string, unknown> = {}
) {
  return { mutation_id: randomUUID(), table, op: 'upsert', id, patch, base_version: null, ...extra };
}

export function workLog(cadre: string, body = '走访农户，了解春耕备耕情况') {
  return { cadre_id: cadre, log_date: '2026-11-20', category: 'routine', body };
}

export { randomUUID };
