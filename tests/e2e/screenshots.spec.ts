// The phone screenshots of docs/screenshots/ (README, reviews). Runs only with SCREENSHOTS=1
// (playwright.config.ts), so a normal test run leaves the committed images alone.
import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, signIn, tab } from '../support/e2e-helpers';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });

async function setLargeText(page: Page, on: boolean): Promise<void> {
  await tab(page, '我的').click();
  const toggle = page.getByRole('switch', { name: '大字模式' });
  if (on) await toggle.check();
  else await toggle.uncheck();
}

test('sign-in, home and settings at 360×740 in Chinese, regular and large text', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await shot(page, 'shell-login');

  await signIn(page);
  await expectProfileSynced(page);
  await expect(page.getByRole('region', { name: '同步状态' }).getByText(/上次同步/)).toBeVisible();
  await expect(page.getByRole('listitem').first()).toBeVisible();
  await shot(page, 'shell-home');

  await tab(page, '我的').click();
  await expect(page.getByText(/浏览器/).first()).toBeVisible();
  await shot(page, 'shell-settings');

  await setLargeText(page, true);
  await tab(page, '首页').click();
  await expectProfileSynced(page);
  await shot(page, 'shell-home-large');

  await tab(page, '我的').click();
  await shot(page, 'shell-settings-large');

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await shot(page, 'shell-sign-out');
  await page.getByRole('button', { name: '确认退出' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await shot(page, 'shell-login-large');
  await page.evaluate(() => localStorage.removeItem('frontline-prefs'));
});
