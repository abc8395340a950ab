// sync_pull on the local Postgres server under real concurrency: the transaction-id
// watermark, paging, epochs and RLS.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  asUser,
  buildCounty,
  connect,
  ids,
  mutation,
  pull,
  pullAll,
  push,
  randomUUID,
  workLog,
  type PullResponse
} from './sync-fixtures';

let db: TestDatabase;
let admin: pg.Client;
let client: pg.Client;

beforeEach(async () => {
  db = await createTestDatabase({ seed: false, prefix: 'fl_syncpull' });
  admin = await connect(db.url);
  client = await connect(db.url);
  await buildCounty(admin);
});

afterEach(async () => {
  await client?.end();
  await admin?.end();
  await db?.drop();
});

const key = (r: { table: string; row: Record<string, unknown> }) => `${r.table}/${r.row.id}`;

// The watermark is cluster-wide: a transaction open elsewhere on the server (another
// test file) holds it back for a moment. Pull passes until `done` or time runs out.
async function pullUntil(
  uid: string,
  checkpoint: unknown,
  done: (rows: PullResponse['rows']) => boolean,
  maxRows = 1000
): Promise<{ rows: PullResponse['rows']; checkpoint: unknown }> {
  const rows: PullResponse['rows'] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const pass = await pullAll(client, uid, checkpoint, maxRows);
    rows.push(...pass.rows);
    checkpoint = pass.checkpoint;
    if (done(rows) || Date.now() > deadline) return { rows, checkpoint };
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sync_pull', () => {
  it('delivers a row whose transaction commits after a later one, on the next pull after it commits', async () => {
    const first = await pullUntil(ids.cadre1, null, (rows) => rows.some((r) => r.table === 'profiles'));
    let checkpoint = first.checkpoint;

    const slow = await connect(db.url);
    try {
      // T1 starts and writes first, but stays open
      const early = randomUUID();
      await slow.query('begin');
      await slow.query('set local role authenticated');
      await slow.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: ids.cadre1, role: 'authenticated' })
      ]);
      const [held] = (
        await slow.query('select public.sync_push($1::jsonb) as out', [
          JSON.stringify([mutation('work_logs', early, workLog(ids.cadre1, '先写后提交'))])
        ])
      ).rows[0].out.results;
      expect(held.status).toBe('applied');

      // T2 writes later and commits; a pull moves on
      const late = randomUUID();
      await push(client, ids.cadre1, [mutation('work_logs', late, workLog(ids.cadre1, '后写先提交'))]);
      const meanwhile = await pullAll(client, ids.cadre1, checkpoint);
      checkpoint = meanwhile.checkpoint;
      expect(meanwhile.rows.map(key)).not.toContain(`work_logs/${early}`);
      // A version- or time-ordered pull would hand out `late` now and skip `early`
      // forever; the watermark holds `late` back until `early` is decided.
      expect(meanwhile.rows.map(key)).not.toContain(`work_logs/${late}`);

      await slow.query('commit');
      const after = await pullUntil(ids.cadre1, checkpoint, (rows) => rows.length >= 2);
      expect(after.rows.map(key).sort()).toEqual([`work_logs/${early}`, `work_logs/${late}`].sort());
      const again = await pullAll(client, ids.cadre1, after.checkpoint);
      expect(again.rows).toEqual([]);
    } finally {
      await slow.end();
    }
  });

  it('says how long an open transaction has held the watermark back, on the last page of a pass', async () => {
    const slow = await connect(db.url);
    try {
      // a maintenance job as postgres: no API timeout bounds it
      await slow.query('begin');
      await slow.query('select pg_current_xact_id()');
      const late = randomUUID();
      await push(client, ids.cadre1, [mutation('work_logs', late, workLog(ids.cadre1, '被挡住的日志'))]);
      await new Promise((resolve) => setTimeout(resolve, 6500));
      const held = await pullAll(client, ids.cadre1, null);
      expect(held.rows.map(key)).not.toContain(`work_logs/${late}`);
      const last = (await pull(client, ids.cadre1, held.checkpoint)) as PullResponse & { held_back_seconds?: number };
      expect(last.has_more).toBe(false);
      expect(last.held_back_seconds).toBeGreaterThanOrEqual(6);
      await slow.query('commit');
      const after = await pullUntil(ids.cadre1, held.checkpoint, (rows) => rows.some((r) => r.row.id === late));
      expect(after.rows.map(key)).toContain(`work_logs/${late}`);
    } finally {
      await slow.end();
    }
  }, 30_000);

  it('a pull split into pages of 1 to 7 rows loses and repeats nothing', async () => {
    // a few hundred rows over many transactions, several tables per transaction,
    // many rows per transaction (so the cursor walks within one txid)
    for (let t = 0; t < 30; t++) {
      await admin.query('begin');
      for (let i = 0; i < 8; i++) {
        await admin.query(
          `insert into public.work_logs (id, cadre_id, log_date, category, body) values ($1, $2, '2026-11-01', 'routine', $3)`,
          [randomUUID(), i % 2 ? ids.cadre1 : ids.cadre2, `日志 ${t}-${i}`]
        );
      }
      await admin.query(
        `insert into public.attendance (id, session_id, cadre_id, status) select gen_random_uuid(), $1, $2, 'enrolled'
         where $3 = 0`,
        [ids.session, ids.cadre1, t]
      );
      await admin.query(`update public.settings set value = to_jsonb($1::int) where id = $2`, [t, ids.setting]);
      await admin.query('commit');
    }
    const { rows: expected } = await admin.query(`
      select table_name || '/' || id as key from (
        select 'units' as table_name, id from public.units union all select 'profiles', id from public.profiles
        union all select 'training_sessions', id from public.training_sessions union all select 'attendance', id from public.attendance
        union all select 'postings', id from public.postings union all select 'work_logs', id from public.work_logs
        union all select 'settings', id from public.settings) k`);
    expect(expected.length).toBeGreaterThan(250);
    const want = expected.map((r) => r.key).sort();

    const whole = await pullUntil(ids.admin, null, (rows) => rows.length >= want.length);
    expect(whole.rows.map(key).sort()).toEqual(want);

    for (let size = 1; size <= 7; size++) {
      const pass = await pullAll(client, ids.admin, null, size);
      const got = pass.rows.map(key);
      expect(new Set(got).size, `page size ${size}: repeats`).toBe(got.length);
      expect([...got].sort(), `page size ${size}`).toEqual(want);
      expect(pass.pages).toBe(Math.ceil(want.length / size));
    }
  });

  it('pages keep the watermark of their pass: rows written mid-pass come in the next pass, once', async () => {
    for (let i = 0; i < 20; i++)
      await push(client, ids.cadre1, [mutation('work_logs', randomUUID(), workLog(ids.cadre1))]);
    const start = await pullUntil(ids.cadre1, null, (rows) => rows.filter((r) => r.table === 'work_logs').length >= 20);
    const newIds: string[] = [];
    let checkpoint = start.checkpoint;
    const seen: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      newIds.push(id);
      await push(client, ids.cadre1, [mutation('work_logs', id, workLog(ids.cadre1, `第${i}条`))]);
      const page = await pull(client, ids.cadre1, checkpoint, 3);
      seen.push(...page.rows.map(key));
      checkpoint = page.checkpoint;
    }
    const rest = await pullUntil(ids.cadre1, checkpoint, (rows) => rows.length + seen.length >= 10, 3);
    seen.push(...rest.rows.map(key));
    expect(seen.sort()).toEqual(newIds.map((id) => `work_logs/${id}`).sort());
  });

  it('does not give its transaction an id', async () => {
    await push(client, ids.cadre1, [mutation('work_logs', randomUUID(), workLog(ids.cadre1))]);
    // rows, once the cluster-wide watermark has passed the fixtures
    await pullUntil(ids.supervisor, null, (rows) => rows.length > 0);
    const [r] = await asUser<{ out: PullResponse; xid: string | null }>(
      client,
      ids.supervisor,
      `with p as (select public.sync_pull(null, 2) as out) select p.out, pg_current_xact_id_if_assigned()::text as xid from p`
    );
    expect(r.out.rows.length).toBeGreaterThan(0);
    expect(r.xid).toBeNull();
    await client.query('begin');
    try {
      await client.query('set local role authenticated');
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: ids.admin, role: 'authenticated' })
      ]);
      let cp: unknown = null;
      for (let i = 0; i < 5; i++) {
        const { rows } = await client.query('select public.sync_pull($1::jsonb, 3) as out', [JSON.stringify(cp)]);
        cp = rows[0].out.checkpoint;
      }
      const { rows } = await client.query('select pg_current_xact_id_if_assigned() as xid');
      expect(rows[0].xid).toBeNull();
    } finally {
      await client.query('rollback');
    }
  });

  it('says reset when what a person may see changes, and starts over from the new epoch', async () => {
    const first = await pullUntil(ids.cadre1, null, (rows) => rows.some((r) => r.table === 'profiles'));
    const quiet = await pull(client, ids.cadre1, first.checkpoint);
    expect(quiet.reset).toBe(false);

    // the cadre moves to another township (an admin's change through sync_push)
    const [moved] = await push(client, ids.admin, [mutation('profiles', ids.cadre1, { unit_id: ids.town2 })]);
    expect(moved.status).toBe('applied');
    const reset = await pull(client, ids.cadre1, first.checkpoint);
    expect(reset).toMatchObject({ rows: [], has_more: true, reset: true });
    expect(reset.checkpoint).toMatchObject({ from: '0', to: null, cursor: null });
    // the supervisor of the township they left loses them
    const sup = await pullUntil(ids.supervisor, null, () => true);
    expect(sup.rows.map(key)).not.toContain(`profiles/${ids.cadre1}`);

    const fresh = await pullUntil(ids.cadre1, reset.checkpoint, (rows) => rows.some((r) => r.table === 'profiles'));
    expect(fresh.rows.map(key)).toContain(`profiles/${ids.cadre1}`);
    expect((await pull(client, ids.cadre1, fresh.checkpoint)).reset).toBe(false);

    // enrolment shows the cadre an older session row: their epoch moves too
    const cp = fresh.checkpoint;
    await push(client, ids.trainer, [
      mutation('attendance', randomUUID(), { session_id: ids.session, cadre_id: ids.cadre1, status: 'enrolled' })
    ]);
    const enrolled = await pull(client, ids.cadre1, cp);
    expect(enrolled.reset).toBe(true);
    const again = await pullUntil(ids.cadre1, enrolled.checkpoint, (rows) =>
      rows.some((r) => r.table === 'training_sessions')
    );
    expect(again.rows.map(key)).toContain(`training_sessions/${ids.session}`);

    // a posting into the supervisor's scope brings the posted cadre's older rows with it
    const supCp = (await pullUntil(ids.supervisor, null, () => true)).checkpoint;
    await push(client, ids.admin, [
      mutation('postings', randomUUID(), {
        cadre_id: ids.cadre2,
        kind: 'rotation',
        from_unit_id: ids.town2,
        to_unit_id: ids.town1,
        starts_on: '2026-01-01'
      })
    ]);
    expect((await pull(client, ids.supervisor, supCp)).reset).toBe(true);
  });

  it("a supervisor's scope that moves with no epoch bump (a posting starting by the calendar) still resets", async () => {
    const before = await pullUntil(ids.supervisor, null, () => true);
    expect(before.rows.map(key)).not.toContain(`profiles/${ids.cadre2}`);
    // as if yesterday's posting had just become current: no trigger sees it
    await admin.query('begin');
    await admin.query('set local session_replication_role = replica');
    await admin.query(
      `insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, starts_on)
       values ($1, $2, 'exchange', $3, $4, current_date - 1)`,
      [randomUUID(), ids.cadre2, ids.town2, ids.town1]
    );
    await admin.query('commit');
    const { rows } = await admin.query('select count(*)::int as n from private.sync_epochs');
    const reset = await pull(client, ids.supervisor, before.checkpoint);
    expect(reset.reset).toBe(true);
    const after = await pullUntil(ids.supervisor, reset.checkpoint, (r) => r.some((x) => x.row.id === ids.cadre2));
    expect(after.rows.map(key)).toContain(`profiles/${ids.cadre2}`);
    expect((await admin.query('select count(*)::int as n from private.sync_epochs')).rows[0].n).toBe(rows[0].n);
  });

  it("RLS: a cadre's pull returns only their own rows; a trainer sees cadres' names and units only", async () => {
    await push(client, ids.cadre1, [mutation('work_logs', randomUUID(), workLog(ids.cadre1))]);
    await push(client, ids.cadre2, [mutation('work_logs', randomUUID(), workLog(ids.cadre2))]);
    await push(client, ids.trainer, [
      mutation('attendance', randomUUID(), { session_id: ids.session, cadre_id: ids.cadre1, status: 'enrolled' })
    ]);
    const mine = await pullUntil(ids.cadre1, null, (rows) => rows.some((r) => r.table === 'attendance'));
    const owners = (r: { table: string; row: Record<string, unknown> }) =>
      ['work_logs', 'attendance', 'postings', 'assessments', 'posting_reports'].includes(r.table)
        ? r.row.cadre_id
        : null;
    for (const r of mine.rows) {
      if (owners(r) !== null) expect(owners(r), key(r)).toBe(ids.cadre1);
    }
    expect(mine.rows.filter((r) => r.table === 'profiles').map((r) => r.row.id)).toEqual([ids.cadre1]);
    expect(mine.rows.filter((r) => r.table === 'work_logs')).toHaveLength(1);
    expect(mine.rows.filter((r) => r.table === 'training_session_secrets')).toHaveLength(0);
    const own = mine.rows.find((r) => r.table === 'profiles')!.row;
    expect(own).toHaveProperty('birth_date', '1985-06-01');
    expect(typeof own.txid).toBe('string');

    const trainer = await pullUntil(ids.trainer, null, (rows) => rows.some((r) => r.table === 'attendance'));
    const roster = trainer.rows.find((r) => r.table === 'profiles' && r.row.id === ids.cadre1)!.row;
    expect(Object.keys(roster).sort()).toEqual(
      ['deleted_at', 'full_name', 'id', 'txid', 'unit_id', 'updated_at', 'updated_by', 'version'].sort()
    );
    // a cadre not on any of the trainer's rosters: findable to enrol, names and units only
    const other = trainer.rows.find((r) => r.table === 'profiles' && r.row.id === ids.cadre2)!.row;
    expect(Object.keys(other).sort()).toEqual(Object.keys(roster).sort());
    const self = trainer.rows.find((r) => r.table === 'profiles' && r.row.id === ids.trainer)!.row;
    expect(self).toHaveProperty('role', 'trainer');
  });

  it('a cadre pulls exactly what RLS gives them: their own rows, and the attendance of a session they run', async () => {
    // a cadre who once was a trainer keeps the session they ran (its trainer_id decides, not the role)
    const ran = randomUUID();
    await admin.query(
      `insert into public.training_sessions (id, title, category, trainer_id, starts_at, ends_at)
       values ($1, '以前讲的课', 'theory', $2, '2026-11-01 09:00+08', '2026-11-01 11:00+08')`,
      [ran, ids.cadre1]
    );
    const theirs = randomUUID();
    await admin.query(
      `insert into public.attendance (id, session_id, cadre_id, status) values ($1, $2, $3, 'enrolled')`,
      [theirs, ran, ids.cadre2]
    );
    await push(client, ids.cadre1, [mutation('work_logs', randomUUID(), workLog(ids.cadre1))]);
    await push(client, ids.cadre2, [mutation('work_logs', randomUUID(), workLog(ids.cadre2))]);
    const mine = await pullUntil(ids.cadre1, null, (rows) => rows.some((r) => r.row.id === theirs));
    for (const table of ['work_logs', 'attendance', 'assessments', 'postings']) {
      const pulled = mine.rows.filter((r) => r.table === table).map((r) => r.row.id as string);
      const visible = (await asUser<{ id: string }>(client, ids.cadre1, `select id from public.${table}`)).map(
        (r) => r.id
      );
      expect(pulled.sort(), table).toEqual(visible.sort());
    }
    expect(mine.rows.some((r) => r.table === 'attendance' && r.row.id === theirs)).toBe(true);
  });

  it('sends tombstones so the client can remove the rows', async () => {
    const id = randomUUID();
    await push(client, ids.cadre1, [mutation('work_logs', id, workLog(ids.cadre1))]);
    const before = await pullUntil(ids.cadre1, null, (rows) => rows.some((r) => r.row.id === id));
    await push(client, ids.cadre1, [{ ...mutation('work_logs', id, {}), op: 'delete' }]);
    const after = await pullUntil(ids.cadre1, before.checkpoint, (rows) => rows.some((r) => r.row.id === id));
    expect(after.rows.find((r) => r.row.id === id)!.row.deleted_at).not.toBeNull();
  });

  it("refuses another person's or a malformed checkpoint by starting over", async () => {
    const theirs = await pullUntil(ids.cadre2, null, () => true);
    expect((await pull(client, ids.cadre1, theirs.checkpoint)).reset).toBe(true);
    expect((await pull(client, ids.cadre1, { v: 1, garbage: true })).reset).toBe(true);
    expect((await pull(client, ids.cadre1, 'nonsense')).reset).toBe(true);
  });
});
