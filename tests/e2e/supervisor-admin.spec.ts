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
  await expect(page.getByRole('region', { name: '修改记录' })).toContainText(
    `职务：${before || '—'} → 党政办主任（e2e）`
  );
});

test('the organization department enrols a cadre in a session; the roster grows once synced', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);
  await page.goto('/admin/enrolment');
  const session = page.getByLabel('培训班');
  await expect(session.getByRole('option')).not.toHaveCount(1, { timeout: 30_000 });
  await session.selectOption({ index: 1 });
  const count = page.getByText(/^已报名 \d+ 人$/);
  const before = Number((await count.textContent())!.match(/\d+/)![0]);

  // any cadre not on this roster yet, so a retry (or an earlier run on the same data) finds one too
  const free = page.getByRole('checkbox', { disabled: false }).first();
  const name =
    (await free.getAttribute('aria-label')) ?? (await free.evaluate((el) => el.closest('label')?.textContent ?? ''));
  // once enrolled the label gains （已报名）
  const box = page.getByRole('checkbox', { name: new RegExp(`^${name.trim()}(\\s*（|$)`) });
  await box.check();
  await page.getByRole('button', { name: '为 1 人报名' }).click();
  await expect(page.getByText('已为 1 人报名，待同步')).toBeVisible();
  await expect(count).toHaveText(`已报名 ${before + 1} 人`);
  await expect(box).toBeDisabled();
  await expect(page.getByRole('region', { name: '同步状态' }).getByText('全部已同步')).toBeVisible({ timeout: 30_000 });
  // accepted by the server, not waiting for attention
  await expect(page.getByRole('region', { name: '同步状态' }).getByText(/需要处理/)).toHaveCount(0);
});
