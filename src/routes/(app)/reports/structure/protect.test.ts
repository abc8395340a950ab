import { describe, expect, it } from 'vitest';
import { structureCut, type StructureProfile } from '$lib/domain/structure-report';
import { protectCut } from './protect';

const person = (n: number, over: Partial<StructureProfile> = {}): StructureProfile => ({
  id: `p${n}`,
  gender: 'male',
  birth_date: '1975-06-01',
  education: 'university',
  rank: 'deputy_section_chief',
  is_leader: true,
  unit_id: 'town',
  deleted_at: null,
  ...over
});
const people = (count: number, over: Partial<StructureProfile> = {}, start = 0) =>
  Array.from({ length: count }, (_, i) => person(start + i, over));
const on = '2015-10-31';
const town = { id: 'town', name: '本号镇' };

describe('protectCut', () => {
  it('shows the county as counted, shares included', () => {
    const shown = protectCut(structureCut([...people(9), ...people(2, { gender: 'female' }, 9)], on, null));
    expect(shown.dimensions.gender.slice(0, 2)).toEqual([
      { group: 'male', count: '9', percent: 82, hidden: false },
      { group: 'female', count: '2', percent: 18, hidden: false }
    ]);
  });

  it('hides a lone small group together with the smallest other one, so no subtraction gives it back', () => {
    const shown = protectCut(structureCut([...people(9), ...people(2, { gender: 'female' }, 9)], on, town));
    expect(shown.total).toBe('11');
    expect(shown.dimensions.gender.slice(0, 2)).toEqual([
      { group: 'male', count: '≥3', percent: null, hidden: true },
      { group: 'female', count: '<3', percent: null, hidden: true }
    ]);
  });

  it('keeps the larger groups of a dimension and hides only its shares when two small groups hide each other', () => {
    const cut = structureCut(
      [
        ...people(6),
        ...people(1, { education: 'postgraduate' }, 6),
        ...people(2, { education: 'college_or_below' }, 7)
      ],
      on,
      town
    );
    expect(protectCut(cut).dimensions.education.slice(0, 3)).toEqual([
      { group: 'college_or_below', count: '<3', percent: null, hidden: true },
      { group: 'university', count: '6', percent: null, hidden: false },
      { group: 'postgraduate', count: '<3', percent: null, hidden: true }
    ]);
  });

  it('leaves a township dimension without small groups as it is', () => {
    const shown = protectCut(structureCut([...people(5), ...people(4, { gender: 'female' }, 5)], on, town));
    expect(shown.dimensions.gender.slice(0, 2).map((c) => [c.count, c.percent])).toEqual([
      ['5', 56],
      ['4', 44]
    ]);
  });

  it('shows no breakdown of a township where fewer than 3 are counted', () => {
    const shown = protectCut(structureCut(people(2), on, town));
    expect(shown.total).toBe('<3');
    expect(
      Object.values(shown.dimensions)
        .flat()
        .every((c) => c.count === '—' && c.hidden)
    ).toBe(true);
  });
});
