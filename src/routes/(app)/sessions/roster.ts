// The trainer's arithmetic over a roster: counts on top of the screen, the summary after 结班,
// the enrolment search and the CSV export. Pure: the screens and the tests feed it rows.
import { CREDITED_STATUSES, sumHours } from '$lib/domain/credit-hours';
import type { Attendance, TrainingSession } from '$lib/schema';

/** The four marks a trainer gives, in the order of the buttons. */
export const MARKS = ['present', 'late', 'excused', 'absent'] as const;
export type Mark = (typeof MARKS)[number];

export type RosterRow = Pick<Attendance, 'id' | 'cadre_id' | 'status' | 'deleted_at'>;

export interface AttendanceCounts {
  total: number;
  present: number;
  late: number;
  excused: number;
  absent: number;
  /** Still 'enrolled': nobody marked them and they have not checked in. */
  unmarked: number;
}

/**
 * Counts of the live rows. After 结班 the server turns every unmarked row into 'absent'; a closed
 * session counts them that way at once, before the phone has pulled the server's rows.
 */
export function attendanceCounts(rows: readonly RosterRow[], closed = false): AttendanceCounts {
  const counts: AttendanceCounts = { total: 0, present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 };
  for (const row of rows) {
    if (row.deleted_at) continue;
    counts.total += 1;
    if (row.status === 'enrolled') {
      if (closed) counts.absent += 1;
      else counts.unmarked += 1;
    } else counts[row.status] += 1;
  }
  return counts;
}

/** Attended (present or late) over everyone on the roster; 0 for an empty roster. */
export function attendanceRate(counts: AttendanceCounts): number {
  return counts.total === 0 ? 0 : (counts.present + counts.late) / counts.total;
}

/** Credit hours the session gives: its hours for each trainee who attended. */
export function hoursCredited(counts: AttendanceCounts, creditHours: number): number {
  return sumHours(Array.from({ length: counts.present + counts.late }, () => creditHours));
}

export function earnsHours(status: Attendance['status']): boolean {
  return CREDITED_STATUSES.has(status);
}

/** Upcoming (not closed and not yet over), soonest first; past, latest first. */
export function splitSessions<T extends Pick<TrainingSession, 'starts_at' | 'ends_at' | 'closed_at'>>(
  sessions: readonly T[],
  now: Date
): { upcoming: T[]; past: T[] } {
  const upcoming: T[] = [];
  const past: T[] = [];
  for (const s of sessions) (!s.closed_at && Date.parse(s.ends_at) >= now.getTime() ? upcoming : past).push(s);
  upcoming.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  past.sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at));
  return { upcoming, past };
}

export interface Candidate {
  id: string;
  full_name: string;
  unitName: string;
}

/**
 * Cadres whose name or unit contains every word of the query (spaces separate words; case and
 * full-width spaces ignored). An empty query finds nobody: the list is for a search, not a browse.
 */
export function searchCadres(candidates: readonly Candidate[], query: string, limit = 20): Candidate[] {
  const words = query
    .toLowerCase()
    .split(/[\s\u3000]+/)
    .filter(Boolean);
  if (words.length === 0) return [];
  const out: Candidate[] = [];
  for (const c of candidates) {
    const hay = `${c.full_name} ${c.unitName}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push(c);
    if (out.length >= limit) break;
  }
  return out;
}

/** Sorts a roster the way a trainer calls names: by name in Chinese collation (pinyin order). */
export function byName<T extends { full_name: string }>(a: T, b: T): number {
  return a.full_name.localeCompare(b.full_name, 'zh-Hans-CN');
}
