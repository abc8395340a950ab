// The cadre screens' messages (src/lib/i18n/messages/<locale>/cadre.json, keys `cadre.…`).
// The shell's i18n answers first; while it does not load namespace files itself, this looks the
// key up in the cadre catalogs, so the screens never show a raw key.
import { i18n, type MessageVars } from '$lib/i18n/i18n.svelte';
import { translate, type Messages } from '$lib/i18n/translate';
import zhCadre from '$lib/i18n/messages/zh-CN/cadre.json';

const zh: Messages = { cadre: zhCadre as Messages };

class CadreMessages {
  #en = $state.raw<Messages | undefined>(undefined);
  #loading = false;

  t(key: string, vars?: MessageVars): string {
    const shell = i18n.t(key, vars);
    if (shell !== key || !key.startsWith('cadre.')) return shell;
    const locale = i18n.locale;
    if (locale === 'en' && !this.#en) this.#loadEnglish();
    const messages = locale === 'en' ? this.#en : zh;
    return translate({ locale, messages, fallbackLocale: 'zh-CN', fallback: zh }, key, vars);
  }

  #loadEnglish(): void {
    if (this.#loading) return;
    this.#loading = true;
    import('$lib/i18n/messages/en/cadre.json')
      .then((m) => (this.#en = { cadre: m.default as Messages }))
      .catch((e: unknown) => console.error('English messages did not load', e));
  }
}

export const cadreI18n = new CadreMessages();

/** `i18n.t` for the cadre screens. */
export const tr = (key: string, vars?: MessageVars): string => cadreI18n.t(key, vars);
