import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FrontlineDB } from './database';
import { deleteRecord, DeletedRecordError, saveRecord, ValidationError } from './write';
import { discardEntry, retryEntry } from './outbox';
import { attentionEntries, rowState, rowStates, waitingCount } from './row-state';
import { rebase } from './rebase';
import { recordSent } from './sent';
import { exportWaitingChanges } from '$lib/sync/export';

const me = '21000000-0000-4000-8000-000000000003';
const other = '21000000-0000-4000-8000-000000000009';
const log = (body: string) => ({ cadre_id: me, posting_id: null, log_date: '2026-11-20', category: 'routine', body });

let db: FrontlineDB;
beforeEach(() => {
  db = new FrontlineDB(`write-${crypto.randomUUID()}`);
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const opts = () => ({ userId: me, db });

describe('saving a record', () => {
  it('writes the row and one outbox entry holding every field of a new record', async () => {
    const id = crypto.randomUUID();
    const { row, mutationId } = await saveRecord('work_logs', id, log('走访'), opts());
    expect(row).toMatchObject({ id, body: '走访', version: 0, deleted_at: null });
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      mutation_id: mutationId,
      op: 'upsert',
      row_id: id,
      base_version: null,
      state: 'pending',
      before: null
    });
    expect(entry.patch).toEqual(log('走访'));
    expect(await rowState('work_logs', id, db)).toBe('waiting');
  });

  it('refuses an invalid record with the zod issues for the form and writes nothing', async () => {
    const id = crypto.randomUUID();
    const error = await saveRecord('work_logs', id, { ...log(''), category: 'nope' }, opts()).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toMatchObject({ body: 'validation.required', category: 'validation.choose' });
    expect(await db.work_logs.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends only the changed fields of a synced record, based on its version', async () => {
    const id = crypto.randomUUID();
    await db.work_logs.put({
      ...log('旧'),
      id,
      version: 7,
      txid: '1',
      updated_at: null,
      updated_by: null,
      deleted_at: null
    } as never);
    await saveRecord('work_logs', id, { ...log('新'), version: 99 }, opts());
    const [entry] = await db.outbox.toArray();
    expect(entry.patch).toEqual({ body: '新' });
    expect(entry.base_version).toBe(7);
    expect(entry.before).toEqual({ body: '旧' });
    expect((await db.work_logs.get(id))?.version).toBe(7);
  });

  it('writes nothing when nothing changed', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('一'), opts());
    const { mutationId } = await saveRecord('work_logs', id, { body: '一' }, opts());
    expect(mutationId).toBeNull();
    expect(await db.outbox.count()).toBe(1);
  });

  it('merges edits of a row into its unsent entry', async () => {
    const id = crypto.randomUUID();
    const first = await saveRecord('work_logs', id, log('一'), opts());
    const second = await saveRecord('work_logs', id, { body: '二', category: 'urgent_hard' }, opts());
    expect(second.mutationId).toBe(first.mutationId);
    const entries = await db.outbox.toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0].patch).toMatchObject({ body: '二', category: 'urgent_hard', cadre_id: me });
  });

  it('never merges into an entry that a push has already sent', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('一'), opts());
    await db.outbox.toCollection().modify({ attempts: 1 });
    await saveRecord('work_logs', id, { body: '二' }, opts());
    const entries = await db.outbox.orderBy(':id').toArray();
    expect(entries.map((e) => e.patch.body)).toEqual(['一', '二']);
    expect(entries[1].patch).toEqual({ body: '二' });
  });

  it("never merges into an entry a push has taken to send (the person's sent watermark)", async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('一'), opts());
    const [taken] = await db.outbox.toArray();
    await db.transaction('rw', db.sync_state, () => recordSent(db, me, taken.seq!));
    await saveRecord('work_logs', id, { body: '二' }, opts());
    const entries = await db.outbox.orderBy(':id').toArray();
    expect(entries.map((e) => e.patch.body)).toEqual(['一', '二']);
    // another person's watermark says nothing about mine
    const mine = crypto.randomUUID();
    await saveRecord('work_logs', mine, log('三'), opts());
    await db.transaction('rw', db.sync_state, () => recordSent(db, other, 1_000_000));
    await saveRecord('work_logs', mine, { body: '四' }, opts());
    expect(
      (await db.outbox.where('[table+row_id]').equals(['work_logs', mine]).toArray()).map((e) => e.patch.body)
    ).toEqual(['四']);
  });

  it('a record whose creation a push has taken is deleted with a tombstone; one never taken just goes', async () => {
    const taken = crypto.randomUUID();
    const kept = crypto.randomUUID();
    await saveRecord('work_logs', taken, log('已发出'), opts());
    const [entry] = await db.outbox.toArray();
    await db.transaction('rw', db.sync_state, () => recordSent(db, me, entry.seq!));
    await saveRecord('work_logs', kept, log('未发出'), opts());
    await deleteRecord('work_logs', taken, opts());
    await deleteRecord('work_logs', kept, opts());
    expect((await db.outbox.toArray()).map((e) => [e.row_id, e.op])).toEqual([
      [taken, 'upsert'],
      [taken, 'delete']
    ]);
    expect(await db.work_logs.get(kept)).toBeUndefined();
    expect((await db.work_logs.get(taken))?.deleted_at).not.toBeNull();
  });

  it('keeps a change that points at a later record after that record', async () => {
    const logId = crypto.randomUUID();
    const postingId = crypto.randomUUID();
    await saveRecord('work_logs', logId, log('一'), opts());
    await saveRecord(
      'postings',
      postingId,
      {
        cadre_id: me,
        kind: 'secondment',
        from_unit_id: null,
        to_unit_id: crypto.randomUUID(),
        title: null,
        starts_on: '2026-01-01',
        planned_end_on: null,
        ended_on: null
      },
      opts()
    );
    await saveRecord('work_logs', logId, { posting_id: postingId }, opts());
    const entries = await db.outbox.orderBy(':id').toArray();
    expect(entries.map((e) => e.table)).toEqual(['work_logs', 'postings', 'work_logs']);
  });

  it('refuses to edit a deleted record', async () => {
    const id = crypto.randomUUID();
    await db.work_logs.put({
      ...log('x'),
      id,
      version: 3,
      txid: null,
      updated_at: null,
      updated_by: null,
      deleted_at: null
    } as never);
    await deleteRecord('work_logs', id, opts());
    await expect(saveRecord('work_logs', id, { body: 'y' }, opts())).rejects.toBeInstanceOf(DeletedRecordError);
  });
});

