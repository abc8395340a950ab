// i18next behind a small reactive wrapper: `i18n.t(key, vars)` re-renders when the locale changes.
// i18next is maintained, framework-agnostic, small (~13 KB gzip) and does the plurals and
// interpolation both languages need. Chinese is bundled with the shell; English loads on demand
// (and is precached, so switching works offline).
import i18next, { type i18n as I18next } from 'i18next';
import zhCNShell from './messages/zh-CN.json';
import { preferences, type Locale } from '$lib/settings/preferences.svelte';

export type { Locale };

type Messages = Record<string, unknown>;

// Each journey keeps its own messages in messages/<locale>/<namespace>.json, read as keys
// `<namespace>.…`, so screens built side by side never edit the same file.
const zhNamespaces = import.meta.glob<Messages>('./messages/zh-CN/*.json', { eager: true, import: 'default' });
const enNamespaces = import.meta.glob<Messages>('./messages/en/*.json', { import: 'default' });

function withNamespaces(shell: Messages, files: Record<string, Messages>): Messages {
  const merged: Messages = { ...shell };
  for (const [path, messages] of Object.entries(files)) {
    merged[path.replace(/^.*\/|\.json$/g, '')] = messages;
  }
  return merged;
}

const zhCN = withNamespaces(zhCNShell, zhNamespaces);
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type MessageVars = Record<string, string | number | null | undefined>;

class I18n {
  #locale = $state<Locale>('zh-CN');
  #instance: I18next = i18next.createInstance();
  #ready: Promise<void> | null = null;

  get locale(): Locale {
    return this.#locale;
  }

  /** Load the saved locale's messages. Called once before the first screen renders. */
  init(): Promise<void> {
    this.#ready ??= (async () => {
      await this.#instance.init({
        lng: 'zh-CN',
        fallbackLng: 'zh-CN',
        resources: { 'zh-CN': { translation: zhCN } },
        interpolation: { escapeValue: false },
        initAsync: false,
        returnNull: false
      });
      if (preferences.locale !== 'zh-CN') await this.setLocale(preferences.locale);
      else setDocumentLang('zh-CN');
    })();
    return this.#ready;
  }

  t(key: string, vars?: MessageVars): string {
    // Reading #locale makes every caller re-run when the language changes.
    void this.#locale;
    return this.#instance.t(key, vars as Record<string, unknown>);
  }

  async setLocale(locale: Locale): Promise<void> {
    if (!this.#instance.hasResourceBundle(locale, 'translation')) {
      const [shell, ...namespaces] = await Promise.all([
        import('./messages/en.json').then((m) => m.default as Messages),
        ...Object.entries(enNamespaces).map(async ([path, load]) => [path, await load()] as const)
      ]);
      const messages = withNamespaces(shell as Messages, Object.fromEntries(namespaces as [string, Messages][]));
      this.#instance.addResourceBundle(locale, 'translation', messages);
    }
    await this.#instance.changeLanguage(locale);
    preferences.locale = locale;
    this.#locale = locale;
    setDocumentLang(locale);
  }
}

function setDocumentLang(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export const i18n = new I18n();
