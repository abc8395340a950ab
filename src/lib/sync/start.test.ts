import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SupabaseClient } from '@supabase/supabase-js';
import { FrontlineDB } from '$lib/db/database';
import { saveRecord } from '$lib/db/write';
import { events } from '$lib/events';
import { backoffDelay, MAX_BACKOFF_MS, startSync } from './start';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits until the check passes (something that must happen; a slow machine only delays it). */
const soon = (check: () => void) => vi.waitFor(check, { timeout: 5_000, interval: 10 });
// the real delays (2 s after a write, 60 s, backoff from 2 s) scaled down by 20
const timing = { writeDelayMs: 100, intervalMs: 60_000, firstBackoffMs: 100 };

const me = '21000000-0000-4000-8000-000000000003';

/** A client whose server answers from `answer`; it records each function called. */
function fakeClient(
  answer: (
    fn: string,
    args: { mutations?: { mutation_id: string }[] }
  ) => {
    data: unknown;
    error: null | { message: string };
    status: number;
  }
) {
  const calls: string[] = [];
  const client = {
    rpc(fn: string, args: { mutations?: { mutation_id: string }[] }) {
      calls.push(fn);
      const result = Promise.resolve(answer(fn, args));
      return Object.assign(result, { abortSignal: () => result });
    },
    auth: {
      getSession: async () => ({ data: { session: { user: { id: me } } }, error: null }),
      refreshSession: async () => ({ data: { session: { user: { id: me } } }, error: null })
    }
  };
  return { client: client as unknown as SupabaseClient, calls };
}

const ok = (fn: string, args: { mutations?: { mutation_id: string }[] }) =>
  fn === 'sync_pull'
    ? { data: { rows: [], checkpoint: { v: 1 }, has_more: false, reset: false }, error: null, status: 200 }
    : {
        data: {
          results: (args.mutations ?? []).map((m) => ({ mutation_id: m.mutation_id, status: 'applied', version: 1 }))
        },
        error: null,
        status: 200
      };

let db: FrontlineDB;
let stop: (() => Promise<void>) | null = null;
beforeEach(() => {
  db = new FrontlineDB(`start-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await stop?.();
  db.close();
  await db.delete();
});

describe('when sync runs', () => {
  it('syncs at start, two seconds after a write, and at once on "sync now"', async () => {
    const { client, calls } = fakeClient(ok);
    stop = startSync({ getClient: async () => client, userId: me, db, timing });
    await soon(() => expect(calls).toEqual(['sync_pull']));

    await saveRecord(
      'work_logs',
      crypto.randomUUID(),
      { cadre_id: me, posting_id: null, log_date: '2026-11-20', category: 'routine', body: '写了一条' },
      { userId: me, db }
    );
    await sleep(40);
    expect(calls).toEqual(['sync_pull']);
    await soon(() => expect(calls.slice(1)).toEqual(['sync_push', 'sync_pull']));

    events.emit('sync.requested', {});
    await soon(() => expect(calls.length).toBe(4));
  });

  it('syncs every minute while open', async () => {
    const { client, calls } = fakeClient(ok);
    stop = startSync({ getClient: async () => client, userId: me, db, timing: { ...timing, intervalMs: 400 } });
    await soon(() => expect(calls.filter((c) => c === 'sync_pull').length).toBeGreaterThanOrEqual(3));
  });

  it('retries a failed sync after a backoff instead of at once', async () => {
    let down = true;
    const { client, calls } = fakeClient((fn, args) =>
      down ? { data: null, error: { message: 'Service Unavailable' }, status: 503 } : ok(fn, args)
    );
    stop = startSync({ getClient: async () => client, userId: me, db, timing: { ...timing, firstBackoffMs: 600 } });
    await soon(() => expect(calls.length).toBe(1));
    down = false;
    // the first retry waits 300-600 ms (half the backoff, plus jitter), not less
    await sleep(200);
    expect(calls.length).toBe(1);
    await soon(() => expect(calls.length).toBe(2));
  });

  it('a "sync now" that comes while a failing pass runs is not lost in it: it runs right after, not after the backoff', async () => {
    let down = true;
    let release: (() => void) | null = null;
    const calls: string[] = [];
    const client = {
      rpc(fn: string, args: { mutations?: { mutation_id: string }[] }) {
        calls.push(fn);
        const wasDown = down;
        const result = new Promise((resolve) => {
          const answer = () =>
            resolve(wasDown ? { data: null, error: { message: 'Service Unavailable' }, status: 503 } : ok(fn, args));
          // the first request hangs (a phone that started syncing just before the signal came back)
          if (calls.length === 1) release = answer;
          else answer();
        });
        return Object.assign(result, { abortSignal: () => result });
      },
      auth: fakeClient(ok).client.auth
    } as unknown as SupabaseClient;
    stop = startSync({ getClient: async () => client, userId: me, db, timing: { ...timing, firstBackoffMs: 60_000 } });
    await soon(() => expect(release).not.toBeNull());
    down = false;
    events.emit('sync.requested', {});
    release!();
    await soon(() => expect(calls.length).toBeGreaterThanOrEqual(2));
  });

  it('stops when the person signs out', async () => {
    const { client, calls } = fakeClient(ok);
    stop = startSync({ getClient: async () => client, userId: me, db, timing });
    await soon(() => expect(calls.length).toBe(1));
    events.emit('auth.signing-out', { userId: me, waitFor: () => {} });
    await sleep(900);
    expect(calls.length).toBe(1);
  });
});

describe('stopping', () => {
  // The app's layout listens to auth.signing-out too, and may stop sync before this module's own
  // listener runs (that one is then removed mid-emit): the pass in flight must be cancelled anyway.
  it('cancels the request in flight and resolves once the pass has ended, whoever stops first', async () => {
    let signal: AbortSignal | null = null;
    const client = {
      rpc(fn: string) {
        let abortSignal: (s: AbortSignal) => Promise<unknown> = () => Promise.resolve();
        const answer = new Promise((resolve) => {
          abortSignal = (s: AbortSignal) => {
            signal = s;
            s.addEventListener('abort', () => resolve({ data: null, error: { message: 'aborted' }, status: 0 }));
            return answer;
          };
        });
        return { abortSignal: (s: AbortSignal) => abortSignal(s), fn };
      },
      auth: fakeClient(ok).client.auth
    } as unknown as SupabaseClient;
    // registered before sync starts, as the layout's is: it runs first
    let stopSync: () => Promise<void> = async () => {};
    const offFirst = events.on('auth.signing-out', () => void stopSync());
    stopSync = startSync({ getClient: async () => client, userId: me, db, timing });
    await soon(() => expect(signal).not.toBeNull());
    const waited: Promise<unknown>[] = [];
    try {
      events.emit('auth.signing-out', { userId: me, waitFor: (p) => waited.push(p) });
    } finally {
      offFirst();
    }
    await stopSync();
    expect(signal!.aborted).toBe(true);
    expect(stopSync()).toBe(stopSync()); // one promise: every caller waits for the same pass
  });
});

describe('backoff', () => {
  it('doubles after each failure, with jitter, up to five minutes', () => {
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(1, () => 1)).toBe(2_000);
    expect(backoffDelay(3, () => 1)).toBe(8_000);
    expect(backoffDelay(30, () => 1)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(30, () => 0)).toBe(MAX_BACKOFF_MS / 2);
  });
});
