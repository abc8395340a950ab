import { describe, expect, it } from 'vitest';
import { parseIdentifier } from './identifier';

describe('parseIdentifier', () => {
  it('reads an email, lower-cased and trimmed', () => {
    expect(parseIdentifier('  Cadre@Demo.Local ')).toEqual({ email: 'cadre@demo.local' });
  });

  it('reads a mainland mobile number however it is typed, as E.164', () => {
    for (const typed of ['13800000001', '138 0000 0001', '138-0000-0001', '+86 138 0000 0001', '8613800000001']) {
      expect(parseIdentifier(typed)).toEqual({ phone: '+8613800000001' });
    }
  });

  it('refuses what is neither', () => {
    for (const typed of ['', '1380000000', '23800000001', '12800000001', 'cadre@', 'hello']) {
      expect(parseIdentifier(typed)).toBeNull();
    }
  });
});
