// Training coverage: the source finds training reaches leaders and young cadres but not the rest,
// and asks for all township cadres to be trained. Leaders and non-leaders are shown apart so that
// the gap it names stays visible.
import type { Profile, Unit } from '$lib/schema';
import { isLive } from './calendar';
import { credits, type AttendanceFacts, type SessionFacts } from './credit-hours';
import { townshipIds } from './township';

export interface Coverage {
  cadres: number;
  trained: number;
  /** trained / cadres; null when there is no one to train. */
  share: number | null;
}

export interface TrainingCoverage {
  all: Coverage;
  leaders: Coverage;
  nonLeaders: Coverage;
}

export type CoverageProfile = Pick<Profile, 'id' | 'unit_id' | 'is_leader' | 'deleted_at'>;

/**
 * Cadres trained in a county calendar year: at least one present or late attendance at a live
 * session starting that year, whatever its credit hours.
 */
export function trainedCadreIds(
  attendance: readonly AttendanceFacts[],
  sessions: readonly SessionFacts[],
  year: number
): Set<string> {
  return new Set(
    credits(attendance, sessions)
      .filter((c) => c.year === year)
      .map((c) => c.cadreId)
  );
}

function coverage(ids: readonly string[], trained: ReadonlySet<string>): Coverage {
  const count = ids.filter((id) => trained.has(id)).length;
  return { cadres: ids.length, trained: count, share: ids.length === 0 ? null : count / ids.length };
}

/**
 * Of the township cadres (every live profile whose unit is a town or a xiang, whatever the rank,
 * since the source asks for all of them to be trained), how many were trained in the year.
 */
export function trainingCoverage(
  profiles: readonly CoverageProfile[],
  units: readonly Pick<Unit, 'id' | 'kind' | 'deleted_at'>[],
  attendance: readonly AttendanceFacts[],
  sessions: readonly SessionFacts[],
  year: number
): TrainingCoverage {
  const townships = townshipIds(units);
  const cadres = profiles.filter((p) => isLive(p) && p.unit_id !== null && townships.has(p.unit_id));
  const trained = trainedCadreIds(attendance, sessions, year);
  return {
    all: coverage(
      cadres.map((p) => p.id),
      trained
    ),
    leaders: coverage(
      cadres.filter((p) => p.is_leader).map((p) => p.id),
      trained
    ),
    nonLeaders: coverage(
      cadres.filter((p) => !p.is_leader).map((p) => p.id),
      trained
    )
  };
}
