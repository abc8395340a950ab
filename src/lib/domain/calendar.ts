// The county's calendar. Instants (timestamps) become calendar dates in the county's time zone,
// never in the phone's or the server's: a session at 23:30 Beijing time on 31 December belongs to
// that year wherever the report is computed. Date-only values ('YYYY-MM-DD') are compared as
// strings (the ISO form sorts like the dates it names) and counted with date-fns.
import { addDays, differenceInCalendarDays, differenceInYears, formatISO, isValid, parseISO } from 'date-fns';

export const COUNTY_TIME_ZONE = 'Asia/Shanghai';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
export type Instant = Date | string | number;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// en-CA formats dates as YYYY-MM-DD; building one formatter is the costly part, so keep it.
const countyDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: COUNTY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit'
});

/** The county calendar date on which an instant falls. */
export function countyDate(instant: Instant): IsoDate {
  const at = instant instanceof Date ? instant : new Date(instant);
  if (!isValid(at)) throw new RangeError(`not an instant: ${String(instant)}`);
  return countyDateFormat.format(at);
}

/** The county calendar year in which an instant falls. */
export function countyYear(instant: Instant): number {
  return Number(countyDate(instant).slice(0, 4));
}

/** A date-only value as a Date at local midnight, for date-fns; throws on anything else. */
export function parseDay(date: IsoDate): Date {
  const parsed = ISO_DATE.test(date) ? parseISO(date) : new Date(NaN);
  if (!isValid(parsed)) throw new RangeError(`not a date: ${date}`);
  return parsed;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(parseDay(to), parseDay(from));
}

/** Whole years from `from` to `to`: a person's age in full years, a stay's completed years. */
export function fullYearsBetween(from: IsoDate, to: IsoDate): number {
  return differenceInYears(parseDay(to), parseDay(from));
}

export function addDaysTo(date: IsoDate, days: number): IsoDate {
  return formatISO(addDays(parseDay(date), days), { representation: 'date' });
}

/** Rows the server has tombstoned (`deleted_at` set) take no part in any rule. */
export function isLive(row: { deleted_at?: string | null }): boolean {
  return row.deleted_at == null;
}
