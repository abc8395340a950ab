// Where a cadre stands in a posting: "第 N 天 / 共 M 天", which posting is current, and the career
// across units (履历). End dates are the last day in post (a posting may end on the day it starts),
// so day counts include both the first and the last day.
import type { Posting, Profile } from '$lib/schema';
import { daysBetween, isLive, type IsoDate } from './calendar';

export type PostingFacts = Pick<
  Posting,
  | 'id'
  | 'cadre_id'
  | 'kind'
  | 'from_unit_id'
  | 'to_unit_id'
  | 'title'
  | 'starts_on'
  | 'planned_end_on'
  | 'ended_on'
  | 'deleted_at'
>;

export type PostingProgress =
  | { state: 'upcoming'; startsInDays: number; totalDays: number | null }
  /** day 1 is starts_on; day may pass totalDays when the posting runs past its planned end. */
  | { state: 'active'; day: number; totalDays: number | null }
  | { state: 'done'; lastDay: IsoDate; totalDays: number | null };

/** The last day in post: the actual end once recorded, else the planned one; null when open-ended. */
export function lastDayOf(posting: Pick<Posting, 'planned_end_on' | 'ended_on'>): IsoDate | null {
  return posting.ended_on ?? posting.planned_end_on;
}

/** Planned length in days, counting the first and the last; null for an open-ended posting. */
export function plannedDays(posting: Pick<Posting, 'starts_on' | 'planned_end_on'>): number | null {
  return posting.planned_end_on === null ? null : daysBetween(posting.starts_on, posting.planned_end_on) + 1;
}

export function postingProgress(
  posting: Pick<Posting, 'starts_on' | 'planned_end_on' | 'ended_on'>,
  on: IsoDate
): PostingProgress {
  const totalDays = plannedDays(posting);
  const lastDay = lastDayOf(posting);
  if (on < posting.starts_on) return { state: 'upcoming', startsInDays: daysBetween(on, posting.starts_on), totalDays };
  if (lastDay !== null && on > lastDay) return { state: 'done', lastDay, totalDays };
  return { state: 'active', day: daysBetween(posting.starts_on, on) + 1, totalDays };
}

export function isActiveOn(posting: PostingFacts, on: IsoDate): boolean {
  return isLive(posting) && postingProgress(posting, on).state === 'active';
}

/**
 * The cadre's posting on a date: of the live postings active then, the one that started last
 * (a short assignment inside a long secondment is where the cadre actually is). null if none.
 */
export function currentPosting<P extends PostingFacts>(postings: readonly P[], cadreId: string, on: IsoDate): P | null {
  let current: P | null = null;
  for (const p of postings) {
    if (p.cadre_id !== cadreId || !isActiveOn(p, on)) continue;
    // ties on the start date go to the larger id, so that every phone picks the same one
    if (!current || p.starts_on > current.starts_on || (p.starts_on === current.starts_on && p.id > current.id)) {
      current = p;
    }
  }
  return current;
}

export type CareerEntry =
  | { kind: 'home'; unitId: string; since: IsoDate | null }
  | { kind: 'posting'; posting: PostingFacts; unitId: string; since: IsoDate; until: IsoDate | null };

/**
 * The career (履历), newest first: every live posting, and the home unit since in_unit_since.
 * When a rotation or exchange is what brought the cadre to the home unit (same unit, same day), the
 * posting stands for both and the home entry is left out, so that one move is not listed twice.
 * A home unit without a date goes last: nothing says when it began.
 */
export function careerTimeline(
  profile: Pick<Profile, 'id' | 'unit_id' | 'in_unit_since'>,
  postings: readonly PostingFacts[]
): CareerEntry[] {
  const entries: CareerEntry[] = postings
    .filter((p) => p.cadre_id === profile.id && isLive(p))
    .map((p) => ({ kind: 'posting', posting: p, unitId: p.to_unit_id, since: p.starts_on, until: lastDayOf(p) }));
  const home = profile.unit_id;
  const homeIsAMove = entries.some(
    (e) =>
      e.kind === 'posting' &&
      (e.posting.kind === 'rotation' || e.posting.kind === 'exchange') &&
      e.unitId === home &&
      e.since === profile.in_unit_since
  );
  if (home !== null && !homeIsAMove) entries.push({ kind: 'home', unitId: home, since: profile.in_unit_since });
  return entries.sort((a, b) => {
    if (a.since === null || b.since === null) return a.since === b.since ? 0 : a.since === null ? 1 : -1;
    // on the same day, the home unit comes after the posting that starts there
    return b.since.localeCompare(a.since) || (a.kind === b.kind ? 0 : a.kind === 'home' ? 1 : -1);
  });
}
