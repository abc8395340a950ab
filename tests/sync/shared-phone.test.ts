// One phone, two people: a push on its way when the phone's session passes to someone else must
// never be carried on under that person, and the first person's changes arrive exactly once when
// they sign in again.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveRecord } from '$lib/db/write';
import { createWorld, device, emails, ids, PASSWORD, uuid, workLog, type World } from './support/world';

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  await world?.close();
});

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await world.pg.query(`select count(*)::int as n from ${sql}`, params);
  return rows[0].n;
}

describe('a shared phone', () => {
  it("never pushes the cadre's changes under the next person's session, and delivers them once when the cadre is back", async () => {
    const phone = await device(world, 'cadre', { maxBatch: 4, timeoutMs: 1_500 });
    const logs = Array.from({ length: 10 }, () => uuid());
    for (const [i, id] of logs.entries()) {
      await saveRecord('work_logs', id, workLog(`共用手机 ${i}`), { userId: ids.cadre, db: phone.db });
    }
    // the first batch reaches the server under the cadre's token, but its answer never comes back
    let pushes = 0;
    phone.faults = (call) => (call.fn === 'sync_push' && pushes++ === 0 ? 'hang' : 'pass');
    const pass = phone.sync();
    await expect.poll(() => pushes).toBe(1);
    // meanwhile the cadre's session ends on this phone and another person signs in on it
    const other = await phone.client.auth.signInWithPassword({ email: emails.cadre2, password: PASSWORD });
    expect(other.error).toBeNull();

    const result = await pass;
    expect(result.ok).toBe(false);
    expect(result.failure).toBe('wrong_user');
    await phone.settle();

    // nothing went out under the other person: not in the data, not in the idempotency ledger
    expect(await count('public.work_logs where updated_by = $1', [ids.cadre2])).toBe(0);
    expect(await count('private.sync_mutations where user_id = $1', [ids.cadre2])).toBe(0);
    // every push request after the switch carried the cadre's token or was never sent
    expect(pushes).toBe(1);
    expect(await phone.db.outbox.count()).toBe(10);

    // the cadre signs in again on the phone: each change arrives exactly once
    phone.faults = () => 'pass';
    await phone.signIn();
    const again = await phone.sync();
    expect(again.ok).toBe(true);
    expect(await phone.db.outbox.count()).toBe(0);
    expect(await count('public.work_logs where id = any($1::uuid[]) and updated_by = $2', [logs, ids.cadre])).toBe(10);
    expect(await count(`public.audit_log where row_id = any($1::uuid[]) and op = 'INSERT'`, [logs])).toBe(10);
    await phone.destroy();
  });
});
