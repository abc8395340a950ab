// The app's translations as reactive state: `i18n.t(key, vars)` re-renders when the locale
// changes or a namespace arrives. Keys `<ns>.…` of a journey namespace (catalog.ts) come from
// that namespace's file, loaded on demand: a route's load calls `i18n.load([...])` so its screen
// renders complete; a key of a namespace nobody loaded yet loads it and shows nothing meanwhile
// (never a raw key). Message files use the i18next JSON format (see translate.ts).
import { loadNamespace, loadShell, NAMESPACES, zhShellMessages } from './catalog';
import { preferences, type Locale } from '$lib/settings/preferences.svelte';
import { translate, type Messages, type Vars } from './translate';

export type { Locale };
export type MessageVars = Vars;
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const FALLBACK: Locale = 'zh-CN';

class I18n {
  #locale = $state<Locale>(FALLBACK);
  /** Bumped whenever messages arrive, so t() callers re-render. */
  #revision = $state(0);
  #catalogs: Record<Locale, Messages> = { 'zh-CN': { ...zhShellMessages }, en: {} };
  #shellLoaded = new Set<Locale>(['zh-CN']);
  /** `${locale}:${namespace}` → its load, started once. */
  #loads = new Map<string, Promise<void>>();
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
    // Reading these makes every caller re-run when the language changes or messages arrive.
    const locale = this.#locale;
    void this.#revision;
    if (!this.has([key.slice(0, key.indexOf('.'))])) return '';
    return translate(
      { locale, messages: this.#catalogs[locale], fallbackLocale: FALLBACK, fallback: this.#catalogs[FALLBACK] },
      key,
      vars
    );
  }

  /**
   * Whether these namespaces' messages are here, reactively; starts loading the missing ones.
   * A screen whose namespaces only became known after its route loaded (home, before the first
   * sync brought the person's role) waits on this instead of showing its labels blank.
   */
  has(namespaces: readonly string[]): boolean {
    void this.#revision;
    const locale = this.#locale;
    const missing = namespaces.filter(
      (ns) => NAMESPACES.has(ns) && !this.#loaded(locale, ns) && !this.#loaded(FALLBACK, ns)
    );
    if (missing.length > 0) void this.load(missing);
    return missing.length === 0;
  }

  /** Load journey namespaces (e.g. ['cadre']) in the current language and in Chinese, the fallback. */
  async load(namespaces: readonly string[]): Promise<void> {
    const locales = this.#locale === FALLBACK ? [FALLBACK] : [this.#locale, FALLBACK];
    await Promise.all(
      namespaces.filter((ns) => NAMESPACES.has(ns)).flatMap((ns) => locales.map((l) => this.#loadOne(l, ns)))
    );
  }

  async setLocale(locale: Locale): Promise<void> {
    if (!this.#shellLoaded.has(locale)) {
      Object.assign(this.#catalogs[locale], await loadShell(locale));
      this.#shellLoaded.add(locale);
    }
    // The namespaces already on screen, in the new language too.
    const inUse = [...this.#loads.keys()].map((k) => k.slice(k.indexOf(':') + 1));
    await Promise.all([...new Set(inUse)].map((ns) => this.#loadOne(locale, ns)));
    preferences.locale = locale;
    this.#locale = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }

  #loaded(locale: Locale, namespace: string): boolean {
    return this.#catalogs[locale][namespace] !== undefined;
  }

  #loadOne(locale: Locale, namespace: string): Promise<void> {
    const id = `${locale}:${namespace}`;
    let load = this.#loads.get(id);
    if (!load) {
      load = loadNamespace(locale, namespace).then(
        (messages) => {
          this.#catalogs[locale][namespace] = messages;
          this.#revision++;
        },
        // Offline before the app was precached: the screen shows its shell text; a later
        // call tries again.
        () => void this.#loads.delete(id)
      );
      this.#loads.set(id, load);
    }
    return load;
  }
}

export const i18n = new I18n();
