// Set-up shared by the cadre journeys (tests/e2e/cadre-*.spec.ts): a training made by the demo
// trainer the way the trainer's phone would make it, and reads of the app's IndexedDB.
import { expect, type Page } from '@playwright/test';
import { Api, DEMO_IDS } from './e2e-api';

export const TRAINER_ID = '20000000-0000-4000-8000-000000000005';
const PARTY_SCHOOL = '10000000-0000-4000-8000-000000000032';

export interface TestSession {
  id: string;
  title: string;
  secret: string;
  attendanceId: string;
}

/** A session running now (check-in open), its QR secret, and the demo cadre enrolled in it. */
export async function sessionWithCadreEnrolled(baseURL: string, title: string): Promise<TestSession> {
  const trainer = await Api.signIn(baseURL, 'trainer@demo.local');
  const id = crypto.randomUUID();
  const secret = `e2e-secret-${crypto.randomUUID()}`;
  const attendanceId = crypto.randomUUID();
  const now = Date.now();
  const created = await trainer.push('training_sessions', id, {
    title,
    category: 'practical_skills',
    trainer_id: TRAINER_ID,
    unit_id: PARTY_SCHOOL,
    venue: '县委党校 201 教室',
    starts_at: new Date(now - 5 * 60_000).toISOString(),
    ends_at: new Date(now + 2 * 3600_000).toISOString(),
    credit_hours: 3,
    checkin_opens_at: null,
    checkin_closes_at: null,
    closed_at: null
  });
  expect(created.status, created.message).toBe('applied');
  const secretRow = await trainer.push('training_session_secrets', crypto.randomUUID(), { session_id: id, secret });
  expect(secretRow.status, secretRow.message).toBe('applied');
  const enrol = await trainer.push('attendance', attendanceId, {
    session_id: id,
    cadre_id: DEMO_IDS.cadre,
    status: 'enrolled',
    method: null,
    checkin_code: null,
    checked_in_at: null,
    score: null,
    remark: null,
    marked_by: null,
    marked_at: null
  });
  expect(enrol.status, enrol.message).toBe('applied');
  return { id, title, secret, attendanceId };
}

/** Rows of one store of the app's IndexedDB, read from the page. */
export async function localRows<T = Record<string, unknown>>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('frontline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    try {
      if (!idb.objectStoreNames.contains(name)) return [];
      return await new Promise<unknown[]>((resolve, reject) => {
        const req = idb.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('read failed'));
      });
    } finally {
      idb.close();
    }
  }, store) as Promise<T[]>;
}
