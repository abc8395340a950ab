// The one way a screen changes a record: the row and its outbox entry are written in ONE Dexie
// transaction, so a killed app either has both or neither (nothing is saved that never syncs).
import { recordSchemas, type RowOf, type TableName } from '$lib/schema';
import { SYNC_COLUMNS } from '$lib/schema/fields';
import { events } from '$lib/events';
import { db as defaultDb, type FrontlineDB } from './database';
import { sameValue, type Row } from './rebase';
import { acceptedByServer, entriesOf } from './row-state';
import { anyMaybeSent, outboxScope } from './sent';

/** A record that does not pass its schema; `issues` are zod's, with i18n keys as messages. */
export class ValidationError extends Error {
  readonly table: TableName;
  readonly issues: { path: PropertyKey[]; message: string; code?: string }[];
  constructor(table: TableName, issues: ValidationError['issues']) {
    super(`${table}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.name = 'ValidationError';
    this.table = table;
    this.issues = issues;
  }
  /** Field → first message, for a form. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.issues) out[String(issue.path[0] ?? '')] ??= issue.message;
    return out;
  }
}

/** Editing a row that was deleted (here, or on the server) is refused: a tombstone wins. */
export class DeletedRecordError extends Error {
  constructor(table: TableName, id: string) {
    super(`${table} ${id} was deleted`);
    this.name = 'DeletedRecordError';
  }
}

export interface WriteOptions {
  /** Whose change this is: it is pushed only under this person's session. */
  userId: string;
  db?: FrontlineDB;
}

export interface WriteResult<T extends TableName> {
  row: RowOf<T>;
  /** The outbox entry's mutation id, or null when nothing changed. */
  mutationId: string | null;
}

const SYNC_KEYS = new Set<string>([...SYNC_COLUMNS, 'id']);

/** Row fields a person may set (never the sync columns the server stamps). */
function editable(patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (!SYNC_KEYS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** Validates a row with its table's schema; throws ValidationError for a form to show. */
export function validateRow<T extends TableName>(table: T, row: Record<string, unknown>): RowOf<T> {
  const result = recordSchemas[table].safeParse(row);
  if (!result.success) {
    throw new ValidationError(
      table,
      result.error.issues.map((i) => ({ path: i.path, message: i.message, code: i.code }))
    );
  }
  return result.data as RowOf<T>;
}

/** A row that exists only on this phone so far: version 0 (server versions start at 1). */
export function newRowBase(id: string): Row {
  return { id, version: 0, txid: null, updated_at: null, updated_by: null, deleted_at: null };
}

/**
 * Creates or changes a record. Validates the whole merged row, stores it, and appends (or, while
 * the last change of this row is still unsent, merges into) its outbox entry.
 */
export async function saveRecord<T extends TableName>(
  table: T,
  id: string,
  patch: Partial<RowOf<T>> | Record<string, unknown>,
  options: WriteOptions
): Promise<WriteResult<T>> {
  const database = options.db ?? defaultDb;
  const result = await database.transaction('rw', [database.table(table), ...outboxScope(database)], async () => {
    const current = (await database.table(table).get(id)) as Row | undefined;
    if (current?.deleted_at) throw new DeletedRecordError(table, id);
    const base = current ?? newRowBase(id);
    const row = validateRow(table, { ...base, ...editable(patch as Record<string, unknown>), id }) as Row;

    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (SYNC_KEYS.has(k)) continue;
      if (!current || !sameValue(current[k], v)) changed[k] = v;
    }
    if (Object.keys(changed).length === 0) return { row: (current ?? row) as RowOf<T>, mutationId: null };

    // A row the server never accepted (its creating change was refused) goes out whole again:
    // a patch of a few fields could not create it.
    // (a row with a server version was accepted: its entries need not be read)
    const entries = current && Number(current.version) === 0 ? await entriesOf(database, table, id) : [];
    const recreate = !!current && !acceptedByServer(current, entries) && !entries.some((e) => e.state === 'pending');
    const patchOut = recreate ? editableFields(row) : changed;

    await database.table(table).put(row);
    const mutationId = await appendChange(database, {
      userId: options.userId,
      table,
      rowId: id,
      patch: patchOut,
      before: current && !recreate ? pick(current, Object.keys(changed)) : null,
      baseVersion: current && Number(current.version) > 0 ? Number(current.version) : null
    });
    return { row: row as RowOf<T>, mutationId };
  });
  if (result.mutationId) events.emit('outbox.changed', { table, rowId: id });
  return result;
}

/**
 * Deletes a record: a local tombstone (hidden from every view) and a 'delete' mutation. A row that
 * never left this phone is simply removed together with its unsent entries.
 */
export async function deleteRecord(table: TableName, id: string, options: WriteOptions): Promise<void> {
  const database = options.db ?? defaultDb;
  const changed = await database.transaction('rw', [database.table(table), ...outboxScope(database)], async () => {
    const current = (await database.table(table).get(id)) as Row | undefined;
    if (!current || current.deleted_at) return false;
    const entries = await entriesOf(database, table, id);
    if (
      !acceptedByServer(current, entries) &&
      entries.every((e) => e.state === 'pending') &&
      !(await anyMaybeSent(database, entries))
    ) {
      await database.outbox.bulkDelete(entries.map((e) => e.seq!));
      await database.table(table).delete(id);
      return true;
    }
    const now = new Date().toISOString();
    await database.table(table).put({ ...current, deleted_at: now });
    await database.outbox.add({
      mutation_id: crypto.randomUUID(),
      user_id: options.userId,
      table,
      op: 'delete',
      row_id: id,
      patch: {},
      base_version: Number(current.version) > 0 ? Number(current.version) : null,
      created_at: now,
      state: 'pending',
      attempts: 0,
      before: { deleted_at: null }
    });
    return true;
  });
  if (changed) events.emit('outbox.changed', { table, rowId: id });
}

/** The outbox entries of one row, oldest first. */
function editableFields(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!SYNC_KEYS.has(k)) out[k] = v;
  return out;
}

function pick(row: Row, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = row[k] ?? null;
  return out;
}

const REFERENCE = /_id$/;

/**
 * Appends a change, or merges it into the row's latest entry when that entry was never sent (sent.ts).
 * Merging moves the change earlier in the queue, which is safe unless it depends on a row written
 * after that entry — then it is appended, keeping dependency order. It may when it points at a row
 * (a `*_id` field), or when it is a transition (`status`): an appointment submitted after its notice
 * was written must reach the server after the notice, not as a record born submitted.
 * Runs inside the caller's transaction over outboxScope().
 */
export async function appendChange(
  database: FrontlineDB,
  change: {
    userId: string;
    table: TableName;
    rowId: string;
    patch: Record<string, unknown>;
    before: Record<string, unknown> | null;
    baseVersion: number | null;
  }
): Promise<string> {
  const entries = await entriesOf(database, change.table, change.rowId);
  const last = entries.at(-1);
  if (
    last &&
    last.state === 'pending' &&
    last.op === 'upsert' &&
    last.user_id === change.userId &&
    !(await anyMaybeSent(database, [last]))
  ) {
    const touchesReference = Object.keys(change.patch).some((k) => REFERENCE.test(k) || k === 'status');
    const newest = await database.outbox.orderBy(':id').last();
    if (!touchesReference || newest?.seq === last.seq) {
      const before =
        last.before === null || last.before === undefined
          ? (last.before ?? null)
          : { ...(change.before ?? {}), ...last.before };
      await database.outbox.put({ ...last, patch: { ...last.patch, ...change.patch }, before });
      return last.mutation_id;
    }
  }
  const mutationId = crypto.randomUUID();
  await database.outbox.add({
    mutation_id: mutationId,
    user_id: change.userId,
    table: change.table,
    op: 'upsert',
    row_id: change.rowId,
    patch: change.patch,
    base_version: change.baseVersion,
    created_at: new Date().toISOString(),
    state: 'pending',
    attempts: 0,
    before: change.before
  });
  return mutationId;
}
