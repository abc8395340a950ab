// Server rows at the trust boundary: parsed with the record schemas before they touch IndexedDB.
import { isTableName, profileSchema, recordSchemas, rosterProfileSchema, type TableName } from '$lib/schema';
import type { FrontlineDB } from '$lib/db/database';
import type { Row } from '$lib/db/rebase';

/** Every synced Dexie table, for transactions that may touch any of them. */
export const SYNCED = (db: FrontlineDB) => [
  db.units,
  db.profiles,
  db.postings,
  db.training_sessions,
  db.training_session_secrets,
  db.attendance,
  db.work_logs,
  db.posting_reports,
  db.assessments,
  db.assessment_signatures,
  db.appointments,
  db.appointment_notices,
  db.appointment_signatures,
  db.settings
];

/** The row, as its schema reads it; null (and a warning) for a row that does not fit. */
export function parseRow(
  table: string,
  raw: unknown,
  log: (m: string, d?: unknown) => void = console.warn
): Row | null {
  if (!isTableName(table)) {
    log(`sync: a row of unknown table ${table} skipped`);
    return null;
  }
  const result = recordSchemas[table as TableName].safeParse(raw);
  if (result.success) return result.data as Row;
  // a trainer receives only the names and units of the cadres on a roster
  if (table === 'profiles' && !profileSchema.safeParse(raw).success) {
    const roster = rosterProfileSchema.safeParse(raw);
    if (roster.success) return roster.data as Row;
  }
  log(`sync: an invalid ${table} row skipped`, { id: (raw as { id?: unknown })?.id, issues: result.error.issues });
  return null;
}
