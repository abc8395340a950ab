// Grassroots share: the source asks that at least half of new township leaders come from the
// township front line, not be "parachuted" (空降) from county offices without rural experience.
import type { Unit } from '$lib/schema';
import type { IsoDate } from './calendar';

export const GRASSROOTS_TARGET = 0.5;

export interface Appointment {
  cadreId: string;
  appointedOn: IsoDate;
  /** Kind of the unit the cadre worked in just before the appointment (their home unit, not a secondment). */
  previousUnitKind: Unit['kind'] | null;
  /** Years the cadre had worked in townships before the appointment, if known. */
  previousYearsInTownships: number | null;
}

export interface GrassrootsShare {
  /** Appointments in the period (a cadre appointed twice counts twice: the target is about posts). */
  appointed: number;
  fromFrontLine: number;
  /** fromFrontLine / appointed; null when no one was appointed. */
  share: number | null;
  target: number;
  /** share ≥ target ("at least half"); null when no one was appointed. */
  meetsTarget: boolean | null;
}

/**
 * From the township front line: the cadre was working in a town or a xiang when appointed. A
 * county-office cadre on secondment in a township counts as the county office, which is their
 * unit: a secondment is the training the source asks for, not front-line service. `minYears`
 * (default 0) can also require some years in townships, for counties that define it so; an
 * unknown number of years then does not count.
 */
export function isFromFrontLine(appointment: Appointment, { minYears = 0 }: { minYears?: number } = {}): boolean {
  const township = appointment.previousUnitKind === 'town' || appointment.previousUnitKind === 'xiang';
  if (!township) return false;
  if (minYears <= 0) return true;
  return appointment.previousYearsInTownships !== null && appointment.previousYearsInTownships >= minYears;
}

/** The share over the appointments made in [from, to], both ends included. */
export function grassrootsShare(
  appointments: readonly Appointment[],
  {
    from,
    to,
    minYears = 0,
    target = GRASSROOTS_TARGET
  }: { from: IsoDate; to: IsoDate; minYears?: number; target?: number }
): GrassrootsShare {
  const inPeriod = appointments.filter((a) => a.appointedOn >= from && a.appointedOn <= to);
  const fromFrontLine = inPeriod.filter((a) => isFromFrontLine(a, { minYears })).length;
  const share = inPeriod.length === 0 ? null : fromFrontLine / inPeriod.length;
  return {
    appointed: inPeriod.length,
    fromFrontLine,
    share,
    target,
    meetsTarget: share === null ? null : share >= target
  };
}
