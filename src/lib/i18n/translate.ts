// The message lookup behind i18n.t(): nested JSON messages, `{{name}}` interpolation and plurals
// chosen by Intl.PluralRules with i18next's key suffixes (`waiting_one`, `waiting_other`), so the
// message files stay in the i18next JSON v4 format. Written here rather than bundling i18next:
// i18next is ~16 KB gzip, a sixth of the first-load budget, for features (namespaces, backends,
// contexts, nesting) this app does not use.

export type Messages = { [key: string]: string | Messages };
export type Vars = Record<string, string | number | null | undefined>;

const pluralRules = new Map<string, Intl.PluralRules>();

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function pluralForm(locale: string, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(count);
}

function find(messages: Messages | undefined, locale: string, key: string, vars?: Vars): string | undefined {
  const count = vars?.count;
  if (typeof count === 'number') {
    const form = lookup(messages, `${key}_${pluralForm(locale, count)}`) ?? lookup(messages, `${key}_other`);
    if (form !== undefined) return form;
  }
  return lookup(messages, key);
}

export function interpolate(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

/**
 * The message for `key` in `locale`, else in the fallback messages, else the key itself (so a
 * missing message shows up on screen and in tests instead of an empty string).
 */
export function translate(
  catalogs: { locale: string; messages: Messages | undefined; fallbackLocale: string; fallback: Messages },
  key: string,
  vars?: Vars
): string {
  const template =
    find(catalogs.messages, catalogs.locale, key, vars) ?? find(catalogs.fallback, catalogs.fallbackLocale, key, vars);
  return template === undefined ? key : interpolate(template, vars);
}
