import { expect, test } from '@playwright/test';
import { DEMO_IDS } from '../support/e2e-api';
import {
  addWaitingChange,
  expectProfileSynced,
  localTableCounts,
  signIn,
  tab,
  waitForServiceWorker
} from '../support/e2e-helpers';

async function openSignOut(page: import('@playwright/test').Page) {
  await tab(page, '我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  const dialog = page.getByRole('dialog', { name: '确定退出登录？' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('还有 1 条更改没有同步');
  return dialog;
}

test('sign-out says how many changes have not synced; deleting them wipes IndexedDB and the session', async ({
  page,
  context
}) => {
  await signIn(page);
  await expectProfileSynced(page);
  const before = await localTableCounts(page);
  expect(before?.profiles).toBeGreaterThan(0);

  // A change made offline, still waiting in the outbox.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await addWaitingChange(page, DEMO_IDS.cadre);

  const dialog = await openSignOut(page);
  await dialog.getByRole('button', { name: '删除这些更改并退出' }).click();

  await expect(page).toHaveURL(/\/login$/);
  const after = await localTableCounts(page);
  if (after) for (const [table, count] of Object.entries(after)) expect(count, table).toBe(0);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k !== 'frontline-prefs')).toEqual([]);

  // The next person on this phone starts at the sign-in page.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('signing out and keeping the waiting changes clears every record but the outbox', async ({ page, context }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await addWaitingChange(page, DEMO_IDS.cadre);

  const dialog = await openSignOut(page);
  await dialog.getByRole('button', { name: '退出，更改留在本机' }).click();

  await expect(page).toHaveURL(/\/login$/);
  const after = await localTableCounts(page);
  for (const [table, count] of Object.entries(after ?? {})) expect(count, table).toBe(table === 'outbox' ? 1 : 0);
  // who the change belongs to stays, to warn the next person; the session does not
  const keys = await page.evaluate(() => Object.keys(localStorage).sort());
  expect(keys.filter((k) => k !== 'frontline-prefs')).toEqual([
    'frontline-last-identifier',
    'frontline-last-name',
    'frontline-last-user'
  ]);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
