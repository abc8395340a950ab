import { describe, expect, it } from 'vitest';
import { addDaysTo, countyDate, countyYear, daysBetween, fullYearsBetween, isLive, parseDay } from './calendar';

describe('county calendar', () => {
  it('puts an instant on the calendar date it has in Beijing time, not in UTC', () => {
    expect(countyDate('2026-12-31T23:30:00+08:00')).toBe('2026-12-31');
    expect(countyDate('2026-12-31T16:30:00Z')).toBe('2027-01-01');
    expect(countyYear('2026-12-31T23:30:00+08:00')).toBe(2026);
    expect(countyYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('refuses an instant that is not one', () => {
    expect(() => countyDate('yesterday')).toThrow(RangeError);
  });

  it('refuses a date-only value that is not a real date', () => {
    expect(() => parseDay('2026-02-30')).toThrow(RangeError);
    expect(() => parseDay('2026-2-3')).toThrow(RangeError);
  });

  it('counts calendar days across a month end and backwards', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-02', '2026-02-27')).toBe(-3);
    expect(addDaysTo('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('counts full years the way an age is counted: the birthday completes the year', () => {
    expect(fullYearsBetween('1980-10-31', '2015-10-30')).toBe(34);
    expect(fullYearsBetween('1980-10-31', '2015-10-31')).toBe(35);
  });

  it('treats a tombstoned row as gone and a row without a tombstone as live', () => {
    expect(isLive({ deleted_at: '2026-11-01T00:00:00Z' })).toBe(false);
    expect(isLive({ deleted_at: null })).toBe(true);
  });
});
