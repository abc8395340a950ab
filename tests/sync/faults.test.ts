// The sync engine against the real local stack, through a network that misbehaves.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRecord, saveRecord } from '$lib/db/write';
import { events } from '$lib/events';
import { PAGE_SIZE } from '$lib/sync/pull';
import {
  createWorld,
  device,
  eventually,
  ids,
  localRows,
  serverRows,
  uuid,
  workLog,
  type Device,
  type Fault,
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

async function insertsOf(id: string): Promise<number> {
  const { rows } = await world.pg.query(
    `select count(*)::int as n from public.audit_log where row_id = $1 and op = 'INSERT'`,
    [id]
  );
  return rows[0].n;
}

async function updatesOf(id: string): Promise<number> {
  const { rows } = await world.pg.query(
    `select count(*)::int as n from public.audit_log where row_id = $1 and op = 'UPDATE'`,
    [id]
  );
  return rows[0].n;
}

/** A phone with one synced log to edit and one to delete, then three offline changes. */
async function phoneWithThreeChanges(): Promise<{ phone: Device; created: string; edited: string; deleted: string }> {
  const phone = await device(world, 'cadre', { timeoutMs: 400 });
  const edited = uuid();
  const deleted = uuid();
  await saveRecord('work_logs', edited, workLog('要修改'), { ...cadre, db: phone.db });
  await saveRecord('work_logs', deleted, workLog('要删除'), { ...cadre, db: phone.db });
  expect((await phone.sync()).ok).toBe(true);
  const created = uuid();
  await saveRecord('work_logs', created, workLog('新日志'), { ...cadre, db: phone.db });
  await saveRecord('work_logs', edited, { body: '改好了' }, { ...cadre, db: phone.db });
  await deleteRecord('work_logs', deleted, { ...cadre, db: phone.db });
  return { phone, created, edited, deleted };
}

async function expectExactlyOnce(phone: Device, created: string, edited: string, deleted: string) {
  expect(await phone.db.outbox.count()).toBe(0);
  expect(await insertsOf(created)).toBe(1);
  // one update for the edit, nothing replayed
  expect(await updatesOf(edited)).toBe(1);
  expect(await updatesOf(deleted)).toBe(1);
  const server = await serverRows(world, 'work_logs', 'id = any($1)', [[created, edited, deleted]]);
  expect([...server.keys()].sort()).toEqual([created, edited].sort());
  expect(server.get(edited)?.body).toBe('改好了');
  expect((await localRows(phone, 'work_logs')).has(deleted)).toBe(false);
  // a new record takes its server version with the next pull that brings it
  await eventually(phone, async () =>
    expect((await localRows(phone, 'work_logs')).get(created)?.version).toBe(server.get(created)?.version)
  );
}

describe('pushing through a faulty network', () => {
  const firstPushFaults: [string, Fault][] = [
    ['the request is dropped', 'drop-request'],
    ['the response is dropped after the server committed', 'drop-response'],
    ['the request is delivered twice at once', 'twice'],
    ['a stale copy of the request arrives after the answer', 'late-copy'],
    ['a proxy answers 502 after the server committed', 'error-after-commit'],
    ['the server answers 500', { status: 500 }],
    ['the server answers 503', { status: 503 }],
    ['no answer comes before the timeout while the server commits', 'hang'],
    ['the request is delayed', { delay: 150 }]
  ];

  it.each(firstPushFaults)('each change is applied exactly once when %s', async (_name, fault) => {
    const { phone, created, edited, deleted } = await phoneWithThreeChanges();
    let pushes = 0;
    phone.faults = (call) => (call.fn === 'sync_push' && pushes++ === 0 ? fault : 'pass');
    const first = await phone.sync();
    if (typeof fault === 'object' && 'delay' in fault) expect(first.ok).toBe(true);
    // a timed-out batch is sent again at once in smaller requests
    else if (fault === 'twice' || fault === 'late-copy' || fault === 'hang') expect(first.ok).toBe(true);
    else {
      expect(first).toMatchObject({ ok: false, failure: 'offline' });
      // nothing is lost while the network is bad: all three still wait
      expect(await phone.db.outbox.count()).toBe(3);
    }
    await phone.settle();
    expect((await phone.sync()).ok).toBe(true);
    await phone.settle();
    await expectExactlyOnce(phone, created, edited, deleted);
    await phone.destroy();
  });

  it('a pull page whose answer is lost is asked for again, and no row is missed', async () => {
    const writer = await device(world, 'cadre');
    const written: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = uuid();
      written.push(id);
      await saveRecord('work_logs', id, workLog(`分页 ${i}`), { ...cadre, db: writer.db });
    }
    expect((await writer.sync()).ok).toBe(true);
    const reader = await device(world, 'cadre', { pageSize: 2 });
    let pulls = 0;
    reader.faults = (call) => (call.fn === 'sync_pull' && ++pulls % 3 === 0 ? 'drop-response' : 'pass');
    await eventually(reader, async () => {
      const rows = await localRows(reader, 'work_logs');
      for (const id of written) expect(rows.has(id)).toBe(true);
    });
    const server = await serverRows(world, 'work_logs', 'cadre_id = $1', [ids.cadre]);
    expect(new Set((await localRows(reader, 'work_logs')).keys())).toEqual(new Set(server.keys()));
    await writer.destroy();
    await reader.destroy();
  });

  it('a partitioned phone keeps its changes and sends them when the network heals', async () => {
    const phone = await device(world, 'cadre');
    phone.offline = true;
    const id = uuid();
    await saveRecord('work_logs', id, workLog('断网时写的'), { ...cadre, db: phone.db });
    for (let i = 0; i < 3; i++) expect((await phone.sync()).failure).toBe('offline');
    expect(await phone.db.outbox.count()).toBe(1);
    phone.offline = false;
    expect((await phone.sync()).ok).toBe(true);
    expect(await insertsOf(id)).toBe(1);
    await phone.destroy();
  });
});

