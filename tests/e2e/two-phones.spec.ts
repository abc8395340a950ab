// Two phones of the same cadre (two browser contexts), both offline, both write, both reconnect:
// both end up showing everything, each log once.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { Api } from '../support/e2e-api';
import { localRows } from '../support/cadre-e2e';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

async function phone(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  return page;
}

/** From the home page, offline: the app routes on the phone, no server needed. */
async function writeLog(page: Page, body: string): Promise<void> {
  await page.getByRole('link', { name: '写工作日志' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '写工作日志' })).toBeVisible();
  await page.getByLabel('工作内容').fill(body);
  await page.getByText('群众工作', { exact: true }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page).toHaveURL(/\/logs$/);
}

test('two phones of one cadre write offline, reconnect, and both show every log once', async ({ browser, baseURL }) => {
  const marker = `E2E-${crypto.randomUUID().slice(0, 8)}`;
  const first = `${marker} 一号手机：上午走访五保户`;
  const second = `${marker} 二号手机：下午检查防汛物资`;

  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await phone(contextA);
  const b = await phone(contextB);

  await contextA.setOffline(true);
  await contextB.setOffline(true);
  await writeLog(a, first);
  await writeLog(b, second);
  await expect(a.getByRole('link', { name: new RegExp(marker) }).getByText('待同步')).toBeVisible();
  await expect(b.getByRole('link', { name: new RegExp(marker) }).getByText('待同步')).toBeVisible();

  await contextA.setOffline(false);
  await contextB.setOffline(false);
  for (const page of [a, b]) await page.evaluate(() => window.dispatchEvent(new Event('online')));

  // each phone pushes its own log and pulls the other's (the second pull may need the next sync)
  for (const page of [a, b]) {
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.dispatchEvent(new Event('online')));
          const logs = await localRows<{ body: string; deleted_at: string | null }>(page, 'work_logs');
          return logs
            .filter((l) => l.body.startsWith(marker) && !l.deleted_at)
            .map((l) => l.body)
            .sort();
        },
        { timeout: 45_000, intervals: [500, 1_000, 2_000] }
      )
      .toEqual([first, second].sort());
    await page.goto('/logs');
    const items = page.getByRole('link', { name: new RegExp(marker) });
    await expect(items).toHaveCount(2);
    await expect(items.getByText('已同步')).toHaveCount(2, { timeout: 30_000 });
  }

  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  const onServer = (await cadre.rows<{ body: string; deleted_at: string | null }>('work_logs')).filter(
    (l) => l.body.startsWith(marker) && !l.deleted_at
  );
  expect(onServer.map((l) => l.body).sort()).toEqual([first, second].sort());

  await contextA.close();
  await contextB.close();
});
