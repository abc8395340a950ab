import { describe, expect, it } from 'vitest';
import {
  annualTarget,
  creditHourDistribution,
  creditHoursByCadre,
  creditHoursByYear,
  creditHoursInYear,
  creditProgress,
  sumHours,
  type AttendanceFacts,
  type SessionFacts
} from './credit-hours';

const session = (
  id: string,
  starts_at: string,
  credit_hours: number,
  deleted_at: string | null = null
): SessionFacts => ({
  id,
  starts_at,
  credit_hours,
  deleted_at
});
const mark = (
  cadre_id: string,
  session_id: string,
  status: AttendanceFacts['status'],
  deleted_at: string | null = null
): AttendanceFacts => ({ cadre_id, session_id, status, deleted_at });

const sessions = [
  session('s1', '2026-03-10T09:00:00+08:00', 8),
  session('s2', '2026-06-01T09:00:00+08:00', 4),
  session('s3', '2026-12-31T23:30:00+08:00', 2),
  session('s4', '2027-01-05T09:00:00+08:00', 6),
  session('gone', '2026-05-01T09:00:00+08:00', 10, '2026-05-02T00:00:00Z')
];

describe('credit hours', () => {
  it('credits the session hours for present and late, and nothing for enrolled, excused or absent', () => {
    const attendance = [
      mark('a', 's1', 'present'),
      mark('a', 's2', 'late'),
      mark('b', 's1', 'enrolled'),
      mark('b', 's2', 'excused'),
      mark('c', 's1', 'absent')
    ];
    expect(creditHoursByCadre(attendance, sessions, ['a', 'b', 'c'], 2026)).toEqual(
      new Map([
        ['a', 12],
        ['b', 0],
        ['c', 0]
      ])
    );
  });

  it('ignores tombstoned attendance and attendance of tombstoned sessions', () => {
    const attendance = [mark('a', 's1', 'present', '2026-03-11T00:00:00Z'), mark('a', 'gone', 'present')];
    expect(creditHoursInYear(attendance, sessions, 'a', 2026)).toBe(0);
  });

  it('counts a session starting at 23:30 Beijing time on 31 December in that year', () => {
    const attendance = [mark('a', 's3', 'present'), mark('a', 's4', 'present')];
    expect(creditHoursByYear(attendance, sessions, 'a')).toEqual(
      new Map([
        [2026, 2],
        [2027, 6]
      ])
    );
  });

  it('counts a session once when a phone holds two rows for the same cadre', () => {
    const attendance = [mark('a', 's1', 'present'), mark('a', 's1', 'late')];
    expect(creditHoursInYear(attendance, sessions, 'a', 2026)).toBe(8);
  });

  it('ignores attendance of a session the device does not hold', () => {
    expect(creditHoursInYear([mark('a', 'elsewhere', 'present')], sessions, 'a', 2026)).toBe(0);
  });

  it('lists every cadre of the set, including those with no attendance at all', () => {
    expect(creditHoursByCadre([], sessions, ['x', 'y'], 2026)).toEqual(
      new Map([
        ['x', 0],
        ['y', 0]
      ])
    );
  });

  it('adds fractional hours without floating-point dust', () => {
    expect(sumHours([0.1, 0.2])).toBe(0.3);
    expect(sumHours([1.5, 0.25, 0.25])).toBe(2);
  });
});

describe('annual target', () => {
  it('is 50 hours when no setting says otherwise', () => {
    expect(annualTarget([])).toBe(50);
  });

  it('comes from the annual_credit_hours_target setting, as a number or a numeric string', () => {
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: 72, deleted_at: null }])).toBe(72);
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: '40', deleted_at: null }])).toBe(40);
  });

  it('falls back to 50 for a tombstoned, non-numeric or non-positive setting', () => {
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: 72, deleted_at: '2026-01-01T00:00:00Z' }])).toBe(
      50
    );
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: 'lots', deleted_at: null }])).toBe(50);
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: 0, deleted_at: null }])).toBe(50);
    expect(annualTarget([{ key: 'annual_credit_hours_target', value: null, deleted_at: null }])).toBe(50);
  });
});

describe('progress against the target', () => {
  it('gives the ratio and the hours still needed', () => {
    expect(creditProgress(12, 50)).toEqual({ earned: 12, target: 50, ratio: 0.24, remaining: 38, met: false });
  });

  it('does not cap the ratio and never owes negative hours once the target is passed', () => {
    expect(creditProgress(60, 50)).toEqual({ earned: 60, target: 50, ratio: 1.2, remaining: 0, met: true });
  });

  it('uses the default target of 50 hours when none is given', () => {
    expect(creditProgress(50).met).toBe(true);
  });

  it('keeps remaining hours exact with fractional credits', () => {
    expect(creditProgress(49.7, 50).remaining).toBe(0.3);
  });
});

describe('credit-hour distribution', () => {
  it('sorts totals into 0, 1–19, 20–49 and 50 or more by default', () => {
    expect(creditHourDistribution([0, 0, 1, 19, 19.5, 20, 49, 50, 80])).toEqual([
      { min: 0, below: 1, count: 2 },
      { min: 1, below: 20, count: 3 },
      { min: 20, below: 50, count: 2 },
      { min: 50, below: null, count: 2 }
    ]);
  });

  it('puts a total under one hour with the zero bucket', () => {
    expect(creditHourDistribution([0.5])[0].count).toBe(1);
  });

  it('accepts other bounds', () => {
    expect(creditHourDistribution([5, 10, 30], [0, 10])).toEqual([
      { min: 0, below: 10, count: 1 },
      { min: 10, below: null, count: 2 }
    ]);
  });

  it('refuses bounds that do not start at 0 or do not ascend', () => {
    expect(() => creditHourDistribution([], [1, 20])).toThrow(RangeError);
    expect(() => creditHourDistribution([], [0, 20, 20])).toThrow(RangeError);
  });
});
