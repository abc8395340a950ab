import { describe, expect, it } from 'vitest';
import { formatDate, formatTime, formatWhen } from './format';

describe('format', () => {
  it('writes dates the Chinese way', () => {
    expect(formatDate('2026-11-27', 'zh-CN')).toBe('2026年11月27日');
    expect(formatDate('2026-11-27', 'en')).toBe('November 27, 2026');
  });

  it('writes times on a 24-hour clock', () => {
    expect(formatTime(new Date(2026, 10, 27, 14, 5), 'zh-CN')).toBe('14:05');
    expect(formatTime(new Date(2026, 10, 27, 9, 0), 'en')).toBe('09:00');
  });

  it('shows the time alone for today, the date too otherwise', () => {
    const now = new Date(2026, 10, 27, 18, 0);
    expect(formatWhen(new Date(2026, 10, 27, 8, 30), 'zh-CN', now)).toBe('08:30');
    expect(formatWhen(new Date(2026, 10, 26, 8, 30), 'zh-CN', now)).toBe('11月26日 08:30');
  });
});
