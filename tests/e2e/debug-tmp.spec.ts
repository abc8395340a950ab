import { test } from '@playwright/test';
test('debug', async ({ page, context }) => {
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  page.on('requestfailed', (r) => console.log('FAILED', r.url(), r.failure()?.errorText));
  await page.goto('/login');
  await page.waitForTimeout(1500);
  console.log('BODY1', (await page.locator('body').innerText()).slice(0, 200));
  await context.setOffline(true);
  await page.waitForTimeout(1500);
  console.log('BODY2', (await page.locator('body').innerText()).slice(0, 200));
});
