// Secondments (挂职锻炼): county-office cadres, and sci-tech deputy heads from research units, sent
// to townships for a term. The dashboard shows who is where on a date and whose term ends soon,
// so that end-of-posting assessments and replacements are planned in time.
import type { Posting, Unit } from '$lib/schema';
import { daysBetween, type IsoDate } from './calendar';
import { isActiveOn, lastDayOf, type PostingFacts } from './posting-progress';
import { isTownship } from './township';

export const DEFAULT_ENDING_WITHIN_DAYS = 30;
/** A sci-tech deputy head (科技副乡镇长) is seconded for a one-year term too. */
export const DEFAULT_SECONDMENT_KINDS: ReadonlySet<Posting['kind']> = new Set(['secondment', 'sci_tech_deputy']);

export interface TownshipSecondments<P extends PostingFacts> {
  unitId: string;
  /** Active on the date, oldest start first. */
  postings: P[];
}

export interface EndingSoon<P extends PostingFacts> {
  posting: P;
  lastDay: IsoDate;
  /** 0 when the last day is the date itself. */
  daysLeft: number;
}

interface Options {
  kinds?: ReadonlySet<Posting['kind']>;
}

function activeSecondments<P extends PostingFacts>(
  postings: readonly P[],
  on: IsoDate,
  kinds: ReadonlySet<Posting['kind']>
): P[] {
  return postings
    .filter((p) => kinds.has(p.kind) && isActiveOn(p, on))
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on) || a.id.localeCompare(b.id));
}

/** Active secondments on a date for every live township, in the order of `units`, empty ones too. */
export function activeSecondmentsByTownship<P extends PostingFacts>(
  postings: readonly P[],
  units: readonly Pick<Unit, 'id' | 'kind' | 'deleted_at'>[],
  on: IsoDate,
  { kinds = DEFAULT_SECONDMENT_KINDS }: Options = {}
): TownshipSecondments<P>[] {
  const active = activeSecondments(postings, on, kinds);
  return units.filter(isTownship).map((u) => ({ unitId: u.id, postings: active.filter((p) => p.to_unit_id === u.id) }));
}

/**
 * Active secondments whose last day (the recorded end, else the planned one) falls within
 * `withinDays` days of the date, soonest first. Open-ended ones never end soon.
 */
export function secondmentsEndingSoon<P extends PostingFacts>(
  postings: readonly P[],
  on: IsoDate,
  { withinDays = DEFAULT_ENDING_WITHIN_DAYS, kinds = DEFAULT_SECONDMENT_KINDS }: Options & { withinDays?: number } = {}
): EndingSoon<P>[] {
  const out: EndingSoon<P>[] = [];
  for (const posting of activeSecondments(postings, on, kinds)) {
    const lastDay = lastDayOf(posting);
    if (lastDay === null) continue;
    const daysLeft = daysBetween(on, lastDay);
    if (daysLeft <= withinDays) out.push({ posting, lastDay, daysLeft });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.posting.id.localeCompare(b.posting.id));
}
