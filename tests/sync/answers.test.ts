// What the engine does with each kind of answer: rejected, conflict, natural-key merge, a poison
// request, and batches that must stay under the size limits.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxScope } from '$lib/db/sent';
import { deleteRecord, saveRecord } from '$lib/db/write';
import { discardEntry, retryEntry } from '$lib/db/outbox';
import { attentionEntries, rowState } from '$lib/db/row-state';
import {
  createWorld,
  device,
  eventually,
  ids,
  localRows,
  serverRows,
  uuid,
  workLog,
  type World
} from './support/world';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

const cadre = { userId: ids.cadre };

describe('answers that need the person', () => {
  it('a rejected change stays with its reason while the rest of the queue goes on, and can be fixed and retried', async () => {
    const phone = await device(world, 'cadre');
    const before = uuid();
    const bad = uuid();
    const after = uuid();
    await saveRecord('work_logs', before, workLog('之前'), { ...cadre, db: phone.db });
    // another cadre's posting: the client cannot know, the database refuses
    await saveRecord('work_logs', bad, workLog('挂错了', { posting_id: ids.posting2 }), { ...cadre, db: phone.db });
    await saveRecord('work_logs', after, workLog('之后'), { ...cadre, db: phone.db });
    const result = await phone.sync();
    expect(result).toMatchObject({ ok: true, pushed: 2, rejected: 1 });
    const [entry] = await attentionEntries(phone.db);
    expect(entry).toMatchObject({ row_id: bad, state: 'rejected', code: 'forbidden' });
    expect(entry.message).toMatch(/无权/);
    expect(await rowState('work_logs', bad, phone.db)).toBe('attention');
    // the person still sees what they wrote
    expect((await phone.db.work_logs.get(bad))?.body).toBe('挂错了');
    // a later sync does not drop it or send it again
    await phone.sync();
    expect((await attentionEntries(phone.db)).map((e) => e.mutation_id)).toEqual([entry.mutation_id]);

    await retryEntry(entry.seq!, { db: phone.db, patch: { posting_id: ids.posting } });
    expect((await phone.sync()).pushed).toBe(1);
    expect(await phone.db.outbox.count()).toBe(0);
    const server = await serverRows(world, 'work_logs', 'id = any($1)', [[before, bad, after]]);
    expect(server.size).toBe(3);
    expect(server.get(bad)?.posting_id).toBe(ids.posting);
    await phone.destroy();
  });

  it('a refusal whose answer was lost is still a refusal when the retry is answered as a duplicate', async () => {
    const phone = await device(world, 'cadre');
    const bad = uuid();
    await saveRecord('work_logs', bad, workLog('答复丢了', { posting_id: ids.posting2 }), { ...cadre, db: phone.db });
    phone.faults = (call) => (call.fn === 'sync_push' && call.n === 0 ? 'drop-response' : 'pass');
    expect((await phone.sync()).ok).toBe(false);
    expect((await phone.sync()).rejected).toBe(1);
    const [entry] = await attentionEntries(phone.db);
    expect(entry).toMatchObject({ row_id: bad, state: 'rejected', code: 'forbidden' });
    await phone.destroy();
  });

  it('an edit of a record deleted on another phone comes back as a conflict showing the server row', async () => {
    const phone1 = await device(world, 'cadre');
    const phone2 = await device(world, 'cadre');
    const id = uuid();
    await saveRecord('work_logs', id, workLog('两台手机'), { ...cadre, db: phone1.db });
    await phone1.sync();
    await eventually(phone2, async () => expect((await localRows(phone2, 'work_logs')).has(id)).toBe(true));
    await deleteRecord('work_logs', id, { ...cadre, db: phone1.db });
    await phone1.sync();
    await saveRecord('work_logs', id, { body: '我还在改' }, { ...cadre, db: phone2.db });
    const result = await phone2.sync();
    expect(result.conflicts).toBe(1);
    const [entry] = await attentionEntries(phone2.db);
    expect(entry).toMatchObject({ state: 'conflict', code: 'deleted', patch: { body: '我还在改' } });
    expect(entry.server_row?.deleted_at).toBeTruthy();
    // a tombstone wins: the record is gone from every view, the change waits beside it
    expect((await localRows(phone2, 'work_logs')).has(id)).toBe(false);
    await discardEntry(entry.seq!, { db: phone2.db });
    expect(await phone2.db.outbox.count()).toBe(0);
    expect(await phone2.db.work_logs.get(id)).toBeUndefined();
    await phone1.destroy();
    await phone2.destroy();
  });

  it('a self summary edited after the assessment was submitted elsewhere is a conflict with the submitted assessment', async () => {
    const assessment = uuid();
    await world.pg.query(
      `insert into public.assessments (id, cadre_id, kind, period_start, period_end, posting_id, status)
       values ($1, $2, 'annual', '2026-01-01', '2026-12-31', $3, 'draft')`,
      [assessment, ids.cadre, ids.posting]
    );
    const phone1 = await device(world, 'cadre');
    const phone2 = await device(world, 'cadre');
    await eventually([phone1, phone2], async () => {
      expect(await phone1.db.assessments.get(assessment)).toBeTruthy();
      expect(await phone2.db.assessments.get(assessment)).toBeTruthy();
    });
    await saveRecord(
      'assessments',
      assessment,
      { self_summary: '第一台写的', status: 'submitted' },
      { ...cadre, db: phone1.db }
    );
    expect((await phone1.sync()).pushed).toBe(1);
    await saveRecord('assessments', assessment, { self_summary: '第二台写的' }, { ...cadre, db: phone2.db });
    const result = await phone2.sync();
    expect(result.conflicts).toBe(1);
    const [entry] = await attentionEntries(phone2.db);
    expect(entry.server_row).toMatchObject({ status: 'submitted', self_summary: '第一台写的' });
    // the record shows the server's state; the local change waits beside it
    expect(await phone2.db.assessments.get(assessment)).toMatchObject({
      status: 'submitted',
      self_summary: '第一台写的'
    });
    await discardEntry(entry.seq!, { db: phone2.db });
    expect(await phone2.db.assessments.get(assessment)).toMatchObject({
      status: 'submitted',
      self_summary: '第一台写的'
    });
    await phone1.destroy();
    await phone2.destroy();
  });
});

