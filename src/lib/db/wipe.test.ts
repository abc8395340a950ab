import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FrontlineDB, wipeAllButOutbox } from './database';
import { recordSent, sentThrough } from './sent';

const me = '21000000-0000-4000-8000-000000000003';
let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`wipe-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

it('signing out keeping waiting changes leaves the outbox and its sent watermark, nothing else', async () => {
  await db.outbox.add({
    mutation_id: crypto.randomUUID(),
    user_id: me,
    table: 'work_logs',
    op: 'upsert',
    row_id: crypto.randomUUID(),
    patch: { body: '走访' },
    base_version: null,
    created_at: new Date().toISOString(),
    state: 'pending',
    attempts: 0
  });
  await recordSent(db, me, 1);
  await db.sync_state.put({ key: 'owner', value: me });
  await db.drafts.put({ key: 'log/new', value: { body: '半句' }, saved_at: new Date().toISOString() });
  await db.units.put({ id: crypto.randomUUID(), name: '乡' } as never);

  await wipeAllButOutbox(db);

  expect(await db.outbox.count()).toBe(1);
  // the entry may be on the server already: a later edit must not merge into it (sent.ts)
  expect(await sentThrough(db, me)).toBe(1);
  expect(await db.sync_state.get('owner')).toBeUndefined();
  expect(await db.drafts.count()).toBe(0);
  expect(await db.units.count()).toBe(0);
});
