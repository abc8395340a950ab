// The last resort before a phone is wiped or replaced: every change not yet on the server (the
// outbox, including those needing attention) with the local rows they belong to, as a JSON file.
import { db as defaultDb, type FrontlineDB } from '$lib/db/database';
import type { TableName } from '$lib/schema';

export interface WaitingChangesFile {
  format: 'frontline-waiting-changes';
  version: 1;
  exported_at: string;
  owner: string | null;
  entries: unknown[];
  rows: Partial<Record<TableName, unknown[]>>;
}

export async function exportWaitingChanges(database: FrontlineDB = defaultDb): Promise<WaitingChangesFile> {
  return database.transaction('r', database.tables, async () => {
    const entries = await database.outbox.orderBy(':id').toArray();
    const rows: Partial<Record<TableName, unknown[]>> = {};
    const seen = new Set<string>();
    for (const e of entries) {
      const key = `${e.table}\u0000${e.row_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row = await database.table(e.table).get(e.row_id);
      if (row) (rows[e.table] ??= []).push(row);
    }
    const owner = (await database.sync_state.get('owner'))?.value;
    return {
      format: 'frontline-waiting-changes',
      version: 1,
      exported_at: new Date().toISOString(),
      owner: typeof owner === 'string' ? owner : null,
      entries,
      rows
    };
  });
}

/** The file to save (settings: "export waiting changes"). */
export async function exportWaitingChangesBlob(
  database: FrontlineDB = defaultDb
): Promise<{ blob: Blob; filename: string }> {
  const file = await exportWaitingChanges(database);
  const stamp = file.exported_at.replace(/[:.]/g, '-');
  return {
    blob: new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }),
    filename: `frontline-waiting-changes-${stamp}.json`
  };
}