describe('deleting a record', () => {
  it('leaves a hidden local tombstone and a delete mutation for a synced record', async () => {
    const id = crypto.randomUUID();
    await db.work_logs.put({
      ...log('x'),
      id,
      version: 3,
      txid: null,
      updated_at: null,
      updated_by: null,
      deleted_at: null
    } as never);
    await deleteRecord('work_logs', id, opts());
    expect((await db.work_logs.get(id))?.deleted_at).toBeTruthy();
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ op: 'delete', base_version: 3, patch: {} });
  });

  it('simply removes a record that never left the phone', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('x'), opts());
    await deleteRecord('work_logs', id, opts());
    expect(await db.work_logs.get(id)).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('a record whose creation the server acknowledged, not yet pulled back (version 0, no entry left)', () => {
  // what push leaves behind: the creating entry gone, the row as it was written here
  async function acknowledged(body: string) {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log(body), opts());
    await db.outbox.clear();
    return id;
  }

  it('is deleted with a tombstone that goes to the server, never just dropped here', async () => {
    const id = await acknowledged('已同步');
    await deleteRecord('work_logs', id, opts());
    expect((await db.work_logs.get(id))?.deleted_at).toBeTruthy();
    expect((await db.outbox.toArray()).map((e) => [e.op, e.base_version])).toEqual([['delete', null]]);
  });

  it('is edited with a patch of the changed field, not sent whole again', async () => {
    const id = await acknowledged('已同步');
    await saveRecord('work_logs', id, { body: '改过' }, opts());
    const [entry] = await db.outbox.toArray();
    expect(entry.patch).toEqual({ body: '改过' });
    expect(entry.before).toEqual({ body: '已同步' });
  });

  it('a refused edit, retried, stays a patch; discarded, the record stays', async () => {
    const id = await acknowledged('已同步');
    await saveRecord('work_logs', id, { body: '改过' }, opts());
    await db.outbox.toCollection().modify({ state: 'rejected', code: 'invalid', attempts: 1 });
    const [refused] = await db.outbox.toArray();
    await retryEntry(refused.seq!, { db, patch: { body: '再改' } });
    const [retried] = await db.outbox.toArray();
    expect(retried).toMatchObject({ patch: { body: '再改' }, before: { body: '已同步' }, base_version: null });

    await db.outbox.toCollection().modify({ state: 'rejected', code: 'invalid', attempts: 1 });
    await discardEntry(retried.seq!, { db });
    expect((await db.work_logs.get(id))?.body).toBe('已同步');
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('changes that need attention', () => {
  async function synced(body: string) {
    const id = crypto.randomUUID();
    await db.work_logs.put({
      ...log(body),
      id,
      version: 5,
      txid: null,
      updated_at: null,
      updated_by: null,
      deleted_at: null
    } as never);
    return id;
  }

  it('discarding a rejected change puts back what the server holds', async () => {
    const id = await synced('服务器');
    await saveRecord('work_logs', id, { body: '本地' }, opts());
    await db.outbox.toCollection().modify({ state: 'rejected', code: 'forbidden', message: '无权', attempts: 1 });
    expect(await rowState('work_logs', id, db)).toBe('attention');
    expect((await attentionEntries(db)).map((e) => e.code)).toEqual(['forbidden']);
    const [entry] = await db.outbox.toArray();
    await discardEntry(entry.seq!, { db });
    expect((await db.work_logs.get(id))?.body).toBe('服务器');
    expect(await rowState('work_logs', id, db)).toBe('synced');
  });

  it('retrying a change sends it again under a new mutation id on the current version', async () => {
    const id = await synced('服务器');
    await saveRecord('work_logs', id, { body: '本地' }, opts());
    await db.outbox.toCollection().modify({ state: 'rejected', code: 'invalid', attempts: 1 });
    const [entry] = await db.outbox.toArray();
    const newId = await retryEntry(entry.seq!, { db, patch: { body: '改过' } });
    const [retried] = await db.outbox.toArray();
    expect(retried).toMatchObject({ mutation_id: newId, state: 'pending', patch: { body: '改过' }, base_version: 5 });
    expect(newId).not.toBe(entry.mutation_id);
    expect((await db.work_logs.get(id))?.body).toBe('改过');
    expect(await waitingCount(db)).toBe(1);
    // refused again and discarded: back to what the server holds, not the first refused edit
    await db.outbox.toCollection().modify({ state: 'rejected', code: 'invalid', attempts: 1 });
    await discardEntry(retried.seq!, { db });
    expect((await db.work_logs.get(id))?.body).toBe('服务器');
  });

  it('retrying validates the edited change like a form', async () => {
    const id = await synced('服务器');
    await saveRecord('work_logs', id, { body: '本地' }, opts());
    await db.outbox.toCollection().modify({ state: 'rejected', attempts: 1 });
    const [entry] = await db.outbox.toArray();
    await expect(retryEntry(entry.seq!, { db, patch: { body: '' } })).rejects.toBeInstanceOf(ValidationError);
    expect((await db.outbox.get(entry.seq!))?.state).toBe('rejected');
  });

  it('editing a record whose creation was refused sends the whole record again', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('第一次'), opts());
    await db.outbox.toCollection().modify({ state: 'rejected', code: 'forbidden', attempts: 1 });
    await saveRecord('work_logs', id, { body: '改了再试' }, opts());
    const entries = await db.outbox.orderBy(':id').toArray();
    expect(entries[1]).toMatchObject({ state: 'pending', before: null, patch: { ...log('改了再试') } });
    // discarding the refused creation keeps the record and its new change
    await discardEntry(entries[0].seq!, { db });
    expect((await db.work_logs.get(id))?.body).toBe('改了再试');
    expect(await db.outbox.count()).toBe(1);
  });

  it('discarding the change that created a record removes the record', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('x'), opts());
    await db.outbox.toCollection().modify({ state: 'rejected', attempts: 1 });
    const [entry] = await db.outbox.toArray();
    await discardEntry(entry.seq!, { db });
    expect(await db.work_logs.get(id)).toBeUndefined();
  });

  it('badges list only the records that are not simply synced', async () => {
    const a = crypto.randomUUID();
    const b = await synced('b');
    await saveRecord('work_logs', a, log('a'), opts());
    expect(await rowStates('work_logs', db)).toEqual(new Map([[a, 'waiting']]));
    expect(await rowState('work_logs', b, db)).toBe('synced');
  });
});

