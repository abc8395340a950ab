// One phone, several people (乡镇的手机是共用的): a push on its way when the cadre signs out never goes
// on under the next person, and another person's waiting changes are never deleted without a choice.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { DEMO_IDS } from '../support/e2e-api';
import {
  DEMO_PASSWORD,
  expectProfileSynced,
  outboxCount,
  writeLog,
  signIn,
  tab,
  waitForServiceWorker
} from '../support/e2e-helpers';

const TRAINER_ID = '20000000-0000-4000-8000-000000000005';

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

test("a push held on its way when the cadre signs out never lands under the trainer; the cadre's changes arrive once on their next sign-in", async ({
  page
}) => {
  test.setTimeout(150_000);
  const [{ since }] = await query<{ since: Date }>('select now() as since');
  const marker = `共用手机-${crypto.randomUUID().slice(0, 8)}`;
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);

  // every push reaches the server, but its answer is held back
  const held: { mutationIds: string[]; release: () => void }[] = [];
  await page.route('**/rest/v1/rpc/sync_push', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { mutations?: { mutation_id: string }[] };
    const response = await route.fetch().catch(() => null);
    await new Promise<void>((release) =>
      held.push({ mutationIds: (body.mutations ?? []).map((m) => m.mutation_id), release })
    );
    if (response) await route.fulfill({ response }).catch(() => {});
  });
  await writeLog(page, `${marker} 上午走访农户`);
  await expect.poll(() => held.length, { timeout: 20_000 }).toBeGreaterThan(0);
  // a second change, made while the first one's answer is still on its way
  await writeLog(page, `${marker} 下午整理台账`);

  // the cadre signs out keeping what has not been confirmed; the trainer tries the same phone
  await tab(page, '我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  const dialog = page.getByRole('dialog', { name: '确定退出登录？' });
  await expect(dialog).toContainText('还有 2 条更改没有同步');
  await dialog.getByRole('button', { name: '退出，更改留在本机' }).click();
  await expect(page).toHaveURL(/\/login$/);
  for (const h of held.splice(0)) h.release();
  await page.unroute('**/rest/v1/rpc/sync_push');

  await page.getByLabel('邮箱或手机号').fill('trainer@demo.local');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: '本机有他人未同步的修改' });
  await expect(alert).toContainText('李明轩');
  await expect(alert).toContainText('2 项修改尚未同步');
  await page.waitForTimeout(2_000); // room for anything still queued to go out
  expect(await outboxCount(page)).toBe(2);

  // none of the cadre's changes under the trainer: not in the data, not in the ledger
  const underTrainer = async () => {
    expect(
      await query('select 1 from private.sync_mutations where user_id = $1 and created_at >= $2', [TRAINER_ID, since])
    ).toEqual([]);
    expect(
      await query('select 1 from public.work_logs where updated_by = $1 and body like $2', [TRAINER_ID, `${marker}%`])
    ).toEqual([]);
  };
  await underTrainer();

  // the cadre takes the phone back: both logs reach the server, each exactly once
  await alert.getByRole('button', { name: '改为以 李明轩 登录' }).click();
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expectProfileSynced(page);
  await expect.poll(() => outboxCount(page), { timeout: 30_000 }).toBe(0);
  const logs = await query<{ body: string; updated_by: string }>(
    'select body, updated_by::text from public.work_logs where body like $1 order by body',
    [`${marker}%`]
  );
  expect(logs.map((l) => l.updated_by)).toEqual([DEMO_IDS.cadre, DEMO_IDS.cadre]);
  const inserts = await query<{ n: number }>(
    `select count(*)::int as n from public.audit_log a join public.work_logs w on w.id = a.row_id
      where a.op = 'INSERT' and w.body like $1`,
    [`${marker}%`]
  );
  expect(inserts[0].n).toBe(2);
  await expect(page.getByText(`${marker} 上午走访农户`)).toHaveCount(0); // home shows no log bodies
  await page.goto('/logs');
  await expect(page.getByText(`${marker} 上午走访农户`)).toHaveCount(1);
  await expect(page.getByText(`${marker} 下午整理台账`)).toHaveCount(1);

  // all synced: the cadre signs out cleanly and the trainer gets in, with nothing of the cadre's sent
  await tab(page, '我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('dialog', { name: '确定退出登录？' }).getByRole('button', { name: '确认退出' }).click();
  // signing out waits for the sync pass in flight; a navigation before it ends would cut it off
  await expect(page).toHaveURL(/\/login$/, { timeout: 30_000 });
  await signIn(page, 'trainer@demo.local');
  await page.waitForTimeout(2_000);
  await underTrainer();
});

test("another person signing in over a cadre's waiting changes is warned, can export, and must confirm twice to delete", async ({
  page
}) => {
  test.setTimeout(120_000);
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await writeLog(page, `等待同步-${crypto.randomUUID().slice(0, 8)}`);
  expect(await outboxCount(page)).toBe(1);

  // the cadre's session expires (the refresh token is refused): supabase-js drops it
  await page.evaluate(() => localStorage.removeItem('frontline-auth'));
  await page.context().setOffline(false);
  await page.goto('/login?expired');

  const warn = async () => {
    await page.getByLabel('邮箱或手机号').fill('trainer@demo.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: '本机有他人未同步的修改' });
    await expect(alert).toBeVisible();
    return alert;
  };
  let alert = await warn();
  await expect(alert).toContainText('1 项修改尚未同步');
  await expect(alert).toContainText('cadre@demo.local');

  // no choice: nothing deleted, the trainer is not signed in over the cadre's data
  await page.goto('/login');
  await expect(page).toHaveURL(/\/login$/);
  expect(await outboxCount(page)).toBe(1);

  // export: a file with the waiting change
  alert = await warn();
  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: '导出这些修改为文件' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8')) as {
    entries: unknown[];
  };
  expect(exported.entries).toHaveLength(1);

  // delete: the first confirmation deletes nothing
  await alert.getByRole('button', { name: '删除这些修改并继续登录…' }).click();
  await page.getByRole('dialog', { name: '确定删除吗？' }).getByRole('button', { name: '确定删除并登录' }).click();
  const second = page.getByRole('dialog', { name: '再确认一次' });
  await expect(second).toBeVisible();
  expect(await outboxCount(page)).toBe(1);
  await second.getByRole('button', { name: '删除', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(() => outboxCount(page)).toBe(0);
});
