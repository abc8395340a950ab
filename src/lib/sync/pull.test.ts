import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrontlineDB } from '$lib/db/database';
import { saveRecord } from '$lib/db/write';
import type { SyncContext } from './context';
import { SyncEngine } from './engine';
import { LAST_RESULT } from './keys';
import { pullAll } from './pull';
import type { RpcResponse } from './transport';

const me = '21000000-0000-4000-8000-000000000003';
const at = '2026-11-27T07:00:00.000000+00:00';

function log(id: string, body: string, txid: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    version: txid,
    txid: String(txid),
    updated_at: at,
    updated_by: me,
    deleted_at: null,
    cadre_id: me,
    posting_id: null,
    log_date: '2026-11-20',
    category: 'routine',
    body,
    ...extra
  };
}

/** A server that answers sync_pull from a script of pages; records the checkpoints it was sent. */
function scripted(db: FrontlineDB, pages: Record<string, unknown>[]) {
  const sent: unknown[] = [];
  const logs: string[] = [];
  const ctx: SyncContext = {
    db,
    userId: me,
    timeoutMs: 1_000,
    log: (m) => logs.push(m),
    session: { userId: async () => me, refresh: async () => 'ok' },
    transport: {
      rpc: async (_fn, args): Promise<RpcResponse> => {
        sent.push(args.checkpoint);
        const page = pages.shift();
        if (!page) throw new Error('no more pages scripted');
        return { data: page, error: null, status: 200 };
      }
    }
  };
  return { ctx, sent, logs };
}

