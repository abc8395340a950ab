// Sign-in and sign-out. Every failure becomes an AuthFailure whose code names an i18n message, so
// the person reads why in their language ("当前无网络，首次登录需要联网").
import { db, wipeLocalData } from '$lib/db/database';
import { events } from '$lib/events';
import { PREFS_STORAGE_KEY, requestPersistentStorage } from '$lib/settings/preferences.svelte';
import { getSupabase } from './client';
import { parseIdentifier } from './identifier';
import { session } from './session.svelte';

export type AuthFailureCode =
  'offline' | 'wrong_password' | 'invalid_identifier' | 'password_required' | 'too_many' | 'server';

export class AuthFailure extends Error {
  constructor(
    readonly code: AuthFailureCode,
    detail?: string
  ) {
    super(detail ?? code);
    this.name = 'AuthFailure';
  }

  /** The i18n key of the message shown to the person. */
  get messageKey(): string {
    return `auth.error.${this.code}`;
  }
}

/** The last person who signed in on this device: a different person must not see their data. */
const LAST_USER_KEY = 'frontline-last-user';

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** Supabase's AuthError carries an HTTP status; a fetch that never reached the server has none (0). */
function classify(error: { status?: number; code?: string; message: string; name?: string }): AuthFailure {
  if (isOffline() || error.name === 'AuthRetryableFetchError' || !error.status) {
    return new AuthFailure('offline', error.message);
  }
  if (error.status === 429) return new AuthFailure('too_many', error.message);
  if (error.status === 400 || error.status === 401 || error.status === 422) {
    return new AuthFailure('wrong_password', error.message);
  }
  return new AuthFailure('server', error.message);
}

export async function signIn(identifier: string, password: string): Promise<{ userId: string }> {
  const id = parseIdentifier(identifier);
  if (!id) throw new AuthFailure('invalid_identifier');
  if (!password) throw new AuthFailure('password_required');
  if (isOffline()) throw new AuthFailure('offline');

  let supabase;
  try {
    supabase = await getSupabase();
  } catch (e) {
    throw new AuthFailure('offline', String(e));
  }
  let result;
  try {
    result = await supabase.auth.signInWithPassword({ ...id, password });
  } catch (e) {
    throw classify({ message: String(e) });
  }
  if (result.error) throw classify(result.error);
  const userId = result.data.user.id;

  // Someone else used this phone before and did not sign out: their records go first.
  const previous = localStorage.getItem(LAST_USER_KEY);
  if (previous && previous !== userId) await wipeLocalData();
  localStorage.setItem(LAST_USER_KEY, userId);

  session.reload();
  events.emit('auth.signed-in', { userId });
  // Not awaited: the answer is shown in settings, and sign-in should not wait for a permission prompt.
  void requestPersistentStorage();
  return { userId };
}

/** Changes that have not reached the server yet (including those that need attention). */
export function unsyncedChanges(): Promise<number> {
  return db.outbox.count();
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

/**
 * Sign out and leave nothing of the person on the device: a shared phone must never show the last
 * person's records. The caller has already shown `unsyncedChanges()` and had it confirmed.
 */
export async function signOut(): Promise<void> {
  const userId = session.userId;
  session.signingOut = true;
  try {
    events.emit('auth.signing-out', { userId });
    try {
      // Offline or a dead server must not keep the person from leaving: the local wipe is what
      // protects the next person; the server token expires on its own.
      const supabase = await getSupabase();
      await withTimeout(
        supabase.auth.signOut().catch(() => undefined),
        5000
      );
    } catch {
      /* the local wipe below still runs */
    }
    await wipeLocalData();
    clearPersonalStorage();
    await clearPersonalCaches();
    session.reload();
  } finally {
    session.signingOut = false;
  }
}

/** Everything in Web Storage except the device's own preferences (language, text size). */
function clearPersonalStorage(): void {
  for (const key of Object.keys(localStorage)) {
    if (key !== PREFS_STORAGE_KEY) localStorage.removeItem(key);
  }
  sessionStorage.clear();
}

/** Runtime caches may hold responses with personal data; the precached app shell stays. */
async function clearPersonalCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => !n.startsWith('workbox-precache')).map((n) => caches.delete(n)));
}
