// The grassroots share needs the appointments of township leaders (the source's 选拔任用记实),
// which the records do not keep as such. They are derived here, and what that cannot know is
// said plainly:
// - Who: every live cadre in a leading post (is_leader) whose unit is a town or a xiang.
// - When: the day they came to that unit (in_unit_since, or the start of the rotation or
//   exchange that brought them). The records keep no date of promotion, so a cadre promoted
//   within their own township counts as appointed when they arrived there.
// - From where: the unit the move that brought them came from; with no such move, the
//   township itself (they rose where they work), unless their origin says they were sent from
//   a county office or a research unit.
// A proper appointments table would replace this; until then the dashboard says it is derived.
import type { Appointment } from '$lib/domain/grassroots-share';
import { fullYearsBetween, isLive, type IsoDate } from '$lib/domain/calendar';
import { MOVE_KINDS } from '$lib/domain/rotation';
import { isTownship } from '$lib/domain/township';
import type { Posting, Profile, Unit } from '$lib/schema';

export interface DerivedAppointment extends Appointment {
  profile: Pick<Profile, 'id' | 'full_name' | 'unit_id' | 'post_title'>;
  unitId: string;
  previousUnitId: string | null;
}

type P = Pick<
  Profile,
  'id' | 'full_name' | 'unit_id' | 'post_title' | 'is_leader' | 'in_unit_since' | 'origin' | 'role' | 'deleted_at'
>;
type U = Pick<Unit, 'id' | 'kind' | 'deleted_at'>;
type M = Pick<Posting, 'cadre_id' | 'kind' | 'from_unit_id' | 'to_unit_id' | 'starts_on' | 'deleted_at'>;

const ORIGIN_UNIT_KIND: Partial<Record<NonNullable<Profile['origin']>, Unit['kind']>> = {
  county_secondee: 'county_office',
  research_secondee: 'research_unit'
};

export function deriveAppointments(
  profiles: readonly P[],
  postings: readonly M[],
  units: readonly U[]
): DerivedAppointment[] {
  const unitsById = new Map(units.map((u) => [u.id, u]));
  const out: DerivedAppointment[] = [];
  for (const p of profiles) {
    if (!isLive(p) || p.role !== 'cadre' || !p.is_leader || !p.unit_id || !isTownship(unitsById.get(p.unit_id)))
      continue;
    const arrival = postings
      .filter((m) => isLive(m) && m.cadre_id === p.id && MOVE_KINDS.has(m.kind) && m.to_unit_id === p.unit_id)
      .sort((a, b) => b.starts_on.localeCompare(a.starts_on))[0];
    const appointedOn: IsoDate | null = arrival?.starts_on ?? p.in_unit_since;
    if (!appointedOn) continue;
    const previousUnitId = arrival?.from_unit_id ?? null;
    const previousUnitKind = previousUnitId
      ? (unitsById.get(previousUnitId)?.kind ?? null)
      : ((p.origin && ORIGIN_UNIT_KIND[p.origin]) ?? unitsById.get(p.unit_id)?.kind ?? null);
    // years in townships before: only what the move history shows (a township-to-township move)
    const before = postings
      .filter(
        (m) =>
          isLive(m) &&
          m.cadre_id === p.id &&
          m.starts_on < appointedOn &&
          m.to_unit_id &&
          isTownship(unitsById.get(m.to_unit_id))
      )
      .sort((a, b) => a.starts_on.localeCompare(b.starts_on))[0];
    out.push({
      cadreId: p.id,
      appointedOn,
      previousUnitKind,
      previousYearsInTownships: before ? fullYearsBetween(before.starts_on, appointedOn) : null,
      profile: p,
      unitId: p.unit_id,
      previousUnitId
    });
  }
  return out.sort((a, b) => a.appointedOn.localeCompare(b.appointedOn) || a.cadreId.localeCompare(b.cadreId));
}
