import { describe, expect, it } from 'vitest';
import type { PostingFacts } from './posting-progress';
import { activeSecondmentsByTownship, secondmentsEndingSoon } from './secondments';

const units = [
  { id: 'town-a', kind: 'town' as const, deleted_at: null },
  { id: 'xiang-b', kind: 'xiang' as const, deleted_at: null },
  { id: 'office', kind: 'county_office' as const, deleted_at: null }
];
const posting = (
  id: string,
  to_unit_id: string,
  starts_on: string,
  planned_end_on: string | null,
  more: Partial<PostingFacts> = {}
): PostingFacts => ({
  id,
  cadre_id: `cadre-${id}`,
  kind: 'secondment',
  from_unit_id: 'office',
  to_unit_id,
  title: null,
  starts_on,
  planned_end_on,
  ended_on: null,
  deleted_at: null,
  ...more
});

const ON = '2026-11-27';

describe('active secondments by township', () => {
  it('lists each township with the secondments active there on the date, empty townships included', () => {
    const postings = [
      posting('later-start', 'town-a', '2026-09-01', '2027-08-31'),
      posting('sci-tech', 'town-a', '2026-03-01', '2027-02-28', { kind: 'sci_tech_deputy', from_unit_id: 'lab' }),
      posting('ended', 'xiang-b', '2025-11-01', '2026-10-31'),
      posting('not-yet', 'xiang-b', '2026-12-01', '2027-11-30'),
      posting('rotation', 'xiang-b', '2026-01-01', null, { kind: 'rotation' }),
      posting('deleted', 'xiang-b', '2026-01-01', '2026-12-31', { deleted_at: '2026-01-02T00:00:00Z' }),
      posting('to-office', 'office', '2026-01-01', '2026-12-31')
    ];
    expect(
      activeSecondmentsByTownship(postings, units, ON).map((t) => [t.unitId, t.postings.map((p) => p.id)])
    ).toEqual([
      ['town-a', ['sci-tech', 'later-start']],
      ['xiang-b', []]
    ]);
  });

  it('can leave out the sci-tech deputy heads', () => {
    const postings = [posting('sci-tech', 'town-a', '2026-03-01', '2027-02-28', { kind: 'sci_tech_deputy' })];
    const byTownship = activeSecondmentsByTownship(postings, units, ON, { kinds: new Set(['secondment']) });
    expect(byTownship[0].postings).toEqual([]);
  });
});

describe('secondments ending soon', () => {
  it('lists active secondments whose last day is within 30 days, soonest first', () => {
    const postings = [
      posting('in-30-days', 'town-a', '2025-12-27', '2026-12-27'),
      posting('in-31-days', 'town-a', '2025-12-28', '2026-12-28'),
      posting('today', 'xiang-b', '2025-11-28', '2026-11-27'),
      posting('open', 'xiang-b', '2025-01-01', null),
      posting('cut-short', 'xiang-b', '2026-06-01', '2027-05-31', { ended_on: '2026-12-10' })
    ];
    expect(secondmentsEndingSoon(postings, ON).map((s) => [s.posting.id, s.daysLeft])).toEqual([
      ['today', 0],
      ['cut-short', 13],
      ['in-30-days', 30]
    ]);
  });

  it('takes another horizon', () => {
    const postings = [posting('in-31-days', 'town-a', '2025-12-28', '2026-12-28')];
    expect(secondmentsEndingSoon(postings, ON, { withinDays: 60 })).toMatchObject([
      { lastDay: '2026-12-28', daysLeft: 31 }
    ]);
  });
});
