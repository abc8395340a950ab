// A sync pass belongs to the person it started with: every request carries that person's token and
// names them as the batch's owner, and a change of person (sign-out, another sign-in) stops the pass
// before its next request. The server is a script here; tests/sync runs the real one.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import { saveRecord } from '$lib/db/write';
import { SyncEngine } from './engine';
import type { RpcResponse, SessionSource } from './transport';

const cadre = '21000000-0000-4000-8000-000000000011';
const trainer = '21000000-0000-4000-8000-000000000012';

interface Sent {
  fn: string;
  token: string | null | undefined;
  expectedUser: unknown;
  mutations: { mutation_id: string }[];
  signal?: AbortSignal;
}

/** The phone's current session, which a test can hand to someone else at any moment. */
function device() {
  let current: { userId: string; accessToken: string } | null = { userId: cadre, accessToken: 'token-of-cadre' };
  const session: SessionSource = {
    userId: async () => current?.userId ?? null,
    identity: async () => current,
    refresh: async () => 'ok'
  };
  return {
    session,
    signIn(userId: string, accessToken: string) {
      current = { userId, accessToken };
    }
  };
}

/** sync_push held until the test lets it answer; sync_pull answers nothing new. */
function server(answer: (m: { mutation_id: string }) => Record<string, unknown> = () => ({ status: 'applied' })) {
  const sent: Sent[] = [];
  const gates: (() => void)[] = [];
  let version = 0;
  return {
    sent,
    async release() {
      await expect.poll(() => gates.length, { timeout: 2_000 }).toBeGreaterThan(0);
      gates.shift()!();
    },
    transport: {
      rpc: async (
        fn: string,
        args: Record<string, unknown>,
        options?: { signal?: AbortSignal; accessToken?: string | null }
      ): Promise<RpcResponse> => {
        if (fn === 'sync_pull')
          return { data: { rows: [], checkpoint: null, has_more: false, reset: false }, error: null, status: 200 };
        const mutations = args.mutations as { mutation_id: string }[];
        sent.push({
          fn,
          token: options?.accessToken,
          expectedUser: args.expected_user,
          mutations,
          signal: options?.signal
        });
        await new Promise<void>((resolve, reject) => {
          gates.push(resolve);
          options?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
        return {
          data: { results: mutations.map((m) => ({ mutation_id: m.mutation_id, version: ++version, ...answer(m) })) },
          error: null,
          status: 200
        };
      }
    }
  };
}

async function writeLogs(db: FrontlineDB, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await saveRecord(
      'work_logs',
      crypto.randomUUID(),
      { cadre_id: cadre, posting_id: null, log_date: '2026-12-01', category: 'routine', body: `日志${i}` },
      { userId: cadre, db }
    );
  }
}

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`identity-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('a sync pass bound to its person', () => {
  it('sends the token and the owner it started with, and stops before its next request once another person signs in', async () => {
    await writeLogs(db, 5);
    const phone = device();
    const s = server();
    const engine = new SyncEngine({
      userId: cadre,
      db,
      transport: s.transport,
      session: phone.session,
      maxBatch: 2,
      log: () => {}
    });
    const pass = engine.sync();
    await expect.poll(() => s.sent.length).toBe(1);
    phone.signIn(trainer, 'token-of-trainer'); // the cadre's session is gone, the trainer's is the phone's now
    await s.release();
    const result = await pass;

    expect(result.failure).toBe('wrong_user');
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]).toMatchObject({ token: 'token-of-cadre', expectedUser: cadre });
    // the first batch's answers are written; the rest wait, unmarked, for the cadre
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(3);
    expect(left.every((e) => e.state === 'pending' && e.user_id === cadre)).toBe(true);
  });

  it("keeps every entry waiting when the server says the batch is not the caller's", async () => {
    await writeLogs(db, 3);
    const s = server(() => ({ status: 'rejected', code: 'wrong_user', message: '这些修改属于另一位用户' }));
    const engine = new SyncEngine({
      userId: cadre,
      db,
      transport: s.transport,
      session: device().session,
      log: () => {}
    });
    const pass = engine.sync();
    await s.release();
    const result = await pass;

    expect(result.failure).toBe('wrong_user');
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(3);
    expect(left.every((e) => e.state === 'pending')).toBe(true);
  });

  it('cancels the request in flight on abort (sign-out), sends nothing more, and loses nothing', async () => {
    await writeLogs(db, 5);
    const s = server();
    const engine = new SyncEngine({
      userId: cadre,
      db,
      transport: s.transport,
      session: device().session,
      maxBatch: 2,
      log: () => {}
    });
    const pass = engine.sync();
    await expect.poll(() => s.sent.length).toBe(1);
    await engine.abort();
    const result = await pass;

    expect(result.failure).toBe('aborted');
    expect(s.sent[0].signal?.aborted).toBe(true);
    expect(s.sent).toHaveLength(1);
    expect(await db.outbox.where('state').equals('pending').count()).toBe(5);
  });
});
