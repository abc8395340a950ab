import { describe, expect, it } from 'vitest';
import {
  ageBand,
  displayCount,
  largestRemainderPercents,
  roundedPercent,
  structureCut,
  structureReport,
  type StructureCut,
  type StructureDimension,
  type StructureProfile,
  type StructureUnit
} from './structure-report';

const REPORT_DATE = '2015-10-31';

// The county of domain.md: 9 towns and 2 xiang, and a county office whose cadres are not counted.
const TOWNSHIP_NAMES = [
  '英州镇',
  '隆广镇',
  '文罗镇',
  '本号镇',
  '椰林镇',
  '光坡镇',
  '三才镇',
  '新村镇',
  '黎安镇',
  '提蒙乡',
  '群英乡'
];
const units: StructureUnit[] = [
  { id: 'county', name: '陵水黎族自治县', kind: 'county', deleted_at: null },
  { id: 'office', name: '县委组织部', kind: 'county_office', deleted_at: null },
  ...TOWNSHIP_NAMES.map((name, i): StructureUnit => ({
    id: `t${i}`,
    name,
    kind: name.endsWith('乡') ? 'xiang' : 'town',
    deleted_at: null
  }))
];

/** `n` copies of each value, in the order given: a dimension's column of the source's table. */
function column<T>(marginals: [T, number][]): T[] {
  return marginals.flatMap(([value, n]) => Array<T>(n).fill(value));
}

/** Spreads a column over the 126 rows with a stride coprime to 126, so dimensions do not line up. */
function spread<T>(values: T[], stride: number): T[] {
  return values.map((_, i) => values[(i * stride) % values.length]);
}

// Birth dates chosen for each age band on 2015-10-31, including both sides of a birthday.
const BIRTH_DATES: Record<string, string[]> = {
  '35_and_under': ['1988-03-15', '1979-11-01' /* 36 the day after the report */],
  '36_to_40': ['1979-10-31' /* 36 on the day */, '1976-05-20'],
  '41_to_50': ['1974-10-31', '1964-11-01' /* 50, and 51 the next day */],
  '51_and_over': ['1964-10-31', '1958-01-01']
};

function countyProfiles(): StructureProfile[] {
  const n = 126;
  const gender = spread(
    column<StructureProfile['gender']>([
      ['male', 98],
      ['female', 28]
    ]),
    5
  );
  const rank = spread(
    column<StructureProfile['rank']>([
      ['section_chief', 28],
      ['deputy_section_chief', 98]
    ]),
    11
  );
  const age = spread(
    column([
      ['35_and_under', 34],
      ['36_to_40', 18],
      ['41_to_50', 47],
      ['51_and_over', 27]
    ]),
    13
  );
  const education = spread(
    column<StructureProfile['education']>([
      ['college_or_below', 58],
      ['university', 67],
      ['postgraduate', 1]
    ]),
    17
  );
  const leading = spread(
    column([
      [true, 96],
      [false, 30]
    ]),
    19
  );
  return Array.from({ length: n }, (_, i) => ({
    id: `cadre-${i}`,
    gender: gender[i],
    birth_date: BIRTH_DATES[age[i]][i % 2],
    education: education[i],
    rank: rank[i],
    is_leader: leading[i],
    unit_id: `t${i % 11}`,
    deleted_at: null
  }));
}

const counts = (cut: StructureCut, d: StructureDimension) =>
  Object.fromEntries(cut.dimensions[d].map((c) => [c.group, c.count]));
const percents = (cut: StructureCut, d: StructureDimension, key: 'percent' | 'balancedPercent') =>
  Object.fromEntries(cut.dimensions[d].filter((c) => c.group !== 'unknown').map((c) => [c.group, c[key]]));

