import { describe, expect, it, vi } from 'vitest';

vi.mock('$lib/supabase/client', () => ({ getSupabase: vi.fn() }));
const { changedFields } = await import('./audit');

describe('changedFields', () => {
  it('lists only the fields an update changed, without sync bookkeeping', () => {
    const fields = changedFields({
      id: 1,
      at: '2026-11-27T08:00:00Z',
      actor: null,
      actor_name: null,
      op: 'UPDATE',
      before: { id: 'x', unit_id: 'a', role: 'cadre', version: 3, updated_at: '1' },
      after: { id: 'x', unit_id: 'b', role: 'cadre', version: 4, updated_at: '2' }
    });
    expect(fields).toEqual([{ field: 'unit_id', before: 'a', after: 'b' }]);
  });

  it('shows every filled field of a creation as set from nothing', () => {
    const fields = changedFields({
      id: 2,
      at: '2026-11-27T08:00:00Z',
      actor: null,
      actor_name: null,
      op: 'INSERT',
      before: null,
      after: { id: 'x', name: '本号镇', parent_id: null }
    });
    expect(fields).toEqual([{ field: 'name', before: null, after: '本号镇' }]);
  });
});
