// Pull: sync_pull page by page. Each page's rows and the checkpoint after it are written in ONE
// transaction, so a reload at any moment resumes exactly where the last written page ended.
// Rows with changes still in the outbox are rebuilt as server row + those changes.
import { pullResponseSchema, type TableName } from '$lib/schema';
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import { rebase, type Row } from '$lib/db/rebase';
import { callRpc, type SyncContext } from './context';
import { CHECKPOINT } from './keys';
import { parseRow, SYNCED } from './rows';
import { TransportError } from './transport';
import { events } from '$lib/events';

// 2,500 rows (about 0.9 MB of JSON, a tenth of that gzipped): each page is one IndexedDB
// transaction on the phone, and fewer of them brought a 20,000-row pull from 1.47× to 1.20× a raw
// bulk put (BENCHMARKS.md). A page that times out on a weak signal is asked for again at a quarter.
export const PAGE_SIZE = 2500;
const MIN_PAGE_SIZE = 50;
/** Set while a full re-pull runs; the ids it delivered are kept under RESEEN + page number. */
const RESYNC = 'resync';
const RESEEN = 'resync_seen/';

export interface PullOutcome {
  rows: number;
  pages: number;
  reset: boolean;
  /** The server's watermark is held back by a long transaction: newer changes arrive later. */
  heldBackSeconds: number | null;
}

/**
 * Pulls every page. While one page is written, the next is already asked for with that page's
 * checkpoint: the server and the phone work at the same time. The checkpoint that counts is the
 * one written with its page, so a failed write loses nothing (the page asked for meanwhile is
 * dropped, and the next pull starts again from the last written page).
 */
export async function pullAll(ctx: SyncContext, pageSize = PAGE_SIZE): Promise<PullOutcome> {
  const { db } = ctx;
  const outcome: PullOutcome = { rows: 0, pages: 0, reset: false, heldBackSeconds: null };
  let checkpoint = (await db.sync_state.get(CHECKPOINT))?.value ?? null;
  let size = pageSize;
  /** The next page, asked for while the last one is being written. */
  let ahead: Promise<unknown> | null = null;
  for (let guard = 0; guard < 100_000; guard++) {
    let data: unknown;
    try {
      data = await (ahead ?? callRpc(ctx, 'sync_pull', { checkpoint, max_rows: size }));
    } catch (e) {
      ahead = null;
      // a weak signal: ask for smaller pages (the checkpoint has not moved, nothing is lost)
      if (e instanceof TransportError && e.timedOut && size > MIN_PAGE_SIZE) {
        size = Math.max(MIN_PAGE_SIZE, Math.floor(size / 4));
        continue;
      }
      throw e;
    }
    ahead = null;
    const parsed = pullResponseSchema.safeParse(data);
    if (!parsed.success) throw new Error('sync_pull: unreadable answer');
    const page = parsed.data;
    outcome.pages++;
    if (page.reset) {
      outcome.reset = true;
      await db.transaction('rw', db.sync_state, async () => {
        await db.sync_state.where('key').startsWith(RESEEN).delete();
        await db.sync_state.put({ key: RESYNC, value: { pages: 0 } });
        await db.sync_state.put({ key: CHECKPOINT, value: page.checkpoint ?? null });
      });
      events.emit('sync.reset', {});
    } else {
      if (page.has_more) {
        ahead = callRpc(ctx, 'sync_pull', { checkpoint: page.checkpoint ?? null, max_rows: size });
        ahead.catch(() => {}); // awaited on the next turn; a failed write below simply drops it
      }
      outcome.rows += await applyPage(ctx, page.rows, page.checkpoint, !page.has_more);
    }
    checkpoint = page.checkpoint ?? null;
    if (!page.has_more) {
      outcome.heldBackSeconds = page.held_back_seconds ?? null;
      return outcome;
    }
  }
  throw new Error('sync_pull: too many pages');
}

