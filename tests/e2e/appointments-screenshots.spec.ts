// The appointment register's screenshots of docs/screenshots/ (360×740, Chinese): the department's
// register, a record at each step of its chain, the printed 记实表, and the supervisor's queue and
// sign page. Runs only with SCREENSHOTS=1 (its name matches the screenshots project of playwright.config.ts).
import { expect, test, type Page } from '@playwright/test';
import { docsShot, expectProfileSynced, openAppointmentByStatus as openByStatus, signIn } from '../support/e2e-helpers';

const shot = (page: Page, name: string, fullPage = false) => docsShot(page, name, fullPage);

test('the department: register, a new record, a draft with its notice, the chain, a return and the 记实表', async ({
  page
}) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);

  await page.goto('/admin/appointments');
  await expect(page.getByRole('heading', { level: 1, name: '选拔任用记实' })).toBeVisible();
  await expect(page.getByRole('link', { name: /草稿/ }).first()).toBeVisible({ timeout: 30_000 });
  await shot(page, 'admin-appointments');

  await page.getByRole('link', { name: '登记新记录' }).click();
  await page.getByLabel('干部').selectOption({ label: '李明轩 · 科员' });
  await page.getByLabel('类型').selectOption({ label: '提拔' });
  await page.getByLabel('新任单位').selectOption({ label: '本号镇' });
  await page.getByLabel('新任职务').fill('副镇长');
  await shot(page, 'admin-appointment-new');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('必填', { exact: true })).toBeVisible();
  await shot(page, 'admin-appointment-new-error');

  await openByStatus(page, '草稿', /提拔/);
  await shot(page, 'admin-appointment-draft');
  await page.getByRole('region', { name: '任前公示' }).scrollIntoViewIfNeeded();
  await shot(page, 'admin-appointment-notice');
  await shot(page, 'admin-appointment-draft-full', true);
  await openByStatus(page, '草稿', /转正/);
  await shot(page, 'admin-appointment-confirmation-full', true);

  await openByStatus(page, '待第三级签字');
  await page.getByRole('region', { name: '三级签字' }).scrollIntoViewIfNeeded();
  await shot(page, 'admin-appointment-chain');

  await openByStatus(page, '已退回');
  await shot(page, 'admin-appointment-returned');
  await shot(page, 'admin-appointment-returned-full', true);

  await openByStatus(page, '已定稿');
  await page.getByRole('link', { name: '打印记实表' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '干部选拔任用记实表' })).toBeVisible();
  await shot(page, 'admin-appointment-print-screen');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'admin-appointment-print', true);
  await page.emulateMedia({ media: 'screen' });
});

test('the level-1 supervisor: the queue of appointments and the sign page', async ({ page }) => {
  await signIn(page, 'supervisor1@demo.local');
  await expectProfileSynced(page, /陈志远/);

  await page.goto('/review');
  const section = page.getByRole('region', { name: /任用记实待签/ });
  await expect(section.getByRole('link').first()).toBeVisible({ timeout: 30_000 });
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'supervisor-queue-appointments');

  await section.getByRole('link').first().click();
  await expect(page.getByRole('button', { name: '同意', exact: true })).toBeVisible();
  await shot(page, 'supervisor-appointment');
  await page.getByRole('button', { name: '同意', exact: true }).scrollIntoViewIfNeeded();
  await shot(page, 'supervisor-appointment-sign');
  await shot(page, 'supervisor-appointment-full', true);
});
