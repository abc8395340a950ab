import { expect, test } from '@playwright/test';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

test('the organization department posts a cadre offline and changes a profile; both sync and show in the audit view', async ({
  page,
  context
}) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);
  await page.goto('/admin/postings');
  await expect(page.getByText(/\d+ 条/)).toBeVisible({ timeout: 30_000 });
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.getByRole('button', { name: '新建挂职' }).click();
  const cadre = page.getByLabel('干部').getByRole('option', { name: /^黄学文/ });
  await expect(cadre).toHaveCount(1);
  await page.getByLabel('干部').selectOption((await cadre.getAttribute('value'))!);
  await page.getByLabel('接收单位').selectOption({ label: '群英乡' });
  await page.getByLabel('职务').fill('挂职副乡长（e2e）');
  await page.getByRole('button', { name: '新建挂职' }).click();

  const posting = page.getByRole('link', { name: /黄学文.*群英乡/ });
  await expect(posting).toContainText('待同步');
  await posting.click();
  await expect(page.getByRole('heading', { level: 1, name: /黄学文/ })).toBeVisible();
  await expect(page.getByText('修改记录保存在服务器上，联网后可查看。')).toBeVisible();

  await context.setOffline(false);
  await expect(page.getByRole('status').getByText('已同步', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '查看修改记录（需联网）' }).click();
  const trail = page.getByRole('region', { name: '修改记录' });
  await expect(trail).toContainText('创建');
  await expect(trail).toContainText('接收单位：— → 群英乡');

  // A profile: the post title changes, and its trail says from what to what.
  await page.goto('/admin/people');
  await page.getByLabel('按姓名或职务查找').fill('黄学文');
  await page.getByRole('link', { name: /黄学文/ }).click();
  const title = page.getByRole('textbox', { name: '职务' });
  const before = await title.inputValue();
  await title.fill('党政办主任（e2e）');
  await context.setOffline(true);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('status').getByText('待同步', { exact: true })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole('status').getByText('已同步', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: '查看修改记录（需联网）' }).click();
  await expect(page.getByRole('region', { name: '修改记录' })).toContainText(`职务：${before || '—'} → 党政办主任（e2e）`);
});
