import { expect, test } from '@playwright/test';
import { Api, DEMO_IDS } from '../support/e2e-api';
import { localRows } from '../support/cadre-e2e';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

test('a log written offline survives a killed page, syncs when online, and reaches supervisor 1', async ({
  browser,
  context,
  page,
  baseURL
}) => {
  const marker = `E2E-${crypto.randomUUID().slice(0, 8)}`;
  const firstHalf = `${marker} 上午到新村走访贫困户`;
  const whole = `${firstHalf}，下午协调修路资金，落实了三户的危房改造。`;

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  // the home page knows the current posting (it links the new log to it)
  await expect(page.getByText(/第 [\d,]+ 天 \/ 共 [\d,]+ 天/)).toBeVisible();

  await context.setOffline(true);
  await page.getByRole('link', { name: '写工作日志' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '写工作日志' })).toBeVisible();

  const body = page.getByLabel('工作内容');
  // validation as you type, in Chinese beside the field
  await body.fill('字');
  await body.fill('');
  await expect(page.getByText('必填', { exact: true })).toBeVisible();
  await body.pressSequentially(firstHalf);
  await expect(page.getByText(`${firstHalf.length} / 5000 字`)).toBeVisible();
  await expect(page.getByText('必填', { exact: true })).toHaveCount(0);
  await expect
    .poll(
      async () =>
        (await localRows<{ key: string; value: { body?: string } }>(page, 'drafts')).find(
          (d) => d.key === 'work_log:new'
        )?.value.body
    )
    .toBe(firstHalf);

  // the app is killed mid-draft, and opened again, still offline
  await page.close();
  const reopened = await context.newPage();
  await reopened.goto('/logs/new');
  await expect(reopened.getByText(/已恢复上次没有保存的内容/)).toBeVisible();
  const restored = reopened.getByLabel('工作内容');
  await expect(restored).toHaveValue(firstHalf);
  await expect(reopened.getByLabel('关联挂职')).not.toHaveValue('');

  await restored.fill(whole);
  await reopened.getByText('急难险重', { exact: true }).click();
  await reopened.getByRole('button', { name: '保存' }).click();

  await expect(reopened).toHaveURL(/\/logs$/);
  const item = reopened.getByRole('link', { name: new RegExp(marker) });
  await expect(item).toBeVisible();
  await expect(item.getByText('待同步')).toBeVisible();
  await expect(item.getByText('急难险重')).toBeVisible();
  expect((await localRows<{ key: string }>(reopened, 'drafts')).some((d) => d.key === 'work_log:new')).toBe(false);

  // back online: it syncs by itself
  await context.setOffline(false);
  await reopened.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(item.getByText('已同步')).toBeVisible({ timeout: 30_000 });

  // supervisor 1 (scope 本号镇, where the cadre is seconded) finds it on their own phone
  const other = await browser.newContext();
  const supervisorPage = await other.newPage();
  await signIn(supervisorPage, 'supervisor1@demo.local');
  await expectProfileSynced(supervisorPage, /陈志远/);
  await expect
    .poll(
      async () =>
        (await localRows<{ body: string; cadre_id: string; category: string }>(supervisorPage, 'work_logs')).find(
          (l) => l.body === whole
        ),
      { timeout: 30_000 }
    )
    .toMatchObject({ cadre_id: DEMO_IDS.cadre, category: 'urgent_hard' });
  // and the server holds it as the cadre wrote it
  const supervisor = await Api.signIn(baseURL!, 'supervisor1@demo.local');
  expect((await supervisor.rows<{ body: string }>('work_logs')).some((l) => l.body === whole)).toBe(true);
  await other.close();
});

test('a log edited and then deleted offline is gone on the server after sync', async ({ context, page, baseURL }) => {
  const marker = `E2E-${crypto.randomUUID().slice(0, 8)}`;
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);

  await page.goto('/logs/new');
  await page.getByLabel('工作内容').fill(`${marker} 召开村民代表会议`);
  await page.getByText('群众工作', { exact: true }).click();
  await page.getByRole('button', { name: '保存' }).click();
  const item = page.getByRole('link', { name: new RegExp(marker) });
  await expect(item.getByText('已同步')).toBeVisible({ timeout: 30_000 });
  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  const onServer = async () =>
    (await cadre.rows<{ body: string; deleted_at: string | null }>('work_logs')).filter(
      (l) => l.body.startsWith(marker) && !l.deleted_at
    ).length;
  expect(await onServer()).toBe(1);

  await context.setOffline(true);
  await item.click();
  await expect(page.getByRole('heading', { level: 1, name: '修改工作日志' })).toBeVisible();
  await page.getByLabel('工作内容').fill(`${marker} 召开村民代表会议，通过了修路方案`);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(item).toContainText('通过了修路方案');
  await expect(item.getByText('待同步')).toBeVisible();

  await item.click();
  await page.getByRole('button', { name: '删除' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定删除' }).click();
  await expect(page).toHaveURL(/\/logs$/);
  await expect(page.getByRole('link', { name: new RegExp(marker) })).toHaveCount(0);

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect.poll(onServer, { timeout: 30_000 }).toBe(0);
});

test("the month's summary counts the logs by category and is submitted as the posting's monthly report", async ({
  page,
  baseURL
}) => {
  const marker = `E2E-${crypto.randomUUID().slice(0, 8)}`;
  await signIn(page);
  await expectProfileSynced(page);

  await page.goto('/logs/new');
  await page.getByLabel('工作内容').fill(`${marker} 督导重点项目征地进度`);
  await page.getByText('重点项目', { exact: true }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page).toHaveURL(/\/logs$/);

  await page.getByRole('link', { name: '月度小结和月报' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '月度小结' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /按类别统计 · 共 \d+ 篇/ })).toBeVisible();
  const report = page.getByRole('textbox', { name: '月报（报送接收单位）' });
  await expect(report).toHaveValue(
    /共记录工作日志 \d+ 篇：日常工作 \d+ 篇，急难险重 \d+ 篇，重点项目 \d+ 篇，群众工作 \d+ 篇。/
  );
  await expect(report).toHaveValue(new RegExp(`（重点项目）：${marker}`));

  await report.fill(`${marker} 本月重点推进了征地协调，完成入户 40 户。`);
  await page.getByRole('button', { name: /提交月报|更新并重新提交/ }).click();
  await expect(page.getByText('月报已保存，联网后自动报送。')).toBeVisible();
  await expect(page.getByText(/已于 .* 提交/)).toBeVisible();
  await expect(
    page.getByRole('region', { name: '月报（报送接收单位）' }).getByText('已同步', { exact: true })
  ).toBeVisible({
    timeout: 30_000
  });

  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  const reports = await cadre.rows<{ posting_id: string; month: string; summary: string; submitted_at: string | null }>(
    'posting_reports'
  );
  const mine = reports.find((r) => r.summary.startsWith(marker));
  expect(mine).toMatchObject({ posting_id: '30000000-0000-4000-8000-000000000001' });
  expect(mine?.month).toMatch(/-01$/);
  expect(mine?.submitted_at).not.toBeNull();
});
