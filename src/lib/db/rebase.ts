// How a local row is made from the server's row and the changes still waiting in the outbox.
// Pure functions: the write path, the pull and the conflict handling all build rows this way,
// so a pulled row can never overwrite a field the person changed and has not yet synced.
import type { OutboxEntry } from './database';

export type Row = Record<string, unknown> & { id: string };

/** The fields an entry changes locally: a delete is a local tombstone. */
export function localPatch(entry: OutboxEntry): Record<string, unknown> {
  return entry.op === 'delete' ? { deleted_at: entry.created_at } : entry.patch;
}

/**
 * Entries whose change still shows on the local row: waiting ones, and rejected ones (the person
 * has not given them up yet). A conflict shows the server's row; its change is shown beside it.
 */
export function isActive(entry: OutboxEntry): boolean {
  return entry.state !== 'conflict';
}

/** A row is visible in views only while it is not a tombstone (local or from the server). */
export function isLive<T extends { deleted_at?: unknown }>(row: T | undefined | null): row is T {
  return !!row && !row.deleted_at;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * The local row: the server row with the active entries' patches applied in outbox order.
 * Also returns the entries whose `before` (the value under each patched field) moved, so that
 * "discard" can always put back what the server holds.
 */
export function rebase(server: Row, entries: OutboxEntry[]): { row: Row; moved: OutboxEntry[] } {
  const row: Row = { ...server };
  const moved: OutboxEntry[] = [];
  for (const entry of [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    if (!isActive(entry)) continue;
    const patch = localPatch(entry);
    const before: Record<string, unknown> = {};
    for (const key of Object.keys(patch)) before[key] = row[key] ?? null;
    // rebase runs on a row the server holds, so even a creating entry now has a server value under it
    if (!sameRecord(entry.before ?? undefined, before)) moved.push({ ...entry, before });
    Object.assign(row, patch);
  }
  return { row, moved };
}

/**
 * The server's row as this device last knew it, recovered from the local row: every field an
 * active entry changed goes back to the value under the earliest such entry.
 */
export function serverView(local: Row, entries: OutboxEntry[]): Row {
  const row: Row = { ...local };
  const seen = new Set<string>();
  for (const entry of [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    if (!isActive(entry) || !entry.before) continue;
    for (const key of Object.keys(localPatch(entry))) {
      if (seen.has(key)) continue;
      seen.add(key);
      row[key] = key in entry.before ? entry.before[key] : null;
    }
  }
  return row;
}

function sameRecord(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  if (!a) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((k) => same(a[k], b[k]));
}

export { same as sameValue };
