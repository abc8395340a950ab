import { expect, test } from '@playwright/test';
import { expectProfileSynced, signIn, waitForServiceWorker, tab } from '../support/e2e-helpers';

test('the web manifest makes the app installable', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    lang: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest.name).toBe('一线 Frontline');
  expect(manifest.short_name).toBe('一线');
  expect(manifest.start_url).toBe('/');
  expect(manifest.display).toBe('standalone');
  expect(manifest.lang).toBe('zh-CN');
  const sizes = manifest.icons.map((i) => i.sizes);
  expect(sizes).toContain('192x192');
  expect(sizes).toContain('512x512');
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const res = await request.get(icon.src);
    expect(res.ok(), icon.src).toBe(true);
    expect(res.headers()['content-type']).toContain('image/png');
  }
});

test('the service worker controls the page', async ({ page }) => {
  await page.goto('/login');
  await waitForServiceWorker(page);
  const controller = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  expect(controller).toMatch(/\/sw\.js$/);
});

test('opened first at a deep link, the app registers its worker at the root and works offline there', async ({
  page,
  context
}) => {
  await signIn(page);
  await expectProfileSynced(page);
  // no worker yet: this phone's first registration happens on a nested page
  await page.evaluate(async () => {
    for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
  });
  await page.goto('/logs/new');
  await waitForServiceWorker(page);
  const registration = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    return { scope: r.scope, script: r.active?.scriptURL };
  });
  expect(new URL(registration.scope).pathname).toBe('/');
  expect(new URL(registration.script!).pathname).toBe('/sw.js');
  await context.setOffline(true);
  await page.goto('/training');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('offline, a reload opens the signed-in app and its pages', async ({ page, context }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await expectProfileSynced(page);
  const status = page.getByRole('region', { name: '同步状态' });
  await expect(status.getByText('离线')).toBeVisible();
  await expect(status.getByText(/上次同步/)).toBeVisible();

  await tab(page, '日志').click();
  await expect(page.getByRole('heading', { level: 1, name: '日志' })).toBeVisible();

  // A cold navigation to another route, answered by the service worker's fallback.
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: '我的' })).toBeVisible();
  await expect(page.getByText('已可离线使用。')).toBeVisible();

  await page.goto('/training');
  await expect(page.getByRole('heading', { level: 1, name: '培训' })).toBeVisible();
  await expect(page.getByRole('region', { name: '同步状态' }).getByText('离线')).toBeVisible();
});
