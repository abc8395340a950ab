import { describe, expect, it } from 'vitest';
import { isTownship, townshipIds } from './township';

describe('townships', () => {
  it('are the live towns and xiang, not the county, its offices or research units', () => {
    const units = [
      { id: 'county', kind: 'county' as const, deleted_at: null },
      { id: 'office', kind: 'county_office' as const, deleted_at: null },
      { id: 'lab', kind: 'research_unit' as const, deleted_at: null },
      { id: 'town', kind: 'town' as const, deleted_at: null },
      { id: 'xiang', kind: 'xiang' as const, deleted_at: null },
      { id: 'merged', kind: 'town' as const, deleted_at: '2020-01-01T00:00:00Z' }
    ];
    expect([...townshipIds(units)]).toEqual(['town', 'xiang']);
  });

  it('does not take an unknown unit for a township', () => {
    expect(isTownship(undefined)).toBe(false);
  });
});
