import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import type { Attendance } from '$lib/schema';
import { checkIn } from './checkin';

const me = '20000000-0000-4000-8000-000000000006';
const session = '40000000-0000-4000-8000-0000000000aa';
const rowId = '42000000-0000-4000-8000-000000000001';

const enrolled = (over: Partial<Attendance> = {}): Attendance => ({
  id: rowId,
  version: 5,
  txid: '1',
  updated_at: '2026-11-27T01:00:00.000Z',
  updated_by: null,
  deleted_at: null,
  session_id: session,
  cadre_id: me,
  status: 'enrolled',
  method: null,
  checkin_code: null,
  checked_in_at: null,
  score: null,
  remark: null,
  marked_by: null,
  marked_at: null,
  ...over
});

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`checkin-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const at = new Date('2026-11-27T02:00:05.000Z');

describe('a self check-in on the phone', () => {
  it('changes only status, method, code and time of my enrolment row, based on its version', async () => {
    await db.attendance.put(enrolled());
    const outcome = await checkIn({ sessionId: session, userId: me, code: '123456', at, db });
    expect(outcome).toEqual({ kind: 'saved', attendanceId: rowId });
    const [entry] = await db.outbox.toArray();
    expect(entry.patch).toEqual({
      status: 'present',
      method: 'qr',
      checkin_code: '123456',
      checked_in_at: at.toISOString()
    });
    expect(entry.base_version).toBe(5);
    expect((await db.attendance.get(rowId))?.status).toBe('present');
  });

  it('creates my row when the enrolment has not reached the phone', async () => {
    const outcome = await checkIn({ sessionId: session, userId: me, code: '654321', at, db });
    expect(outcome.kind).toBe('saved');
    const rows = await db.attendance.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      session_id: session,
      cadre_id: me,
      checkin_code: '654321',
      score: null,
      marked_by: null
    });
  });

  it('does not check in twice: the first check-in stands', async () => {
    await db.attendance.put(
      enrolled({ status: 'present', method: 'qr', checkin_code: '111111', checked_in_at: '2026-11-27T01:59:00.000Z' })
    );
    const outcome = await checkIn({ sessionId: session, userId: me, code: '222222', at, db });
    expect(outcome).toEqual({ kind: 'already', at: '2026-11-27T01:59:00.000Z' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('leaves a row the trainer has marked alone', async () => {
    await db.attendance.put(enrolled({ status: 'excused', method: 'roster' }));
    const outcome = await checkIn({ sessionId: session, userId: me, code: '222222', at, db });
    expect(outcome).toEqual({ kind: 'marked', status: 'excused' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends a new code for a refused check-in as a fresh change that replaces the refused one', async () => {
    await db.attendance.put(enrolled());
    await checkIn({ sessionId: session, userId: me, code: '000000', at, db });
    const refused = (await db.outbox.toArray())[0];
    await db.outbox.put({
      ...refused,
      state: 'rejected',
      code: 'checkin_code_invalid',
      message: '签到码错误',
      attempts: 1
    });

    const later = new Date('2026-11-27T02:01:00.000Z');
    await checkIn({ sessionId: session, userId: me, code: '987654', at: later, db });
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ state: 'pending', attempts: 0 });
    expect(entries[0].mutation_id).not.toBe(refused.mutation_id);
    expect(entries[0].patch).toMatchObject({ checkin_code: '987654', checked_in_at: later.toISOString() });
  });
});