describe('rebuilding a row from the server row and the waiting changes', () => {
  it('a pulled row never overwrites a field with a waiting change', () => {
    const entry = {
      seq: 1,
      mutation_id: 'm',
      user_id: me,
      table: 'work_logs' as const,
      op: 'upsert' as const,
      row_id: 'r',
      patch: { body: 'mine' },
      base_version: 1,
      created_at: '',
      state: 'pending' as const,
      attempts: 0,
      before: { body: 'old' }
    };
    const { row, moved } = rebase({ id: 'r', body: 'theirs', category: 'urgent_hard', version: 2 }, [entry]);
    expect(row).toMatchObject({ body: 'mine', category: 'urgent_hard', version: 2 });
    expect(moved[0].before).toEqual({ body: 'theirs' });
  });
});

describe('exporting the waiting changes', () => {
  it('holds every outbox entry with its local row', async () => {
    const id = crypto.randomUUID();
    await saveRecord('work_logs', id, log('导出'), opts());
    await db.outbox.add({
      mutation_id: crypto.randomUUID(),
      user_id: other,
      table: 'work_logs',
      op: 'delete',
      row_id: crypto.randomUUID(),
      patch: {},
      base_version: 1,
      created_at: '',
      state: 'rejected',
      attempts: 1
    });
    const file = await exportWaitingChanges(db);
    expect(file.entries).toHaveLength(2);
    expect(file.rows.work_logs).toHaveLength(1);
    expect((file.rows.work_logs![0] as { body: string }).body).toBe('导出');
  });
});
