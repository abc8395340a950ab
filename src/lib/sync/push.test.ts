// The push's pipeline: the phone takes the next batch and writes the last answers while the
// server works, yet requests stay one at a time and in outbox order, and a row never has two
// changes on the way at once. The server here is a script; tests/sync runs the real one.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import { sentThrough } from '$lib/db/sent';
import { saveRecord } from '$lib/db/write';
import type { SyncContext } from './context';
import { pushOutbox } from './push';
import { TransportError, type RpcResponse } from './transport';

const me = '21000000-0000-4000-8000-000000000003';

interface Mutation {
  mutation_id: string;
  id: string;
}

/**
 * A server that applies whatever it is sent, after the test lets each request through. It
 * records the requests and how many were on their way at once.
 */
function server(db: FrontlineDB, answerFor?: (m: Mutation, version: number) => Record<string, unknown>) {
  const requests: Mutation[][] = [];
  const gates: (() => void)[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  let failAt = -1;
  let version = 100;
  const ctx: SyncContext = {
    db,
    userId: me,
    timeoutMs: 5_000,
    log: () => {},
    session: { userId: async () => me, refresh: async () => 'ok' },
    transport: {
      rpc: async (_fn, args): Promise<RpcResponse> => {
        const mutations = args.mutations as Mutation[];
        const n = requests.push(mutations) - 1;
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise<void>((resolve) => gates.push(resolve));
        inFlight--;
        if (n === failAt) throw new TransportError('the network went away');
        return {
          data: {
            results: mutations.map((m) => ({
              mutation_id: m.mutation_id,
              status: 'applied',
              version: ++version,
              ...answerFor?.(m, version)
            }))
          },
          error: null,
          status: 200
        };
      }
    }
  };
  return {
    ctx,
    requests,
    get mostInFlight() {
      return mostInFlight;
    },
    failRequest(n: number) {
      failAt = n;
    },
    /** Lets the oldest waiting request answer, once one is waiting. */
    async answer() {
      await expect.poll(() => gates.length, { timeout: 2_000 }).toBeGreaterThan(0);
      gates.shift()!();
    },
    waiting: () => gates.length
  };
}

async function writeLogs(db: FrontlineDB, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    ids.push(id);
    await saveRecord(
      'work_logs',
      id,
      { cadre_id: me, posting_id: null, log_date: '2026-11-20', category: 'routine', body: `日志${i}` },
      { userId: me, db }
    );
  }
  return ids;
}

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`push-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pushOutbox', () => {
  it('takes the next batch while a request is on its way, and sends one request at a time, in order', async () => {
    const ids = await writeLogs(db, 7);
    const s = server(db);
    const pushing = pushOutbox(s.ctx, { maxBatch: 3 });

    await expect.poll(() => s.requests.length).toBe(1);
    // while the first request waits, the second batch is already taken (counted as sent)
    const seqs = (await db.outbox.toCollection().primaryKeys()) as number[];
    await expect.poll(() => sentThrough(db, me), { timeout: 2_000 }).toBe(seqs[5]);
    expect(s.requests).toHaveLength(1);

    for (let i = 0; i < 3; i++) await s.answer();
    expect(await pushing).toEqual({ applied: 7, rejected: 0, conflicts: 0 });
    expect(s.mostInFlight).toBe(1);
    expect(s.requests.map((r) => r.length)).toEqual([3, 3, 1]);
    expect(s.requests.flat().map((m) => m.id)).toEqual(ids);
    expect(await db.outbox.count()).toBe(0);
    // new records are not rewritten to hold their first version: the next pull brings it
    const rows = await db.work_logs.bulkGet(ids);
    expect(rows.map((r) => [r?.body, r?.version])).toEqual(ids.map((_, i) => [`日志${i}`, 0]));
  });

  it('a row with a change on its way waits: its next change goes in a later request', async () => {
    const [a, b] = await writeLogs(db, 2);
    // the request for a and b goes out; meanwhile b is edited again (a new entry)
    const s = server(db);
    const pushing = pushOutbox(s.ctx, { maxBatch: 2 });
    await expect.poll(() => s.requests.length).toBe(1);
    await saveRecord('work_logs', b, { body: '改过的日志' }, { userId: me, db });
    await s.answer();
    await s.answer();
    await pushing;
    expect(s.requests.map((r) => r.map((m) => m.id))).toEqual([[a, b], [b]]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a batch taken behind an edit of a row on its way stops there, and the rest follows once answered', async () => {
    const [a, b, c] = await writeLogs(db, 3);
    await saveRecord('work_logs', a, { body: '第二次' }, { userId: me, db }); // merged: a is unsent
    const s = server(db);
    const pushing = pushOutbox(s.ctx, { maxBatch: 1 });
    await expect.poll(() => s.requests.length).toBe(1);
    // a second, separate change of `a` after its first is on the way
    await saveRecord('work_logs', a, { body: '第三次' }, { userId: me, db });
    for (let i = 0; i < 4; i++) await s.answer();
    await pushing;
    expect(s.requests.map((r) => r.map((m) => m.id))).toEqual([[a], [b], [c], [a]]);
    expect(s.mostInFlight).toBe(1);
  });

  it('a change of a row whose first change is on its way is not taken until that answer re-keyed it', async () => {
    // two phones wrote this month's report; the server merges ours into the one it has (id `theirs`)
    const posting = '41000000-0000-4000-8000-000000000001';
    const ours = crypto.randomUUID();
    const theirs = crypto.randomUUID();
    const report = { posting_id: posting, cadre_id: me, month: '2026-11-01', summary: '本月', submitted_at: null };
    await saveRecord('posting_reports', ours, report, { userId: me, db });
    await db.outbox.toCollection().modify({ attempts: 1 }); // tried once before: the next edit is a change of its own
    await saveRecord('posting_reports', ours, { summary: '本月（改）' }, { userId: me, db });
    const first = (await db.outbox.toArray())[0];
    const s = server(db, (m) =>
      m.mutation_id === first.mutation_id
        ? {
            row: {
              ...report,
              id: theirs,
              version: 50,
              txid: '50',
              updated_at: '2026-11-27T07:00:00.000000+00:00',
              updated_by: me,
              deleted_at: null
            }
          }
        : {}
    );
    const pushing = pushOutbox(s.ctx);
    await s.answer();
    await s.answer();
    await pushing;
    expect(s.requests.map((r) => r.map((m) => m.id))).toEqual([[ours], [theirs]]);
    expect((await db.posting_reports.get(theirs))?.summary).toBe('本月（改）');
    expect(await db.posting_reports.get(ours)).toBeUndefined();
  });

  it('skips changes that need attention, and never sends an unanswered change twice in one run', async () => {
    const [refused, a, b] = await writeLogs(db, 3);
    await db.outbox
      .where('[table+row_id]')
      .equals(['work_logs', refused])
      .modify({ state: 'rejected', code: 'invalid' });
    // the server's answer leaves out `a`: it stays waiting, for the next run
    const s = server(db);
    const rpc = s.ctx.transport.rpc.bind(s.ctx.transport);
    s.ctx.transport.rpc = async (fn, args, options) => {
      const res = await rpc(fn, args, options);
      const data = res.data as { results: { mutation_id: string }[] };
      const left = (args.mutations as Mutation[]).find((m) => m.id === a)?.mutation_id;
      return { ...res, data: { results: data.results.filter((r) => r.mutation_id !== left) } };
    };
    const pushing = pushOutbox(s.ctx, { maxBatch: 1 });
    await s.answer();
    await s.answer();
    await pushing;
    expect(s.requests.map((r) => r.map((m) => m.id))).toEqual([[a], [b]]);
    expect((await db.outbox.toArray()).map((e) => [e.row_id, e.state])).toEqual([
      [refused, 'rejected'],
      [a, 'pending']
    ]);
  });

  it('when a request fails, the answers that came before it are written and the rest stays waiting', async () => {
    await writeLogs(db, 5);
    const s = server(db);
    s.failRequest(1);
    const pushing = pushOutbox(s.ctx, { maxBatch: 2 });
    await s.answer();
    await s.answer();
    await expect(pushing).rejects.toBeInstanceOf(TransportError);
    const left = await db.outbox.toArray();
    expect(left).toHaveLength(3);
    expect(left.every((e) => e.state === 'pending')).toBe(true);
    expect(s.waiting()).toBe(0);
  });
});
