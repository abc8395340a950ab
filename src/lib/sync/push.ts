// Push: the outbox, in order, in batches, through sync_push. Every answer is written back in one
// transaction per batch; nothing leaves the outbox unless the server has it (applied/duplicate),
// and a refused change stays, marked, until the person fixes or discards it.
import { isTableName, pushResponseSchema, type PushResult, type TableName } from '$lib/schema';
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import { rebase, type Row } from '$lib/db/rebase';
import { entriesOf } from '$lib/db/row-state';
import { recordSent } from '$lib/db/sent';
import { callRpc, type SyncContext } from './context';
import { RequestError, TransportError, WrongUserError } from './transport';
import { parseRow, SYNCED } from './rows';

export const MAX_BATCH = 200;
export const MAX_BATCH_BYTES = 256 * 1024;
const utf8 = new TextEncoder();
/** Whole-request refusals that may come from one bad mutation in the batch. */
const POISON_STATUSES = new Set([400, 413, 422]);
/** Tables whose rows the server may merge by natural key (design.md: attendance, posting_reports). */
const NATURAL_KEYS = new Set<TableName>(['attendance', 'posting_reports']);
/** Tables whose base_version the server compares (sync_conflict_row): their rows keep it current. */
const VERSION_CHECKED = new Set<TableName>([
  'assessments',
  'assessment_signatures',
  'appointments',
  'appointment_signatures'
]);
/** A signature's conflict carries the record it signs. */
const SIGNED_RECORD: Partial<Record<TableName, TableName>> = {
  assessment_signatures: 'assessments',
  appointment_signatures: 'appointments'
};

export interface PushOutcome {
  applied: number;
  rejected: number;
  conflicts: number;
}

export function toMutation(entry: OutboxEntry) {
  return {
    mutation_id: entry.mutation_id,
    table: entry.table,
    op: entry.op,
    id: entry.row_id,
    patch: entry.op === 'delete' ? {} : entry.patch,
    base_version: entry.base_version
  };
}

/** `table\u0000row_id`: one row, whatever its table. */
const rowKey = (entry: Pick<OutboxEntry, 'table' | 'row_id'>) => `${entry.table}\u0000${entry.row_id}`;

/**
 * Pushes every waiting change of the session's user. Throws on a transport or session failure.
 *
 * Requests go one at a time, in outbox order, so the server applies changes in the order they
 * were made. The phone's own work is done while the server works: while batch N is on its way,
 * the answers of batch N-1 are written and batch N+1 is taken. Batch N+1 stops before any row
 * that is in batch N, so nothing it holds can be changed by N's answers (a re-keyed attendance, a
 * conflict's rebase) after it was read.
 */
export async function pushOutbox(
  ctx: SyncContext,
  limits: { maxBatch?: number; maxBytes?: number } = {}
): Promise<PushOutcome> {
  const outcome: PushOutcome = { applied: 0, rejected: 0, conflicts: 0 };
  // Batches are taken in outbox order, each after the last seq taken in this run: an entry
  // answered without a usable result (it stays, marked or waiting) is not sent again in this run.
  let cursor = 0;
  let maxBatch = limits.maxBatch ?? MAX_BATCH;
  let maxBytes = limits.maxBytes ?? MAX_BATCH_BYTES;
  let settling: Promise<void> = Promise.resolve();
  try {
    let batch = await takeBatch(ctx, maxBatch, maxBytes, cursor, new Set());
    while (batch.length > 0) {
      const after = batch[batch.length - 1].seq!;
      const answer = request(ctx, batch);
      const inFlight = new Set(batch.map(rowKey));
      const previous = settling;
      const next = previous.then(() => takeBatch(ctx, maxBatch, maxBytes, after, inFlight));
      next.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
      let answered: Answered;
      try {
        answered = await answer;
      } catch (e) {
        await next.catch(() => {});
        // a weak signal: send smaller requests (whatever the big one committed answers 'duplicate')
        if (!(e instanceof TransportError && e.timedOut && batch.length > 1)) throw e;
        maxBatch = Math.max(1, Math.ceil(batch.length / 4));
        maxBytes = Math.max(16 * 1024, Math.floor(maxBytes / 4));
        await previous;
        batch = await takeBatch(ctx, maxBatch, maxBytes, cursor, new Set());
        continue;
      }
      cursor = after;
      settling = previous.then(() => settle(ctx.db, answered, outcome));
      settling.catch(() => {}); // awaited by the next batch or at the end
      batch = await next;
      if (batch.length === 0) {
        // the next batch may have stopped at a row of this one: look again once it is settled
        await settling;
        batch = await takeBatch(ctx, maxBatch, maxBytes, cursor, new Set());
      }
    }
  } finally {
    // whatever happened, the answers already received are written before the push ends
    await settling;
  }
  return outcome;
}