/** Writes one page and its checkpoint; the last page of a full re-pull also drops what it did not deliver. */
async function applyPage(
  ctx: SyncContext,
  rows: { table: string; row: Record<string, unknown> }[],
  checkpoint: unknown,
  last: boolean
): Promise<number> {
  const { db } = ctx;
  const parsed: [TableName, Row][] = [];
  for (const { table, row } of rows) {
    const r = parseRow(table, row, ctx.log);
    if (r) parsed.push([table as TableName, r]);
  }
  await db.transaction('rw', [db.outbox, db.sync_state, ...SYNCED(db)], async () => {
    // read inside the page's transaction: a change written meanwhile is still laid over its row
    const pending = groupOutbox((await db.outbox.count()) === 0 ? [] : await db.outbox.toArray());
    const puts = new Map<TableName, Row[]>();
    const deletes = new Map<TableName, string[]>();
    const moved: OutboxEntry[] = [];
    for (const [table, server] of parsed) {
      const entries = pending.get(`${table}\u0000${server.id}`);
      if (entries) {
        const rebased = rebase(server, entries);
        push(puts, table, rebased.row);
        moved.push(...rebased.moved);
      } else if (server.deleted_at) {
        push(deletes, table, server.id);
      } else {
        push(puts, table, server);
      }
    }
    for (const [table, list] of puts) await db.table(table).bulkPut(list);
    for (const [table, ids] of deletes) await db.table(table).bulkDelete(ids);
    if (moved.length) await db.outbox.bulkPut(moved);

    const resync = (await db.sync_state.get(RESYNC))?.value as { pages: number } | undefined;
    if (resync) {
      const n = resync.pages + 1;
      await db.sync_state.put({
        key: RESEEN + String(n).padStart(6, '0'),
        value: parsed.map(([t, r]) => `${t}\u0000${r.id}`)
      });
      await db.sync_state.put({ key: RESYNC, value: { pages: n } });
      if (last) await dropUndelivered(db, pending, watermarkOf(checkpoint));
    }
    await db.sync_state.put({ key: CHECKPOINT, value: checkpoint ?? null });
  });
  return parsed.length;
}

/**
 * The end of a full re-pull: a row it did not deliver again is no longer visible, and goes —
 * unless it waits to be pushed, or its last known server state is at or above the pass's
 * watermark (changed since the pass began, or pushed from here and not pulled yet: the next pass
 * brings it if it is still visible).
 */
async function dropUndelivered(
  db: FrontlineDB,
  pending: Map<string, OutboxEntry[]>,
  watermark: bigint | null
): Promise<void> {
  const seen = new Set<string>();
  for (const entry of await db.sync_state.where('key').startsWith(RESEEN).toArray()) {
    for (const key of entry.value as string[]) seen.add(key);
  }
  if (watermark !== null) {
    for (const table of SYNCED(db)) {
      const gone: string[] = [];
      await table.each((row: Row) => {
        const key = `${table.name}\u0000${row.id}`;
        if (seen.has(key) || pending.has(key)) return;
        const txid = typeof row.txid === 'string' && /^\d+$/.test(row.txid) ? BigInt(row.txid) : null;
        if (txid !== null && txid < watermark) gone.push(row.id);
      });
      if (gone.length) await table.bulkDelete(gone);
    }
  }
  await db.sync_state.where('key').startsWith(RESEEN).delete();
  await db.sync_state.delete(RESYNC);
}

/** Where a finished pass left the watermark (the checkpoint is the server's; read defensively). */
function watermarkOf(checkpoint: unknown): bigint | null {
  const from = (checkpoint as { from?: unknown } | null)?.from;
  return typeof from === 'string' && /^\d+$/.test(from) ? BigInt(from) : null;
}

function groupOutbox(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const map = new Map<string, OutboxEntry[]>();
  for (const e of entries) {
    const key = `${e.table}\u0000${e.row_id}`;
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  }
  return map;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Forget where the pull stands (the next sync pulls everything again). */
export async function clearCheckpoint(db: FrontlineDB): Promise<void> {
  await db.sync_state.delete(CHECKPOINT);
}
