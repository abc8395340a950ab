import { describe, expect, it } from 'vitest';
import { grassrootsShare } from '$lib/domain/grassroots-share';
import { deriveAppointments } from './appointments';

const units = [
  { id: 'town', kind: 'town' as const, deleted_at: null },
  { id: 'xiang', kind: 'xiang' as const, deleted_at: null },
  { id: 'office', kind: 'county_office' as const, deleted_at: null }
];

const leader = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  full_name: id,
  unit_id: 'town',
  post_title: '副镇长',
  is_leader: true,
  in_unit_since: '2024-05-01',
  origin: 'graduate_exam' as const,
  role: 'cadre' as const,
  deleted_at: null,
  ...over
});

describe('deriveAppointments', () => {
  it('counts a township leader with no move record as risen in that township', () => {
    const [a] = deriveAppointments([leader('a')], [], units);
    expect(a).toMatchObject({ cadreId: 'a', appointedOn: '2024-05-01', previousUnitKind: 'town' });
  });

  it('takes the unit a rotation came from and the day it started', () => {
    const move = {
      cadre_id: 'a',
      kind: 'rotation' as const,
      from_unit_id: 'office',
      to_unit_id: 'town',
      starts_on: '2025-02-01',
      deleted_at: null
    };
    const [a] = deriveAppointments([leader('a')], [move], units);
    expect(a).toMatchObject({ appointedOn: '2025-02-01', previousUnitKind: 'county_office', previousUnitId: 'office' });
  });

  it('reads a county secondee with no move record as coming from a county office', () => {
    const [a] = deriveAppointments([leader('a', { origin: 'county_secondee' })], [], units);
    expect(a.previousUnitKind).toBe('county_office');
  });

  it('leaves out non-leaders, other roles, tombstones and people outside townships', () => {
    const list = deriveAppointments(
      [
        leader('staff', { is_leader: false }),
        leader('boss', { role: 'supervisor' }),
        leader('gone', { deleted_at: '2025-01-01T00:00:00Z' }),
        leader('office', { unit_id: 'office' }),
        leader('kept', { unit_id: 'xiang' })
      ],
      [],
      units
    );
    expect(list.map((a) => a.cadreId)).toEqual(['kept']);
  });

  it('feeds the share: one of two appointed from the front line meets the 50 % target', () => {
    const move = {
      cadre_id: 'b',
      kind: 'exchange' as const,
      from_unit_id: 'office',
      to_unit_id: 'town',
      starts_on: '2024-06-01',
      deleted_at: null
    };
    const share = grassrootsShare(deriveAppointments([leader('a'), leader('b')], [move], units), {
      from: '2024-01-01',
      to: '2024-12-31'
    });
    expect(share).toMatchObject({ appointed: 2, fromFrontLine: 1, share: 0.5, meetsTarget: true });
  });
});
