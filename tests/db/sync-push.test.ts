// sync_push on the local Postgres server, through the real policies and triggers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  asUser,
  buildCounty,
  connect,
  ids,
  mutation,
  push,
  randomUUID,
  workLog,
  type PushResult
} from './sync-fixtures';

let db: TestDatabase;
let admin: pg.Client; // postgres: fixtures and checks
let client: pg.Client; // the signed-in callers

beforeEach(async () => {
  db = await createTestDatabase({ seed: false, prefix: 'fl_syncpush' });
  admin = await connect(db.url);
  client = await connect(db.url);
  await buildCounty(admin);
});

afterEach(async () => {
  await client?.end();
  await admin?.end();
  await db?.drop();
});

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const { rows } = await admin.query(`select count(*)::int as n from public.${table} where ${where}`, params);
  return rows[0].n;
}

describe('sync_push', () => {
  it('a retried batch applies each mutation once and answers duplicate with the first answer', async () => {
    const logId = randomUUID();
    const batch = [
      mutation('work_logs', logId, workLog(ids.cadre1)),
      mutation('work_logs', logId, { body: '补充：完成入户调查20户' }),
      mutation('work_logs', randomUUID(), workLog(ids.cadre1, ''))
    ];
    const first = await push(client, ids.cadre1, batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected']);
    const { rows: before } = await admin.query('select version, body from public.work_logs where id = $1', [logId]);

    const second = await push(client, ids.cadre1, batch);
    expect(second.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(second.map((r) => r.original_status)).toEqual(['applied', 'applied', 'rejected']);
    expect(second.map((r) => r.version)).toEqual(first.map((r) => r.version));
    expect(second[2]).toMatchObject({ code: first[2].code, message: first[2].message });
    expect(second.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));

    const { rows: after } = await admin.query('select version, body from public.work_logs where id = $1', [logId]);
    expect(after).toEqual(before);
    expect(await count('work_logs')).toBe(1);
  });

  it('the same mutation pushed from two connections at once applies once', async () => {
    const other = await connect(db.url);
    try {
      const batch = [mutation('work_logs', randomUUID(), workLog(ids.cadre1))];
      const [a, b] = await Promise.all([push(client, ids.cadre1, batch), push(other, ids.cadre1, batch)]);
      expect([a[0].status, b[0].status].sort()).toEqual(['applied', 'duplicate']);
      expect(await count('work_logs')).toBe(1);
    } finally {
      await other.end();
    }
  });

  it('one bad mutation is rejected alone with a readable message while the others apply', async () => {
    const good1 = randomUUID();
    const bad = randomUUID();
    const good2 = randomUUID();
    const results = await push(client, ids.cadre1, [
      mutation('work_logs', good1, workLog(ids.cadre1)),
      mutation('work_logs', bad, workLog(ids.cadre1, 'x'.repeat(5001))),
      mutation('work_logs', good2, workLog(ids.cadre1, '参加防汛值班'))
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(results[1]).toMatchObject({ code: 'invalid', message: '日志内容须为1-5000个字' });
    expect(results[0].version).toBeGreaterThan(0);
    expect(await count('work_logs', 'id = any($1)', [[good1, good2]])).toBe(2);
    expect(await count('work_logs', 'id = $1', [bad])).toBe(0);
  });

  it('answers every class of bad input with rejected, a code and a Chinese message', async () => {
    const log = randomUUID();
    await push(client, ids.cadre1, [mutation('work_logs', log, workLog(ids.cadre1))]);
    const cases: [string, unknown, string][] = [
      ['not an object', 42, 'invalid_mutation'],
      ['no mutation id', { table: 'work_logs', op: 'upsert', id: randomUUID(), patch: {} }, 'invalid_mutation'],
      ['unknown table', mutation('audit_log', randomUUID(), { op: 'INSERT' }), 'unknown_table'],
      ['not a synced table', mutation('pg_class', randomUUID(), {}), 'unknown_table'],
      ['unknown op', { ...mutation('work_logs', log, {}), op: 'drop' }, 'invalid_mutation'],
      ['id not a uuid', { ...mutation('work_logs', log, {}), id: '1; drop table x' }, 'invalid_type'],
      ['patch not an object', { ...mutation('work_logs', log, {}), patch: [1, 2] }, 'invalid_mutation'],
      ['unknown column', mutation('work_logs', log, { body: '好', 'body"; drop': 1 }), 'unknown_field'],
      ['deleted_at in a patch', mutation('work_logs', log, { deleted_at: '2026-01-01T00:00:00Z' }), 'invalid'],
      ['a different id in the patch', mutation('work_logs', log, { id: randomUUID() }), 'invalid'],
      ['wrong type: date', mutation('work_logs', log, { log_date: '2026-02-30' }), 'invalid_type'],
      ['wrong type: uuid', mutation('work_logs', log, { posting_id: 'abc' }), 'invalid_type'],
      ['wrong type: object for text', mutation('work_logs', log, { body: { a: 1 } }), 'invalid_type'],
      ['wrong type: number overflow', mutation('attendance', randomUUID(), { score: 1e12 }), 'invalid_type'],
      ['oversized text', mutation('work_logs', log, { body: '长'.repeat(6000) }), 'invalid'],
      ['oversized patch', mutation('work_logs', log, { body: 'x'.repeat(70000) }), 'too_long'],
      ['empty body', mutation('work_logs', log, { body: '' }), 'invalid'],
      [
        'missing required field',
        mutation('work_logs', randomUUID(), { cadre_id: ids.cadre1, category: 'routine', body: '好' }),
        'missing_field'
      ],
      ['enumeration', mutation('work_logs', log, { category: 'party' }), 'invalid'],
      [
        'reference to nothing',
        mutation('work_logs', randomUUID(), { ...workLog(ids.cadre1), posting_id: randomUUID() }),
        'forbidden'
      ]
    ];
    const results = await push(
      client,
      ids.cadre1,
      cases.map((c) => c[1])
    );
    results.forEach((r, i) => {
      const [name, , code] = cases[i];
      expect({ name, status: r.status, code: r.code }).toEqual({ name, status: 'rejected', code });
      expect(r.message, name).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(results[10].message).toBe('「日期」的格式不正确');
    expect(results[17].message).toBe('请填写「日期」');
    const { rows } = await admin.query('select body, log_date::text from public.work_logs where id = $1', [log]);
    expect(rows).toEqual([{ body: workLog(ids.cadre1).body, log_date: '2026-11-20' }]);
  });

  it('names the rule a trainer or admin broke: score, title, credit hours, end after start, missing reference', async () => {
    const results = await push(client, ids.trainer, [
      mutation('training_sessions', ids.session, { credit_hours: 120 }),
      mutation('training_sessions', ids.session, { title: '' }),
      mutation('training_sessions', ids.session, { ends_at: '2020-01-01T00:00:00Z' }),
      mutation('attendance', randomUUID(), { session_id: ids.session, cadre_id: ids.cadre1, score: 101 }),
      mutation('attendance', randomUUID(), { session_id: ids.session, cadre_id: randomUUID() })
    ]);
    expect(results.map((r) => [r.status, r.code, r.message])).toEqual([
      ['rejected', 'invalid', '学时须在0-100之间'],
      ['rejected', 'invalid', '标题须为1-200个字'],
      ['rejected', 'invalid', '结束时间须晚于开始时间'],
      ['rejected', 'invalid', '成绩须在0-100之间'],
      ['rejected', 'not_found', '「干部」指向的记录不存在']
    ]);
  });

  it('ignores the sync columns a client sends back and stamps its own', async () => {
    const id = randomUUID();
    const [r] = await push(client, ids.cadre1, [
      mutation('work_logs', id, {
        ...workLog(ids.cadre1),
        version: 999999,
        txid: '1',
        updated_by: ids.admin,
        deleted_at: null
      })
    ]);
    expect(r.status).toBe('applied');
    const { rows } = await admin.query('select version, updated_by, deleted_at from public.work_logs where id = $1', [
      id
    ]);
    expect(rows[0]).toEqual({ version: String(r.version), updated_by: ids.cadre1, deleted_at: null });
    expect(r.version).not.toBe(999999);
  });

  it('refuses the whole call for a non-array batch or one over 500 mutations', async () => {
    await expect(push(client, ids.cadre1, { not: 'an array' })).rejects.toMatchObject({
      code: 'P0001',
      hint: 'invalid_batch'
    });
    await expect(push(client, ids.cadre1, 'garbage')).rejects.toMatchObject({ code: 'P0001', hint: 'invalid_batch' });
    const big = Array.from({ length: 501 }, () => mutation('work_logs', randomUUID(), workLog(ids.cadre1)));
    await expect(push(client, ids.cadre1, big)).rejects.toMatchObject({ code: 'P0001', hint: 'batch_too_large' });
    expect(await count('work_logs')).toBe(0);
  });

  it("someone else's id is forbidden, and says nothing about whether the row exists", async () => {
    const theirs = randomUUID();
    expect((await push(client, ids.cadre2, [mutation('work_logs', theirs, workLog(ids.cadre2))]))[0].status).toBe(
      'applied'
    );
    const results = await push(client, ids.cadre1, [
      mutation('work_logs', theirs, { body: '改别人的日志' }),
      mutation('work_logs', theirs, workLog(ids.cadre1)),
      { ...mutation('work_logs', theirs, {}), op: 'delete' },
      { ...mutation('work_logs', randomUUID(), {}), op: 'delete' },
      mutation('work_logs', randomUUID(), workLog(ids.cadre2)),
      mutation('units', ids.town1, { name: '改名' }),
      { ...mutation('units', ids.town1, {}), op: 'delete' },
      mutation('profiles', ids.cadre1, { role: 'admin' })
    ]);
    for (const r of results) expect(r).toMatchObject({ status: 'rejected', code: 'forbidden' });
    expect(new Set(results.slice(0, 4).map((r) => r.message)).size).toBe(1);
    const { rows } = await admin.query('select body, deleted_at from public.work_logs where id = $1', [theirs]);
    expect(rows).toEqual([{ body: workLog(ids.cadre2).body, deleted_at: null }]);
    expect(await count('profiles', "role = 'admin'")).toBe(1);
    expect(await count('units', 'deleted_at is not null')).toBe(0);
  });

  it('a tombstone wins over a later edit: the edit comes back as a conflict with the deleted row', async () => {
    const id = randomUUID();
    await push(client, ids.cadre1, [mutation('work_logs', id, workLog(ids.cadre1))]);
    const [del] = await push(client, ids.cadre1, [{ ...mutation('work_logs', id, {}), op: 'delete' }]);
    expect(del.status).toBe('applied');
    const [edit, again] = await push(client, ids.cadre1, [
      mutation('work_logs', id, { body: '离线时的修改' }),
      { ...mutation('work_logs', id, {}), op: 'delete' }
    ]);
    expect(edit).toMatchObject({ status: 'conflict', code: 'deleted', version: del.version });
    expect(edit.row).toMatchObject({ id, body: workLog(ids.cadre1).body });
    expect(edit.row?.deleted_at).not.toBeNull();
    expect(again).toMatchObject({ status: 'applied', version: del.version });
    const { rows } = await admin.query('select body, version from public.work_logs where id = $1', [id]);
    expect(rows).toEqual([{ body: workLog(ids.cadre1).body, version: String(del.version) }]);
  });

  it('two phones creating the same attendance offline converge on one row, the first id kept', async () => {
    const trainerRow = randomUUID();
    const adminRow = randomUUID();
    const [a] = await push(client, ids.trainer, [
      mutation('attendance', trainerRow, {
        session_id: ids.session,
        cadre_id: ids.cadre1,
        status: 'enrolled',
        method: 'roster'
      })
    ]);
    expect(a.status).toBe('applied');
    const [b] = await push(client, ids.admin, [
      mutation('attendance', adminRow, {
        session_id: ids.session,
        cadre_id: ids.cadre1,
        status: 'present',
        method: 'roster',
        remark: '准时'
      })
    ]);
    expect(b.status).toBe('applied');
    expect(b.row).toMatchObject({ id: trainerRow, status: 'present', remark: '准时' });
    expect(b.version).toBe(b.row?.version);
    const { rows } = await admin.query('select id, status from public.attendance');
    expect(rows).toEqual([{ id: trainerRow, status: 'present' }]);
  });

  it('two phones creating the same attendance at the same moment converge on one row', async () => {
    const other = await connect(db.url);
    try {
      const row = (status: string) => ({ session_id: ids.session, cadre_id: ids.cadre2, status });
      const [[a], [b]] = await Promise.all([
        push(client, ids.trainer, [mutation('attendance', randomUUID(), row('present'))]),
        push(other, ids.admin, [mutation('attendance', randomUUID(), row('late'))])
      ]);
      expect([a.status, b.status]).toEqual(['applied', 'applied']);
      expect(await count('attendance')).toBe(1);
      const merged = a.row ?? b.row;
      expect(merged).toBeDefined();
      const { rows } = await admin.query('select id, status from public.attendance');
      expect(rows[0].id).toBe(merged?.id);
    } finally {
      await other.end();
    }
  });

  it('two phones of one cadre writing the same monthly report converge on one row', async () => {
    await admin.query(
      `insert into public.postings (id, cadre_id, kind, from_unit_id, to_unit_id, starts_on)
       values ($1, $2, 'secondment', $3, $4, current_date - 10)`,
      ['40000000-0000-4000-8000-0000000000aa', ids.cadre1, ids.office, ids.town1]
    );
    const report = (summary: string) => ({
      posting_id: '40000000-0000-4000-8000-0000000000aa',
      cadre_id: ids.cadre1,
      month: '2026-11-01',
      summary
    });
    const first = randomUUID();
    const results = await push(client, ids.cadre1, [
      mutation('posting_reports', first, report('手机上写的')),
      mutation('posting_reports', randomUUID(), report('平板上写的'))
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(results[1].row).toMatchObject({ id: first, summary: '平板上写的' });
    expect(await count('posting_reports')).toBe(1);
  });

  describe('assessments: a transition from a state that has moved on is a conflict', () => {
    const assessment = '60000000-0000-4000-8000-000000000001';
    const otherSupervisor = '20000000-0000-4000-8000-0000000000b1';

    beforeEach(async () => {
      await admin.query(`insert into auth.users (id, email) values ($1, 'b1@test.local')`, [otherSupervisor]);
      await admin.query(
        `insert into public.profiles (id, full_name, role, unit_id, scope_unit_id, sign_level)
         values ($1, '另一位一级审核人', 'supervisor', $2, $3, 1)`,
        [otherSupervisor, ids.office, ids.town1]
      );
      await admin.query(
        `insert into public.assessments (id, cadre_id, kind, period_start, period_end, self_summary, status)
         values ($1, $2, 'annual', '2026-01-01', '2026-12-31', '全年工作总结', 'submitted')`,
        [assessment, ids.cadre1]
      );
    });

    const version = async () =>
      Number((await admin.query('select version from public.assessments where id = $1', [assessment])).rows[0].version);
    const signature = (signer: string, seen: number, level = 1) =>
      mutation('assessment_signatures', randomUUID(), {
        assessment_id: assessment,
        assessment_version: seen,
        level,
        signer_id: signer,
        decision: 'approve'
      });

    it('a level-1 signature on a version someone else already signed comes back as a conflict with the server row', async () => {
      const seen = await version();
      const [first] = await push(client, otherSupervisor, [signature(otherSupervisor, seen)]);
      expect(first.status).toBe('applied');
      const [late] = await push(client, ids.supervisor, [signature(ids.supervisor, seen)]);
      expect(late).toMatchObject({ status: 'conflict', code: 'conflict', row_table: 'assessments' });
      expect(late.row).toMatchObject({ id: assessment, status: 'signed_1', version: await version() });
      expect(late.message).toMatch(/[\u4e00-\u9fff]/);
      const { rows } = await admin.query('select count(*)::int as n from public.assessment_signatures');
      expect(rows[0].n).toBe(1);
    });

    it('the same refusal on the current version is a rejection with the sign-off rule', async () => {
      const [wrong] = await push(client, ids.supervisor, [signature(ids.supervisor, await version(), 2)]);
      expect(wrong).toMatchObject({ status: 'rejected', code: 'signoff_wrong_level' });
      expect(wrong.message).toBe('第2级签字须由签字级别为第2级的主管进行');
      const [ok] = await push(client, ids.supervisor, [signature(ids.supervisor, await version())]);
      expect(ok.status).toBe('applied');
      const [again] = await push(client, ids.supervisor, [signature(ids.supervisor, await version())]);
      expect(again).toMatchObject({ status: 'rejected', code: 'signoff_out_of_order' });
    });

    it("a cadre's offline edit of an assessment submitted meanwhile is a conflict; on the current version, a rejection", async () => {
      await admin.query(`update public.assessments set status = 'draft' where id = $1`, [assessment]);
      const draft = await version();
      const [submit] = await push(client, ids.cadre1, [
        mutation('assessments', assessment, { status: 'submitted' }, { base_version: draft })
      ]);
      expect(submit.status).toBe('applied');
      const [stale] = await push(client, ids.cadre1, [
        mutation('assessments', assessment, { self_summary: '离线补充的总结' }, { base_version: draft })
      ]);
      expect(stale).toMatchObject({ status: 'conflict', row: { status: 'submitted', self_summary: '全年工作总结' } });
      const [current] = await push(client, ids.cadre1, [
        mutation('assessments', assessment, { self_summary: '离线补充的总结' }, { base_version: submit.version })
      ]);
      expect(current).toMatchObject({ status: 'rejected', code: 'assessment_not_editable' });
    });
  });

  it('a patch changes only its own fields, in arrival order', async () => {
    const id = randomUUID();
    await push(client, ids.cadre1, [mutation('work_logs', id, workLog(ids.cadre1))]);
    await push(client, ids.cadre1, [
      mutation('work_logs', id, { category: 'urgent_hard' }),
      mutation('work_logs', id, { body: '第一次' }),
      mutation('work_logs', id, { body: '第二次' })
    ]);
    const { rows } = await admin.query('select category, body, log_date::text from public.work_logs where id = $1', [
      id
    ]);
    expect(rows).toEqual([{ category: 'urgent_hard', body: '第二次', log_date: '2026-11-20' }]);
  });

  describe('a run of new rows goes in as one INSERT, and does exactly what one INSERT per row would', () => {
    /** Pushes as `uid` and counts, in the same transaction, how the mutations were applied. */
    async function pushCounting(uid: string, mutations: unknown) {
      await client.query('begin');
      try {
        await client.query(`set local track_functions = 'all'`);
        await client.query('set local role authenticated');
        await client.query(`select set_config('request.jwt.claims', $1, true)`, [
          JSON.stringify({ sub: uid, role: 'authenticated' })
        ]);
        // the backend's counts not yet flushed to the shared statistics: read before and after
        const calls = async () =>
          (
            await client.query(
              `select f.funcname, f.calls::int from pg_catalog.pg_stat_xact_user_functions f
               where f.schemaname = 'private' and f.funcname in ('sync_insert_run', 'sync_apply_answer')`
            )
          ).rows as { funcname: string; calls: number }[];
        const before = await calls();
        const { rows } = await client.query('select public.sync_push($1::jsonb) as out', [JSON.stringify(mutations)]);
        const after = await calls();
        await client.query('commit');
        const of = (list: typeof before, name: string) => list.find((c) => c.funcname === name)?.calls ?? 0;
        const count = (name: string) => of(after, name) - of(before, name);
        return {
          results: rows[0].out.results as PushResult[],
          runs: count('sync_insert_run'),
          oneByOne: count('sync_apply_answer')
        };
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
    }

    it('200 new work logs: one statement, every one applied, versions in batch order, one audit row each', async () => {
      const batch = Array.from({ length: 200 }, (_, i) =>
        mutation('work_logs', randomUUID(), workLog(ids.cadre1, `日志${i}`))
      );
      const { results, runs, oneByOne } = await pushCounting(ids.cadre1, batch);
      expect({ runs, oneByOne }).toEqual({ runs: 1, oneByOne: 0 });
      expect(results.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));
      expect(results.every((r) => r.status === 'applied')).toBe(true);
      const versions = results.map((r) => r.version!);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(200);
      const { rows } = await admin.query(
        `select w.id, w.version, w.body, w.updated_by from public.work_logs w where w.id = any($1)`,
        [batch.map((m) => m.id)]
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      batch.forEach((m, i) => {
        expect(byId.get(m.id)).toMatchObject({
          version: String(versions[i]),
          body: `日志${i}`,
          updated_by: ids.cadre1
        });
      });
      expect(await count('audit_log', `table_name = 'work_logs' and op = 'INSERT'`)).toBe(200);

      // and the retry is answered from the ledger, changing nothing
      const again = await pushCounting(ids.cadre1, batch);
      expect({ runs: again.runs, oneByOne: again.oneByOne }).toEqual({ runs: 0, oneByOne: 0 });
      expect(again.results.map((r) => [r.status, r.original_status, r.version])).toEqual(
        results.map((r) => ['duplicate', 'applied', r.version])
      );
      expect(await count('work_logs')).toBe(200);
    });

    it('a run with bad rows falls back to one at a time: each refusal named, the rest applied, nothing half-done', async () => {
      const theirs = randomUUID();
      await push(client, ids.cadre2, [mutation('work_logs', theirs, workLog(ids.cadre2))]);
      const mine = randomUUID();
      await push(client, ids.cadre1, [mutation('work_logs', mine, workLog(ids.cadre1))]);

      const batch = [
        mutation('work_logs', randomUUID(), workLog(ids.cadre1, '好的一条')),
        mutation('work_logs', randomUUID(), workLog(ids.cadre1, 'x'.repeat(5001))), // a check
        mutation('work_logs', theirs, workLog(ids.cadre1, '占用别人的编号')), // an id someone else has
        mutation('work_logs', randomUUID(), workLog(ids.cadre2, '替别人写')), // RLS
        mutation('work_logs', mine, workLog(ids.cadre1, '整条重发')), // my own row again: an update
        mutation('work_logs', randomUUID(), { ...workLog(ids.cadre1), log_date: '二〇二六年' }), // a type
        mutation('work_logs', randomUUID(), workLog(ids.cadre1, '又一条好的'))
      ];
      // the failed INSERT of the run counts as no call (statistics count calls that return)
      const { results, oneByOne } = await pushCounting(ids.cadre1, batch);
      expect(oneByOne).toBe(7);
      expect(results.map((r) => r.status)).toEqual([
        'applied',
        'rejected',
        'rejected',
        'rejected',
        'applied',
        'rejected',
        'applied'
      ]);
      expect(results[1]).toMatchObject({ code: 'invalid', message: '日志内容须为1-5000个字' });
      expect(results[2]).toMatchObject({ code: 'forbidden' });
      expect(results[3]).toMatchObject({ code: 'forbidden' });
      expect(results[5]).toMatchObject({ code: 'invalid_type', message: '「日期」的格式不正确' });
      expect(await count('work_logs', 'id = any($1)', [[batch[0].id, batch[6].id]])).toBe(2);
      expect(await count('work_logs', 'id = any($1)', [[batch[1].id, batch[3].id, batch[5].id]])).toBe(0);
      const { rows } = await admin.query('select id, body from public.work_logs where id = any($1) order by body', [
        [theirs, mine]
      ]);
      expect(rows).toEqual(
        [
          { id: theirs, body: workLog(ids.cadre2).body },
          { id: mine, body: '整条重发' }
        ].sort((a, b) => (a.body < b.body ? -1 : 1))
      );
    });

    it('runs break at another table, another set of fields or a repeated id, and the batch keeps its order', async () => {
      // cadre 2 is the one with a posting
      const a = randomUUID();
      const report = {
        posting_id: ids.posting1,
        cadre_id: ids.cadre2,
        month: '2026-11-01',
        summary: '本月走访农户30户'
      };
      const dup = mutation('work_logs', randomUUID(), workLog(ids.cadre2, '重复发送的一条'));
      const batch = [
        mutation('work_logs', a, workLog(ids.cadre2, '第一版')),
        mutation('work_logs', randomUUID(), workLog(ids.cadre2)),
        mutation('posting_reports', randomUUID(), report), // another table: a run of its own
        mutation('work_logs', a, { body: '第二版' }), // an edit: one by one
        mutation('work_logs', randomUUID(), { ...workLog(ids.cadre2), posting_id: ids.posting1 }), // more fields
        dup,
        dup // the same mutation twice in one batch
      ];
      const { results, runs, oneByOne } = await pushCounting(ids.cadre2, batch);
      expect(results.map((r) => r.mutation_id)).toEqual(batch.map((m) => m.mutation_id));
      expect(results.map((r) => r.status)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
        'duplicate'
      ]);
      expect(results[6]).toMatchObject({ original_status: 'applied', version: results[5].version });
      // [a, b] [report] a's edit one by one, [with a posting] [dup], then dup again from the answers
      expect({ runs, oneByOne }).toEqual({ runs: 4, oneByOne: 1 });
      const versions = results.slice(0, 6).map((r) => r.version!);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
      const { rows } = await admin.query('select body from public.work_logs where id = $1', [a]);
      expect(rows).toEqual([{ body: '第二版' }]);
      expect(await count('work_logs')).toBe(4);
      expect(await count('posting_reports')).toBe(1);
    });
  });

  it('a lock timeout fails the whole call (the phone retries), in a run of new rows and one by one', async () => {
    const held = randomUUID();
    const edited = randomUUID();
    await push(client, ids.cadre1, [mutation('work_logs', edited, workLog(ids.cadre1))]);
    await client.query(`set lock_timeout = '200ms'`);
    await admin.query('begin');
    try {
      // another transaction holds the id a phone also creates, and the row a phone edits
      await admin.query(
        `insert into public.work_logs (id, cadre_id, log_date, category, body) values ($1, $2, '2026-11-20', 'routine', '别处')`,
        [held, ids.cadre1]
      );
      await admin.query('select 1 from public.work_logs where id = $1 for update', [edited]);
      const run = [
        mutation('work_logs', randomUUID(), workLog(ids.cadre1)),
        mutation('work_logs', held, workLog(ids.cadre1))
      ];
      await expect(push(client, ids.cadre1, run)).rejects.toMatchObject({ code: '55P03' });
      await expect(push(client, ids.cadre1, [mutation('work_logs', edited, { body: '改' })])).rejects.toMatchObject({
        code: '55P03'
      });
    } finally {
      await admin.query('rollback');
      await client.query('reset lock_timeout');
    }
    // nothing of either call was kept, not even an answer: a retry applies them
    expect(await count('work_logs')).toBe(1);
    const { rows } = await admin.query('select count(*)::int as n from private.sync_mutations');
    expect(rows[0].n).toBe(1);
  });

  it('is for signed-in users only', async () => {
    await admin.query('begin');
    try {
      await admin.query('set local role anon');
      await expect(admin.query(`select public.sync_push('[]')`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await admin.query('rollback');
    }
    await expect(asUser(client, ids.cadre1, 'select * from private.sync_mutations')).rejects.toMatchObject({
      code: '42501'
    });
  });
});