describe('the cadre-structure report for the county of the source', () => {
  const notCounted: StructureProfile[] = [
    { ...countyProfiles()[0], id: 'office-cadre', unit_id: 'office' },
    { ...countyProfiles()[0], id: 'staff-rank', rank: 'staff' },
    { ...countyProfiles()[0], id: 'deleted', deleted_at: '2015-01-01T00:00:00Z' }
  ];
  const report = structureReport([...countyProfiles(), ...notCounted], units, REPORT_DATE);

  it('counts the 126 township cadres of section rank, 96 leading and 30 not', () => {
    expect(report.county.total).toBe(126);
    expect(counts(report.county, 'post')).toEqual({ leading: 96, non_leading: 30 });
  });

  it('reproduces the counts of the source’s table', () => {
    expect(counts(report.county, 'gender')).toEqual({ male: 98, female: 28, unknown: 0 });
    expect(counts(report.county, 'rank')).toEqual({ section_chief: 28, deputy_section_chief: 98 });
    expect(counts(report.county, 'age')).toEqual({
      '35_and_under': 34,
      '36_to_40': 18,
      '41_to_50': 47,
      '51_and_over': 27,
      unknown: 0
    });
    expect(counts(report.county, 'education')).toEqual({
      college_or_below: 58,
      university: 67,
      postgraduate: 1,
      unknown: 0
    });
  });

  it('gives each cell’s rounded percent as the source’s text does, 37% for ages 41-50 and not the printed 47%', () => {
    expect(percents(report.county, 'gender', 'percent')).toEqual({ male: 78, female: 22 });
    expect(percents(report.county, 'rank', 'percent')).toEqual({ section_chief: 22, deputy_section_chief: 78 });
    expect(percents(report.county, 'age', 'percent')).toEqual({
      '35_and_under': 27,
      '36_to_40': 14,
      '41_to_50': 37,
      '51_and_over': 21
    });
    expect(percents(report.county, 'education', 'percent')).toEqual({
      college_or_below: 46,
      university: 53,
      postgraduate: 1
    });
    expect(percents(report.county, 'post', 'percent')).toEqual({ leading: 76, non_leading: 24 });
  });

  it('balances the percents of every dimension to exactly 100, moving ages 51 and over from 21 to 22', () => {
    for (const cells of Object.values(report.county.dimensions)) {
      expect(cells.reduce((sum, c) => sum + c.balancedPercent, 0)).toBe(100);
    }
    expect(percents(report.county, 'age', 'balancedPercent')).toEqual({
      '35_and_under': 27,
      '36_to_40': 14,
      '41_to_50': 37,
      '51_and_over': 22
    });
  });

  it('cuts the county into its 11 townships, whose totals add up to the county’s', () => {
    expect(report.townships).toHaveLength(11);
    expect(report.townships.reduce((sum, t) => sum + t.total, 0)).toBe(126);
    for (const dimension of ['gender', 'age', 'education'] as const) {
      const sums = report.townships.reduce<Record<string, number>>((acc, t) => {
        for (const c of t.dimensions[dimension]) acc[c.group] = (acc[c.group] ?? 0) + c.count;
        return acc;
      }, {});
      expect(sums).toEqual(counts(report.county, dimension));
    }
  });

  it('never suppresses a county figure, even the single postgraduate', () => {
    expect(report.county.dimensions.education.find((c) => c.group === 'postgraduate')).toMatchObject({
      count: 1,
      suppressed: false
    });
    expect(report.county.dimensions.education.every((c) => !c.suppressed)).toBe(true);
  });
});

describe('a single township’s cut', () => {
  const cadre = (id: string, gender: StructureProfile['gender']): StructureProfile => ({
    id,
    gender,
    birth_date: '1980-01-01',
    education: 'university',
    rank: 'deputy_section_chief',
    is_leader: true,
    unit_id: 't0',
    deleted_at: null
  });
  const cut = structureCut(
    [cadre('a', 'male'), cadre('b', 'male'), cadre('c', 'male'), cadre('d', 'female')],
    REPORT_DATE,
    {
      id: 't0',
      name: '英州镇'
    }
  );

  it('suppresses counts of 1 and 2 but not 0 or 3', () => {
    expect(cut.dimensions.gender.map((c) => [c.group, c.count, c.suppressed])).toEqual([
      ['male', 3, false],
      ['female', 1, true],
      ['unknown', 0, false]
    ]);
  });

  it('shows a suppressed count as "<3" and everything else as the number', () => {
    expect([0, 1, 2, 3, 126].map((n) => displayCount(n, { suppress: true }))).toEqual(['0', '<3', '<3', '3', '126']);
    expect([1, 2].map((n) => displayCount(n, { suppress: false }))).toEqual(['1', '2']);
  });

  it('lists a township with nobody counted, with zeros everywhere', () => {
    const empty = structureCut([], REPORT_DATE, { id: 't9', name: '提蒙乡' });
    expect(empty.total).toBe(0);
    expect(empty.dimensions.age.every((c) => c.count === 0 && c.percent === 0 && c.balancedPercent === 0)).toBe(true);
  });

  it('refuses a profile outside the population rather than miscount it', () => {
    expect(() => structureCut([{ ...cadre('s', 'male'), rank: 'staff' }], REPORT_DATE, null)).toThrow(RangeError);
  });
});

describe('report arithmetic', () => {
  it('puts ages in bands by full years on the report date', () => {
    expect(ageBand('1980-10-31', '2015-10-31')).toBe('35_and_under');
    expect(ageBand('1979-11-01', '2015-10-31')).toBe('35_and_under');
    expect(ageBand('1979-10-31', '2015-10-31')).toBe('36_to_40');
    expect(ageBand('1974-11-01', '2015-10-31')).toBe('36_to_40');
    expect(ageBand('1974-10-31', '2015-10-31')).toBe('41_to_50');
    expect(ageBand('1964-11-01', '2015-10-31')).toBe('41_to_50');
    expect(ageBand('1964-10-31', '2015-10-31')).toBe('51_and_over');
    expect(ageBand(null, '2015-10-31')).toBe('unknown');
  });

  it('rounds a half up and everything else to the nearest whole percent', () => {
    expect(roundedPercent(47, 126)).toBe(37);
    expect(roundedPercent(1, 8)).toBe(13);
    expect(roundedPercent(1, 3)).toBe(33);
    expect(roundedPercent(0, 0)).toBe(0);
  });

  it('gives the missing points to the largest remainders, breaking ties by count then by order', () => {
    expect(largestRemainderPercents([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainderPercents([34, 18, 47, 27])).toEqual([27, 14, 37, 22]);
    expect(largestRemainderPercents([58, 67, 1])).toEqual([46, 53, 1]);
    expect(largestRemainderPercents([0, 0])).toEqual([0, 0]);
  });
});
