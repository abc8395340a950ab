// Half-written forms in db.drafts, written on every keystroke so that an app killed mid-sentence
// (a phone that runs out of memory on the bus) gives the text back when the form opens again.
import { db as defaultDb, type Draft, type FrontlineDB } from '$lib/db/database';

export function loadDraft(key: string, database: FrontlineDB = defaultDb): Promise<Draft | undefined> {
  return database.drafts.get(key);
}

export async function saveDraft(
  key: string,
  value: Record<string, unknown>,
  database: FrontlineDB = defaultDb
): Promise<void> {
  await database.drafts.put({ key, value, saved_at: new Date().toISOString() });
}

export async function dropDraft(key: string, database: FrontlineDB = defaultDb): Promise<void> {
  await database.drafts.delete(key);
}

/** Keeps a form's draft in step with its fields: saved while they differ from what is stored, gone when not. */
export function syncDraft(
  key: string,
  value: Record<string, unknown>,
  baseline: Record<string, unknown>,
  database: FrontlineDB = defaultDb
): Promise<void> {
  const same = Object.keys(value).every((k) => value[k] === baseline[k]);
  return same ? dropDraft(key, database) : saveDraft(key, value, database);
}
