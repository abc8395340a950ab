// The cadre's own records as the screens read them from the phone's database. Every list leaves
// out tombstones (isLive), so a deleted log or a withdrawn posting never shows, offline or not.
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import { entriesOf } from '$lib/db/row-state';
import { isLive, serverView, type Row } from '$lib/db/rebase';
import { countyDate, countyYear } from '$lib/domain/calendar';
import { annualTarget, creditHoursByYear, creditProgress, type CreditProgress } from '$lib/domain/credit-hours';
import { currentPosting } from '$lib/domain/posting-progress';
import type { Attendance, Posting, TableName, TrainingSession, Unit } from '$lib/schema';

/** Today in the county's calendar: what a log's date and a posting's day count mean. */
export const today = (): string => countyDate(new Date());

export async function myPostings(db: FrontlineDB, userId: string): Promise<Posting[]> {
  const rows = await db.postings.where('cadre_id').equals(userId).toArray();
  return rows.filter(isLive).sort((a, b) => b.starts_on.localeCompare(a.starts_on) || b.id.localeCompare(a.id));
}

export async function myCurrentPosting(db: FrontlineDB, userId: string, on = today()): Promise<Posting | null> {
  return currentPosting(await myPostings(db, userId), userId, on);
}

/** Unit names by id; a unit not (yet) on the phone is simply missing. */
export async function unitNames(db: FrontlineDB, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  const units = await db.units.bulkGet(wanted);
  return new Map(units.filter((u): u is Unit => !!u && isLive(u)).map((u) => [u.id, u.name]));
}

export interface MyTraining {
  attendance: Attendance;
  session: TrainingSession;
  /** The status the server holds: a check-in not yet verified does not count as attended. */
  serverStatus: Attendance['status'];
}

/** Sessions I am enrolled in, with my attendance row; soonest first. */
export async function myTrainings(db: FrontlineDB, userId: string): Promise<MyTraining[]> {
  const rows = (await db.attendance.where('cadre_id').equals(userId).toArray()).filter(isLive);
  const sessions = await db.training_sessions.bulkGet(rows.map((r) => r.session_id));
  const out: MyTraining[] = [];
  for (const [i, attendance] of rows.entries()) {
    const session = sessions[i];
    if (!session || !isLive(session)) continue;
    const entries = await entriesOf(db, 'attendance', attendance.id);
    const server = entries.length
      ? (serverView(attendance as unknown as Row, entries) as unknown as Attendance)
      : attendance;
    out.push({ attendance, session, serverStatus: server.status });
  }
  return out.sort((a, b) => a.session.starts_at.localeCompare(b.session.starts_at));
}

export interface CreditSummary {
  year: number;
  progress: CreditProgress;
  byYear: [number, number][];
}

/**
 * Hours count only what the server holds: a check-in still waiting (or refused) at sync has not
 * earned anything yet, so the row's unsynced status is set aside.
 */
export async function myCredit(db: FrontlineDB, userId: string, now = new Date()): Promise<CreditSummary> {
  const local = await db.attendance.where('cadre_id').equals(userId).toArray();
  const attendance = await Promise.all(
    local.map(async (row) => {
      const entries = await entriesOf(db, 'attendance', row.id);
      return entries.length ? (serverView(row as unknown as Row, entries) as unknown as Attendance) : row;
    })
  );
  const sessions = (await db.training_sessions.bulkGet(attendance.map((a) => a.session_id))).filter(
    (s): s is TrainingSession => !!s
  );
  const byYear = creditHoursByYear(attendance, sessions, userId);
  const year = countyYear(now);
  const target = annualTarget(await db.settings.toArray());
  return {
    year,
    progress: creditProgress(byYear.get(year) ?? 0, target),
    byYear: [...byYear].sort(([a], [b]) => b - a)
  };
}

/** The outbox entries of one record that need the person (rejected or conflicting), oldest first. */
export async function attentionOf(db: FrontlineDB, table: TableName, rowId: string): Promise<OutboxEntry[]> {
  return (await entriesOf(db, table, rowId)).filter((e) => e.state !== 'pending');
}
