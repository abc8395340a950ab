// What several end-to-end specs do: sign in as a demo account, wait for the service worker, read
// the local database from the page.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'frontline-demo';

/** The date `offset` days from today as the browser sees it: the e2e browser runs in Asia/Shanghai
 * (playwright.config.ts), so a UTC date is a day behind between 16:00 and 24:00 UTC. */
export const shanghaiDay = (offset = 0): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86_400_000));

/** Signs in through the form and waits for the home page with the person's synced profile. */
export async function signIn(page: Page, identifier = 'cadre@demo.local', password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱或手机号').fill(identifier);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** The greeting names the person once their profile row has synced into IndexedDB. */
export async function expectProfileSynced(page: Page, name: string | RegExp = /李明轩/): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible({ timeout: 30_000 });
}

/** Resolves once a service worker is active and controls the page. */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise<void>((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true })
      );
    }
  });
}

/** Row counts of every object store of the app's IndexedDB database (null if it does not exist). */
export async function localTableCounts(page: Page): Promise<Record<string, number> | null> {
  return page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('frontline')) return null;
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('frontline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    const counts: Record<string, number> = {};
    for (const store of Array.from(idb.objectStoreNames)) {
      counts[store] = await new Promise<number>((resolve, reject) => {
        const req = idb.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('count failed'));
      });
    }
    idb.close();
    return counts;
  });
}

/** A bottom tab by its label. */
export const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name, exact: true });

/** Changes waiting in the outbox of the app's IndexedDB (0 when there is no database). */
export async function outboxCount(page: Page): Promise<number> {
  return (await localTableCounts(page))?.outbox ?? 0;
}

/** Puts one change of `userId` in the outbox, as if they had written something offline. */
export async function addWaitingChange(page: Page, userId: string): Promise<void> {
  await page.evaluate(async (user_id) => {
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('frontline');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('open failed'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('outbox', 'readwrite');
      tx.objectStore('outbox').add({
        mutation_id: crypto.randomUUID(),
        user_id,
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
  }, userId);
}

/** Writes a work log through the form (from the home page) and waits for the list. */
export async function writeLog(page: Page, body: string): Promise<void> {
  await page.getByRole('link', { name: '写工作日志' }).click();
  await page.getByLabel('工作内容').fill(body);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page).toHaveURL(/\/logs$/);
}

/** A screenshot of docs/screenshots/ (360×740, still: no animation, no caret). */
export function docsShot(page: Page, name: string, fullPage = false) {
  return page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide', fullPage });
}

/** Opens the department's first register record with this status (and matching `who`). */
export async function openAppointmentByStatus(page: Page, status: string, who: RegExp = /./): Promise<void> {
  await page.goto('/admin/appointments');
  await page.getByRole('combobox', { name: '状态' }).selectOption({ label: status });
  await page
    .getByRole('link', { name: new RegExp(status) })
    .filter({ hasText: who })
    .first()
    .click();
  await expect(page).toHaveURL(/\/admin\/appointments\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}
