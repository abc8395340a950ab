import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import { saveRecord } from '$lib/db/write';
import { myCredit, myCurrentPosting, myTrainings } from './data';

const me = '20000000-0000-4000-8000-000000000006';
const sync = { version: 3, txid: '1', updated_at: null, updated_by: null, deleted_at: null };

const session = (id: string, startsAt: string, hours: number) => ({
  ...sync,
  id,
  title: '培训',
  category: 'theory' as const,
  trainer_id: '20000000-0000-4000-8000-000000000005',
  unit_id: null,
  venue: null,
  starts_at: startsAt,
  ends_at: startsAt.replace('T01', 'T04'),
  credit_hours: hours,
  checkin_opens_at: null,
  checkin_closes_at: null,
  closed_at: null
});

const attendance = (id: string, sessionId: string, status: 'enrolled' | 'present' | 'late' | 'absent') => ({
  ...sync,
  id,
  session_id: sessionId,
  cadre_id: me,
  status,
  method: null,
  checkin_code: null,
  checked_in_at: null,
  score: null,
  remark: null,
  marked_by: null,
  marked_at: null
});

const S1 = '40000000-0000-4000-8000-000000000011';
const S2 = '40000000-0000-4000-8000-000000000012';
const S3 = '40000000-0000-4000-8000-000000000013';
const A1 = '41000000-0000-4000-8000-000000000011';
const A2 = '41000000-0000-4000-8000-000000000012';
const A3 = '41000000-0000-4000-8000-000000000013';

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`cadre-data-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe("the cadre's credit hours", () => {
  it('count present and late sessions of this year against the target from settings', async () => {
    await db.training_sessions.bulkPut([
      session(S1, '2026-03-02T01:00:00.000Z', 8),
      session(S2, '2026-05-02T01:00:00.000Z', 4.5),
      session(S3, '2025-05-02T01:00:00.000Z', 6)
    ]);
    await db.attendance.bulkPut([
      attendance(A1, S1, 'present'),
      attendance(A2, S2, 'late'),
      attendance(A3, S3, 'present')
    ]);
    await db.settings.put({
      ...sync,
      id: '60000000-0000-4000-8000-000000000001',
      key: 'annual_credit_hours_target',
      value: 40
    });
    const credit = await myCredit(db, me, new Date('2026-11-27T02:00:00.000Z'));
    expect(credit.year).toBe(2026);
    expect(credit.progress).toMatchObject({ earned: 12.5, target: 40, remaining: 27.5, met: false });
    expect(credit.byYear).toEqual([
      [2026, 12.5],
      [2025, 6]
    ]);
  });

  it('do not count a check-in the server has not yet verified', async () => {
    await db.training_sessions.put(session(S1, '2026-03-02T01:00:00.000Z', 8));
    await db.attendance.put(attendance(A1, S1, 'enrolled'));
    await saveRecord(
      'attendance',
      A1,
      { status: 'present', method: 'qr', checkin_code: '123456', checked_in_at: '2026-03-02T01:01:00.000Z' },
      { userId: me, db }
    );
    const credit = await myCredit(db, me, new Date('2026-11-27T02:00:00.000Z'));
    expect(credit.progress.earned).toBe(0);
    const [training] = await myTrainings(db, me);
    expect(training.attendance.status).toBe('present');
    expect(training.serverStatus).toBe('enrolled');
  });
});

describe("the cadre's current posting", () => {
  it('is the live posting active today in the county calendar, not a deleted one', async () => {
    const base = {
      ...sync,
      cadre_id: me,
      from_unit_id: null,
      to_unit_id: '10000000-0000-4000-8000-000000000017',
      title: null,
      ended_on: null
    };
    await db.postings.bulkPut([
      {
        ...base,
        id: '30000000-0000-4000-8000-000000000001',
        kind: 'secondment',
        starts_on: '2026-08-01',
        planned_end_on: '2027-07-31'
      },
      {
        ...base,
        id: '30000000-0000-4000-8000-000000000002',
        kind: 'rotation',
        starts_on: '2026-10-01',
        planned_end_on: '2027-01-31',
        deleted_at: '2026-10-02T00:00:00.000Z'
      }
    ]);
    expect((await myCurrentPosting(db, me, '2026-11-27'))?.id).toBe('30000000-0000-4000-8000-000000000001');
    expect(await myCurrentPosting(db, me, '2027-08-01')).toBeNull();
  });
});
