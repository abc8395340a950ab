// The appointment register through sync_push / sync_pull on the local Postgres server:
// an officer's offline batch retried, a duplicate record, two supervisors signing at once,
// a signature that arrives after the content changed, and what supervisors and the
// appointee pull. The rules themselves are tested in supabase/tests/database/16-appointments.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { buildCounty, connect, ids, mutation, pull, pullAll, push, randomUUID } from './sync-fixtures';

let db: TestDatabase;
let admin: pg.Client; // postgres: fixtures and checks
let client: pg.Client; // the signed-in callers

const level1b = '20000000-0000-4000-8000-0000000000c1';
const level2 = '20000000-0000-4000-8000-0000000000c2';
const level3 = '20000000-0000-4000-8000-0000000000c3';

beforeEach(async () => {
  db = await createTestDatabase({ seed: false, prefix: 'fl_syncappt' });
  admin = await connect(db.url);
  client = await connect(db.url);
  await buildCounty(admin);
  for (const [id, name, scope, level] of [
    [level1b, '另一位一级签字人', ids.town1, 1],
    [level2, '二级签字人', ids.county, 2],
    [level3, '三级签字人', ids.county, 3]
  ] as const) {
    await admin.query(`insert into auth.users (id, email) values ($1, $2)`, [id, `${id}@test.local`]);
    await admin.query(
      `insert into public.profiles (id, full_name, role, unit_id, scope_unit_id, sign_level)
       values ($1, $2, 'supervisor', $3, $4, $5)`,
      [id, name, ids.office, scope, level]
    );
  }
});

afterEach(async () => {
  await client?.end();
  await admin?.end();
  await db?.drop();
});

/** A promotion of cadre 1 (town 1) into town 2's leadership, as the officer's phone sends it. */
function promotion(effectiveOn = '2027-01-04') {
  return {
    cadre_id: ids.cadre1,
    kind: 'promotion',
    from_unit_id: ids.town1,
    from_post: '党政办副主任',
    to_unit_id: ids.town2,
    to_post: '副镇长',
    to_leadership: true,
    effective_on: effectiveOn,
    reasons: '民主推荐得票第一，考察优秀'
  };
}

function endedNotice(appointment: string) {
  return { appointment_id: appointment, starts_on: '2026-11-02', ends_on: '2026-11-06', outcome: 'no_objection' };
}

/**
 * Pulls from `checkpoint` until `want` rows of the register have arrived. The watermark is the
 * oldest open transaction on the whole server, so a test database next door can hold a row
 * back for a pull or two (it then comes on a later pull: the sync contract).
 */
