// The appointment register (选拔任用记实) as the department and the reports read it. The rules
// here repeat the database's (20261206001400_appointments.sql) only to answer before a sync: the
// server decides.
import { addDays, differenceInBusinessDays } from 'date-fns';
import type { Appointment, AppointmentNotice, AppointmentSignature, Assessment } from '$lib/schema';
import { addDaysTo, daysBetween, fullYearsBetween, isLive, parseDay, type IsoDate } from './calendar';

/** A notice lasts at least this many working days (任前公示不少于5个工作日). */
export const NOTICE_WORKING_DAYS = 5;
/** A township head moved before this many years in post needs a report to the province. */
export const SHORT_TENURE_YEARS = 3;

type Moved = Pick<Appointment, 'kind' | 'from_head' | 'from_post_since' | 'effective_on'>;

/** Monday to Friday in [from, to], both ends counted (public holidays are not known). */
export function workingDays(from: IsoDate, to: IsoDate): number {
  if (to < from) return 0;
  return differenceInBusinessDays(addDays(parseDay(to), 1), parseDay(from));
}

/** Moving a township head who took the post less than 3 years before (任期不到3年调整交流). */
export function needsProvinceReport(a: Moved): boolean {
  return (
    a.from_head &&
    !!a.from_post_since &&
    a.kind !== 'confirmation' &&
    a.kind !== 'recruitment' &&
    fullYearsBetween(a.from_post_since, a.effective_on) < SHORT_TENURE_YEARS
  );
}

/** The level an appointment waits for; null when it waits for none. */
export function awaitedAppointmentLevel(status: Appointment['status']): 1 | 2 | 3 | null {
  return status === 'noticed' ? 1 : status === 'signed_1' ? 2 : status === 'signed_2' ? 3 : null;
}

/** What stands between a draft (or a returned record) and its submission, as message keys. */
export function submissionBlockers(
  a: Pick<Appointment, 'kind' | 'status' | 'confirms_id' | 'discipline_opinion'>,
  notice: Pick<AppointmentNotice, 'outcome' | 'deleted_at'> | undefined
): string[] {
  if (a.status !== 'draft' && a.status !== 'returned') return [];
  const out: string[] = [];
  if (a.kind === 'promotion' || a.kind === 'recruitment') {
    const live = notice && isLive(notice) ? notice : undefined;
    if (!live) out.push('appointments.submit.needs_notice');
    else if (live.outcome === 'pending') out.push('appointments.submit.notice_pending');
    else if (live.outcome === 'objection_upheld') out.push('appointments.submit.objection_upheld');
  }
  if (a.kind === 'confirmation' && (!a.confirms_id || !a.discipline_opinion))
    out.push('appointments.submit.needs_opinion');
  return out;
}

/** The signatures that still count, one per level at most (approvals before a return included). */
export function liveChain<S extends Pick<AppointmentSignature, 'level' | 'voided_at' | 'deleted_at' | 'signed_at'>>(
  signatures: readonly S[]
): Map<number, S> {
  const out = new Map<number, S>();
  for (const s of [...signatures]
    .filter((s) => isLive(s) && !s.voided_at)
    .sort((a, b) => a.signed_at.localeCompare(b.signed_at)))
    out.set(s.level, s);
  return out;
}

type Counted = Pick<Appointment, 'kind' | 'status' | 'effective_on' | 'deleted_at'>;

/** Final appointments by year and kind: year → kind → count, years ascending. */
export function appointmentsByKindAndYear(
  appointments: readonly Counted[]
): { year: number; counts: Partial<Record<Appointment['kind'], number>>; total: number }[] {
  const byYear = new Map<number, Partial<Record<Appointment['kind'], number>>>();
  for (const a of appointments) {
    if (!isLive(a) || a.status !== 'final') continue;
    const year = Number(a.effective_on.slice(0, 4));
    const counts = byYear.get(year) ?? {};
    counts[a.kind] = (counts[a.kind] ?? 0) + 1;
    byYear.set(year, counts);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, counts]) => ({ year, counts, total: Object.values(counts).reduce((s, n) => s + (n ?? 0), 0) }));
}

export interface ProbationDue<A> {
  appointment: A;
  endsOn: IsoDate;
  /** Days from today to the end of probation (negative: overdue). */
  daysLeft: number;
  overdue: boolean;
}

/**
 * Probations (试用期) not yet ended by a final confirmation, ending within `withinDays` from today
 * or already overdue, soonest first.
 */
export function probationDue<
  A extends Pick<Appointment, 'id' | 'kind' | 'status' | 'probation_ends_on' | 'confirms_id' | 'deleted_at'>
>(appointments: readonly A[], today: IsoDate, { withinDays = 60 }: { withinDays?: number } = {}): ProbationDue<A>[] {
  const confirmed = new Set(
    appointments
      .filter((a) => isLive(a) && a.kind === 'confirmation' && a.status === 'final' && a.confirms_id)
      .map((a) => a.confirms_id)
  );
  const horizon = addDaysTo(today, withinDays);
  return appointments
    .filter(
      (a): a is A & { probation_ends_on: IsoDate } =>
        isLive(a) &&
        a.status === 'final' &&
        !!a.probation_ends_on &&
        !confirmed.has(a.id) &&
        a.probation_ends_on <= horizon
    )
    .map((a) => {
      const daysLeft = daysBetween(today, a.probation_ends_on);
      return { appointment: a, endsOn: a.probation_ends_on, daysLeft, overdue: daysLeft < 0 };
    })
    .sort((a, b) => a.endsOn.localeCompare(b.endsOn));
}

/**
 * The tracking assessments of a probation (试用期跟踪考核): the cadre's probation assessments whose
 * period lies within [effective_on, probation_ends_on], oldest first. Linked by period, not by a
 * column, so an assessment made in the review screens counts without naming the appointment.
 */
export function trackingAssessments<
  A extends Pick<Assessment, 'cadre_id' | 'kind' | 'period_start' | 'period_end' | 'deleted_at'>
>(promotion: Pick<Appointment, 'cadre_id' | 'effective_on' | 'probation_ends_on'>, assessments: readonly A[]): A[] {
  const ends = promotion.probation_ends_on;
  if (!ends) return [];
  return assessments
    .filter(
      (a) =>
        isLive(a) &&
        a.kind === 'probation' &&
        a.cadre_id === promotion.cadre_id &&
        a.period_start >= promotion.effective_on &&
        a.period_end <= ends
    )
    .sort((a, b) => a.period_start.localeCompare(b.period_start) || a.period_end.localeCompare(b.period_end));
}

/** The < 3-year moves of township heads, each with whether its report to the province is attached. */
export function shortTenureMoves<A extends Moved & Pick<Appointment, 'province_report_ref' | 'deleted_at'>>(
  appointments: readonly A[]
): { appointment: A; reported: boolean }[] {
  return appointments
    .filter((a) => isLive(a) && needsProvinceReport(a))
    .sort((a, b) => a.effective_on.localeCompare(b.effective_on))
    .map((a) => ({ appointment: a, reported: !!a.province_report_ref }));
}
