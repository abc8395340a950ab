import { expect, test } from '@playwright/test';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

test('the demo cadre signs in with email and sees their home and the cadre tabs', async ({ page }) => {
  await signIn(page, 'cadre@demo.local');
  await expectProfileSynced(page);
  const tabs = page.getByRole('navigation', { name: '主导航' });
  for (const name of ['首页', '日志', '培训', '考核', '我的']) {
    await expect(tabs.getByRole('link', { name })).toBeVisible();
  }
  await expect(tabs.getByRole('link', { name: '首页' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: '写工作日志' })).toBeVisible();
  const status = page.getByRole('region', { name: '同步状态' });
  await expect(status.getByText('在线')).toBeVisible();
  await expect(status.getByText(/上次同步 \d{2}:\d{2}/)).toBeVisible();
  await expect(status.getByRole('button', { name: '立即同步' })).toBeEnabled();
});

test('the demo cadre signs in with their mobile number', async ({ page }) => {
  await signIn(page, '138 0000 0001');
  await expectProfileSynced(page);
});

test('a wrong password is refused with a Chinese message and the form stays', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('邮箱或手机号').fill('cadre@demo.local');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('账号或密码不正确，请重新输入');
  await expect(page).toHaveURL(/\/login$/);
});

test('signing in with no network says the first sign-in needs one', async ({ page, context }) => {
  await page.goto('/login');
  // The network drops while the sign-in page is open (before any service worker is installed).
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await context.setOffline(true);
  await page.getByLabel('邮箱或手机号').fill('cadre@demo.local');
  await page.getByLabel('密码').fill('frontline-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toHaveText('当前无网络，首次登录需要联网');
});

test('a signed-out visitor is sent to the sign-in page from any route', async ({ page }) => {
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
});
