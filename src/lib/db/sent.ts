// Which outbox entries may already be on the server. A later change must never be merged into
// such an entry (the server would answer the merged mutation 'duplicate', and the merged-in change
// would be lost), and a record whose creation may be on the server is never dropped without a
// tombstone. Push takes entries oldest first and records, per person, the highest seq it has taken
// to send, in the same transaction that reads the batch: one small write per batch instead of
// rewriting every entry of it (on a phone that was the push's largest IndexedDB cost).
import type { FrontlineDB, OutboxEntry } from './database';

/** sync_state keys of the watermarks; they stay as long as the outbox they describe. */
export const SENT_KEY_PREFIX = 'sent_through/';
const KEY = SENT_KEY_PREFIX;

/** The tables a transaction that writes outbox entries needs besides the record's own. */
export const outboxScope = (db: FrontlineDB) => [db.outbox, db.sync_state];

/** The highest seq of this person's outbox that push has taken to send; 0 when none. */
export async function sentThrough(db: FrontlineDB, userId: string): Promise<number> {
  const value = (await db.sync_state.get(KEY + userId))?.value;
  return typeof value === 'number' ? value : 0;
}

/** Push, inside the transaction that takes a batch: these entries are on their way. */
export async function recordSent(db: FrontlineDB, userId: string, seq: number): Promise<void> {
  if (seq > (await sentThrough(db, userId))) await db.sync_state.put({ key: KEY + userId, value: seq });
}

/** Whether the entry may be on the server: sent before (attempts) or taken by a push (seq). */
export function maybeSent(entry: OutboxEntry, through: number): boolean {
  return entry.attempts > 0 || entry.seq! <= through;
}

/** maybeSent for entries of any person: each against that person's watermark. */
export async function anyMaybeSent(db: FrontlineDB, entries: OutboxEntry[]): Promise<boolean> {
  const through = new Map<string, number>();
  for (const entry of entries) {
    if (!through.has(entry.user_id)) through.set(entry.user_id, await sentThrough(db, entry.user_id));
    if (maybeSent(entry, through.get(entry.user_id)!)) return true;
  }
  return false;
}
