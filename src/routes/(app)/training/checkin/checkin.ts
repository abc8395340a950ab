// A self check-in, saved on the phone: the cadre's attendance row gets the code and the moment it
// was scanned or typed, nothing else. The phone cannot read the session secret, so it does not
// judge the code: the database verifies it at sync and a refusal comes back on the record.
import { db as defaultDb, type FrontlineDB } from '$lib/db/database';
import { retryEntry } from '$lib/db/outbox';
import { isLive } from '$lib/db/rebase';
import { saveRecord } from '$lib/db/write';
import { entriesOf } from '$lib/db/row-state';
import type { Attendance } from '$lib/schema';

export type CheckinOutcome =
  | { kind: 'saved'; attendanceId: string }
  /** Already checked in (a later check-in would be ignored by the server: the first stands). */
  | { kind: 'already'; at: string }
  /** The trainer has marked this cadre: a check-in changes nothing. */
  | { kind: 'marked'; status: Attendance['status'] };

export async function checkIn(input: {
  sessionId: string;
  userId: string;
  code: string;
  at?: Date;
  db?: FrontlineDB;
}): Promise<CheckinOutcome> {
  const database = input.db ?? defaultDb;
  const patch = {
    status: 'present' as const,
    method: 'qr' as const,
    checkin_code: input.code,
    checked_in_at: (input.at ?? new Date()).toISOString()
  };
  const row = (
    await database.attendance.where('[session_id+cadre_id]').equals([input.sessionId, input.userId]).toArray()
  ).find(isLive);

  if (!row) {
    const id = crypto.randomUUID();
    await saveRecord(
      'attendance',
      id,
      {
        ...patch,
        session_id: input.sessionId,
        cadre_id: input.userId,
        score: null,
        remark: null,
        marked_by: null,
        marked_at: null
      },
      { userId: input.userId, db: database }
    );
    return { kind: 'saved', attendanceId: id };
  }

  const entries = await entriesOf(database, 'attendance', row.id);
  const refused = entries.filter((e) => e.state !== 'pending');
  if (refused.length > 0) {
    // a new code for a refused check-in: the refused change goes back with it
    await retryEntry(refused[0].seq!, { patch, db: database });
    return { kind: 'saved', attendanceId: row.id };
  }
  if (row.checked_in_at) return { kind: 'already', at: row.checked_in_at };
  if (row.method === 'roster' && row.status !== 'enrolled') return { kind: 'marked', status: row.status };
  await saveRecord('attendance', row.id, patch, { userId: input.userId, db: database });
  return { kind: 'saved', attendanceId: row.id };
}
