// Townships (乡镇) are the county's towns (建制镇) and xiang (建制乡): the front line every report
// is about.
import type { Unit } from '$lib/schema';
import { isLive } from './calendar';

export const TOWNSHIP_KINDS: ReadonlySet<Unit['kind']> = new Set(['town', 'xiang']);

export function isTownship(unit: Pick<Unit, 'kind' | 'deleted_at'> | undefined): boolean {
  return unit !== undefined && isLive(unit) && TOWNSHIP_KINDS.has(unit.kind);
}

/** Ids of the live towns and xiang among the units. */
export function townshipIds(units: readonly Pick<Unit, 'id' | 'kind' | 'deleted_at'>[]): Set<string> {
  return new Set(units.filter(isTownship).map((u) => u.id));
}
