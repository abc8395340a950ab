// When to sync: at start, on `online`, 2 s after a write (in any tab), every 60 s while the page
// is visible, and on "sync now". Failures back off exponentially with jitter up to 5 minutes.
// One tab syncs at a time (Web Locks); the others see its results through Dexie live queries.
import { liveQuery } from 'dexie';
import type { SupabaseClient } from '@supabase/supabase-js';
import { db as defaultDb, type FrontlineDB } from '$lib/db/database';
import { events } from '$lib/events';
import { SyncEngine, type SyncResult } from './engine';
import { supabaseAuth, supabaseTransport } from './transport';

export const WRITE_DELAY_MS = 2_000;
export const INTERVAL_MS = 60_000;
export const MAX_BACKOFF_MS = 5 * 60_000;
const FIRST_BACKOFF_MS = 2_000;

/** The wait after the n-th failure in a row (n ≥ 1): exponential, capped, with "equal jitter". */
export function backoffDelay(failures: number, random: () => number = Math.random, first = FIRST_BACKOFF_MS): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, first * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface StartSyncOptions {
  getClient: () => Promise<SupabaseClient>;
  userId: string;
  db?: FrontlineDB;
  /** Shorter waits for tests. */
  timing?: { writeDelayMs?: number; intervalMs?: number; firstBackoffMs?: number };
}

/**
 * Starts syncing for `userId`. The returned stop ends the schedule and the pass in flight (its
 * request is cancelled) and resolves once that pass has ended: whoever stops sync first — the
 * layout, or this module's own sign-out listener — the sign-out waits for the same promise.
 */
export function startSync({ getClient, userId, db = defaultDb, timing = {} }: StartSyncOptions): () => Promise<void> {
  const writeDelay = timing.writeDelayMs ?? WRITE_DELAY_MS;
  const intervalMs = timing.intervalMs ?? INTERVAL_MS;
  let engine: SyncEngine | null = null;
  /** Set once by stop(): the schedule has ended; resolves when the pass in flight has. */
  let stopping: Promise<void> | null = null;
  let failures = 0;
  let blocked = false; // the session expired: wait for a sign-in or "sync now"
  let notBefore = 0; // backoff: automatic triggers wait until then
  let timer: ReturnType<typeof setTimeout> | null = null;
  // A trigger that arrives while a pass is running must not be lost in that pass: the pass may have
  // started offline and fail, and `online` would then wait for the backoff. It runs again after.
  let running = false;
  let again: 'none' | 'soon' | 'now' = 'none';
  const cleanups: (() => void)[] = [];

  async function getEngine(): Promise<SyncEngine> {
    if (!engine) {
      const client = await getClient();
      engine = new SyncEngine({ userId, db, transport: supabaseTransport(client), session: supabaseAuth(client) });
    }
    return engine;
  }

  async function runExclusive(): Promise<SyncResult | null> {
    const e = await getEngine();
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (!locks) return e.sync();
    // another tab syncing right now does the work; this tab follows through live queries
    return locks.request('frontline-sync', { ifAvailable: true }, (lock) => (lock ? e.sync() : null));
  }

  async function run(): Promise<void> {
    if (stopping) return;
    timer = null;
    if (running) {
      if (again === 'none') again = 'soon';
      return;
    }
    running = true;
    try {
      await pass();
    } finally {
      running = false;
    }
    const next = again;
    again = 'none';
    if (next === 'now') schedule(0, true);
    else if (next === 'soon') schedule(0);
  }

  async function pass(): Promise<void> {
    let result: SyncResult | null;
    try {
      result = await runExclusive();
    } catch (e) {
      // loading the client failed (offline first start): treat as offline
      result = {
        ok: false,
        pushed: 0,
        rejected: 0,
        conflicts: 0,
        pulled: 0,
        reset: false,
        failure: 'offline',
        error: String(e)
      };
    }
    if (stopping || result === null || result.failure === 'aborted') return;
    if (result.ok) {
      failures = 0;
      notBefore = 0;
    } else if (result.failure === 'session_expired' || result.failure === 'wrong_user') {
      blocked = true;
    } else {
      failures++;
      const delay = backoffDelay(failures, Math.random, timing.firstBackoffMs);
      notBefore = Date.now() + delay;
      schedule(delay, true);
    }
  }

  /** Runs after `delay`, unless something sooner is already scheduled. */
  function schedule(delay: number, force = false): void {
    if (stopping || (blocked && !force)) return;
    const wait = force ? delay : Math.max(delay, notBefore - Date.now());
    if (timer !== null) {
      if (!force) return;
      clearTimeout(timer);
    }
    timer = setTimeout(() => void run(), wait);
  }

  function now(): void {
    blocked = false;
    failures = 0;
    notBefore = 0;
    if (running) again = 'now';
    schedule(0, true);
  }

  cleanups.push(events.on('outbox.changed', () => schedule(writeDelay)));
  cleanups.push(events.on('sync.requested', now));
  cleanups.push(events.on('auth.signed-in', (p) => p.userId === userId && now()));
  // the pass in flight is stopped and awaited before the wipe: none of its requests may leave under
  // the next person's session, and its answers are written before the data goes
  cleanups.push(events.on('auth.signing-out', ({ waitFor }) => waitFor(stop())));

  // a write in another tab shows up here as a larger outbox
  let lastWaiting = -1;
  const sub = liveQuery(() => db.outbox.where('state').equals('pending').count()).subscribe({
    next: (n) => {
      if (lastWaiting >= 0 && n > lastWaiting) schedule(writeDelay);
      lastWaiting = n;
    },
    error: () => {}
  });
  cleanups.push(() => sub.unsubscribe());

  if (typeof window !== 'undefined') {
    const online = () => now();
    window.addEventListener('online', online);
    cleanups.push(() => window.removeEventListener('online', online));
    const visible = () => {
      if (document.visibilityState === 'visible') schedule(0);
    };
    document.addEventListener('visibilitychange', visible);
    cleanups.push(() => document.removeEventListener('visibilitychange', visible));
  }
  const interval = setInterval(() => {
    if (typeof document === 'undefined' || document.visibilityState === 'visible') schedule(0);
  }, intervalMs);
  cleanups.push(() => clearInterval(interval));

  schedule(0, true);

  function stop(): Promise<void> {
    if (stopping) return stopping;
    stopping = engine ? engine.abort() : Promise.resolve();
    if (timer !== null) clearTimeout(timer);
    for (const c of cleanups.splice(0)) c();
    return stopping;
  }
  return stop;
}
