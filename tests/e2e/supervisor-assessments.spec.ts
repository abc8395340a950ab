import { expect, test } from '@playwright/test';
import { Api } from '../support/e2e-api';
import { expectProfileSynced, shanghaiDay, signIn, waitForServiceWorker } from '../support/e2e-helpers';

const day = shanghaiDay;

test('a supervisor creates a probation assessment offline; it syncs and the tracker reminds before the period ends', async ({
  page,
  context,
  baseURL
}) => {
  await signIn(page, 'supervisor1@demo.local');
  await expectProfileSynced(page, /陈志远/);
  await page.goto('/review/new');
  await expect(page.getByLabel('干部').getByRole('option', { name: /李明轩/ })).toHaveCount(1, { timeout: 30_000 });

  // the installed app: its service worker serves every screen's code offline
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.getByLabel('干部').selectOption({ label: '李明轩 · 科员' });
  await page.getByRole('radio', { name: '试用期考核' }).check();
  await page.getByLabel('考核期开始').fill(day(-340));
  await page.getByLabel('考核期结束').fill(day(20));
  await page.getByRole('button', { name: '建立考核（草稿）' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '李明轩' })).toBeVisible();
  await expect(page.getByText('草稿', { exact: true })).toBeVisible();
  const id = page.url().split('/').pop()!;

  // still offline: in-app navigation, from the queue's reminder to the tracker
  await page.getByRole('link', { name: '← 待审签字' }).click();
  await page
    .getByRole('status')
    .getByRole('link', { name: /试用期考核将在 30 天内到期/ })
    .click();
  const item = page.getByRole('link', { name: /李明轩/ }).filter({ hasText: '还有 20 天结束' });
  await expect(item).toBeVisible();

  await context.setOffline(false);
  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  await expect
    .poll(async () => (await cadre.row<{ status: string; kind: string }>('assessments', id))?.kind, { timeout: 30_000 })
    .toBe('probation');
});
