// The sync functions at province scale, on the real Postgres server (127.0.0.1:5432), in a database
// of their own that is dropped afterwards. A generated province: 100 townships in 10 counties,
// 10⁴ cadres (100 a township, each posted to it), 10⁶ work logs, 10⁵ attendance rows over 1,000
// training sessions, one assessment per cadre in every state, and a level-1 supervisor whose scope
// (one county) holds 10³ cadres. The same province at 1 % (10⁴ work logs) is measured beside it:
// an incremental pull must cost what changed, not what exists.
// Measured as each person, through RLS exactly as PostgREST calls the functions (role
// authenticated, request.jwt.claims): a cadre's and the supervisor's first pull (every page) and
// their incremental pull after 10 changes (median of 5); a push of 5,000 new work logs in batches
// of 200; the structure report's query as the admin. auto_explain (ANALYZE, BUFFERS) records the
// plan of every statement inside sync_pull: the bench lists the scan of each big table and flags
// any sequential scan.
// `benchScale()` returns the figures; `node bench/scale.mjs [--small]` prints them.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sqlSources } from '../supabase/local/sql-files.js';

const ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BIG_TABLES = ['work_logs', 'attendance', 'assessments', 'profiles', 'postings'];
export const SCALE_BUDGETS = { incrementalPullMs: 100, incrementalGrowth: 2 };

/** Builds a province of `cadres` cadres with `logsPerCadre` logs each (plain SQL, triggers off as in a bulk import). */
async function generate(/** @type {pg.Client} */ c, { cadres, logsPerCadre }) {
  const townships = Math.max(1, Math.round(cadres / 100));
  const counties = Math.max(1, Math.round(townships / 10));
  // a bulk load, as an import would run it: no per-row triggers (stamps come from column
  // defaults, one transaction per county so the rows spread over many txids)
  await c.query(`set session_replication_role = replica`);
  await c.query(`
    create temp table gen_units as
      select c as county, null::int as town, gen_random_uuid() as id from generate_series(1, ${counties}) c;
    insert into gen_units
      select 1 + (t - 1) % ${counties}, t, gen_random_uuid() from generate_series(1, ${townships}) t;
    insert into public.units (id, name, kind, parent_id)
      select id, '县' || county, 'county', null from gen_units where town is null;
    insert into public.units (id, name, kind, parent_id, development)
      select t.id, '镇' || t.town, 'town', k.id, case when t.town % 2 = 0 then 'developed' else 'developing' end
      from gen_units t join gen_units k on k.county = t.county and k.town is null where t.town is not null;
    create temp table gen_people as
      select n, gen_random_uuid() as id, (select id from gen_units where town = 1 + (n - 1) % ${townships}) as unit_id
      from generate_series(1, ${cadres}) n;
  `);
  const staff = [
    { key: 'admin', role: 'admin' },
    { key: 'trainer', role: 'trainer' },
    { key: 'supervisor', role: 'supervisor' }
  ].map((s) => ({ ...s, id: randomUUID() }));
  await c.query(`insert into auth.users (id, email) select id, 'p' || n || '@province.local' from gen_people`);
  await c.query(`insert into auth.users (id, email) select unnest($1::uuid[]), unnest($2::text[])`, [
    staff.map((s) => s.id),
    staff.map((s) => `${s.key}@province.local`)
  ]);
  const county1 = (await c.query(`select id from gen_units where county = 1 and town is null`)).rows[0].id;
  await c.query(
    `insert into public.profiles (id, full_name, role, sign_level, scope_unit_id)
       values ($1, '管理员', 'admin', null, null), ($2, '培训员', 'trainer', null, null), ($3, '考核人', 'supervisor', 1, $4)`,
    [staff[0].id, staff[1].id, staff[2].id, county1]
  );
  await c.query(`
    insert into public.profiles (id, full_name, gender, birth_date, education, rank, is_leader, unit_id, origin, role)
      select id, '干部' || n, case when n % 3 = 0 then 'female' else 'male' end,
             date '1975-01-01' + (n % 7000), (array['college_or_below','university','postgraduate'])[1 + n % 3],
             (array['section_chief','deputy_section_chief','staff'])[1 + n % 3], n % 10 = 0, unit_id,
             'graduate_exam', 'cadre'
      from gen_people;
    insert into public.postings (id, cadre_id, kind, to_unit_id, title, starts_on, planned_end_on)
      select gen_random_uuid(), id, 'secondment', unit_id, '挂职', date '2026-01-01', date '2027-12-31' from gen_people;
    insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at, credit_hours)
      select gen_random_uuid(), '培训' || s, 'practical_skills', '${staff[1].id}',
             timestamptz '2026-03-01 09:00+08' + s * interval '1 hour', timestamptz '2026-03-01 11:00+08' + s * interval '1 hour', 2
      from generate_series(1, ${Math.max(10, cadres / 10)}) s;
    create temp table gen_sessions as select row_number() over (order by id) as k, id from public.training_sessions;
    insert into public.attendance (id, session_id, cadre_id, status)
      select gen_random_uuid(), s.id, p.id, (array['enrolled','present','late','excused','absent'])[1 + (p.n + j) % 5]
      from gen_people p cross join generate_series(0, 9) j
      join gen_sessions s on s.k = 1 + (p.n * 10 + j) % (select count(*) from gen_sessions);
    insert into public.assessments (id, cadre_id, kind, period_start, period_end, status, self_summary)
      select gen_random_uuid(), id, 'annual', date '2025-01-01', date '2025-12-31',
             (array['draft','submitted','signed_1','signed_2','final','returned'])[1 + n % 6], '年度小结'
      from gen_people;
  `);
  // the work logs, one transaction per county's share
  const perChunk = Math.ceil(cadres / counties);
  for (let k = 0; k < counties; k++) {
    await c.query(
      `insert into public.work_logs (id, cadre_id, log_date, category, body)
         select gen_random_uuid(), p.id, date '2026-01-01' + (j % 330), 'routine', '走访群众，了解生产生活情况。第' || j || '条'
         from gen_people p cross join generate_series(1, $3) j where p.n > $1 and p.n <= $2`,
      [k * perChunk, (k + 1) * perChunk, logsPerCadre]
    );
  }
  await c.query(`set session_replication_role = origin`);
  await c.query(`analyze`);
  const cadre = (
    await c.query(
      `select id from gen_people where unit_id in (select id from gen_units where county = 1) order by n limit 1`
    )
  ).rows[0].id;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const t of ['profiles', 'work_logs', 'attendance', 'assessments', 'postings', 'training_sessions']) {
    counts[t] = Number((await c.query(`select count(*) from public.${t}`)).rows[0].count);
  }
  const scope = Number(
    (await c.query(`select count(*) from private.supervisor_scope_cadre_ids($1)`, [staff[2].id])).rows[0].count
  );
  return { ids: { cadre, admin: staff[0].id, supervisor: staff[2].id }, counts, supervisorScope: scope };
}

