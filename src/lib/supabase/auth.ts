// Sign-in and sign-out. Every failure becomes an AuthFailure whose code names an i18n message, so
// the person reads why in their language ("当前无网络，首次登录需要联网").
import { events } from '$lib/events';
import { PREFS_STORAGE_KEY, requestPersistentStorage } from '$lib/settings/preferences.svelte';
import { getSupabase } from './client';
import { parseIdentifier } from './identifier';
import { session } from './session.svelte';

// Dexie only when a sign-in or sign-out needs it: the sign-in screen shows without it.
const database = () => import('$lib/db/database');

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
/** What they typed to sign in, to tell the next person whose changes wait here. */
const LAST_IDENTIFIER_KEY = 'frontline-last-identifier';
/** Their name, kept when they sign out leaving changes here (their profile row is wiped). */
const LAST_NAME_KEY = 'frontline-last-name';

/**
 * Another person's changes wait on this phone for their owner (their session expired, or they never
 * signed out): the sign-in is not completed, and nothing is deleted until the person chooses.
 */
export class OtherPersonWaiting extends Error {
  constructor(
    readonly waiting: number,
    readonly owner: { id: string; identifier: string | null; name: string | null }
  ) {
    super(`${waiting} changes of another person wait on this device`);
    this.name = 'OtherPersonWaiting';
  }
}

/** The previous person's changes still waiting here (none when it is the same person). */
async function othersWaiting(userId: string): Promise<OtherPersonWaiting | null> {
  const previous = localStorage.getItem(LAST_USER_KEY);
  if (!previous || previous === userId) return null;
  const { db } = await database();
  const waiting = await db.outbox.filter((e) => e.user_id !== userId).count();
  if (waiting === 0) return null;
  const profile = await db.profiles.get(previous).catch(() => undefined);
  return new OtherPersonWaiting(waiting, {
    id: previous,
    identifier: localStorage.getItem(LAST_IDENTIFIER_KEY),
    name: profile?.full_name ?? localStorage.getItem(LAST_NAME_KEY)
  });
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T | undefined> =>
  Promise.race([p, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms))]);

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

/**
 * `discardOthers`: the person confirmed twice that another person's waiting changes on this phone
 * may be deleted; without it such a sign-in stops with OtherPersonWaiting and deletes nothing.
 */
export async function signIn(
  identifier: string,
  password: string,
  { discardOthers = false }: { discardOthers?: boolean } = {}
): Promise<{ userId: string }> {
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

  // Someone else used this phone before and did not sign out. Their records go before this person
  // sees anything, but changes of theirs that never reached the server only by their choice.
  const previous = localStorage.getItem(LAST_USER_KEY);
  if (previous && previous !== userId) {
    const waiting = discardOthers ? null : await othersWaiting(userId);
    if (waiting) {
      // this person's session must not sit over the other person's data: it is ended here
      session.signingOut = true;
      try {
        await withTimeout(
          supabase.auth.signOut({ scope: 'local' }).catch(() => undefined),
          5000
        );
      } finally {
        session.signingOut = false;
      }
      throw waiting;
    }
    await (await database()).wipeLocalData();
  }
  localStorage.setItem(LAST_USER_KEY, userId);
  localStorage.setItem(LAST_IDENTIFIER_KEY, identifier.trim());
  localStorage.removeItem(LAST_NAME_KEY);

  session.reload();
  events.emit('auth.signed-in', { userId });
  // Not awaited: the answer is shown in settings, and sign-in should not wait for a permission prompt.
  void requestPersistentStorage();
  return { userId };
}

/** Changes that have not reached the server yet (including those that need attention). */
export async function unsyncedChanges(): Promise<number> {
  return (await database()).db.outbox.count();
}

/**
 * Sign out and leave nothing of the person on the device: a shared phone must never show the last
 * person's records. The caller has already shown `unsyncedChanges()` and had it confirmed.
 *
 * `keepWaiting`: changes that have not reached the server stay in the outbox, and nothing else:
 * no records, no drafts. They are never shown to or sent by the next person (sign-in stops on
 * OtherPersonWaiting) and go out when their owner signs in again.
 */
export async function signOut({ keepWaiting = false }: { keepWaiting?: boolean } = {}): Promise<void> {
  const userId = session.userId;
  session.signingOut = true;
  try {
    // the sync pass in flight stops, and is waited for, before anything is wiped
    const passes: Promise<unknown>[] = [];
    events.emit('auth.signing-out', { userId, waitFor: (p) => passes.push(p) });
    await withTimeout(Promise.allSettled(passes), 10_000);
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
    const { db, wipeAllButOutbox, wipeLocalData } = await database();
    const keep = keepWaiting && (await db.outbox.count()) > 0;
    const name = keep && userId ? (await db.profiles.get(userId))?.full_name : undefined;
    if (keep) await wipeAllButOutbox();
    else await wipeLocalData();
    clearPersonalStorage(keep ? [LAST_USER_KEY, LAST_IDENTIFIER_KEY] : []);
    if (name) localStorage.setItem(LAST_NAME_KEY, name);
    await clearPersonalCaches();
    session.reload();
  } finally {
    session.signingOut = false;
  }
}

/** Everything in Web Storage except the device's own preferences (language, text size) and `keep`. */
function clearPersonalStorage(keep: string[]): void {
  for (const key of Object.keys(localStorage)) {
    if (key !== PREFS_STORAGE_KEY && !keep.includes(key)) localStorage.removeItem(key);
  }
  sessionStorage.clear();
}

/** Runtime caches may hold responses with personal data; the precached app shell stays. */
async function clearPersonalCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => !n.startsWith('workbox-precache')).map((n) => caches.delete(n)));
}
