// Credit hours (学时): what a cadre earns by attending training, counted per calendar year in the
// county's time zone and measured against the annual target the organization department sets.
import type { Attendance, Setting, TrainingSession } from '$lib/schema';
import { countyYear, isLive } from './calendar';

export const ANNUAL_TARGET_SETTING_KEY = 'annual_credit_hours_target';
export const DEFAULT_ANNUAL_TARGET = 50;

/** Only attending earns hours: enrolled, excused and absent earn nothing. */
export const CREDITED_STATUSES: ReadonlySet<Attendance['status']> = new Set(['present', 'late']);

export type AttendanceFacts = Pick<Attendance, 'session_id' | 'cadre_id' | 'status' | 'deleted_at'>;
export type SessionFacts = Pick<TrainingSession, 'id' | 'starts_at' | 'credit_hours' | 'deleted_at'>;

export interface Credit {
  cadreId: string;
  sessionId: string;
  /** The county calendar year of the session's start. */
  year: number;
  hours: number;
}

export function earnsCredit(status: Attendance['status']): boolean {
  return CREDITED_STATUSES.has(status);
}

/**
 * The annual target from the settings rows: a positive number (or numeric string, as JSON
 * settings sometimes arrive); anything else, or no live row, gives the default.
 */
export function annualTarget(settings: readonly Pick<Setting, 'key' | 'value' | 'deleted_at'>[]): number {
  const row = settings.find((s) => s.key === ANNUAL_TARGET_SETTING_KEY && isLive(s));
  const value = typeof row?.value === 'string' && row.value.trim() !== '' ? Number(row.value) : row?.value;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_ANNUAL_TARGET;
}

/**
 * One credit per (cadre, session) attended. Rows of tombstoned attendance or sessions, or of
 * sessions not (yet) on this device, earn nothing. Two live rows for the same pair (possible on a
 * phone before the server merges them) count once.
 */
export function credits(attendance: readonly AttendanceFacts[], sessions: readonly SessionFacts[]): Credit[] {
  const liveSessions = new Map(sessions.filter(isLive).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const out: Credit[] = [];
  for (const row of attendance) {
    const session = liveSessions.get(row.session_id);
    if (!session || !isLive(row) || !earnsCredit(row.status)) continue;
    const pair = `${row.cadre_id} ${row.session_id}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    out.push({
      cadreId: row.cadre_id,
      sessionId: session.id,
      year: countyYear(session.starts_at),
      hours: session.credit_hours
    });
  }
  return out;
}

/**
 * Sums in hundredths of an hour, so that 0.1 + 0.2 h shows as 0.3 h: session hours are entered
 * with at most two decimals.
 */
export function sumHours(hours: Iterable<number>): number {
  let hundredths = 0;
  for (const h of hours) hundredths += Math.round(h * 100);
  return hundredths / 100;
}

/** A cadre's credit hours per year, years ascending. */
export function creditHoursByYear(
  attendance: readonly AttendanceFacts[],
  sessions: readonly SessionFacts[],
  cadreId: string
): Map<number, number> {
  const perYear = new Map<number, number[]>();
  for (const c of credits(attendance, sessions)) {
    if (c.cadreId !== cadreId) continue;
    const hours = perYear.get(c.year) ?? [];
    hours.push(c.hours);
    perYear.set(c.year, hours);
  }
  return new Map([...perYear].sort(([a], [b]) => a - b).map(([year, hours]) => [year, sumHours(hours)]));
}

/** A cadre's credit hours in one year (the home screen's "学时"). */
export function creditHoursInYear(
  attendance: readonly AttendanceFacts[],
  sessions: readonly SessionFacts[],
  cadreId: string,
  year: number
): number {
  return creditHoursByCadre(attendance, sessions, [cadreId], year).get(cadreId) ?? 0;
}

/** Credit hours of each cadre in a set for one year; every cadre of the set appears, 0 if need be. */
export function creditHoursByCadre(
  attendance: readonly AttendanceFacts[],
  sessions: readonly SessionFacts[],
  cadreIds: Iterable<string>,
  year: number
): Map<string, number> {
  const perCadre = new Map<string, number[]>([...cadreIds].map((id) => [id, []]));
  for (const c of credits(attendance, sessions)) {
    if (c.year === year) perCadre.get(c.cadreId)?.push(c.hours);
  }
  return new Map([...perCadre].map(([id, hours]) => [id, sumHours(hours)]));
}

export interface CreditProgress {
  earned: number;
  target: number;
  /** earned / target, not capped: 1.2 means 120 % of the target. A target of 0 counts as met. */
  ratio: number;
  /** Hours still needed, never below 0. */
  remaining: number;
  met: boolean;
}

export function creditProgress(earned: number, target: number = DEFAULT_ANNUAL_TARGET): CreditProgress {
  const ratio = target > 0 ? earned / target : 1;
  return {
    earned,
    target,
    ratio,
    remaining: Math.max(0, sumHours([target, -earned])),
    met: earned >= target
  };
}

/**
 * Lower bounds of the distribution buckets, ascending, the first 0. Each bucket holds the totals
 * from its bound up to (not including) the next: [0, 1), [1, 20), [20, 50), [50, ∞), which for
 * whole hours reads "0, 1–19, 20–49, ≥50". A total under one hour counts with the zero bucket.
 */
export const DEFAULT_BUCKET_BOUNDS: readonly number[] = [0, 1, 20, 50];

export interface CreditHourBucket {
  /** Inclusive lower bound. */
  min: number;
  /** Exclusive upper bound; null for the last, open bucket. */
  below: number | null;
  count: number;
}

/** How many cadres fall into each bucket of credit hours (training-coverage dashboard). */
export function creditHourDistribution(
  totals: Iterable<number>,
  bounds: readonly number[] = DEFAULT_BUCKET_BOUNDS
): CreditHourBucket[] {
  if (bounds.length === 0 || bounds[0] !== 0 || bounds.some((b, i) => i > 0 && b <= bounds[i - 1])) {
    throw new RangeError('bucket bounds must start at 0 and ascend strictly');
  }
  const buckets = bounds.map((min, i) => ({ min, below: bounds[i + 1] ?? null, count: 0 }));
  for (const total of totals) {
    let index = 0;
    while (index + 1 < bounds.length && total >= bounds[index + 1]) index += 1;
    buckets[index].count += 1;
  }
  return buckets;
}
