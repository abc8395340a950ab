import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

type Marked = Window & { __sameDocument?: boolean };

test('a new version is announced, applied only when tapped, and keeps unsaved work', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  // Half-written work saved on the phone (what a form keeps as the person types).
  await page.evaluate(async () => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('frontline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('drafts', 'readwrite');
      tx.objectStore('drafts').put({
        key: 'update-test',
        value: { body: '走访了三户' },
        saved_at: new Date().toISOString()
      });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    idb.close();
  });

  // A new release: a different service worker script on the server.
  const swPath = join(process.env.E2E_APP_DIR ?? 'build', 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  writeFileSync(swPath, `${original}\n// the next release\n`);
  try {
    await page.evaluate(async () => {
      (window as Marked).__sameDocument = true;
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const update = page.getByRole('button', { name: '新版本可用 — 点击更新' });
    await expect(update).toBeVisible();

    // Nothing reloads on its own: the person may be in the middle of an edit.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as Marked).__sameDocument)).toBe(true);

    await Promise.all([page.waitForEvent('load'), update.click()]);
    await expectProfileSynced(page);
    expect(await page.evaluate(() => (window as Marked).__sameDocument ?? false)).toBe(false);
    await expect(update).toBeHidden();
    const draft = await page.evaluate(async () => {
      const idb = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('frontline');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      });
      const value = await new Promise<unknown>((resolve, reject) => {
        const req = idb.transaction('drafts').objectStore('drafts').get('update-test');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('read failed'));
      });
      idb.close();
      return value as { value: { body: string } } | undefined;
    });
    expect(draft?.value.body).toBe('走访了三户');
  } finally {
    writeFileSync(swPath, original);
  }
});
