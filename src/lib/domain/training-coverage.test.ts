import { describe, expect, it } from 'vitest';
import type { AttendanceFacts, SessionFacts } from './credit-hours';
import { trainedCadreIds, trainingCoverage, type CoverageProfile } from './training-coverage';

const units = [
  { id: 'town', kind: 'town' as const, deleted_at: null },
  { id: 'xiang', kind: 'xiang' as const, deleted_at: null },
  { id: 'office', kind: 'county_office' as const, deleted_at: null }
];
const cadre = (
  id: string,
  is_leader: boolean,
  unit_id: string | null = 'town',
  deleted_at: string | null = null
): CoverageProfile => ({
  id,
  is_leader,
  unit_id,
  deleted_at
});
const sessions: SessionFacts[] = [
  { id: 's2026', starts_at: '2026-04-01T09:00:00+08:00', credit_hours: 8, deleted_at: null },
  { id: 'no-hours', starts_at: '2026-05-01T09:00:00+08:00', credit_hours: 0, deleted_at: null },
  { id: 's2025', starts_at: '2025-12-31T23:00:00+08:00', credit_hours: 8, deleted_at: null }
];
const mark = (cadre_id: string, session_id: string, status: AttendanceFacts['status']): AttendanceFacts => ({
  cadre_id,
  session_id,
  status,
  deleted_at: null
});

describe('training coverage', () => {
  const profiles = [
    cadre('leader-trained', true),
    cadre('leader-untrained', true, 'xiang'),
    cadre('member-trained', false, 'xiang'),
    cadre('member-late', false),
    cadre('member-absent', false),
    cadre('member-last-year', false),
    cadre('office-cadre', false, 'office'),
    cadre('no-unit', false, null),
    cadre('deleted', false, 'town', '2026-01-01T00:00:00Z')
  ];
  const attendance = [
    mark('leader-trained', 's2026', 'present'),
    mark('member-trained', 'no-hours', 'present'),
    mark('member-late', 's2026', 'late'),
    mark('member-absent', 's2026', 'absent'),
    mark('member-last-year', 's2025', 'present'),
    mark('office-cadre', 's2026', 'present')
  ];

  it('gives the share of township cadres trained this year, leaders and non-leaders apart', () => {
    expect(trainingCoverage(profiles, units, attendance, sessions, 2026)).toEqual({
      all: { cadres: 6, trained: 3, share: 0.5 },
      leaders: { cadres: 2, trained: 1, share: 0.5 },
      nonLeaders: { cadres: 4, trained: 2, share: 0.5 }
    });
  });

  it('counts a cadre present at a session worth no credit hours as trained', () => {
    expect(trainedCadreIds(attendance, sessions, 2026).has('member-trained')).toBe(true);
  });

  it('counts a session by the year it started in Beijing time', () => {
    expect([...trainedCadreIds(attendance, sessions, 2025)]).toEqual(['member-last-year']);
  });

  it('has no share when there are no township cadres', () => {
    expect(trainingCoverage([], units, [], sessions, 2026).all).toEqual({ cadres: 0, trained: 0, share: null });
  });
});
