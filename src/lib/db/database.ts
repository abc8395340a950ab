// The one Dexie database of the app: the synced tables (mirrors of the server rows) plus the
// local-only tables that make offline work safe (outbox, sync state, drafts).
import Dexie, { type EntityTable } from 'dexie';
import type { RowOf, TableName } from '$lib/schema';
import { CHECKPOINT } from '$lib/sync/keys';
import { SENT_KEY_PREFIX } from './sent';

/** A change waiting to reach the server. Local only; never synced as a row itself. */
export interface OutboxEntry {
  /** Auto-increment: the order changes were made in, which is the order they are pushed in. */
  seq?: number;
  mutation_id: string;
  /** Whose change this is: never pushed under another person's session. */
  user_id: string;
  table: TableName;
  op: 'upsert' | 'delete';
  row_id: string;
  /** Only the fields the person changed (field-level merge on the server). */
  patch: Record<string, unknown>;
  base_version: number | null;
  created_at: string;
  /** pending: waits for a push; rejected/conflict: needs the person's attention. */
  state: 'pending' | 'rejected' | 'conflict';
  code?: string | null;
  message?: string | null;
  /** For a conflict: the server's row, shown beside the local change. */
  server_row?: Record<string, unknown> | null;
  /** How often a push sent it; a sent entry may already be on the server, so it is never coalesced. */
  attempts: number;
  /**
   * The values the patched fields had before this change (null: the change created the row).
   * Kept current by the sync engine, so "discard" can put back what the server holds.
   */
  before?: Record<string, unknown> | null;
}

/** Key/value bookkeeping of the sync engine and the session. Local only. */
export interface SyncStateEntry {
  key: string;
  value: unknown;
}

/** Half-written forms, saved as the person types so a killed app loses nothing. Local only. */
export interface Draft {
  key: string;
  value: Record<string, unknown>;
  saved_at: string;
}

type SyncedTables = { [T in TableName]: EntityTable<RowOf<T>, 'id'> };

export class FrontlineDB extends Dexie {
  declare units: SyncedTables['units'];
  declare profiles: SyncedTables['profiles'];
  declare postings: SyncedTables['postings'];
  declare training_sessions: SyncedTables['training_sessions'];
  declare training_session_secrets: SyncedTables['training_session_secrets'];
  declare attendance: SyncedTables['attendance'];
  declare work_logs: SyncedTables['work_logs'];
  declare posting_reports: SyncedTables['posting_reports'];
  declare assessments: SyncedTables['assessments'];
  declare assessment_signatures: SyncedTables['assessment_signatures'];
  declare appointments: SyncedTables['appointments'];
  declare appointment_notices: SyncedTables['appointment_notices'];
  declare appointment_signatures: SyncedTables['appointment_signatures'];
  declare settings: SyncedTables['settings'];
  declare outbox: EntityTable<OutboxEntry, 'seq'>;
  declare sync_state: EntityTable<SyncStateEntry, 'key'>;
  declare drafts: EntityTable<Draft, 'key'>;

  constructor(name = 'frontline') {
    super(name);
    this.version(1).stores({
      // parent_id: a unit's children (supervisor scope, the structure report by township)
      units: 'id, parent_id',
      // unit_id: the people of a unit (rosters, reports)
      profiles: 'id, unit_id',
      // cadre_id: my postings / a cadre's career
      postings: 'id, cadre_id',
      // trainer_id: a trainer's own sessions; starts_at: upcoming/past lists
      training_sessions: 'id, trainer_id, starts_at',
      // session_id: the trainer's QR screen finds its secret
      training_session_secrets: 'id, session_id',
      // session_id: a roster; cadre_id: my trainings and credit hours;
      // [session_id+cadre_id]: the one row per (session, cadre) a check-in updates
      attendance: 'id, session_id, cadre_id, [session_id+cadre_id]',
      // [cadre_id+log_date]: my logs by month; posting_id: a posting's monthly summary
      work_logs: 'id, [cadre_id+log_date], posting_id',
      // [posting_id+month]: the one report per posting and month
      posting_reports: 'id, posting_id, [posting_id+month]',
      // cadre_id: my assessments; status: review queues
      assessments: 'id, cadre_id, status',
      // assessment_id: an assessment's signature chain
      assessment_signatures: 'id, assessment_id',
      // key: settings are read by key
      settings: 'id, &key',
      // mutation_id: acknowledge by id; [table+row_id]: a row's pending fields and badge;
      // state: the "needs attention" list
      outbox: '++seq, &mutation_id, [table+row_id], state',
      sync_state: 'key',
      drafts: 'key'
    });
    // the appointment register: a cadre's history (cadre_id), the register and the queues
    // (status), a record's notice and signature chain (appointment_id)
    this.version(2)
      .stores({
        appointments: 'id, cadre_id, status',
        appointment_notices: 'id, appointment_id',
        appointment_signatures: 'id, appointment_id'
      })
      .upgrade((tx) =>
        // The pull's checkpoint is past rows of tables this device did not have: start the next
        // pull over, or it would never bring the register's older rows (不漏).
        tx.table('sync_state').delete(CHECKPOINT)
      );
  }
}

export const db = new FrontlineDB();

/** Remove every trace of the signed-in person from this device (sign-out on a shared phone). */
export async function wipeLocalData(database: FrontlineDB = db): Promise<void> {
  database.close();
  await database.delete();
  await database.open();
}

/**
 * Everything goes but the outbox (and push's record of which entries may already be on the
 * server, sent.ts: without it a later edit could merge into an entry the server has, and be
 * lost): the person signs out with changes the server has not seen, and chose to keep them for
 * their next sign-in. One transaction, so a killed app cannot leave the records half wiped.
 */
export async function wipeAllButOutbox(database: FrontlineDB = db): Promise<void> {
  const tables = database.tables.filter((t) => t.name !== 'outbox');
  await database.transaction('rw', tables, async () => {
    for (const table of tables) {
      if (table.name === 'sync_state') {
        await database.sync_state.filter((e) => !e.key.startsWith(SENT_KEY_PREFIX)).delete();
      } else await table.clear();
    }
  });
}
