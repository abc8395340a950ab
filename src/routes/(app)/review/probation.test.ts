import { describe, expect, it } from 'vitest';
import { urgencyOf } from './probation';

describe('urgencyOf', () => {
  it('reminds from 30 days before the period ends, the last day included', () => {
    expect(urgencyOf(31)).toBe('later');
    expect(urgencyOf(30)).toBe('soon');
    expect(urgencyOf(0)).toBe('soon');
  });

  it('marks a period that has ended without a final assessment as overdue', () => {
    expect(urgencyOf(-1)).toBe('overdue');
  });
});
