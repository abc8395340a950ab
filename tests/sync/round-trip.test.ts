import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRecord, deleteRecord } from '$lib/db/write';
import { rowState } from '$lib/db/row-state';
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

describe('a round trip through the local stack', () => {
  it('a work log written offline reaches the server and the cadre’s other phone', async () => {
    const phone1 = await device(world, 'cadre');
    const phone2 = await device(world, 'cadre');
    const id = uuid();
    await saveRecord('work_logs', id, workLog('走访了三户困难群众'), { userId: ids.cadre, db: phone1.db });
    expect(await rowState('work_logs', id, phone1.db)).toBe('waiting');

    const r1 = await phone1.sync();
    expect(r1).toMatchObject({ ok: true, pushed: 1 });
    expect(await rowState('work_logs', id, phone1.db)).toBe('synced');
    expect(await phone1.db.outbox.count()).toBe(0);

    await eventually(phone2, async () => {
      expect((await localRows(phone2, 'work_logs')).get(id)?.body).toBe('走访了三户困难群众');
    });

    const server = await serverRows(world, 'work_logs', 'id = $1', [id]);
    expect(server.get(id)?.body).toBe('走访了三户困难群众');
    // phone 1 takes the server version of its new record with the pull that brings it back
    await eventually(phone1, async () =>
      expect((await localRows(phone1, 'work_logs')).get(id)?.version).toBe(server.get(id)?.version)
    );
    await phone1.destroy();
    await phone2.destroy();
  });

  it('a delete on one phone removes the record from the other', async () => {
    const phone1 = await device(world, 'cadre');
    const phone2 = await device(world, 'cadre');
    const id = uuid();
    await saveRecord('work_logs', id, workLog('待删除'), { userId: ids.cadre, db: phone1.db });
    await phone1.sync();
    await eventually(phone2, async () => expect((await localRows(phone2, 'work_logs')).has(id)).toBe(true));
    await deleteRecord('work_logs', id, { userId: ids.cadre, db: phone2.db });
    expect((await localRows(phone2, 'work_logs')).has(id)).toBe(false);
    await phone2.sync();
    await eventually(phone1, async () => expect(await phone1.db.work_logs.get(id)).toBeUndefined());
    expect(await phone2.db.work_logs.get(id)).toBeUndefined();
    const { rows } = await world.pg.query('select deleted_at from public.work_logs where id = $1', [id]);
    expect(rows[0].deleted_at).not.toBeNull();
    await phone1.destroy();
    await phone2.destroy();
  });

  it('an idle sync is one request', async () => {
    const phone = await device(world, 'cadre');
    await phone.sync();
    const before = phone.calls.length;
    const r = await phone.sync();
    expect(r.ok).toBe(true);
    expect(phone.calls.length - before).toBe(1);
    await phone.destroy();
  });
});
