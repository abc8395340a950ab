// The bottom tabs of each role (design: one journey per role). Labels are i18n keys.
import type { Role } from '$lib/schema/enums';

export interface Tab {
  href: string;
  label: string;
  icon: IconName;
}

export type IconName = 'home' | 'log' | 'training' | 'assessment' | 'me' | 'sessions' | 'review' | 'reports' | 'admin';

const home: Tab = { href: '/', label: 'nav.home', icon: 'home' };
const me: Tab = { href: '/settings', label: 'nav.me', icon: 'me' };

export const TABS: Record<Role, Tab[]> = {
  cadre: [
    home,
    { href: '/logs', label: 'nav.logs', icon: 'log' },
    { href: '/training', label: 'nav.training', icon: 'training' },
    { href: '/assessments', label: 'nav.assessments', icon: 'assessment' },
    me
  ],
  trainer: [home, { href: '/sessions', label: 'nav.sessions', icon: 'sessions' }, me],
  supervisor: [
    home,
    { href: '/review', label: 'nav.review', icon: 'review' },
    { href: '/reports', label: 'nav.reports', icon: 'reports' },
    me
  ],
  admin: [
    home,
    { href: '/reports', label: 'nav.reports', icon: 'reports' },
    { href: '/admin', label: 'nav.admin', icon: 'admin' },
    me
  ]
};

/** Until the profile has synced the role is unknown: only what every role has. */
export function tabsFor(role: Role | null | undefined): Tab[] {
  return role ? TABS[role] : [home, me];
}

/** The tab a path belongs to: the longest tab href that prefixes it. */
export function activeTab(tabs: Tab[], pathname: string): Tab | undefined {
  return tabs
    .filter((t) => (t.href === '/' ? pathname === '/' : pathname === t.href || pathname.startsWith(t.href + '/')))
    .sort((a, b) => b.href.length - a.href.length)[0];
}
