// What the status strip and the badges show: online or not, how many changes wait, whether a sync
// runs, when one last succeeded, the last error and the records that need attention. Follows the
// outbox and sync_state through Dexie live queries, so every tab shows the same thing whichever
// tab synced. Imports neither supabase-js nor the engine: the first screen can load it.
import { liveQuery } from 'dexie';
import { db, type OutboxEntry, type FrontlineDB } from '$lib/db/database';
import { events } from '$lib/events';
import { LAST_RESULT, type LastResult } from './keys';

/**
 * A live query that outlives the database being closed and reopened (a sign-out wipes it): on
 * an error it subscribes again shortly after.
 */
function watch<T>(query: () => Promise<T>, next: (value: T) => void): { unsubscribe(): void } {
  let stopped = false;
  let sub: { unsubscribe(): void } | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const start = () => {
    if (stopped) return;
    sub = liveQuery(query).subscribe({
      next,
      error: () => {
        retry = setTimeout(start, 500);
      }
    });
  };
  start();
  return {
    unsubscribe() {
      stopped = true;
      if (retry) clearTimeout(retry);
      sub?.unsubscribe();
    }
  };
}

class SyncStatus {
  #online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  #waiting = $state(0);
  #oldestWaitingAt = $state<string | null>(null);
  #inFlight = $state(false);
  #lastSuccessAt = $state<string | null>(null);
  #lastError = $state<string | null>(null);
  #serverBusy = $state(false);
  #attentionEntries = $state.raw<OutboxEntry[]>([]);
  #stop: (() => void) | null = null;

  /** Starts following a database (the app's by default). Safe to call again. */
  follow(database: FrontlineDB = db): void {
    this.#stop?.();
    if (typeof indexedDB === 'undefined') return;
    const subs = [
      watch(
        () => database.outbox.where('state').equals('pending').count(),
        (n) => (this.#waiting = n)
      ),
      watch(
        () => database.outbox.where('state').equals('pending').first(),
        (entry) => (this.#oldestWaitingAt = entry?.created_at ?? null)
      ),
      watch(
        () => database.outbox.where('state').anyOf('rejected', 'conflict').sortBy('seq'),
        (entries) => (this.#attentionEntries = entries)
      ),
      watch(
        () => database.sync_state.get(LAST_RESULT),
        (entry) => {
          const value = entry?.value as LastResult | undefined;
          this.#lastSuccessAt = value?.lastSuccessAt ?? null;
          this.#lastError = value && !value.ok ? value.error : null;
          this.#serverBusy = value?.serverBusy ?? false;
        }
      )
    ];
    const offs = [
      events.on('sync.started', () => (this.#inFlight = true)),
      events.on('sync.finished', () => (this.#inFlight = false))
    ];
    const setOnline = () => (this.#online = navigator.onLine);
    if (typeof window !== 'undefined') {
      window.addEventListener('online', setOnline);
      window.addEventListener('offline', setOnline);
    }
    this.#stop = () => {
      for (const s of subs) s.unsubscribe();
      for (const off of offs) off();
      if (typeof window !== 'undefined') {
        window.removeEventListener('online', setOnline);
        window.removeEventListener('offline', setOnline);
      }
    };
  }

  get online(): boolean {
    return this.#online;
  }
  /** Changes waiting to be pushed. */
  get waiting(): number {
    return this.#waiting;
  }
  /** When the oldest waiting change was made: a queue that does not move is visible, never silent. */
  get oldestWaitingAt(): string | null {
    return this.#oldestWaitingAt;
  }
  /** A sync pass runs in this tab. */
  get inFlight(): boolean {
    return this.#inFlight;
  }
  /** ISO time the last successful sync ended (any tab). */
  get lastSuccessAt(): string | null {
    return this.#lastSuccessAt;
  }
  /** Why the last sync failed: 'offline' | 'session_expired' | 'wrong_user' | 'error'; null after a success. */
  /** The server's last pull was held back by a long transaction there: newer changes come later. */
  get serverBusy(): boolean {
    return this.#serverBusy;
  }

  get lastError(): string | null {
    return this.#lastError;
  }
  /** Rejected and conflicting changes. */
  get attention(): number {
    return this.#attentionEntries.length;
  }
  get attentionEntries(): OutboxEntry[] {
    return this.#attentionEntries;
  }

  /** "Sync now": the running scheduler (start.ts) syncs at once, ignoring any backoff. */
  syncNow(): void {
    events.emit('sync.requested', {});
  }
}

export const syncStatus = new SyncStatus();
if (typeof window !== 'undefined') syncStatus.follow();