async function pullRegister(uid: string, checkpoint: unknown, want: number) {
  const rows: Awaited<ReturnType<typeof pullAll>>['rows'] = [];
  for (let i = 0; i < 50; i++) {
    const page = await pullAll(client, uid, checkpoint);
    rows.push(...page.rows.filter((r) => r.table.startsWith('appointment')));
    checkpoint = page.checkpoint;
    if (rows.length >= want) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { rows, checkpoint };
}

async function version(appointment: string): Promise<number> {
  const { rows } = await admin.query('select version from public.appointments where id = $1', [appointment]);
  return Number(rows[0].version);
}

function signature(appointment: string, signer: string, seen: number, level: number, decision = 'approve') {
  return mutation('appointment_signatures', randomUUID(), {
    appointment_id: appointment,
    appointment_version: seen,
    level,
    signer_id: signer,
    decision
  });
}

/** A transfer of cadre 1, already submitted (privileged insert: no notice needed for a transfer). */
async function submittedTransfer(): Promise<string> {
  const id = randomUUID();
  await admin.query(
    `insert into public.appointments (id, cadre_id, kind, from_unit_id, from_post, to_unit_id, to_post, effective_on, reasons, status)
     values ($1, $2, 'transfer', $3, '副镇长', $4, '副镇长', '2027-02-01', '工作需要', 'noticed')`,
    [id, ids.cadre1, ids.town1, ids.town2]
  );
  return id;
}

describe('the appointment register over sync', () => {
  it("an officer's offline record, notice and submission land once, in order, however often the batch is retried", async () => {
    const appointment = randomUUID();
    const notice = randomUUID();
    const batch = [
      mutation('appointments', appointment, promotion()),
      mutation('appointment_notices', notice, endedNotice(appointment)),
      mutation('appointments', appointment, { status: 'noticed' })
    ];
    const first = await push(client, ids.admin, batch);
    expect(first.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    // the answer was lost on the way back: the phone sends the batch again, twice
    for (let i = 0; i < 2; i++) {
      const again = await push(client, ids.admin, batch);
      expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(again.map((r) => r.version)).toEqual(first.map((r) => r.version));
    }
    const { rows } = await admin.query(
      `select a.status, a.recorded_by, a.from_frontline, a.probation_ends_on::text,
              (select count(*)::int from public.appointment_notices n where n.appointment_id = a.id) as notices,
              (select count(*)::int from public.appointments) as appointments
       from public.appointments a where a.id = $1`,
      [appointment]
    );
    expect(rows[0]).toEqual({
      status: 'noticed',
      recorded_by: ids.admin,
      from_frontline: true,
      probation_ends_on: '2028-01-04',
      notices: 1,
      appointments: 1
    });
  });

  it('a second record of the same cadre, kind and day is rejected with a message the officer can act on; the first stays', async () => {
    const first = randomUUID();
    const [applied] = await push(client, ids.admin, [mutation('appointments', first, promotion())]);
    expect(applied.status).toBe('applied');
    // the same promotion keyed again on a second phone
    const [second] = await push(client, ids.admin, [mutation('appointments', randomUUID(), promotion())]);
    expect(second).toMatchObject({
      status: 'rejected',
      code: 'duplicate_key',
      message: '该干部在同一天已有同类任用记录，不能重复登记'
    });
    const [otherDay] = await push(client, ids.admin, [mutation('appointments', randomUUID(), promotion('2027-01-05'))]);
    expect(otherDay.status).toBe('applied');
    const { rows } = await admin.query('select id from public.appointments where effective_on = $1', ['2027-01-04']);
    expect(rows).toEqual([{ id: first }]);
  });

  it('a submission refused by the notice rule is rejected with the rule, and the record stays a draft', async () => {
    const appointment = randomUUID();
    const [created, submitted] = await push(client, ids.admin, [
      mutation('appointments', appointment, promotion()),
      mutation('appointments', appointment, { status: 'noticed' })
    ]);
    expect(created.status).toBe('applied');
    expect(submitted).toMatchObject({ status: 'rejected', code: 'appointment_notice_required' });
    expect(submitted.message).toBe('提拔和考录须经任前公示，公示结束且无影响任用的问题后才能提交签字');
    const [short] = await push(client, ids.admin, [
      mutation('appointment_notices', randomUUID(), {
        appointment_id: appointment,
        starts_on: '2026-11-02',
        ends_on: '2026-11-05'
      })
    ]);
    expect(short).toMatchObject({ status: 'rejected', code: 'notice_too_short' });
    expect(short.message).toBe('公示期不少于5个工作日（2026-11-02至2026-11-05只有4个工作日）');
    const { rows } = await admin.query('select status from public.appointments where id = $1', [appointment]);
    expect(rows[0].status).toBe('draft');
  });

  it('two level-1 supervisors signing the same version at once: one signs, the other gets a conflict with the record now', async () => {
    const appointment = await submittedTransfer();
    const seen = await version(appointment);
    const [first] = await push(client, level1b, [signature(appointment, level1b, seen, 1)]);
    expect(first.status).toBe('applied');
    const [late] = await push(client, ids.supervisor, [signature(appointment, ids.supervisor, seen, 1)]);
    expect(late).toMatchObject({ status: 'conflict', code: 'conflict', row_table: 'appointments' });
    expect(late.message).toBe('该任用记录已被他人处理，请查看最新内容后再操作');
    expect(late.row).toMatchObject({ id: appointment, status: 'signed_1', version: await version(appointment) });
    const { rows } = await admin.query('select count(*)::int as n from public.appointment_signatures');
    expect(rows[0].n).toBe(1);
  });

  it('a level-2 approval of content the officer changed meanwhile is a conflict; the level-1 approval is void', async () => {
    const appointment = await submittedTransfer();
    const [l1] = await push(client, ids.supervisor, [
      signature(appointment, ids.supervisor, await version(appointment), 1)
    ]);
    expect(l1.status).toBe('applied');
    const seenByLevel2 = await version(appointment); // level 2 opens the record offline
    const [edit] = await push(client, ids.admin, [
      mutation('appointments', appointment, { reasons: '工作需要，本人服从组织安排' })
    ]);
    expect(edit.status).toBe('applied');
    // level 2 finds a network and sends the approval of what they read
    const [l2] = await push(client, level2, [signature(appointment, level2, seenByLevel2, 2)]);
    expect(l2).toMatchObject({ status: 'conflict', row_table: 'appointments' });
    expect(l2.row).toMatchObject({ status: 'noticed', reasons: '工作需要，本人服从组织安排' });
    const { rows } = await admin.query(
      `select count(*) filter (where voided_at is null)::int as live, count(*)::int as all
       from public.appointment_signatures where appointment_id = $1`,
      [appointment]
    );
    expect(rows[0]).toEqual({ live: 0, all: 1 });
  });

  it("a notice written while the record was a draft reaches the supervisor's pull when the record is submitted", async () => {
    const start = await pullAll(client, ids.supervisor, null);
    const appointment = randomUUID();
    const notice = randomUUID();
    await push(client, ids.admin, [
      mutation('appointments', appointment, promotion()),
      mutation('appointment_notices', notice, endedNotice(appointment))
    ]);
    const whileDraft = await pullAll(client, ids.supervisor, start.checkpoint);
    expect(whileDraft.rows.filter((r) => r.table.startsWith('appointment'))).toEqual([]);

    const [submitted] = await push(client, ids.admin, [mutation('appointments', appointment, { status: 'noticed' })]);
    expect(submitted.status).toBe('applied');
    const after = await pullRegister(ids.supervisor, whileDraft.checkpoint, 2);
    const got = after.rows.map((r) => `${r.table}:${r.row.id}`);
    expect(got.sort()).toEqual([`appointment_notices:${notice}`, `appointments:${appointment}`].sort());
    // nothing repeats on the next pull
    const next = await pull(client, ids.supervisor, after.checkpoint);
    expect(next.rows.filter((r) => r.table.startsWith('appointment'))).toEqual([]);
  });

  it('the appointee pulls their appointment only when it is final (not its notice or signatures); other cadres never', async () => {
    const appointment = await submittedTransfer();
    const start = await pullAll(client, ids.cadre1, null);
    expect(start.rows.filter((r) => r.table.startsWith('appointment'))).toEqual([]);
    for (const [signer, level] of [
      [ids.supervisor, 1],
      [level2, 2],
      [level3, 3]
    ] as const) {
      const [r] = await push(client, signer, [signature(appointment, signer, await version(appointment), level)]);
      expect(r.status).toBe('applied');
    }
    const final = await pullRegister(ids.cadre1, start.checkpoint, 1);
    const appointments = final.rows.filter((r) => r.table === 'appointments');
    expect(appointments.map((r) => [r.row.id, r.row.status])).toEqual([[appointment, 'final']]);
    expect(final.rows.filter((r) => r.table.startsWith('appointment_'))).toEqual([]);
    const other = await pullAll(client, ids.cadre2, null);
    expect(other.rows.filter((r) => r.table.startsWith('appointment'))).toEqual([]);
  });
});