describe('a weak signal', () => {
  it('a push that times out is sent again in smaller requests, each change once', async () => {
    const phone = await device(world, 'cadre', { timeoutMs: 300 });
    const written: string[] = [];
    for (let i = 0; i < 40; i++) {
      const id = uuid();
      written.push(id);
      await saveRecord('work_logs', id, workLog(`弱信号 ${i}`), { ...cadre, db: phone.db });
    }
    // only small requests get through before the timeout
    phone.faults = (call) => (call.fn === 'sync_push' && JSON.parse(call.body).mutations.length > 10 ? 'hang' : 'pass');
    expect((await phone.sync()).ok).toBe(true);
    await phone.settle();
    expect(await phone.db.outbox.count()).toBe(0);
    for (const id of written) expect(await insertsOf(id)).toBe(1);
    await phone.destroy();
  });

  it('a pull page that times out is asked for again in smaller pages', async () => {
    const reader = await device(world, 'cadre', { timeoutMs: 300 });
    reader.faults = (call) => (call.fn === 'sync_pull' && JSON.parse(call.body).max_rows > 100 ? 'hang' : 'pass');
    await eventually(reader, async () => {
      const server = await serverRows(world, 'work_logs', 'cadre_id = $1', [ids.cadre]);
      expect(new Set((await localRows(reader, 'work_logs')).keys())).toEqual(new Set(server.keys()));
    });
    const sizes = reader.calls.filter((c) => c.fn === 'sync_pull').map((c) => JSON.parse(c.body).max_rows);
    const quarter = (n: number) => Math.floor(n / 4);
    expect(sizes.slice(0, 3)).toEqual([PAGE_SIZE, quarter(PAGE_SIZE), quarter(quarter(PAGE_SIZE))]);
    await reader.destroy();
  });
});

