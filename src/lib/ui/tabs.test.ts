import { describe, expect, it } from 'vitest';
import { activeTab, tabsFor, TABS } from './tabs';

describe('tabs', () => {
  it('follow the role', () => {
    expect(TABS.cadre.map((t) => t.label)).toEqual([
      'nav.home',
      'nav.logs',
      'nav.training',
      'nav.assessments',
      'nav.me'
    ]);
    expect(TABS.trainer.map((t) => t.label)).toEqual(['nav.home', 'nav.sessions', 'nav.me']);
    expect(TABS.supervisor.map((t) => t.label)).toEqual(['nav.home', 'nav.review', 'nav.reports', 'nav.me']);
    expect(TABS.admin.map((t) => t.label)).toEqual(['nav.home', 'nav.reports', 'nav.admin', 'nav.me']);
  });

  it('are home and me alone until the profile has synced', () => {
    expect(tabsFor(undefined).map((t) => t.href)).toEqual(['/', '/settings']);
  });

  it('mark the tab a nested page belongs to, and home only on home', () => {
    const tabs = tabsFor('cadre');
    expect(activeTab(tabs, '/logs/new')?.href).toBe('/logs');
    expect(activeTab(tabs, '/')?.href).toBe('/');
    expect(activeTab(tabs, '/logsx')).toBeUndefined();
    expect(activeTab(tabs, '/sync')).toBeUndefined();
  });
});