/**
 * The next batch, oldest first, counted as sent (sent.ts) in the same transaction that reads it:
 * from then on a new edit of these rows gets its own entry instead of merging into one that may
 * already be on the server. It stops at the first entry of a row in `inFlight` (the batch on its
 * way). Entries are read after `after` (the batch on its way, and anything earlier in this run,
 * are not read again) a chunk at a time with getAll, which IndexedDB answers in one round trip (a
 * cursor takes one per entry).
 */
async function takeBatch(
  ctx: SyncContext,
  maxBatch: number,
  maxBytes: number,
  after: number,
  inFlight: Set<string>
): Promise<OutboxEntry[]> {
  const { db } = ctx;
  return db.transaction('rw', db.outbox, db.sync_state, async () => {
    // a few more than a batch: entries of other people or needing attention are skipped; if they fill
    // the chunk, a larger one is read
    for (let limit = maxBatch + 16; ; limit *= 4) {
      const chunk = await db.outbox.where(':id').above(after).limit(limit).toArray();
      const { batch, ended } = pick(ctx.userId, chunk, maxBatch, maxBytes, inFlight);
      if (ended || chunk.length < limit) {
        if (batch.length) await recordSent(db, ctx.userId, batch[batch.length - 1].seq!);
        return batch;
      }
    }
  });
}

/** The batch from the oldest pending entries; `ended` once a rule stopped it or it is full. */
function pick(
  userId: string,
  pending: OutboxEntry[],
  maxBatch: number,
  maxBytes: number,
  inFlight: Set<string>
): { batch: OutboxEntry[]; ended: boolean } {
  const batch: OutboxEntry[] = [];
  const keyed = new Set<string>();
  let bytes = 2;
  for (const entry of pending) {
    if (batch.length >= maxBatch) return { batch, ended: true };
    // changes that need attention wait for the person; another person's wait for that person's session
    if (entry.state !== 'pending' || entry.user_id !== userId) continue;
    const key = rowKey(entry);
    if (inFlight.has(key)) return { batch, ended: true };
    // the server may merge a new attendance or report into an existing row with another id;
    // a later change of that row must wait until the answer has re-keyed it here
    if (NATURAL_KEYS.has(entry.table)) {
      if (keyed.has(key)) return { batch, ended: true };
      keyed.add(key);
    }
    const size = utf8.encode(JSON.stringify(toMutation(entry))).length + 1;
    if (batch.length > 0 && bytes + size > maxBytes) return { batch, ended: true };
    bytes += size;
    batch.push(entry);
  }
  return { batch, ended: batch.length >= maxBatch };
}

type Answered = [OutboxEntry, PushResult][];

/**
 * One request; the entries it answered, with their answers. A whole-request refusal of its
 * content (400, 413, 422) means some mutation in it is poison: the batch is halved until that one
 * mutation is found and answered as rejected, and the rest go through.
 */
async function request(ctx: SyncContext, batch: OutboxEntry[]): Promise<Answered> {
  let data: unknown;
  try {
    // the batch names its owner: under anyone else's token the server applies none of it
    data = await callRpc(ctx, 'sync_push', { mutations: batch.map(toMutation), expected_user: ctx.userId });
  } catch (e) {
    // only a refusal of the request's content can be one mutation's fault; a missing function or
    // a refused role (403/404) is the server's state, and the whole queue waits for it
    if (!(e instanceof RequestError) || !POISON_STATUSES.has(e.status)) throw e;
    if (batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      const first = await request(ctx, batch.slice(0, half));
      return [...first, ...(await request(ctx, batch.slice(half)))];
    }
    ctx.log('push: mutation refused as a whole', e);
    return [[batch[0], { mutation_id: batch[0].mutation_id, status: 'rejected', code: e.code, message: e.message }]];
  }
  const parsed = pushResponseSchema.safeParse(data);
  if (!parsed.success) {
    // an answer we cannot read: nothing is known, so everything stays waiting
    ctx.log('push: unreadable answer', parsed.error);
    return [];
  }
  // the request went out under someone else's session: nothing was applied or remembered, the
  // entries stay waiting for their owner, and the pass stops
  if (parsed.data.results.some((r) => r.status === 'rejected' && r.code === 'wrong_user')) throw new WrongUserError();
  const byId = new Map(parsed.data.results.map((r) => [r.mutation_id, r]));
  const answered: Answered = [];
  for (const entry of batch) {
    const result = byId.get(entry.mutation_id);
    if (result) answered.push([entry, result]);
  }
  return answered;
}

