// The cadre-structure report (干部队伍结构), as in the source's table: the county's township cadres
// of section rank (正科 and 副科) counted by gender, rank, age band, education and leading or
// non-leading post, for the whole county and for each township.
//
// Who is counted: live profiles whose unit is a town or a xiang and whose rank is section chief or
// deputy section chief, as they stand now; the chosen date fixes the ages (full years on that day).
//
// Percentages, two of them per cell, both whole numbers:
// - `percent`: the cell's own share rounded half up (47 of 126 → 37.3 → 37). This is what the
//   source's text prints, and it may not add up to 100 (27 + 14 + 37 + 21 = 99 for the age bands).
// - `balancedPercent`: whole percents that add up to exactly 100 within a dimension, by the
//   largest-remainder (Hamilton) method: every cell gets the floor of its exact share; the points
//   still missing to reach 100 go one each to the cells with the largest remainders; ties go to
//   the larger count, then to the earlier group. No cell moves more than one point from its exact
//   share (the age bands become 27, 14, 37, 22). With no one counted, every percent is 0.
// Both are computed in integers, so no rounding error can flip a half.
//
// Small cells: in a single township's cut, a count of 1 or 2 could identify a person, so it is
// marked `suppressed` and shown as "<3" (see displayCount); the UI must then hide its percentages
// too, which would give the count back. 0 is shown: it identifies nobody. The county's figures are
// never suppressed. This is primary suppression only: a suppressed cell can still be worked out
// from the township's total when it is the only one suppressed in its dimension.
import type { Profile, Unit } from '$lib/schema';
import { fullYearsBetween, isLive, type IsoDate } from './calendar';
import { isTownship } from './township';

export const STRUCTURE_GROUPS = {
  gender: ['male', 'female', 'unknown'],
  rank: ['section_chief', 'deputy_section_chief'],
  age: ['35_and_under', '36_to_40', '41_to_50', '51_and_over', 'unknown'],
  education: ['college_or_below', 'university', 'postgraduate', 'unknown'],
  post: ['leading', 'non_leading']
} as const;

export type StructureDimension = keyof typeof STRUCTURE_GROUPS;
export type StructureGroup<D extends StructureDimension = StructureDimension> = (typeof STRUCTURE_GROUPS)[D][number];
export const STRUCTURE_DIMENSIONS = Object.keys(STRUCTURE_GROUPS) as StructureDimension[];

export const SUPPRESS_BELOW = 3;

export type StructureProfile = Pick<
  Profile,
  'id' | 'gender' | 'birth_date' | 'education' | 'rank' | 'is_leader' | 'unit_id' | 'deleted_at'
>;
export type StructureUnit = Pick<Unit, 'id' | 'name' | 'kind' | 'deleted_at'>;

export interface StructureCell {
  group: string;
  count: number;
  /** The cell's own share, rounded half up to a whole percent. */
  percent: number;
  /** Whole percents that add up to 100 within the dimension (largest remainder). */
  balancedPercent: number;
  /** A township cut's count of 1 or 2: show "<3" and no percentage. */
  suppressed: boolean;
}

export interface StructureCut {
  /** null for the county. */
  unitId: string | null;
  unitName: string | null;
  total: number;
  dimensions: { [D in StructureDimension]: StructureCell[] };
}

export interface StructureReport {
  on: IsoDate;
  county: StructureCut;
  /** Every live town and xiang, by name, including those with no one counted. */
  townships: StructureCut[];
}

const SECTION_RANKS: ReadonlySet<Profile['rank']> = new Set(['section_chief', 'deputy_section_chief']);

/** A township cadre of section rank: the population of the report. */
export function isTownshipSectionCadre(
  profile: StructureProfile,
  unitsById: ReadonlyMap<string, StructureUnit>
): boolean {
  return (
    isLive(profile) &&
    SECTION_RANKS.has(profile.rank) &&
    profile.unit_id !== null &&
    isTownship(unitsById.get(profile.unit_id))
  );
}

export function ageBand(birthDate: IsoDate | null, on: IsoDate): StructureGroup<'age'> {
  if (birthDate === null) return 'unknown';
  const age = fullYearsBetween(birthDate, on);
  if (age <= 35) return '35_and_under';
  if (age <= 40) return '36_to_40';
  if (age <= 50) return '41_to_50';
  return '51_and_over';
}

function groupOf(profile: StructureProfile, dimension: StructureDimension, on: IsoDate): string {
  switch (dimension) {
    case 'gender':
      return profile.gender ?? 'unknown';
    case 'rank':
      return profile.rank ?? 'unknown';
    case 'age':
      return ageBand(profile.birth_date, on);
    case 'education':
      return profile.education ?? 'unknown';
    case 'post':
      return profile.is_leader ? 'leading' : 'non_leading';
  }
}

/** count / total as a whole percent, rounded half up; 0 when total is 0. */
export function roundedPercent(count: number, total: number): number {
  return total === 0 ? 0 : Math.floor((200 * count + total) / (2 * total));
}

/** Whole percents adding up to 100 by the largest-remainder method (see the file comment). */
export function largestRemainderPercents(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return counts.map(() => 0);
  const floors = counts.map((c) => Math.floor((100 * c) / total));
  const remainders = counts.map((c) => (100 * c) % total);
  let missing = 100 - floors.reduce((a, b) => a + b, 0);
  const order = counts.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || counts[b] - counts[a] || a - b);
  for (const i of order) {
    if (missing === 0) break;
    floors[i] += 1;
    missing -= 1;
  }
  return floors;
}

/** A count as shown: 1 and 2 become "<3" when suppressing; 0 and 3 or more are shown as they are. */
export function displayCount(n: number, { suppress }: { suppress: boolean }): string {
  return suppress && n > 0 && n < SUPPRESS_BELOW ? `<${SUPPRESS_BELOW}` : String(n);
}

export function structureCut(
  profiles: readonly StructureProfile[],
  on: IsoDate,
  unit: { id: string; name: string } | null
): StructureCut {
  const suppress = unit !== null;
  const dimensions = {} as StructureCut['dimensions'];
  for (const dimension of STRUCTURE_DIMENSIONS) {
    const groups: readonly string[] = STRUCTURE_GROUPS[dimension];
    const counts = groups.map(() => 0);
    for (const p of profiles) {
      const i = groups.indexOf(groupOf(p, dimension, on));
      // only a profile outside the population (a staff-rank one, say) has no group
      if (i < 0) throw new RangeError(`profile ${p.id} is not a township cadre of section rank`);
      counts[i] += 1;
    }
    const balanced = largestRemainderPercents(counts);
    dimensions[dimension] = groups.map((group, i) => ({
      group,
      count: counts[i],
      percent: roundedPercent(counts[i], profiles.length),
      balancedPercent: balanced[i],
      suppressed: suppress && counts[i] > 0 && counts[i] < SUPPRESS_BELOW
    }));
  }
  return { unitId: unit?.id ?? null, unitName: unit?.name ?? null, total: profiles.length, dimensions };
}

const byName = new Intl.Collator('zh-CN');

export function structureReport(
  profiles: readonly StructureProfile[],
  units: readonly StructureUnit[],
  on: IsoDate
): StructureReport {
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const counted = profiles.filter((p) => isTownshipSectionCadre(p, unitsById));
  const townships = units
    .filter(isTownship)
    .sort((a, b) => byName.compare(a.name, b.name))
    .map((u) =>
      structureCut(
        counted.filter((p) => p.unit_id === u.id),
        on,
        u
      )
    );
  return { on, county: structureCut(counted, on, null), townships };
}
