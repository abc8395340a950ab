// The supervisor and organization-department screens' messages (src/lib/i18n/messages/<locale>/
// {supervision,reports,admin}.json, keys `supervision.…`, `reports.…`, `admin.…`). The shell's
// i18n answers first; while it does not load namespace files itself, this looks the key up in
// these catalogs, so the screens never show a raw key. English loads when first asked for.
import { i18n, type MessageVars } from '$lib/i18n/i18n.svelte';
import { translate, type Messages } from '$lib/i18n/translate';
import zhAdmin from '$lib/i18n/messages/zh-CN/admin.json';
import zhReports from '$lib/i18n/messages/zh-CN/reports.json';
import zhSupervision from '$lib/i18n/messages/zh-CN/supervision.json';

const NAMESPACES = ['supervision.', 'reports.', 'admin.'];
const zh: Messages = {
  supervision: zhSupervision as Messages,
  reports: zhReports as Messages,
  admin: zhAdmin as Messages
};

class SupervisionMessages {
  #en = $state.raw<Messages | undefined>(undefined);
  #loading = false;

  t(key: string, vars?: MessageVars): string {
    const shell = i18n.t(key, vars);
    if (shell !== key || !NAMESPACES.some((ns) => key.startsWith(ns))) return shell;
    const locale = i18n.locale;
    if (locale === 'en' && !this.#en) this.#loadEnglish();
    const messages = locale === 'en' ? this.#en : zh;
    return translate({ locale, messages, fallbackLocale: 'zh-CN', fallback: zh }, key, vars);
  }

  #loadEnglish(): void {
    if (this.#loading) return;
    this.#loading = true;
    Promise.all([
      import('$lib/i18n/messages/en/supervision.json'),
      import('$lib/i18n/messages/en/reports.json'),
      import('$lib/i18n/messages/en/admin.json')
    ])
      .then(([supervision, reports, admin]) => {
        this.#en = {
          supervision: supervision.default as Messages,
          reports: reports.default as Messages,
          admin: admin.default as Messages
        };
      })
      .catch((e: unknown) => console.error('English messages did not load', e));
  }
}

export const supervisionI18n = new SupervisionMessages();

/** `i18n.t` for the supervisor, report and administration screens. */
export const tr = (key: string, vars?: MessageVars): string => supervisionI18n.t(key, vars);