/** Applied, with nothing to merge: the entry goes and that is all. */
const isPlain = (result: PushResult) => result.status === 'applied' && !result.row;

/** A duplicate carries the first answer; act on that. */
function effective(result: PushResult): PushResult {
  if (result.status !== 'duplicate') return result;
  const original = result.original_status;
  if (original === 'rejected' || original === 'conflict') return { ...result, status: original };
  if (original === 'applied') return { ...result, status: 'applied' };
  // a duplicate that does not say what it was cannot be taken as applied: the person decides
  return { ...result, status: 'rejected', code: result.code ?? 'unknown_answer', message: result.message ?? null };
}

/** Writes the answers of one batch, all in one transaction. */
async function settle(db: FrontlineDB, answered: Answered, outcome: PushOutcome): Promise<void> {
  if (answered.length === 0) return;
  await db.transaction('rw', [db.outbox, ...SYNCED(db)], async () => {
    const seqs = answered.map(([sent]) => sent.seq!);
    const first = Math.min(...seqs);
    const last = Math.max(...seqs);
    const range = db.outbox.where(':id').between(first, last, true, true);
    // The common case: every change of the batch is in, and the batch is a run of consecutive
    // entries. Entries on their way are pending, so the person cannot have retried or discarded
    // them (that is for refused changes only): the range holds exactly what was sent, and goes
    // without being read.
    if (answered.every(([, raw]) => isPlain(effective(raw))) && (await range.count()) === answered.length) {
      await acknowledgeAll(db, answered, [first, last]);
      outcome.applied += answered.length;
      return;
    }
    // Otherwise read what is there: an entry retried or discarded meanwhile has nobody to answer.
    const current = new Map((await range.toArray()).map((e) => [e.seq!, e]));
    const plain: Answered = [];
    const other: Answered = [];
    for (const [sent, raw] of answered) {
      const entry = current.get(sent.seq!);
      if (!entry || entry.mutation_id !== sent.mutation_id) continue;
      const result = effective(raw);
      (isPlain(result) ? plain : other).push([entry, result]);
    }
    await acknowledgeAll(db, plain, null);
    outcome.applied += plain.length;
    for (const [entry, result] of other) {
      if (result.status === 'applied') {
        await acknowledge(db, entry, result);
        outcome.applied++;
      } else if (result.status === 'rejected') {
        await db.outbox.put({
          ...entry,
          attempts: entry.attempts + 1,
          state: 'rejected',
          code: result.code ?? 'rejected',
          message: result.message ?? null
        });
        outcome.rejected++;
      } else {
        await conflict(db, entry, result);
        outcome.conflicts++;
      }
    }
  });
}

/**
 * The common answer, in bulk: the change is in. The entry goes; the row keeps its content and
 * takes the new version (its txid is unknown until the next pull brings the row); a tombstone
 * with nothing left to push goes too. A record created here is not rewritten just to hold its
 * first version: the next pull brings the server row (and acceptedByServer reads "no creating
 * entry left" as accepted). Rewriting every new row was most of a push's IndexedDB work. Only
 * the tables whose base_version the server checks take the version at once.
 */
