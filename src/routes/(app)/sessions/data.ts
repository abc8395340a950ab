// What the trainer's screens write. Every change goes through saveRecord (row + outbox entry in
// one Dexie transaction), so all of it works offline and syncs later.
import { db as defaultDb, type FrontlineDB } from '$lib/db/database';
import { isLive } from '$lib/db/rebase';
import { outboxScope } from '$lib/db/sent';
import { saveRecord, validateRow } from '$lib/db/write';
import { events } from '$lib/events';
import { newSessionSecret } from '$lib/domain/checkin-code';
import type { Attendance, TrainingSession } from '$lib/schema';
import type { Mark } from './roster';

export type SessionFields = Pick<
  TrainingSession,
  | 'title'
  | 'category'
  | 'unit_id'
  | 'venue'
  | 'starts_at'
  | 'ends_at'
  | 'credit_hours'
  | 'checkin_opens_at'
  | 'checkin_closes_at'
>;

interface Options {
  userId: string;
  db?: FrontlineDB;
}

/**
 * A new session and its check-in secret. The secret is made here, on the trainer's phone, so the
 * QR screen works in a village hall that never had a signal. The session's entry comes first in
 * the outbox: the server needs the session before the secret that refers to it.
 */
export async function createSession(fields: SessionFields, { userId, db = defaultDb }: Options): Promise<string> {
  const id = crypto.randomUUID();
  await db.transaction('rw', [db.training_sessions, db.training_session_secrets, ...outboxScope(db)], async () => {
    await saveRecord('training_sessions', id, { ...fields, trainer_id: userId, closed_at: null }, { userId, db });
    await saveRecord(
      'training_session_secrets',
      crypto.randomUUID(),
      { session_id: id, secret: newSessionSecret() },
      { userId, db }
    );
  });
  return id;
}

export async function updateSession(
  id: string,
  fields: SessionFields,
  { userId, db = defaultDb }: Options
): Promise<void> {
  await saveRecord('training_sessions', id, fields, { userId, db });
}

/**
 * 结班. Written as a change of its own, never merged into an earlier unsent edit of the session:
 * the server locks the roster when it applies the close, so the close must reach it after every
 * mark made before it (the outbox is pushed in order).
 */
export async function closeSession(id: string, { userId, db = defaultDb }: Options, now = new Date()): Promise<void> {
  await db.transaction('rw', db.training_sessions, db.outbox, async () => {
    const current = await db.training_sessions.get(id);
    if (!current || !isLive(current) || current.closed_at) return;
    const closedAt = now.toISOString();
    const row = validateRow('training_sessions', { ...current, closed_at: closedAt });
    await db.training_sessions.put(row);
    await db.outbox.add({
      mutation_id: crypto.randomUUID(),
      user_id: userId,
      table: 'training_sessions',
      op: 'upsert',
      row_id: id,
      patch: { closed_at: closedAt },
      base_version: Number(current.version) > 0 ? Number(current.version) : null,
      created_at: closedAt,
      state: 'pending',
      attempts: 0,
      before: { closed_at: null }
    });
  });
  events.emit('outbox.changed', { table: 'training_sessions', rowId: id });
}

/** The roster row of a cadre, if they are on it. */
export async function rosterRowOf(
  sessionId: string,
  cadreId: string,
  db: FrontlineDB = defaultDb
): Promise<Attendance | undefined> {
  const rows = await db.attendance.where('[session_id+cadre_id]').equals([sessionId, cadreId]).toArray();
  return rows.find(isLive);
}

/** Puts a cadre on the roster, unmarked; a cadre already on it stays as they are. */
export async function enrol(sessionId: string, cadreId: string, { userId, db = defaultDb }: Options): Promise<string> {
  const existing = await rosterRowOf(sessionId, cadreId, db);
  if (existing) return existing.id;
  const id = crypto.randomUUID();
  await saveRecord(
    'attendance',
    id,
    {
      session_id: sessionId,
      cadre_id: cadreId,
      status: 'enrolled',
      method: null,
      checkin_code: null,
      checked_in_at: null,
      score: null,
      remark: null,
      marked_by: null,
      marked_at: null
    },
    { userId, db }
  );
  return id;
}

/**
 * The trainer's mark. Only the status is sent: the server stamps method 'roster', marked_by and
 * marked_at, and a mark outranks a cadre's check-in whichever reaches it first.
 */
export async function mark(rowId: string, status: Mark, { userId, db = defaultDb }: Options): Promise<void> {
  await saveRecord('attendance', rowId, { status }, { userId, db });
}

/** 全部出勤: everyone not yet marked becomes present; the trainer then taps the exceptions. */
export async function markAllPresent(sessionId: string, { userId, db = defaultDb }: Options): Promise<number> {
  const unmarked = (await db.attendance.where('session_id').equals(sessionId).toArray()).filter(
    (r) => isLive(r) && r.status === 'enrolled'
  );
  for (const row of unmarked) await saveRecord('attendance', row.id, { status: 'present' }, { userId, db });
  return unmarked.length;
}

/** Score (0–100, or none) and remark; validated by the attendance schema (ValidationError). */
export async function setAssessment(
  rowId: string,
  patch: Partial<Pick<Attendance, 'score' | 'remark'>>,
  { userId, db = defaultDb }: Options
): Promise<void> {
  await saveRecord('attendance', rowId, patch, { userId, db });
}

const BEIJING_OFFSET = '+08:00';
const beijingParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
});

/**
 * A timestamp as a datetime-local input shows it, in the county's time (Beijing, no daylight
 * saving), whatever zone the phone is set to.
 */
export function toBeijingInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const p = Object.fromEntries(beijingParts.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** What a datetime-local input holds, read as Beijing time; '' stays empty (null). */
export function fromBeijingInput(value: string): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?$/.exec(value);
  return m ? `${m[1]}${m[2] ?? ':00'}${BEIJING_OFFSET}` : value;
}
