// Grassroots share: the source asks that at least half of new township leaders come from the
// township front line, not be "parachuted" (空降) from county offices without rural experience.
// Counted exactly from the appointment register (选拔任用记实): the database records, for each
// appointment, whether the cadre left a town or a xiang (from_frontline).
import type { Appointment } from '$lib/schema';
import { isLive, type IsoDate } from './calendar';

export const GRASSROOTS_TARGET = 0.5;

/** The kinds that put a cadre into a township leadership post (a confirmation only confirms one). */
const LEADER_KINDS: ReadonlySet<Appointment['kind']> = new Set(['promotion', 'transfer', 'rotation']);

export type LeaderAppointment = Pick<
  Appointment,
  'kind' | 'status' | 'to_leadership' | 'effective_on' | 'from_frontline' | 'deleted_at'
>;

/** A new township leader: a final appointment into a township leadership post. */
export function isNewTownshipLeader(a: LeaderAppointment): boolean {
  return isLive(a) && a.status === 'final' && a.to_leadership && LEADER_KINDS.has(a.kind);
}

export interface GrassrootsShare {
  /** New township leaders in the period (a cadre appointed twice counts twice: the target is about posts). */
  appointed: number;
  fromFrontLine: number;
  /** fromFrontLine / appointed; null when no one was appointed. */
  share: number | null;
  target: number;
  /** share ≥ target ("at least half"); null when no one was appointed. */
  meetsTarget: boolean | null;
}

/** The share over the new township leaders appointed in [from, to], both ends included. */
export function grassrootsShare(
  appointments: readonly LeaderAppointment[],
  { from, to, target = GRASSROOTS_TARGET }: { from: IsoDate; to: IsoDate; target?: number }
): GrassrootsShare {
  const inPeriod = appointments.filter((a) => isNewTownshipLeader(a) && a.effective_on >= from && a.effective_on <= to);
  const fromFrontLine = inPeriod.filter((a) => a.from_frontline === true).length;
  const share = inPeriod.length === 0 ? null : fromFrontLine / inPeriod.length;
  return {
    appointed: inPeriod.length,
    fromFrontLine,
    share,
    target,
    meetsTarget: share === null ? null : share >= target
  };
}

/** The share of each calendar year of [from, to] (the first and last years cut at from and to). */
export function grassrootsShareByYear(
  appointments: readonly LeaderAppointment[],
  { from, to, target = GRASSROOTS_TARGET }: { from: IsoDate; to: IsoDate; target?: number }
): (GrassrootsShare & { year: number })[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const out: (GrassrootsShare & { year: number })[] = [];
  for (let year = first; year <= last && year - first < 50; year++) {
    const period = { from: year === first ? from : `${year}-01-01`, to: year === last ? to : `${year}-12-31`, target };
    out.push({ year, ...grassrootsShare(appointments, period) });
  }
  return out;
}
