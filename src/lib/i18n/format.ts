// Dates and numbers with Intl, in the locale given (callers pass i18n.locale) (Chinese conventions: 2026年11月27日, 14:05).
const cache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

const toDate = (value: Date | string | number): Date =>
  value instanceof Date
    ? value
    : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00`)
      : new Date(value);

/** 2026年11月27日 / November 27, 2026 */
export function formatDate(value: Date | string | number, locale: string): string {
  return dateFormat(locale, { year: 'numeric', month: 'long', day: 'numeric' }).format(toDate(value));
}

/** 11月27日 / Nov 27 */
export function formatShortDate(value: Date | string | number, locale: string): string {
  return dateFormat(locale, { month: locale === 'en' ? 'short' : 'long', day: 'numeric' }).format(toDate(value));
}

/** 14:05 (24-hour in both languages: what a timetable shows) */
export function formatTime(value: Date | string | number, locale: string): string {
  return dateFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value));
}

/** The time alone when it is today, otherwise the short date and the time. */
export function formatWhen(value: Date | string | number, locale: string, now = new Date()): string {
  const d = toDate(value);
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay ? formatTime(d, locale) : `${formatShortDate(d, locale)} ${formatTime(d, locale)}`;
}

export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, options).format(value);
}