const page = (rows: unknown[], checkpoint: unknown, has_more = false, reset = false) => ({
  rows,
  checkpoint,
  has_more,
  reset
});

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`pull-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pulling', () => {
  it('writes each page with its checkpoint and sends that checkpoint for the next page', async () => {
    const a = crypto.randomUUID();
    const b = crypto.randomUUID();
    const { ctx, sent } = scripted(db, [
      page([{ table: 'work_logs', row: log(a, 'a', 10) }], { from: '0', to: '20', n: 1 }, true),
      page([{ table: 'work_logs', row: log(b, 'b', 11) }], { from: '20', to: null })
    ]);
    const outcome = await pullAll(ctx);
    expect(outcome).toMatchObject({ rows: 2, pages: 2, reset: false });
    expect(sent).toEqual([null, { from: '0', to: '20', n: 1 }]);
    expect((await db.sync_state.get('checkpoint'))?.value).toEqual({ from: '20', to: null });
    expect((await db.work_logs.get(b))?.body).toBe('b');
  });

  it('skips a row that does not fit its schema, or of an unknown table, and keeps the rest', async () => {
    const good = crypto.randomUUID();
    const bad = crypto.randomUUID();
    const { ctx, logs } = scripted(db, [
      page(
        [
          { table: 'work_logs', row: log(bad, 'x', 10, { category: 'gossip' }) },
          { table: 'secret_table', row: { id: crypto.randomUUID() } },
          { table: 'work_logs', row: log(good, 'ok', 11) }
        ],
        { from: '20' }
      )
    ]);
    expect((await pullAll(ctx)).rows).toBe(1);
    expect(await db.work_logs.get(bad)).toBeUndefined();
    expect((await db.work_logs.get(good))?.body).toBe('ok');
    expect(logs.length).toBe(2);
  });

  it('never overwrites a field with a waiting change, and takes every other field', async () => {
    const id = crypto.randomUUID();
    await db.work_logs.put(log(id, '旧', 5) as never);
    await saveRecord('work_logs', id, { body: '我的修改' }, { userId: me, db });
    const { ctx } = scripted(db, [
      page([{ table: 'work_logs', row: log(id, '别人的修改', 9, { category: 'mass_work' }) }], { from: '20' })
    ]);
    await pullAll(ctx);
    expect(await db.work_logs.get(id)).toMatchObject({ body: '我的修改', category: 'mass_work', version: 9 });
    const [entry] = await db.outbox.toArray();
    expect(entry.before).toEqual({ body: '别人的修改' });
  });

  it('a tombstone removes the row from every view', async () => {
    const id = crypto.randomUUID();
    await db.work_logs.put(log(id, '旧', 5) as never);
    const { ctx } = scripted(db, [
      page([{ table: 'work_logs', row: log(id, '旧', 9, { deleted_at: at }) }], { from: '20' })
    ]);
    await pullAll(ctx);
    expect(await db.work_logs.get(id)).toBeUndefined();
  });

  it('a reset pulls from scratch, drops what is not delivered again, and keeps rows with waiting changes', async () => {
    const kept = crypto.randomUUID();
    const gone = crypto.randomUUID();
    const mine = crypto.randomUUID();
    const fresh = crypto.randomUUID();
    await db.work_logs.bulkPut([log(kept, 'kept', 5), log(gone, 'gone', 6), log(mine, 'mine', 7)] as never[]);
    await saveRecord('work_logs', mine, { body: '还没同步' }, { userId: me, db });
    await db.sync_state.put({ key: 'checkpoint', value: { from: '8', epoch: 1 } });
    const { ctx, sent } = scripted(db, [
      page([], { from: '0', epoch: 2 }, true, true),
      page([{ table: 'work_logs', row: log(kept, 'kept', 5) }], { from: '0', to: '30', epoch: 2 }, true),
      page([{ table: 'work_logs', row: log(fresh, 'fresh', 12) }], { from: '30', to: null, epoch: 2 })
    ]);
    const outcome = await pullAll(ctx);
    expect(outcome.reset).toBe(true);
    expect(sent[1]).toEqual({ from: '0', epoch: 2 });
    expect(await db.work_logs.get(gone)).toBeUndefined();
    expect((await db.work_logs.get(kept))?.body).toBe('kept');
    expect((await db.work_logs.get(fresh))?.body).toBe('fresh');
    expect((await db.work_logs.get(mine))?.body).toBe('还没同步');
    expect(await db.outbox.count()).toBe(1);
    expect(await db.sync_state.where('key').startsWith('resync').count()).toBe(0);
  });

  it('a reset keeps a row pushed from here and not yet pulled back (it comes with the next pass)', async () => {
    const pushed = crypto.randomUUID();
    // acknowledged by a push: its server txid is not known yet
    await db.work_logs.put({ ...log(pushed, 'pushed', 40), txid: null } as never);
    const { ctx } = scripted(db, [page([], { from: '0' }, true, true), page([], { from: '30', to: null })]);
    await pullAll(ctx);
    expect((await db.work_logs.get(pushed))?.body).toBe('pushed');
  });
  it('asks for the next page while the last one is being written', async () => {
    const order: string[] = [];
    const { ctx } = scripted(db, [
      page([{ table: 'work_logs', row: log(crypto.randomUUID(), 'a', 10) }], { from: '0', to: '20', n: 1 }, true),
      page([{ table: 'work_logs', row: log(crypto.randomUUID(), 'b', 11) }], { from: '20', to: null })
    ]);
    const rpc = ctx.transport.rpc.bind(ctx.transport);
    ctx.transport.rpc = (fn, args, options) => {
      order.push('ask');
      return rpc(fn, args, options);
    };
    const transaction = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    vi.spyOn(db, 'transaction').mockImplementation((async (...args: unknown[]) => {
      const result = await transaction(...args);
      order.push('written');
      return result;
    }) as never);
    await pullAll(ctx);
    expect(order).toEqual(['ask', 'ask', 'written', 'written']);
  });

  it('a page that fails to be written loses nothing: its checkpoint is not kept, the page asked for meanwhile is dropped', async () => {
    const a = crypto.randomUUID();
    const b = crypto.randomUUID();
    const { ctx, sent } = scripted(db, [
      page([{ table: 'work_logs', row: log(a, 'a', 10) }], { from: '0', to: '20', n: 1 }, true),
      page([{ table: 'work_logs', row: log(b, 'b', 11) }], { from: '20', to: null })
    ]);
    vi.spyOn(db, 'transaction').mockRejectedValueOnce(new Error('QuotaExceededError'));
    await expect(pullAll(ctx)).rejects.toThrow('QuotaExceededError');
    expect(sent).toHaveLength(2);
    expect(await db.sync_state.get('checkpoint')).toBeUndefined();
    expect(await db.work_logs.count()).toBe(0);
  });
});

describe('a server whose watermark a long transaction holds back', () => {
  it('says so on the last page, and the pass records "server busy" until a pull without it', async () => {
    const { ctx } = scripted(db, [
      { ...page([], { from: '5', to: null }), held_back_seconds: 42 },
      page([], { from: '6', to: null })
    ]);
    const busy = await pullAll(ctx);
    expect(busy.heldBackSeconds).toBe(42);

    const engine = new SyncEngine({ userId: me, db, transport: ctx.transport, session: ctx.session, log: () => {} });
    const clear = await engine.sync();
    expect(clear).toMatchObject({ ok: true, heldBackSeconds: null });
    expect((await db.sync_state.get(LAST_RESULT))?.value).toMatchObject({ ok: true, serverBusy: false });
  });

  it('records the busy server in the last result the status strip follows', async () => {
    const { ctx } = scripted(db, [{ ...page([], { from: '5', to: null }), held_back_seconds: 61 }]);
    const engine = new SyncEngine({ userId: me, db, transport: ctx.transport, session: ctx.session, log: () => {} });
    const result = await engine.sync();
    expect(result).toMatchObject({ ok: true, heldBackSeconds: 61 });
    expect((await db.sync_state.get(LAST_RESULT))?.value).toMatchObject({ ok: true, serverBusy: true });
  });
});
