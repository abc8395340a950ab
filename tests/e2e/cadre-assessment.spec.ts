import { expect, test } from '@playwright/test';
import { Api, DEMO_IDS } from '../support/e2e-api';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

/** A new draft assessment of the demo cadre, made by supervisor 1 (本号镇 is in their scope). */
async function draftAssessment(baseURL: string, period: [string, string]) {
  const supervisor = await Api.signIn(baseURL, 'supervisor1@demo.local');
  const id = crypto.randomUUID();
  const created = await supervisor.push('assessments', id, {
    cadre_id: DEMO_IDS.cadre,
    kind: 'posting_end',
    period_start: period[0],
    period_end: period[1],
    posting_id: null,
    session_id: null,
    self_summary: null,
    rating: null,
    supervisor_comment: null,
    status: 'draft',
    submitted_at: null
  });
  expect(created.status, created.message).toBe('applied');
  return { id, supervisor, version: created.version! };
}

test('the cadre writes a self summary offline, submits it, and the server has it submitted', async ({
  page,
  context,
  baseURL
}) => {
  const { id } = await draftAssessment(baseURL!, ['2018-01-01', '2018-06-30']);
  const summary = '挂职期间牵头完成了新村道路硬化，协调资金 120 万元；不足是群众工作方法还要加强。';

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.goto('/assessments');
  const item = page.getByRole('link', { name: /挂职期满考核.*2018年1月1日/ });
  await expect(item.getByText('待我填写')).toBeVisible({ timeout: 30_000 });

  await context.setOffline(true);
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/assessments/${id}`));
  await expect(page.getByText('还没有人签字。')).toBeVisible();
  const editor = page.getByRole('textbox', { name: '个人总结' });
  await editor.fill(summary.slice(0, 20));
  await page.getByRole('button', { name: '保存总结' }).click();
  await expect(page.getByText('总结已保存在本机。')).toBeVisible();
  await expect(page.getByText('待同步', { exact: true })).toBeVisible();

  await editor.fill(summary);
  await page.getByRole('button', { name: '提交考核' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
  await expect(page.getByText('已提交，待一级签字')).toBeVisible();
  await expect(page.getByText('考核已提交，签字期间不能修改个人总结。')).toBeVisible();
  await expect(page.getByRole('textbox', { name: '个人总结' })).toHaveCount(0);

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByText('已同步', { exact: true })).toBeVisible({ timeout: 30_000 });

  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  expect(await cadre.row('assessments', id)).toMatchObject({ status: 'submitted', self_summary: summary });
});

test('a returned assessment shows the return comment, and an edit that arrives after it moved on is kept, not lost', async ({
  page,
  context,
  baseURL
}) => {
  const { id, supervisor } = await draftAssessment(baseURL!, ['2017-01-01', '2017-12-31']);
  const cadreApi = await Api.signIn(baseURL!, 'cadre@demo.local');
  const first = await cadreApi.push('assessments', id, { self_summary: '初稿', status: 'submitted' }, null);
  expect(first.status, first.message).toBe('applied');
  const returned = await supervisor.push('assessment_signatures', crypto.randomUUID(), {
    assessment_id: id,
    assessment_version: first.version,
    level: 1,
    signer_id: DEMO_IDS.supervisor1,
    decision: 'return',
    comment: '请补充具体成效和数据',
    content_hash: null,
    signed_at: new Date().toISOString(),
    voided_at: null
  });
  expect(returned.status, returned.message).toBe('applied');

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.goto(`/assessments/${id}`);
  await expect(page.getByRole('heading', { name: '考核被退回' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('blockquote').or(page.getByText('请补充具体成效和数据').first())).toBeVisible();

  // offline, the cadre rewrites and submits; meanwhile the same cadre submits from another phone
  // and supervisor 1 signs that, so this phone's change arrives at an assessment that moved on
  await context.setOffline(true);
  await page.getByRole('textbox', { name: '个人总结' }).fill('这台手机上写的新版本：完成道路硬化 3.2 公里。');
  await page.getByRole('button', { name: '提交考核' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
  await expect(page.getByText('待同步', { exact: true })).toBeVisible();

  const current = await cadreApi.row<{ version: number }>('assessments', id);
  const again = await cadreApi.push(
    'assessments',
    id,
    { self_summary: '另一台手机上的版本', status: 'submitted' },
    current!.version
  );
  expect(again.status, again.message).toBe('applied');
  const signed = await supervisor.push('assessment_signatures', crypto.randomUUID(), {
    assessment_id: id,
    assessment_version: again.version,
    level: 1,
    signer_id: DEMO_IDS.supervisor1,
    decision: 'approve',
    comment: null,
    content_hash: null,
    signed_at: new Date().toISOString(),
    voided_at: null
  });
  expect(signed.status, signed.message).toBe('applied');

  await context.setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByText('这条记录已被他人处理，你的更改没有生效')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('这台手机上写的新版本：完成道路硬化 3.2 公里。')).toBeVisible();
  await expect(page.getByText('一级已签')).toBeVisible();
  await expect(page.getByText('一级 · 退回')).toBeVisible();
  await expect(page.getByText('作废').first()).toBeVisible();
});