describe('sessions', () => {
  it('a token refused mid-sync is refreshed and the sync goes on', async () => {
    const { phone, created, edited, deleted } = await phoneWithThreeChanges();
    // the token runs out twice: before the push and again before the pull
    const refused = new Set<string>();
    phone.faults = (call) => (refused.has(call.fn) ? 'pass' : (refused.add(call.fn), 'unauthorized'));
    const result = await phone.sync();
    expect(result.ok).toBe(true);
    expect(phone.refreshes.length).toBe(2);
    await expectExactlyOnce(phone, created, edited, deleted);
    await phone.destroy();
  });

  it('a refused refresh asks the person to sign in again and keeps the outbox', async () => {
    const phone = await device(world, 'cadre');
    const id = uuid();
    await saveRecord('work_logs', id, workLog('令牌过期'), { ...cadre, db: phone.db });
    // the session is revoked on the server (signed out elsewhere, or banned)
    await world.pg.query(
      `update auth.refresh_tokens set revoked = true, updated_at = now() - interval '1 hour' where user_id = $1`,
      [ids.cadre]
    );
    phone.faults = () => 'unauthorized';
    const expired: unknown[] = [];
    const off = events.on('auth.session-expired', (p) => expired.push(p));
    const result = await phone.sync();
    off();
    expect(result).toMatchObject({ ok: false, failure: 'session_expired' });
    expect(expired).toEqual([{ userId: ids.cadre }]);
    expect(await phone.db.outbox.count()).toBe(1);
    expect(await insertsOf(id)).toBe(0);
    // signing in again sends what waited
    phone.faults = () => 'pass';
    await phone.signIn();
    expect((await phone.sync()).ok).toBe(true);
    expect(await insertsOf(id)).toBe(1);
    await phone.destroy();
  });

  it('an access token that really expires is refreshed before the push', async () => {
    const shortWorld = await createWorld({ jwtExpiry: 1 });
    try {
      const phone = await device(shortWorld, 'cadre');
      const id = uuid();
      await saveRecord('work_logs', id, workLog('过期后同步'), { ...cadre, db: phone.db });
      await new Promise((r) => setTimeout(r, 1_500));
      const result = await phone.sync();
      expect(result.ok).toBe(true);
      expect(phone.refreshes.length).toBeGreaterThan(0);
      const { rows } = await shortWorld.pg.query(`select count(*)::int as n from public.work_logs where id = $1`, [id]);
      expect(rows[0].n).toBe(1);
      await phone.destroy();
    } finally {
      await shortWorld.close();
    }
  });

  it('one person’s changes are never pushed under another person’s session', async () => {
    const phone = await device(world, 'cadre');
    const mine = uuid();
    const theirs = uuid();
    await saveRecord('work_logs', mine, workLog('我的'), { ...cadre, db: phone.db });
    await saveRecord('work_logs', theirs, workLog('别人的', { cadre_id: ids.cadre2, posting_id: ids.posting2 }), {
      userId: ids.cadre2,
      db: phone.db
    });
    expect((await phone.sync()).ok).toBe(true);
    expect(await insertsOf(mine)).toBe(1);
    expect(await insertsOf(theirs)).toBe(0);
    const left = await phone.db.outbox.toArray();
    expect(left.map((e) => [e.row_id, e.user_id, e.state])).toEqual([[theirs, ids.cadre2, 'pending']]);
    await phone.destroy();
  });

  it('a device holding one person’s data refuses to sync under another person’s session', async () => {
    const phone = await device(world, 'cadre');
    expect((await phone.sync()).ok).toBe(true);
    await phone.client.auth.signOut({ scope: 'local' });
    const { error } = await phone.client.auth.signInWithPassword({
      email: 'cadre2@sync.test',
      password: 'frontline-test'
    });
    expect(error).toBeNull();
    await saveRecord('work_logs', uuid(), workLog('换人之后'), { ...cadre, db: phone.db });
    const result = await phone.sync();
    expect(result).toMatchObject({ ok: false, failure: 'wrong_user' });
    expect(await phone.db.outbox.where('state').equals('pending').count()).toBe(1);
    await phone.destroy();
  });
});

describe('reloads in the middle of a sync', () => {
  it('a reload between the local write and the push loses nothing', async () => {
    const phone = await device(world, 'cadre');
    const id = uuid();
    await saveRecord('work_logs', id, workLog('写完就刷新'), { ...cadre, db: phone.db });
    phone.reload();
    expect((await phone.sync()).ok).toBe(true);
    expect(await insertsOf(id)).toBe(1);
    expect(await phone.db.outbox.count()).toBe(0);
    await phone.destroy();
  });

  it('a reload between the server’s commit and the local acknowledgement applies the change once', async () => {
    const { phone, created, edited, deleted } = await phoneWithThreeChanges();
    phone.faults = (call) => (call.fn === 'sync_push' ? 'hang' : 'pass');
    const abandoned = phone.sync();
    await new Promise((r) => setTimeout(r, 50));
    await phone.settle(); // the server has committed; the old page never hears of it
    expect(await insertsOf(created)).toBe(1);
    phone.reload();
    phone.faults = () => 'pass';
    expect((await phone.sync()).ok).toBe(true);
    await abandoned;
    await expectExactlyOnce(phone, created, edited, deleted);
    await phone.destroy();
  });

  it('a reload in the middle of a paged pull resumes from the last page written', async () => {
    const reader = await device(world, 'cadre', { pageSize: 3, timeoutMs: 500 });
    let pulls = 0;
    reader.faults = (call) => (call.fn === 'sync_pull' && ++pulls === 3 ? 'hang' : 'pass');
    const abandoned = reader.sync();
    await new Promise((r) => setTimeout(r, 100));
    reader.reload();
    reader.faults = () => 'pass';
    await eventually(reader, async () => {
      const server = await serverRows(world, 'work_logs', 'cadre_id = $1', [ids.cadre]);
      expect(new Set((await localRows(reader, 'work_logs')).keys())).toEqual(new Set(server.keys()));
    });
    await abandoned;
    await reader.destroy();
  });
});