describe('natural keys', () => {
  it('two phones writing the same monthly report converge on one row, and the later phone re-keys its copy', async () => {
    const phone1 = await device(world, 'cadre');
    const phone2 = await device(world, 'cadre');
    const month = '2026-10-01';
    const first = uuid();
    const second = uuid();
    const report = (summary: string) => ({
      posting_id: ids.posting,
      cadre_id: ids.cadre,
      month,
      summary,
      submitted_at: null
    });
    await saveRecord('posting_reports', first, report('第一台的月报'), { ...cadre, db: phone1.db });
    await phone1.sync();
    await saveRecord('posting_reports', second, report('第二台的月报'), { ...cadre, db: phone2.db });
    // the first push is lost on the way, so the next edit becomes a change of its own
    phone2.faults = (call) => (call.fn === 'sync_push' && call.n === 0 ? 'drop-request' : 'pass');
    expect((await phone2.sync()).ok).toBe(false);
    await saveRecord('posting_reports', second, { summary: '第二台改过的月报' }, { ...cadre, db: phone2.db });
    expect(await phone2.db.outbox.count()).toBe(2);
    expect((await phone2.sync()).ok).toBe(true);

    const server = await serverRows(world, 'posting_reports', 'posting_id = $1 and month = $2', [ids.posting, month]);
    expect([...server.keys()]).toEqual([first]);
    expect(server.get(first)?.summary).toBe('第二台改过的月报');
    expect(await phone2.db.outbox.count()).toBe(0);
    expect(await phone2.db.posting_reports.get(second)).toBeUndefined();
    expect((await phone2.db.posting_reports.get(first))?.summary).toBe('第二台改过的月报');
    await eventually(phone1, async () =>
      expect((await phone1.db.posting_reports.get(first))?.summary).toBe('第二台改过的月报')
    );
    await phone1.destroy();
    await phone2.destroy();
  });
});

describe('batches', () => {
  it('a request the server refuses as a whole is split until the poison change is found and set aside', async () => {
    const phone = await device(world, 'cadre');
    const idsWritten: string[] = [];
    for (let i = 0; i < 9; i++) {
      const id = uuid();
      idsWritten.push(id);
      await saveRecord('work_logs', id, workLog(`批次 ${i}`), { ...cadre, db: phone.db });
    }
    const poison = idsWritten[5];
    phone.faults = (call) => (call.fn === 'sync_push' && call.body.includes(poison) ? { status: 400 } : 'pass');
    const result = await phone.sync();
    expect(result).toMatchObject({ ok: true, pushed: 8, rejected: 1 });
    const [entry] = await attentionEntries(phone.db);
    expect(entry).toMatchObject({ row_id: poison, state: 'rejected' });
    const server = await serverRows(world, 'work_logs', 'id = any($1)', [idsWritten]);
    expect(server.size).toBe(8);
    expect(server.has(poison)).toBe(false);
    await phone.destroy();
  });

  it('a long queue goes out in batches of at most 200 changes', async () => {
    const phone = await device(world, 'cadre');
    await phone.db.transaction('rw', [phone.db.work_logs, ...outboxScope(phone.db)], async () => {
      for (let i = 0; i < 450; i++)
        await saveRecord('work_logs', uuid(), workLog(`长队 ${i}`), { ...cadre, db: phone.db });
    });
    expect((await phone.sync()).pushed).toBe(450);
    const pushes = phone.calls.filter((c) => c.fn === 'sync_push').map((c) => JSON.parse(c.body).mutations.length);
    expect(pushes).toEqual([200, 200, 50]);
    await phone.destroy();
  });

  it('large changes go out in requests of at most 256 KB', async () => {
    const phone = await device(world, 'cadre');
    for (let i = 0; i < 60; i++)
      await saveRecord('work_logs', uuid(), workLog(`${i}`.padEnd(4000, '长')), { ...cadre, db: phone.db });
    expect((await phone.sync()).pushed).toBe(60);
    const sizes = phone.calls.filter((c) => c.fn === 'sync_push').map((c) => Buffer.byteLength(c.body));
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(256 * 1024 + 64);
    await phone.destroy();
  });
});
