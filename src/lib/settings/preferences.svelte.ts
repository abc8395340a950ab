// Device preferences: language, large text and the browser's answer about keeping storage.
// They belong to the phone, not to the person, so sign-out keeps them (and the inline script in
// app.html applies them before the first paint).
export type Locale = 'zh-CN' | 'en';
export type PersistAnswer = 'granted' | 'denied' | 'unsupported' | 'unknown';

export const PREFS_STORAGE_KEY = 'frontline-prefs';

interface Stored {
  locale: Locale;
  largeText: boolean;
  storagePersist: PersistAnswer;
}

const DEFAULTS: Stored = { locale: 'zh-CN', largeText: false, storagePersist: 'unknown' };

function load(): Stored {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFS_STORAGE_KEY);
    const parsed = (raw ? JSON.parse(raw) : {}) as Partial<Stored>;
    return {
      locale: parsed.locale === 'en' ? 'en' : 'zh-CN',
      largeText: parsed.largeText === true,
      storagePersist:
        (['granted', 'denied', 'unsupported'] as const).find((a) => a === parsed.storagePersist) ?? 'unknown'
    };
  } catch {
    return { ...DEFAULTS };
  }
}

class Preferences {
  #current = $state<Stored>(load());

  get locale(): Locale {
    return this.#current.locale;
  }

  set locale(value: Locale) {
    this.#current.locale = value;
    this.#save();
  }

  get largeText(): boolean {
    return this.#current.largeText;
  }

  set largeText(value: boolean) {
    this.#current.largeText = value;
    this.#save();
    applyTextSize(value);
  }

  /** What the browser said when asked to keep this site's storage (navigator.storage.persist()). */
  get storagePersist(): PersistAnswer {
    return this.#current.storagePersist;
  }

  set storagePersist(value: PersistAnswer) {
    this.#current.storagePersist = value;
    this.#save();
  }

  #save(): void {
    try {
      localStorage.setItem(PREFS_STORAGE_KEY, JSON.stringify(this.#current));
    } catch {
      // Private mode or a full disk: the preference holds for this visit only.
    }
  }
}

export const preferences = new Preferences();

export function applyTextSize(large: boolean): void {
  if (typeof document === 'undefined') return;
  if (large) document.documentElement.dataset.textSize = 'large';
  else delete document.documentElement.dataset.textSize;
}

/**
 * Ask the browser to keep IndexedDB even when the disk fills up: the outbox holds work that exists
 * nowhere else until it syncs. The answer is shown in settings.
 */
export async function requestPersistentStorage(): Promise<PersistAnswer> {
  let answer: PersistAnswer;
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) answer = 'unsupported';
  else {
    try {
      answer = (await navigator.storage.persisted()) || (await navigator.storage.persist()) ? 'granted' : 'denied';
    } catch {
      answer = 'denied';
    }
  }
  preferences.storagePersist = answer;
  return answer;
}
