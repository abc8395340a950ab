import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import {
  closeSession,
  createSession,
  enrol,
  fromBeijingInput,
  mark,
  markAllPresent,
  setAssessment,
  toBeijingInput,
  updateSession,
  type SessionFields
} from './data';

const trainer = '20000000-0000-4000-8000-000000000005';
const cadres = [
  'b5841b03-e57f-47e7-8f0b-d121395436ef',
  'c5841b03-e57f-47e7-8f0b-d121395436ef',
  'd5841b03-e57f-47e7-8f0b-d121395436ef'
];
const fields: SessionFields = {
  title: '冬季瓜菜种植',
  category: 'practical_skills',
  unit_id: null,
  venue: '本号镇农业服务中心',
  starts_at: '2026-11-27T09:00:00+08:00',
  ends_at: '2026-11-27T12:00:00+08:00',
  credit_hours: 3,
  checkin_opens_at: null,
  checkin_closes_at: null
};

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`trainer-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});
const opts = () => ({ userId: trainer, db });

describe('a trainer’s session on the phone', () => {
  it('creates the session and its check-in secret, session first in the outbox', async () => {
    const id = await createSession(fields, opts());
    const secret = await db.training_session_secrets.where('session_id').equals(id).first();
    expect(secret?.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((e) => e.table)).toEqual(['training_sessions', 'training_session_secrets']);
    expect(entries[0].patch).toMatchObject({ trainer_id: trainer, title: '冬季瓜菜种植' });
  });

  it('enrols a cadre once, however often they are added', async () => {
    const id = await createSession(fields, opts());
    const a = await enrol(id, cadres[0], opts());
    expect(await enrol(id, cadres[0], opts())).toBe(a);
    expect(await db.attendance.where('session_id').equals(id).count()).toBe(1);
  });

  it('marks all unmarked trainees present and leaves the marked ones alone', async () => {
    const id = await createSession(fields, opts());
    const rows = [];
    for (const c of cadres) rows.push(await enrol(id, c, opts()));
    await mark(rows[0], 'excused', opts());
    expect(await markAllPresent(id, opts())).toBe(2);
    const statuses = (await db.attendance.bulkGet(rows)).map((r) => r?.status);
    expect(statuses).toEqual(['excused', 'present', 'present']);
  });

  it('refuses a score above 100 with the schema’s message', async () => {
    const id = await createSession(fields, opts());
    const row = await enrol(id, cadres[0], opts());
    await expect(setAssessment(row, { score: 101 }, opts())).rejects.toMatchObject({
      fieldErrors: { score: 'validation.score' }
    });
    await setAssessment(row, { score: 88, remark: '认真' }, opts());
    expect(await db.attendance.get(row)).toMatchObject({ score: 88, remark: '认真' });
  });

  it('queues the close after the marks made before it, even when the session has an unsent edit', async () => {
    const id = await createSession(fields, opts());
    const row = await enrol(id, cadres[0], opts());
    await updateSession(id, { ...fields, venue: '村委会' }, opts());
    await mark(row, 'late', opts());
    await closeSession(id, opts(), new Date('2026-11-27T04:30:00Z'));
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.at(-1)).toMatchObject({
      table: 'training_sessions',
      patch: { closed_at: '2026-11-27T04:30:00.000Z' }
    });
    expect(entries.findIndex((e) => e.table === 'attendance')).toBeLessThan(entries.length - 1);
    expect((await db.training_sessions.get(id))?.closed_at).toBe('2026-11-27T04:30:00.000Z');
  });
});

describe('Beijing time in the form', () => {
  it('shows a timestamp in Beijing time and reads the input back as Beijing time', () => {
    expect(toBeijingInput('2026-11-27T01:05:00Z')).toBe('2026-11-27T09:05');
    expect(fromBeijingInput('2026-11-27T09:05')).toBe('2026-11-27T09:05:00+08:00');
    expect(fromBeijingInput('')).toBeNull();
  });
});
