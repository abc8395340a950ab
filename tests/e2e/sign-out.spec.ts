import { expect, test } from '@playwright/test';
import { expectProfileSynced, localTableCounts, signIn, tab, waitForServiceWorker } from '../support/e2e-helpers';

test('sign-out says how many changes have not synced, then wipes IndexedDB and the session', async ({
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
  await page.evaluate(async () => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('frontline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').add({
        mutation_id: crypto.randomUUID(),
        user_id: '20000000-0000-4000-8000-000000000006',
        table: 'work_logs',
        op: 'upsert',
        row_id: crypto.randomUUID(),
        patch: {},
        base_version: null,
        created_at: new Date().toISOString(),
        state: 'pending',
        attempts: 0
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    idb.close();
  });

  await tab(page, '我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  const dialog = page.getByRole('dialog', { name: '确定退出登录？' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('还有 1 条更改没有同步');
  await dialog.getByRole('button', { name: '确认退出' }).click();

  await expect(page).toHaveURL(/\/login$/);
  const after = await localTableCounts(page);
  if (after) for (const [table, count] of Object.entries(after)) expect(count, table).toBe(0);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.filter((k) => k !== 'frontline-prefs')).toEqual([]);

  // The next person on this phone starts at the sign-in page.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});
