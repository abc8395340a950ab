// What the person does with a change that needs attention: edit and retry, or discard.
// Nothing here touches the network. (Badges and the attention list: row-state.ts.)
import { events } from '$lib/events';
import { db as defaultDb, type FrontlineDB } from './database';
import { rebase, serverView, type Row } from './rebase';
import { appendChange, validateRow } from './write';
import { acceptedByServer, entriesOf } from './row-state';
import { outboxScope } from './sent';

/**
 * "Edit and retry": the change (optionally edited) goes back into the queue as a new mutation on
 * top of the row as it now is (the server remembers the old mutation id's answer, so the id must be
 * new). Validates like a form save; throws ValidationError.
 */
export async function retryEntry(
  seq: number,
  options: { patch?: Record<string, unknown>; db?: FrontlineDB } = {}
): Promise<string | null> {
  const database = options.db ?? defaultDb;
  const entry = await database.outbox.get(seq);
  if (!entry) return null;
  const table = database.table(entry.table);
  const mutationId = await database.transaction('rw', [table, ...outboxScope(database)], async () => {
    const current = await database.outbox.get(seq);
    if (!current || current.state === 'pending') return current?.mutation_id ?? null;
    if (current.op === 'delete') {
      const id = crypto.randomUUID();
      await database.outbox.put({
        ...current,
        mutation_id: id,
        state: 'pending',
        code: null,
        message: null,
        server_row: null,
        attempts: 0
      });
      return id;
    }
    const local = (await table.get(current.row_id)) as Row | undefined;
    const onServer = !!local && acceptedByServer(local, await entriesOf(database, current.table, current.row_id));
    await database.outbox.delete(seq);
    const patch = options.patch ?? current.patch;
    const merged = validateRow(current.table, {
      ...(local ?? {}),
      ...patch,
      id: current.row_id,
      deleted_at: null
    }) as Row;
    await table.put(merged);
    // A row the server never accepted is sent whole: its creating change may be this one.
    const fields = onServer ? patch : withoutSyncColumns(merged);
    return appendChange(database, {
      userId: current.user_id,
      table: current.table,
      rowId: current.row_id,
      patch: fields,
      // what the server holds: the refused change's own `before`, else the row (a field the
      // refused change did not touch is as the server has it)
      before: onServer
        ? { ...pick(local, Object.keys(fields)), ...onlyKeys(current.before, Object.keys(fields)) }
        : null,
      baseVersion: onServer && Number(local!.version) > 0 ? Number(local!.version) : null
    });
  });
  events.emit('outbox.changed', { table: entry.table, rowId: entry.row_id });
  return mutationId;
}

/**
 * "Discard" (the screen asks twice): the change leaves the outbox and the record shows what the
 * server holds. A record that never reached the server is removed with all its changes.
 */
export async function discardEntry(seq: number, options: { db?: FrontlineDB } = {}): Promise<void> {
  const database = options.db ?? defaultDb;
  const entry = await database.outbox.get(seq);
  if (!entry) return;
  const table = database.table(entry.table);
  await database.transaction('rw', table, database.outbox, async () => {
    const current = await database.outbox.get(seq);
    if (!current) return;
    const entries = await entriesOf(database, current.table, current.row_id);
    const local = (await table.get(current.row_id)) as Row | undefined;
    if (!local || !acceptedByServer(local, entries)) {
      // a record the server never accepted: discarding its creation discards the record, unless
      // a later change carries the whole record again
      const recreated = entries.some((e) => e.seq !== seq && e.before === null && e.op === 'upsert');
      if (recreated) {
        await database.outbox.delete(seq);
        return;
      }
      await database.outbox.bulkDelete(entries.map((e) => e.seq!));
      await table.delete(current.row_id);
      return;
    }
    const server = serverView(local, entries);
    const rest = entries.filter((e) => e.seq !== seq);
    await database.outbox.delete(seq);
    const { row, moved } = rebase(server, rest);
    if (row.deleted_at && rest.length === 0) await table.delete(row.id);
    else await table.put(row);
    if (moved.length) await database.outbox.bulkPut(moved);
  });
  events.emit('outbox.changed', { table: entry.table, rowId: entry.row_id });
}

function withoutSyncColumns(row: Row): Record<string, unknown> {
  const { id: _id, version: _v, txid: _t, updated_at: _u, updated_by: _b, deleted_at: _d, ...rest } = row;
  return rest;
}

function pick(row: Row | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = row?.[k] ?? null;
  return out;
}

function onlyKeys(values: Record<string, unknown> | null | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (values && k in values) out[k] = values[k];
  return out;
}
