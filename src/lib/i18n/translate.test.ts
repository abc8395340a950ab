import { describe, expect, it } from 'vitest';
import { interpolate, translate, type Messages } from './translate';

const zh: Messages = { status: { waiting: '{{count}} 条待同步', never: '尚未同步' }, only_zh: '只有中文' };
const en: Messages = {
  status: { waiting_one: '{{count}} change waiting', waiting_other: '{{count}} changes waiting' }
};
const t = (locale: string, key: string, vars?: Record<string, string | number>) =>
  translate({ locale, messages: locale === 'en' ? en : zh, fallbackLocale: 'zh-CN', fallback: zh }, key, vars);

describe('translate', () => {
  it('picks the English plural form from the count', () => {
    expect(t('en', 'status.waiting', { count: 1 })).toBe('1 change waiting');
    expect(t('en', 'status.waiting', { count: 3 })).toBe('3 changes waiting');
    expect(t('en', 'status.waiting', { count: 0 })).toBe('0 changes waiting');
  });

  it('uses the plain key where the language has no plural forms', () => {
    expect(t('zh-CN', 'status.waiting', { count: 2 })).toBe('2 条待同步');
  });

  it('falls back to Chinese, then to the key itself', () => {
    expect(t('en', 'only_zh')).toBe('只有中文');
    expect(t('en', 'status.never')).toBe('尚未同步');
    expect(t('en', 'no.such.key')).toBe('no.such.key');
  });

  it('leaves a placeholder without a value visible', () => {
    expect(interpolate('上次同步 {{time}}', {})).toBe('上次同步 {{time}}');
    expect(interpolate('{{a}}/{{ b }}', { a: 1, b: 'x' })).toBe('1/x');
  });
});
