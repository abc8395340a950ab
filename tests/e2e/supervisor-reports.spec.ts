import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

async function row(page: Page, caption: string, group: string) {
  const table = page.getByRole('table', { name: caption });
  return table.getByRole('row', { name: new RegExp(`^${group} `) });
}

test('the structure report for the demo county on 2015-10-31 shows the source counts, with 37% for ages 41-50', async ({
  page
}) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);
  await page.goto('/reports/structure?on=2015-10-31');
  await expect(page.getByText('全县乡镇科级以上干部 126 人')).toBeVisible({ timeout: 30_000 });

  const expected: [string, string, string, string][] = [
    ['性别', '男', '98', '78%'],
    ['性别', '女', '28', '22%'],
    ['职级', '正科', '28', '22%'],
    ['职级', '副科', '98', '78%'],
    ['年龄', '35岁及以下', '34', '27%'],
    ['年龄', '36–40岁', '18', '14%'],
    ['年龄', '41–50岁', '47', '37%'],
    ['年龄', '51岁及以上', '27', '22%'],
    ['学历', '大专及以下', '58', '46%'],
    ['学历', '大学', '67', '53%'],
    ['学历', '研究生', '1', '1%'],
    ['职务', '领导职务', '96', '76%'],
    ['职务', '非领导职务', '30', '24%']
  ];
  for (const [caption, group, count, percent] of expected) {
    const cells = (await row(page, caption, group)).getByRole('cell');
    await expect(cells.nth(0), `${caption} ${group}`).toHaveText(count);
    await expect(cells.nth(1), `${caption} ${group}`).toHaveText(percent);
  }

  // A single township's cut hides counts under 3 and their shares.
  await page.getByLabel('范围').selectOption({ label: '本号镇' });
  await expect(page.getByText(/本号镇乡镇科级以上干部 \d+ 人/)).toBeVisible();
  // no table of the cut shows a count of 1 or 2, nor what the total minus the others would give
  await expect(page.getByRole('cell', { name: /^[12]$/ })).toHaveCount(0);
  await expect((await row(page, '职级', '正科')).getByRole('cell').nth(0)).toHaveText('<3');
  await expect((await row(page, '职级', '副科')).getByRole('cell').nth(0)).toHaveText('≥3');
  for (const group of ['正科', '副科']) {
    await expect((await row(page, '职级', group)).getByRole('cell').nth(1)).toHaveText('—');
  }
});

test('the structure report exports CSV with a BOM and XLSX', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);
  await page.goto('/reports/structure?on=2015-10-31');
  await expect(page.getByText('全县乡镇科级以上干部 126 人')).toBeVisible({ timeout: 30_000 });

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 CSV' }).click()
  ]);
  expect(csv.suggestedFilename()).toBe('干部队伍结构-2015-10-31.csv');
  const bytes = await (await csv.createReadStream()).toArray();
  const text = Buffer.concat(bytes).toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain('全县,年龄,41–50岁,47,37');

  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出 Excel' }).click()
  ]);
  expect(xlsx.suggestedFilename()).toBe('干部队伍结构-2015-10-31.xlsx');
  const head = Buffer.concat(await (await xlsx.createReadStream()).toArray())
    .subarray(0, 2)
    .toString('latin1');
  expect(head).toBe('PK');
});
