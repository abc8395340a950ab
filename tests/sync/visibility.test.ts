// What a device may see changes under it: a transaction that commits late, and a change of scope
// that makes the server answer `reset`.
import 'fake-indexeddb/auto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRecord } from '$lib/db/write';
import { attentionEntries } from '$lib/db/row-state';
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

describe('late commits', () => {
  it('a row whose transaction commits after later rows were pulled still reaches every device', async () => {
    const phone = await device(world, 'cadre');
    const supervisor = await device(world, 'supervisor');
    await phone.sync();
    await supervisor.sync();

    // an import (or a slow admin screen) holds a transaction open
    const slow = new pg.Client({ connectionString: world.database.url });
    await slow.connect();
    const late = uuid();
    await slow.query('begin');
    await slow.query(
      `insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body) values ($1, $2, $3, '2026-11-01', 'routine', '迟到的提交')`,
      [late, ids.cadre, ids.posting]
    );

    // meanwhile the phones write and sync, again and again
    const early = uuid();
    await saveRecord('work_logs', early, workLog('先提交的'), { userId: ids.cadre, db: phone.db });
    for (let i = 0; i < 3; i++) {
      expect((await phone.sync()).ok).toBe(true);
      expect((await supervisor.sync()).ok).toBe(true);
    }
    expect((await localRows(phone, 'work_logs')).has(late)).toBe(false);

    await slow.query('commit');
    await slow.end();
    const server = await serverRows(world, 'work_logs', 'id = any($1)', [[late, early]]);
    // ordered by version, the late row comes before rows already pulled: a version cursor would skip it
    expect(Number(server.get(late)?.version)).toBeLessThan(Number(server.get(early)?.version));

    await eventually([phone, supervisor], async () => {
      expect((await localRows(phone, 'work_logs')).get(late)?.body).toBe('迟到的提交');
      expect((await localRows(supervisor, 'work_logs')).get(late)?.body).toBe('迟到的提交');
      expect((await localRows(supervisor, 'work_logs')).has(early)).toBe(true);
    });
    await phone.destroy();
    await supervisor.destroy();
  });
});

describe('a change of what a person may see', () => {
  it('a reset re-pulls everything, drops what is no longer visible and keeps the outbox', async () => {
    const supervisor = await device(world, 'supervisor');
    const cadre2Log = uuid();
    await world.pg.query(
      `insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body) values ($1, $2, $3, '2026-11-02', 'routine', '二镇的日志')`,
      [cadre2Log, ids.cadre2, ids.posting2]
    );
    await eventually(supervisor, async () => {
      expect((await localRows(supervisor, 'work_logs')).size).toBeGreaterThan(0);
      expect(await supervisor.db.assessments.get(ids.assessment)).toBeTruthy();
    });
    const before = await localRows(supervisor, 'work_logs');
    expect([...before.values()].every((r) => r.cadre_id === ids.cadre)).toBe(true);

    // offline, the supervisor comments on the cadre's assessment
    await saveRecord(
      'assessments',
      ids.assessment,
      { supervisor_comment: '表现突出' },
      { userId: ids.supervisor, db: supervisor.db }
    );
    supervisor.offline = true;
    await supervisor.sync();
    // the organization department moves the supervisor to town 2
    await world.pg.query(`update public.profiles set scope_unit_id = $1 where id = $2`, [ids.town2, ids.supervisor]);
    supervisor.offline = false;

    const result = await supervisor.sync();
    expect(result.ok).toBe(true);
    expect(result.reset).toBe(true);
    await eventually(supervisor, async () => {
      const rows = await localRows(supervisor, 'work_logs');
      const visible = await serverRows(world, 'work_logs', 'cadre_id = $1', [ids.cadre2]);
      expect(new Set(rows.keys())).toEqual(new Set(visible.keys()));
      expect(rows.has(cadre2Log)).toBe(true);
    });
    // the change made before the move is not silently lost: it waits, refused, with its reason
    const entries = await attentionEntries(supervisor.db);
    expect(entries.map((e) => [e.row_id, e.state])).toEqual([[ids.assessment, 'rejected']]);
    expect((await supervisor.db.assessments.get(ids.assessment))?.supervisor_comment).toBe('表现突出');
    await world.pg.query(`update public.profiles set scope_unit_id = $1 where id = $2`, [ids.town1, ids.supervisor]);
    await supervisor.destroy();
  });
});
