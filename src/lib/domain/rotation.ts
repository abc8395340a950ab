// Rotation (轮岗交流): the source finds that ordinary township cadres are almost never rotated, and
// requires a report to the province when a township's party or government head is moved after less
// than 3 years in post (任期不到3年进行调整交流). Two rules for the rotation dashboard.
import type { Posting, Profile, Unit } from '$lib/schema';
import { fullYearsBetween, isLive, type IsoDate } from './calendar';
import type { PostingFacts } from './posting-progress';
import { townshipIds } from './township';

export const DEFAULT_LONG_SERVICE_YEARS = 6;
export const HEAD_MIN_YEARS_IN_POST = 3;

/** The posting kinds that move a cadre for good; a secondment is a stay, not a move. */
export const MOVE_KINDS: ReadonlySet<Posting['kind']> = new Set(['rotation', 'exchange']);

export type RotationProfile = Pick<
  Profile,
  'id' | 'unit_id' | 'in_unit_since' | 'post_title' | 'is_leader' | 'rank' | 'deleted_at'
>;

function postingsByCadre<P extends PostingFacts>(postings: readonly P[]): Map<string, P[]> {
  const byCadre = new Map<string, P[]>();
  for (const p of postings) {
    if (!isLive(p)) continue;
    const list = byCadre.get(p.cadre_id) ?? [];
    list.push(p);
    byCadre.set(p.cadre_id, list);
  }
  return byCadre;
}

/**
 * Since when the cadre has been in the same unit on a date: in_unit_since, unless a rotation or
 * exchange started later (and by that date), which moved them and restarts the clock. Null when
 * nothing says.
 */
export function inSameUnitSince(
  profile: Pick<RotationProfile, 'in_unit_since'>,
  ownPostings: readonly PostingFacts[],
  on: IsoDate
): IsoDate | null {
  let since = profile.in_unit_since !== null && profile.in_unit_since <= on ? profile.in_unit_since : null;
  for (const p of ownPostings) {
    if (isLive(p) && MOVE_KINDS.has(p.kind) && p.starts_on <= on && (since === null || p.starts_on > since)) {
      since = p.starts_on;
    }
  }
  return since;
}

export interface LongServing<P extends RotationProfile> {
  profile: P;
  since: IsoDate;
  /** Full years in the unit on the date. */
  years: number;
}

/** Cadres in the same unit for `minYears` full years or more on a date, longest first. */
export function longServingCadres<P extends RotationProfile>(
  profiles: readonly P[],
  postings: readonly PostingFacts[],
  on: IsoDate,
  { minYears = DEFAULT_LONG_SERVICE_YEARS }: { minYears?: number } = {}
): LongServing<P>[] {
  const byCadre = postingsByCadre(postings);
  const out: LongServing<P>[] = [];
  for (const profile of profiles) {
    if (!isLive(profile) || profile.unit_id === null) continue;
    const since = inSameUnitSince(profile, byCadre.get(profile.id) ?? [], on);
    if (since === null) continue;
    const years = fullYearsBetween(since, on);
    if (years >= minYears) out.push({ profile, since, years });
  }
  return out.sort((a, b) => a.since.localeCompare(b.since) || a.profile.id.localeCompare(b.profile.id));
}

/**
 * Whether a post title names a township's party or government head (乡镇党政正职): one of its
 * parts ("党委书记、镇长" has two) is 党委书记, 镇长 or 乡长, optionally after the township's name,
 * and never a deputy (副镇长, 科技副乡镇长, 党委副书记).
 */
export function titleNamesTownshipHead(title: string): boolean {
  return title
    .split(/[、，,/\s]+/)
    .some((part) => !part.includes('副') && /^(?:.*[镇乡])?(?:党委书记|镇长|乡长)$/.test(part));
}

/**
 * Who counts as a township head. The title decides when there is one: section-chief leaders of a
 * township also include posts that are not 党政正职 (人大主席, say). Without a title, a leader of
 * section-chief rank counts, so that a missing title over-reports rather than hides a move.
 */
export function isTownshipHead(profile: Pick<RotationProfile, 'post_title' | 'is_leader' | 'rank'>): boolean {
  if (profile.post_title !== null) return titleNamesTownshipHead(profile.post_title);
  return profile.is_leader && profile.rank === 'section_chief';
}

export type HeadMoveVerdict = 'report' | 'ok' | 'unknown';

export interface HeadMove<P extends RotationProfile> {
  posting: PostingFacts;
  profile: P;
  fromUnitId: string;
  /** When the head came to the township they left; null when no record says. */
  since: IsoDate | null;
  /** Full years in the township when moved. */
  years: number | null;
  /** 'report': moved before 3 full years, to be reported to the province; 'unknown': check by hand. */
  verdict: HeadMoveVerdict;
}

/**
 * Township heads moved out of a township (a rotation or exchange whose from-unit is a town or
 * xiang) with a start date in [from, to] (both optional, inclusive), oldest first.
 *
 * Time in post is read as time in the township left, which the records hold: it starts at the
 * latest earlier posting of the cadre into that township, or, if the profile still shows the
 * cadre there, at in_unit_since. Head or not is judged on that earlier posting's title when it
 * has one, else on the profile (see isTownshipHead), as the records keep no history of titles.
 */
export function townshipHeadMoves<P extends RotationProfile>(
  profiles: readonly P[],
  postings: readonly PostingFacts[],
  units: readonly Pick<Unit, 'id' | 'kind' | 'deleted_at'>[],
  { from, to, minYears = HEAD_MIN_YEARS_IN_POST }: { from?: IsoDate; to?: IsoDate; minYears?: number } = {}
): HeadMove<P>[] {
  const townships = townshipIds(units);
  const profilesById = new Map(profiles.filter(isLive).map((p) => [p.id, p]));
  const byCadre = postingsByCadre(postings);
  const out: HeadMove<P>[] = [];
  for (const move of postings) {
    const profile = profilesById.get(move.cadre_id);
    const fromUnitId = move.from_unit_id;
    if (!profile || !isLive(move) || !MOVE_KINDS.has(move.kind)) continue;
    if (fromUnitId === null || !townships.has(fromUnitId)) continue;
    if ((from !== undefined && move.starts_on < from) || (to !== undefined && move.starts_on > to)) continue;
    const arrival = (byCadre.get(move.cadre_id) ?? [])
      .filter((p) => p.to_unit_id === fromUnitId && p.starts_on < move.starts_on)
      .sort((a, b) => b.starts_on.localeCompare(a.starts_on))[0];
    const head = arrival?.title ? titleNamesTownshipHead(arrival.title) : isTownshipHead(profile);
    if (!head) continue;
    const recorded = arrival?.starts_on ?? (profile.unit_id === fromUnitId ? profile.in_unit_since : null);
    // an arrival dated after the move contradicts it: leave it to a person to check
    const since = recorded !== null && recorded <= move.starts_on ? recorded : null;
    const years = since === null ? null : fullYearsBetween(since, move.starts_on);
    const verdict: HeadMoveVerdict = years === null ? 'unknown' : years < minYears ? 'report' : 'ok';
    out.push({ posting: move, profile, fromUnitId, since, years, verdict });
  }
  return out.sort(
    (a, b) => a.posting.starts_on.localeCompare(b.posting.starts_on) || a.posting.id.localeCompare(b.posting.id)
  );
}