/** Runs `fn` as `userId` through RLS, as PostgREST does: role authenticated and the JWT claims. */
async function asPerson(/** @type {pg.Client} */ c, userId, fn) {
  await c.query('begin');
  try {
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' })
    ]);
    await c.query('set local role authenticated');
    const result = await fn();
    await c.query('commit');
    return result;
  } catch (e) {
    await c.query('rollback');
    throw e;
  }
}

/** Every page of a pull from `checkpoint`; returns the rows, pages, time and the last checkpoint. */
async function pull(/** @type {pg.Client} */ c, userId, checkpoint = null) {
  let rows = 0;
  let pages = 0;
  const start = performance.now();
  for (;;) {
    const page = await asPerson(
      c,
      userId,
      async () =>
        (await c.query(`select public.sync_pull($1::jsonb, 1000) as p`, [JSON.stringify(checkpoint)])).rows[0].p
    );
    pages++;
    rows += page.rows.length;
    checkpoint = page.checkpoint;
    if (!page.has_more) break;
  }
  return { rows, pages, ms: performance.now() - start, checkpoint };
}

/** The scans of the big tables in the plans auto_explain sent while `fn` ran. */
async function plansOf(/** @type {pg.Client} */ c, fn) {
  /** @type {any[]} */
  const plans = [];
  const onNotice = (/** @type {any} */ n) => {
    const m = /^duration: [\d.]+ ms\s+plan:\s*([\s\S]*)$/.exec(n.message ?? '');
    if (m) plans.push(JSON.parse(m[1]));
  };
  c.on('notice', onNotice);
  await c.query(`set client_min_messages = log; set auto_explain.log_min_duration = 0`);
  try {
    await fn();
  } finally {
    await c.query(`set auto_explain.log_min_duration = -1; set client_min_messages = notice`);
    c.off('notice', onNotice);
  }
  /** @type {Map<string, { nodes: Set<string>, rows: number, removed: number, hit: number, read: number }>} */
  const scans = new Map();
  const walk = (/** @type {any} */ node) => {
    const rel = node['Relation Name'];
    if (rel && BIG_TABLES.includes(rel)) {
      const s = scans.get(rel) ?? { nodes: new Set(), rows: 0, removed: 0, hit: 0, read: 0 };
      s.nodes.add(`${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`);
      const loops = node['Actual Loops'] ?? 1;
      s.rows += (node['Actual Rows'] ?? 0) * loops;
      s.removed += (node['Rows Removed by Filter'] ?? 0) * loops;
      s.hit += node['Shared Hit Blocks'] ?? 0;
      s.read += node['Shared Read Blocks'] ?? 0;
      scans.set(rel, s);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const p of plans) if (/sync_pull|from public\.\w+ x/.test(p['Query Text'] ?? '')) walk(p.Plan);
  return Object.fromEntries(
    [...scans].map(([rel, s]) => [
      rel,
      {
        scans: [...s.nodes],
        rowsReturned: s.rows,
        rowsRemovedByFilter: s.removed,
        sharedHit: s.hit,
        sharedRead: s.read
      }
    ])
  );
}

const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 10 changes elsewhere and of the person's own, then the incremental pull (median of `runs`). */
async function incremental(/** @type {pg.Client} */ c, person, cadre, checkpoint, runs = 5) {
  const times = [];
  let rows = 0;
  for (let r = 0; r < runs; r++) {
    // 5 of the cadre's own logs and 5 anywhere in the province, each in its own transaction
    await c.query(
      `update public.work_logs set body = body || '。' where id in (select id from public.work_logs where cadre_id = $1 order by id limit 5 offset $2)`,
      [cadre, r * 5]
    );
    await c.query(
      `update public.work_logs set body = body || '。' where id in (select id from public.work_logs order by id limit 5 offset $1)`,
      [r * 5]
    );
    const p = await pull(c, person, checkpoint);
    times.push(p.ms);
    rows = p.rows;
    checkpoint = p.checkpoint;
  }
  return { ms: median(times), rows, checkpoint };
}

/** A push of `count` new work logs of the cadre, in batches of 200, as the phone sends them. */
async function push(/** @type {pg.Client} */ c, cadre, count = 5000) {
  const posting = (await c.query(`select id from public.postings where cadre_id = $1`, [cadre])).rows[0].id;
  const countLogs = async () =>
    Number((await c.query(`select count(*) from public.work_logs where cadre_id = $1`, [cadre])).rows[0].count);
  const before = await countLogs();
  const start = performance.now();
  for (let i = 0; i < count; i += 200) {
    const batch = Array.from({ length: Math.min(200, count - i) }, (_, k) => ({
      mutation_id: randomUUID(),
      table: 'work_logs',
      op: 'upsert',
      id: randomUUID(),
      patch: {
        cadre_id: cadre,
        posting_id: posting,
        log_date: '2026-11-20',
        category: 'routine',
        body: `基准推送 ${i + k}：走访群众，了解生产生活情况。`
      },
      base_version: null
    }));
    const result = await asPerson(
      c,
      cadre,
      async () =>
        (await c.query(`select public.sync_push($1::jsonb, $2) as r`, [JSON.stringify(batch), cadre])).rows[0].r
    );
    const refused = (result.results ?? result).filter?.((x) => x.status && x.status !== 'applied') ?? [];
    if (refused.length) throw new Error(`push refused: ${JSON.stringify(refused[0])}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const stored = (await countLogs()) - before;
  if (stored !== count) throw new Error(`push stored ${stored} of ${count} work logs`);
  return { mutations: count, seconds, mutationsPerSecond: Math.round(count / seconds) };
}

/** The structure report's counts (干部队伍结构) over every township cadre, as the admin sees them. */
async function structureReport(/** @type {pg.Client} */ c, admin) {
  const start = performance.now();
  const rows = await asPerson(
    c,
    admin,
    async () =>
      (
        await c.query(`
      select gender, rank, education, (extract(year from age(birth_date)) / 10)::int as decade, is_leader, count(*)
      from public.profiles p join public.units u on u.id = p.unit_id
      where p.role = 'cadre' and p.deleted_at is null and u.kind in ('town', 'xiang')
      group by grouping sets ((gender), (rank), (education), (decade), (is_leader))`)
      ).rows
  );
  return { ms: performance.now() - start, groups: rows.length };
}

async function measure({ cadres, logsPerCadre, log }) {
  const name = `fl_bench_scale_${process.pid}_${logsPerCadre}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const c = new pg.Client({ connectionString: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) });
  await c.connect();
  try {
    for (const file of sqlSources({ seed: false })) await c.query(file.sql);
    log(`generating ${cadres} cadres × ${logsPerCadre} work logs`);
    const start = performance.now();
    const world = await generate(c, { cadres, logsPerCadre });
    log(`generated in ${((performance.now() - start) / 1000).toFixed(1)} s: ${JSON.stringify(world.counts)}`);
    await c.query(`load 'auto_explain'`);
    await c.query(
      `set auto_explain.log_analyze = on; set auto_explain.log_buffers = on; set auto_explain.log_format = json;
       set auto_explain.log_nested_statements = on; set auto_explain.log_min_duration = -1`
    );
    const { cadre, supervisor } = world.ids;
    /** @type {Record<string, any>} */
    const people = {};
    for (const [who, id] of [
      ['cadre', cadre],
      ['supervisor', supervisor]
    ]) {
      log(`${who}: first pull`);
      const first = await pull(c, id);
      const firstPlans = await plansOf(c, () => pull(c, id));
      log(`${who}: first pull ${first.rows} rows, ${first.pages} pages, ${first.ms.toFixed(0)} ms`);
      const inc = await incremental(c, id, cadre, first.checkpoint);
      const incPlans = await plansOf(c, async () => {
        await c.query(
          `update public.work_logs set body = body || '。' where id = (select id from public.work_logs where cadre_id = $1 order by id limit 1)`,
          [cadre]
        );
        await pull(c, id, inc.checkpoint);
      });
      log(`${who}: incremental pull ${inc.rows} rows, ${inc.ms.toFixed(1)} ms`);
      people[who] = {
        firstPull: { rows: first.rows, pages: first.pages, ms: Math.round(first.ms), plans: firstPlans },
        incrementalPull: { rows: inc.rows, ms: Number(inc.ms.toFixed(1)), plans: incPlans }
      };
    }
    log('push of 5,000 mutations');
    const pushed = await push(c, cadre);
    log('structure report');
    const report = await structureReport(c, world.ids.admin);
    return {
      counts: world.counts,
      supervisorScope: world.supervisorScope,
      ...people,
      push: pushed,
      structureReport: report
    };
  } finally {
    await c.end();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** Sequential scans of the big tables in any measured plan (the bench's verdict on the plans). */
export function seqScansIn(/** @type {any} */ figures) {
  const found = [];
  for (const who of ['cadre', 'supervisor']) {
    for (const kind of ['firstPull', 'incrementalPull']) {
      for (const [rel, s] of Object.entries(figures[who][kind].plans)) {
        if (/** @type {any} */ (s).scans.some((n) => n.startsWith('Seq Scan'))) found.push(`${who} ${kind} ${rel}`);
      }
    }
  }
  return found;
}

export async function benchScale({ log = () => {}, small = false } = {}) {
  const province = small
    ? null
    : await measure({ cadres: 10_000, logsPerCadre: 100, log: (l) => log(`province: ${l}`) });
  const county = await measure({ cadres: 100, logsPerCadre: 100, log: (l) => log(`1 %: ${l}`) });
  return { province, county, budgets: SCALE_BUDGETS };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchScale({
    small: process.argv.includes('--small'),
    log: (l) => console.error(`[scale] ${l}`)
  });
  console.log(JSON.stringify(result, null, 2));
}
