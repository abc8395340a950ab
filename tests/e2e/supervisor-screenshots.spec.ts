// The supervisor and organization-department screenshots of docs/screenshots/ (360×740, Chinese).
// Runs only with SCREENSHOTS=1 (its name matches the screenshots project of playwright.config.ts).
import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, shanghaiDay, signIn, docsShot } from '../support/e2e-helpers';

const shot = (page: Page, name: string, fullPage = false) => docsShot(page, name, fullPage);

const day = shanghaiDay;
const FINAL_ASSESSMENT = '50000000-0000-4000-8000-000000000005';
const SUBMITTED_ASSESSMENT = '50000000-0000-4000-8000-000000000002';

/** Charts draw after chart.js loads; wait for the canvases to have pixels. */
async function chartsDrawn(page: Page) {
  await expect(page.locator('canvas').first()).toBeVisible();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('canvas')].every((c) => c.width > 0 && c.getAttribute('style') !== null)
  );
}

test('the supervisor screens: queue, review, new assessment, probation tracker and the printed form', async ({
  page
}) => {
  await signIn(page, 'supervisor1@demo.local');
  await expectProfileSynced(page, /陈志远/);

  await page.goto('/review');
  await expect(page.getByRole('heading', { level: 2, name: /等您签字/ })).toBeVisible({ timeout: 30_000 });
  await shot(page, 'supervisor-queue');

  await page.goto(`/review/${SUBMITTED_ASSESSMENT}`);
  await expect(page.getByRole('button', { name: '同意', exact: true })).toBeVisible();
  await shot(page, 'supervisor-review');
  await page.getByRole('button', { name: '同意', exact: true }).scrollIntoViewIfNeeded();
  await shot(page, 'supervisor-review-sign');
  await shot(page, 'supervisor-review-full', true);

  await page.goto('/review/new');
  await expect(page.getByLabel('干部').getByRole('option', { name: /李明轩/ })).toHaveCount(1);
  await page.getByLabel('干部').selectOption({ label: '李明轩 · 科员' });
  await page.getByLabel('考核期开始').fill(day(-345));
  await page.getByLabel('考核期结束').fill(day(18));
  await shot(page, 'supervisor-new-assessment');
  await page.getByRole('button', { name: '建立考核（草稿）' }).click();
  await expect(page.getByText('草稿', { exact: true })).toBeVisible();

  await page.goto('/review/probation');
  await expect(page.getByRole('heading', { level: 1, name: '试用期跟踪考核' })).toBeVisible();
  await shot(page, 'supervisor-probation');

  await page.goto(`/review/${FINAL_ASSESSMENT}/print`);
  await expect(page.getByRole('heading', { level: 1, name: /考核表/ })).toBeVisible();
  await shot(page, 'supervisor-print-screen');
  await page.emulateMedia({ media: 'print' });
  await shot(page, 'supervisor-print', true);
  await page.emulateMedia({ media: 'screen' });
});

test('the reports and administration as the organization department', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);

  await page.goto('/reports');
  await expect(page.getByRole('link', { name: /干部队伍结构/ })).toBeVisible();
  await shot(page, 'report-index');

  await page.goto('/reports/structure?on=2015-10-31');
  await expect(page.getByText('全县乡镇科级以上干部 126 人')).toBeVisible({ timeout: 30_000 });
  await chartsDrawn(page);
  await shot(page, 'report-structure');
  await shot(page, 'report-structure-full', true);
  await page.getByLabel('范围').selectOption({ label: '本号镇' });
  await chartsDrawn(page);
  await shot(page, 'report-structure-township', true);

  for (const name of ['rotation', 'grassroots', 'training', 'secondments']) {
    await page.goto(`/reports/${name}`);
    await chartsDrawn(page);
    await shot(page, `report-${name}`);
    await shot(page, `report-${name}-full`, true);
  }

  await page.goto('/admin');
  await expect(page.getByRole('link', { name: /人员/ })).toBeVisible();
  await shot(page, 'admin-home');

  await page.goto('/admin/people');
  await page.getByLabel('按姓名或职务查找').fill('李明轩');
  await page.getByRole('link', { name: /李明轩/ }).click();
  await expect(page.getByLabel('角色')).toBeVisible();
  await page.getByRole('button', { name: '查看修改记录（需联网）' }).click();
  await expect(page.getByRole('heading', { name: '修改记录' })).toBeVisible();
  await shot(page, 'admin-profile', true);

  await page.goto('/admin/postings');
  await page.getByRole('button', { name: '新建挂职' }).click();
  await shot(page, 'admin-postings');

  await page.goto('/admin/units');
  await shot(page, 'admin-units');

  await page.goto('/admin/enrolment');
  await page.getByLabel('培训班').selectOption({ index: 1 });
  await expect(page.getByText(/已报名 \d+ 人/)).toBeVisible();
  await shot(page, 'admin-enrolment');
});