async function acknowledgeAll(db: FrontlineDB, acks: Answered, range: [number, number] | null): Promise<void> {
  if (acks.length === 0) return;
  if (range) await db.outbox.where(':id').between(range[0], range[1], true, true).delete();
  else await db.outbox.bulkDelete(acks.map(([e]) => e.seq!));
  const byTable = new Map<TableName, Map<string, number>>();
  for (const [entry, result] of acks) {
    if (entry.op === 'upsert' && entry.before === null && !VERSION_CHECKED.has(entry.table)) continue;
    const rows = byTable.get(entry.table) ?? new Map<string, number>();
    byTable.set(entry.table, rows);
    const version = typeof result.version === 'number' ? result.version : 0;
    rows.set(entry.row_id, Math.max(rows.get(entry.row_id) ?? 0, version));
  }
  for (const [tableName, versions] of byTable) {
    const table = db.table(tableName);
    const rowIds = [...versions.keys()];
    const locals = (await table.bulkGet(rowIds)) as (Row | undefined)[];
    const puts: Row[] = [];
    const deletes: string[] = [];
    for (const [i, local] of locals.entries()) {
      if (!local) continue;
      const version = versions.get(rowIds[i])!;
      if (local.deleted_at && (await entriesOf(db, tableName, local.id)).length === 0) deletes.push(local.id);
      else if (version > Number(local.version)) puts.push({ ...local, version, txid: null });
    }
    if (puts.length) await table.bulkPut(puts);
    if (deletes.length) await table.bulkDelete(deletes);
  }
}

async function acknowledge(db: FrontlineDB, entry: OutboxEntry, result: PushResult): Promise<void> {
  await db.outbox.delete(entry.seq!);
  const table = db.table(entry.table);
  const serverRow = result.row ? parseRow(entry.table, result.row) : null;
  if (serverRow && serverRow.id !== entry.row_id) {
    await rekey(db, entry.table, entry.row_id, serverRow);
    return;
  }
  const local = (await table.get(entry.row_id)) as Row | undefined;
  if (!local) return;
  const rest = await entriesOf(db, entry.table, entry.row_id);
  if (local.deleted_at && rest.length === 0) {
    // the tombstone is on the server; nothing of the row is left to show or keep
    await table.delete(entry.row_id);
    return;
  }
  const version = typeof result.version === 'number' ? result.version : Number(local.version);
  if (serverRow) {
    const { row, moved } = rebase(serverRow, rest);
    await table.put(row);
    if (moved.length) await db.outbox.bulkPut(moved);
  } else if (version > Number(local.version)) {
    // txid null: the server has a newer state than the last pull brought (see pull's re-pull)
    await table.put({ ...local, version, txid: null });
  }
}

/**
 * Natural-key convergence: the server merged this new row into the one it already had (a second
 * phone created the same attendance or monthly report). The local row moves to the server's id,
 * and so do the later changes that name the old one.
 */
async function rekey(db: FrontlineDB, tableName: TableName, oldId: string, serverRow: Row): Promise<void> {
  const table = db.table(tableName);
  const later = await entriesOf(db, tableName, oldId);
  const existing = await entriesOf(db, tableName, serverRow.id);
  const moved = later.map((e) => ({
    ...e,
    row_id: serverRow.id,
    patch: e.patch.id === oldId ? { ...e.patch, id: serverRow.id } : e.patch
  }));
  await table.delete(oldId);
  const { row, moved: rebased } = rebase(serverRow, [...existing, ...moved]);
  await table.put(row);
  const byId = new Map([...moved, ...rebased].map((e) => [e.seq, e]));
  if (byId.size) await db.outbox.bulkPut([...byId.values()]);
}

/** The server kept its row: the local row shows it, the change waits beside it for the person. */
async function conflict(db: FrontlineDB, entry: OutboxEntry, result: PushResult): Promise<void> {
  const serverRow = (result.row ?? null) as Row | null;
  await db.outbox.put({
    ...entry,
    attempts: entry.attempts + 1,
    state: 'conflict',
    code: result.code ?? 'conflict',
    message: result.message ?? null,
    server_row: serverRow
  });
  if (!serverRow) return;
  // a signature's conflict carries its assessment, which moved on; a natural-key conflict carries
  // another row (a tombstone) that this device need not keep
  let tableName: TableName = entry.table;
  if (result.row_table && isTableName(result.row_table)) tableName = result.row_table;
  else if (serverRow.id !== entry.row_id) {
    const signed = SIGNED_RECORD[entry.table];
    if (!signed) return;
    tableName = signed;
  }
  if (tableName === entry.table && serverRow.id !== entry.row_id) return;
  const parsed = parseRow(tableName, serverRow);
  if (!parsed) return;
  const rest = (await entriesOf(db, tableName, parsed.id)).filter((e) => e.seq !== entry.seq);
  const { row, moved } = rebase(parsed, rest);
  await db.table(tableName).put(row);
  if (moved.length) await db.outbox.bulkPut(moved);
}
