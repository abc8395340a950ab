import { expect, test, type Browser, type Page } from '@playwright/test';
import { Api, DEMO_IDS } from '../support/e2e-api';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

const CADRE = '李明轩';

/** A new draft for the demo cadre, made by supervisor 1 (their scope), submitted by the cadre. */
async function submittedAssessment(baseURL: string, period: [string, string], summary: string) {
  const supervisor = await Api.signIn(baseURL, 'supervisor1@demo.local');
  const cadre = await Api.signIn(baseURL, 'cadre@demo.local');
  const id = crypto.randomUUID();
  const created = await supervisor.push('assessments', id, {
    cadre_id: DEMO_IDS.cadre,
    kind: 'probation',
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
  expect(created.status).toBe('applied');
  const submitted = await cadre.push(
    'assessments',
    id,
    { self_summary: summary, status: 'submitted' },
    created.version
  );
  expect(submitted.status).toBe('applied');
  return { id, cadre };
}

async function phone(browser: Browser, email: string, name: RegExp): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expectProfileSynced(page, name);
  return page;
}

const supervisorPage = (browser: Browser, level: 1 | 2 | 3, name: RegExp) =>
  phone(browser, `supervisor${level}@demo.local`, name);

/** The cadre's own list of assessments, freshly synced. */
async function cadreOpens(page: Page, period: RegExp) {
  await page.goto('/assessments');
  const item = page.getByRole('link', { name: new RegExp(`试用期考核.*${period.source}`) });
  await expect(item).toBeVisible({ timeout: 30_000 });
  return item;
}

/** Opens the assessment from the queue (a fresh load pulls what others changed meanwhile). */
async function openFromQueue(page: Page, period: RegExp) {
  await page.goto('/review');
  const item = page.getByRole('link', { name: new RegExp(`${CADRE}.*试用期考核.*${period.source}`) });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await item.click();
  await expect(page.getByRole('heading', { level: 1, name: CADRE })).toBeVisible();
}

async function approve(page: Page) {
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await expect(page.getByText('您已同意')).toBeVisible();
  // synced: the chain no longer shows a signature waiting
  await expect(page.getByRole('region', { name: '三级签字' }).getByText('待同步')).toHaveCount(0, { timeout: 30_000 });
}

test('supervisors 1, 2 and 3 approve in turn and the cadre sees the assessment final', async ({ browser, baseURL }) => {
  const { id, cadre } = await submittedAssessment(baseURL!, ['2019-03-01', '2019-08-31'], '试用期内完成了各项任务。');
  const period = /2019年3月1日/;

  const first = await supervisorPage(browser, 1, /陈志远/);
  const second = await supervisorPage(browser, 2, /王丽华/);
  const third = await supervisorPage(browser, 3, /林国栋/);

  // Level 2 and 3 see it, but are not offered a signature before level 1 has signed.
  await second.goto(`/review/${id}`);
  await expect(second.getByText('需先经第 1 级签字，才能进行第 2 级签字')).toBeVisible();
  await expect(second.getByRole('button', { name: '同意', exact: true })).toHaveCount(0);

  await openFromQueue(first, period);
  await approve(first);

  await openFromQueue(second, period);
  await approve(second);

  await openFromQueue(third, period);
  await approve(third);
  await third.reload();
  await expect(third.getByText('已定稿', { exact: true })).toBeVisible({ timeout: 30_000 });

  expect((await cadre.row<{ status: string }>('assessments', id))?.status).toBe('final');
  const cadrePhone = await phone(browser, 'cadre@demo.local', new RegExp(CADRE));
  await expect(await cadreOpens(cadrePhone, period)).toContainText('已定稿');
});

test('a return at level 2 reaches the cadre with its comment, and a resubmission voids the earlier signatures', async ({
  browser,
  baseURL
}) => {
  const { id, cadre } = await submittedAssessment(baseURL!, ['2018-03-01', '2018-08-31'], '第一稿。');
  const period = /2018年3月1日/;

  const first = await supervisorPage(browser, 1, /陈志远/);
  const second = await supervisorPage(browser, 2, /王丽华/);

  await openFromQueue(first, period);
  await approve(first);

  await openFromQueue(second, period);
  // a return needs a comment
  await second.getByRole('button', { name: '退回', exact: true }).click();
  await expect(second.getByRole('alert')).toContainText('退回时必须填写意见');
  await second.getByLabel('退回意见（必填）').fill('请补充驻村工作的具体成效。');
  await second.getByRole('button', { name: '退回', exact: true }).click();
  await expect(second.getByText('您已退回')).toBeVisible();
  await expect(second.getByRole('region', { name: '三级签字' }).getByText('待同步')).toHaveCount(0, {
    timeout: 30_000
  });

  // The cadre's phone receives the return and its comment, and the cadre edits and submits again.
  const cadrePhone = await phone(browser, 'cadre@demo.local', new RegExp(CADRE));
  await (await cadreOpens(cadrePhone, period)).click();
  await expect(cadrePhone.getByRole('region', { name: '考核被退回' })).toContainText('请补充驻村工作的具体成效。');
  await cadrePhone.getByRole('textbox', { name: '个人总结' }).fill('第二稿：驻村期间修通了两条村道。');
  await cadrePhone.getByRole('button', { name: '提交考核' }).click();
  await cadrePhone.getByRole('dialog').getByRole('button', { name: '确定提交' }).click();
  await expect
    .poll(async () => (await cadre.row<{ status: string }>('assessments', id))?.status, { timeout: 30_000 })
    .toBe('submitted');

  // Level 1 sees it again, with both earlier signatures void.
  await openFromQueue(first, period);
  const chain = first.getByRole('region', { name: '三级签字' });
  await expect(chain.getByText('已作废')).toHaveCount(2);
  await expect(first.getByRole('button', { name: '同意', exact: true })).toBeVisible();
  await expect(first.getByText('第二稿：驻村期间修通了两条村道。')).toBeVisible();
});

test('a level-2 signature pushed before level 1 has signed is refused by the database', async ({ baseURL }) => {
  const { id } = await submittedAssessment(baseURL!, ['2017-03-01', '2017-08-31'], '待一级签字。');
  const second = await Api.signIn(baseURL!, 'supervisor2@demo.local');
  const assessment = await second.row<{ version: number }>('assessments', id);
  const result = await second.push('assessment_signatures', crypto.randomUUID(), {
    assessment_id: id,
    assessment_version: assessment!.version,
    level: 2,
    signer_id: DEMO_IDS.supervisor2,
    decision: 'approve',
    comment: null,
    signed_at: new Date().toISOString()
  });
  expect(result.status).toBe('rejected');
  expect(result.code).toBe('signoff_out_of_order');
});

test('a signature made offline on a version that changed meanwhile shows as a conflict and can be signed again', async ({
  browser,
  baseURL
}) => {
  const { id } = await submittedAssessment(baseURL!, ['2016-03-01', '2016-08-31'], '离线签字的考核。');
  const first = await supervisorPage(browser, 1, /陈志远/);
  await openFromQueue(first, /2016年3月1日/);

  await first.context().setOffline(true);
  await first.getByRole('button', { name: '同意', exact: true }).click();
  await expect(first.getByText('您已同意')).toBeVisible();
  await expect(first.getByRole('region', { name: '三级签字' }).getByText('待同步')).toBeVisible();

  // Meanwhile another supervisor rates it: the version level 1 read is no longer the current one.
  const second = await Api.signIn(baseURL!, 'supervisor2@demo.local');
  const seen = await second.row<{ version: number }>('assessments', id);
  expect((await second.push('assessments', id, { rating: 'competent' }, seen!.version)).status).toBe('applied');

  await first.context().setOffline(false);
  await expect(first.getByText('签字没有生效：考核在您查看之后有了变动。')).toBeVisible({ timeout: 30_000 });
  await first.getByRole('button', { name: '按最新内容重新签字' }).click();
  await expect(first.getByText('一级已签', { exact: true })).toBeVisible({ timeout: 30_000 });
  expect((await second.row<{ status: string }>('assessments', id))?.status).toBe('signed_1');
});
