// The message catalogs: the shell's file plus one file per journey (messages/<locale>/<ns>.json,
// read as keys `<ns>.…`), so screens built side by side never edit the same file.
// Only the shell's Chinese is bundled with the first screen; every namespace, and English, is its
// own chunk loaded when a screen needs it (all precached, so this works offline).
import zhShell from './messages/zh-CN.json';
import type { Locale } from '$lib/settings/preferences.svelte';
import type { Messages } from './translate';

const files: Record<Locale, Record<string, () => Promise<Messages>>> = {
  'zh-CN': import.meta.glob<Messages>('./messages/zh-CN/*.json', { import: 'default' }),
  en: import.meta.glob<Messages>('./messages/en/*.json', { import: 'default' })
};

const nameOf = (path: string) => path.replace(/^.*\/|\.json$/g, '');

/** The journeys' namespaces: the first segment of their keys. */
export const NAMESPACES: ReadonlySet<string> = new Set(Object.keys(files['zh-CN']).map(nameOf));

export const zhShellMessages = zhShell as Messages;

export async function loadShell(locale: Locale): Promise<Messages> {
  return locale === 'zh-CN' ? zhShellMessages : ((await import('./messages/en.json')).default as Messages);
}

export async function loadNamespace(locale: Locale, namespace: string): Promise<Messages> {
  const load = files[locale][`./messages/${locale}/${namespace}.json`];
  return load ? load() : {};
}

/** Every message of a language, shell and namespaces together (tests, tools). */
export async function loadAll(locale: Locale): Promise<Messages> {
  const all: Messages = { ...(await loadShell(locale)) };
  for (const namespace of NAMESPACES) all[namespace] = await loadNamespace(locale, namespace);
  return all;
}
