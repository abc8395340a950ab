// The app's translations as reactive state: `i18n.t(key, vars)` re-renders when the locale
// changes. Chinese is bundled with the shell; English loads on demand (and is precached, so
// switching works offline). Message files use the i18next JSON format (see translate.ts).
import zhCN from './messages/zh-CN.json';
import { preferences, type Locale } from '$lib/settings/preferences.svelte';
import { translate, type Messages, type Vars } from './translate';

export type { Locale };
export type MessageVars = Vars;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const FALLBACK: Locale = 'zh-CN';

class I18n {
  #locale = $state<Locale>(FALLBACK);
  #catalogs: Partial<Record<Locale, Messages>> = { 'zh-CN': zhCN };
  #ready: Promise<void> | null = null;

  get locale(): Locale {
    return this.#locale;
  }

  /** Load the saved locale's messages. Called once before the first screen renders. */
  init(): Promise<void> {
    this.#ready ??= this.setLocale(preferences.locale);
    return this.#ready;
  }

  t(key: string, vars?: MessageVars): string {
    // Reading #locale makes every caller re-run when the language changes.
    const locale = this.#locale;
    return translate(
      { locale, messages: this.#catalogs[locale], fallbackLocale: FALLBACK, fallback: zhCN },
      key,
      vars
    );
  }

  async setLocale(locale: Locale): Promise<void> {
    if (!this.#catalogs[locale]) this.#catalogs[locale] = (await import('./messages/en.json')).default;
    preferences.locale = locale;
    this.#locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
