// What a single township's cut may show. structure-report.ts marks counts of 1 and 2 ("<3"),
// which alone does not protect them: with the township's total and the other groups shown, the
// hidden count is a subtraction away. So, in a township cut:
// - a dimension with exactly one "<3" group also hides its smallest other non-empty group
//   (complementary suppression), shown as "≥3";
// - a dimension with any hidden group hides all its percentages (they would give the counts back);
// - a township with fewer than 3 people counted shows no breakdown at all.
// The county's cut is never suppressed.
import {
  SUPPRESS_BELOW,
  type StructureCell,
  type StructureCut,
  type StructureDimension
} from '$lib/domain/structure-report';

export interface ShownCell {
  group: string;
  /** The count as shown: a number, "<3", "≥3", or "—" when the whole cut is hidden. */
  count: string;
  /** The whole percent as shown, or null when it is hidden. */
  percent: number | null;
  /** Whether the number behind this cell is withheld. */
  hidden: boolean;
}

export type ShownCut = { [D in StructureDimension]: ShownCell[] };

function protectDimension(cells: readonly StructureCell[], suppress: boolean, tiny: boolean): ShownCell[] {
  if (!suppress) {
    return cells.map((c) => ({ group: c.group, count: String(c.count), percent: c.balancedPercent, hidden: false }));
  }
  if (tiny) return cells.map((c) => ({ group: c.group, count: '—', percent: null, hidden: true }));
  const primary = cells.filter((c) => c.count > 0 && c.count < SUPPRESS_BELOW);
  let complement: StructureCell | undefined;
  if (primary.length === 1) {
    complement = cells
      .filter((c) => c.count >= SUPPRESS_BELOW)
      .sort((a, b) => a.count - b.count || cells.indexOf(b) - cells.indexOf(a))[0];
  }
  const anyHidden = primary.length > 0;
  return cells.map((c) => {
    if (c.count > 0 && c.count < SUPPRESS_BELOW) {
      return { group: c.group, count: `<${SUPPRESS_BELOW}`, percent: null, hidden: true };
    }
    if (c === complement) return { group: c.group, count: `≥${SUPPRESS_BELOW}`, percent: null, hidden: true };
    return { group: c.group, count: String(c.count), percent: anyHidden ? null : c.balancedPercent, hidden: false };
  });
}

/** The cut as it may be shown; `total` too is hidden when fewer than 3 are counted in a township. */
export function protectCut(cut: StructureCut): { total: string; dimensions: ShownCut } {
  const suppress = cut.unitId !== null;
  const tiny = suppress && cut.total > 0 && cut.total < SUPPRESS_BELOW;
  const dimensions = {} as ShownCut;
  for (const [d, cells] of Object.entries(cut.dimensions) as [StructureDimension, StructureCell[]][]) {
    dimensions[d] = protectDimension(cells, suppress, tiny);
  }
  return { total: tiny ? `<${SUPPRESS_BELOW}` : String(cut.total), dimensions };
}
