// What a record's badge and the "needs attention" list read of the outbox. Kept free of the zod
// schemas (write.ts) because list screens import it on their first load.
import Dexie from 'dexie';
import type { TableName } from '$lib/schema';
import { db as defaultDb, type FrontlineDB, type OutboxEntry } from './database';

/** A row's outbox entries in the order they were made. */
export async function entriesOf(database: FrontlineDB, table: TableName, rowId: string): Promise<OutboxEntry[]> {
  const entries = await database.outbox.where('[table+row_id]').equals([table, rowId]).toArray();
  return entries.sort((a, b) => a.seq! - b.seq!);
}

/**
 * Whether the server has accepted this record's creation. A record made here carries its whole
 * self in a creating entry (before === null) until the server acknowledges it; push then drops the
 * entry but leaves the row's version at 0 until the next pull brings the server's (it does not
 * rewrite every acknowledged row: on a phone that write was most of a push's cost). So: a server
 * version, or no creating entry left.
 */
export function acceptedByServer(row: Record<string, unknown>, entries: OutboxEntry[]): boolean {
  return Number(row.version) > 0 || !entries.some((e) => e.op === 'upsert' && e.before === null);
}

export type RowState = 'waiting' | 'synced' | 'attention';

/** A record's badge: needs attention beats waiting beats synced. */
export function stateOf(entries: OutboxEntry[]): RowState {
  if (entries.some((e) => e.state !== 'pending')) return 'attention';
  return entries.length > 0 ? 'waiting' : 'synced';
}

export async function rowState(table: TableName, id: string, database: FrontlineDB = defaultDb): Promise<RowState> {
  return stateOf(await entriesOf(database, table, id));
}

/** The badges of every record of a table that is not simply synced (lists; wrap in liveQuery). */
export async function rowStates(table: TableName, database: FrontlineDB = defaultDb): Promise<Map<string, RowState>> {
  const entries = await database.outbox
    .where('[table+row_id]')
    .between([table, Dexie.minKey], [table, Dexie.maxKey])
    .toArray();
  const byRow = new Map<string, OutboxEntry[]>();
  for (const e of entries) byRow.set(e.row_id, [...(byRow.get(e.row_id) ?? []), e]);
  return new Map([...byRow].map(([id, list]) => [id, stateOf(list)]));
}

/** Rejected and conflicting changes, oldest first: the "needs attention" list. */
export async function attentionEntries(database: FrontlineDB = defaultDb): Promise<OutboxEntry[]> {
  const entries = await database.outbox.where('state').anyOf('rejected', 'conflict').toArray();
  return entries.sort((a, b) => a.seq! - b.seq!);
}

/** Changes waiting for a push (not those needing attention). */
export function waitingCount(database: FrontlineDB = defaultDb): Promise<number> {
  return database.outbox.where('state').equals('pending').count();
}
