// The shared-phone screenshots of docs/screenshots/ (360×740, Chinese): the sign-out dialog with
// waiting changes, the sign-in page warning the next person, and the status strip of a busy
// server. Runs only with SCREENSHOTS=1.
import { expect, test, type Page } from '@playwright/test';
import {
  DEMO_PASSWORD,
  expectProfileSynced,
  signIn,
  tab,
  waitForServiceWorker,
  writeLog
} from '../support/e2e-helpers';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `docs/screenshots/${name}.png`, animations: 'disabled', caret: 'hide' });

test('shared phone: sign-out keeping changes, and the warning for the next person', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.context().setOffline(true);
  await writeLog(page, '上午走访农户，了解春耕用工');
  await tab(page, '首页').click();
  await writeLog(page, '下午整理低保台账');

  await tab(page, '我的').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  const dialog = page.getByRole('dialog', { name: '确定退出登录？' });
  await expect(dialog).toContainText('还有 2 条更改没有同步');
  await shot(page, 'shell-sign-out-waiting');
  await dialog.getByRole('button', { name: '退出，更改留在本机' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.context().setOffline(false);
  await page.getByLabel('邮箱或手机号').fill('trainer@demo.local');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: '本机有他人未同步的修改' });
  await expect(alert).toContainText('李明轩');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'shell-login-others-waiting');

  await alert.getByRole('button', { name: '删除这些修改并继续登录…' }).click();
  await page.getByRole('dialog', { name: '确定删除吗？' }).getByRole('button', { name: '确定删除并登录' }).click();
  await expect(page.getByRole('dialog', { name: '再确认一次' })).toBeVisible();
  await shot(page, 'shell-login-others-discard');
  // leave the phone clean for the next spec
  await page.getByRole('dialog', { name: '再确认一次' }).getByRole('button', { name: '删除', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('the status strip when the server reports its watermark held back', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await page.route('**/rest/v1/rpc/sync_pull', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: body.has_more ? body : { ...body, held_back_seconds: 75 } });
  });
  const strip = page.getByRole('region', { name: '同步状态' });
  await strip.getByRole('button', { name: '立即同步' }).click();
  await expect(strip).toContainText('服务器繁忙');
  await shot(page, 'shell-server-busy');
});
