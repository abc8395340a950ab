// The cadre's screens at 360×740 in Chinese for docs/screenshots/. Runs only with SCREENSHOTS=1
// (playwright.config.ts matches *screenshots.spec.ts into that project).
import { expect, test, type Page } from '@playwright/test';
import { Api, DEMO_IDS } from '../support/e2e-api';
import { sessionWithCadreEnrolled } from '../support/cadre-e2e';
import { expectProfileSynced, signIn, tab, waitForServiceWorker, docsShot } from '../support/e2e-helpers';

const shot = (page: Page, name: string, fullPage = false) => docsShot(page, `cadre-${name}`, fullPage);

async function online(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

test('every cadre screen, with saved, waiting and refused records', async ({ page, context, baseURL }) => {
  test.setTimeout(180_000);
  const wrongSession = await sessionWithCadreEnrolled(baseURL!, '电商直播带货实操培训');
  const supervisor = await Api.signIn(baseURL!, 'supervisor1@demo.local');
  const returnedId = crypto.randomUUID();
  const created = await supervisor.push('assessments', returnedId, {
    cadre_id: DEMO_IDS.cadre,
    kind: 'probation',
    period_start: '2016-07-01',
    period_end: '2017-06-30',
    posting_id: null,
    session_id: null,
    self_summary: null,
    rating: null,
    supervisor_comment: null,
    status: 'draft',
    submitted_at: null
  });
  const cadreApi = await Api.signIn(baseURL!, 'cadre@demo.local');
  const submitted = await cadreApi.push(
    'assessments',
    returnedId,
    { self_summary: '试用期内熟悉了镇里的各项工作。', status: 'submitted' },
    created.version
  );
  await supervisor.push('assessment_signatures', crypto.randomUUID(), {
    assessment_id: returnedId,
    assessment_version: submitted.version,
    level: 1,
    signer_id: DEMO_IDS.supervisor1,
    decision: 'return',
    comment: '请补充具体事例和数据，写清楚不足和改进打算。',
    content_hash: null,
    signed_at: new Date().toISOString(),
    voided_at: null
  });

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await expect(page.getByText(/第 [\d,]+ 天 \/ 共 [\d,]+ 天/)).toBeVisible();
  await shot(page, 'home');

  await page.getByRole('link', { name: /我的挂职和履历/ }).click();
  await expect(page.getByRole('heading', { name: '履历' })).toBeVisible();
  await shot(page, 'postings', true);
  // the appointments of the register (任职记录) sit under the bottom bar in a full-page shot
  const appointments = page.getByRole('region', { name: '任职记录' });
  await expect(appointments.getByText(/县农业农村局科员/)).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await shot(page, 'postings-history');

  // a synced log, then an offline one waiting
  await page.goto('/logs/new');
  await page
    .getByLabel('工作内容')
    .fill('上午在新村走访了 5 户脱贫监测户，了解务工和医保情况；下午到镇党政办整理乡村振兴项目台账。');
  await page.getByRole('button', { name: '保存' }).click();
  // this log's own badge, not an older log's
  await expect(page.getByRole('link', { name: /上午在新村走访了 5 户脱贫监测户/ }).getByText('已同步')).toBeVisible({
    timeout: 30_000
  });
  await context.setOffline(true);
  await page.getByRole('link', { name: '写工作日志' }).first().click();
  await page.getByLabel('工作内容').fill('台风“摩羯”过境，连夜组织转移低洼地带群众 37 人，');
  await page.getByText('急难险重', { exact: true }).click();
  await shot(page, 'log-new', true);
  await page.getByLabel('工作内容').fill('');
  await expect(page.getByText('必填', { exact: true })).toBeVisible();
  await shot(page, 'log-new-error', true);
  await page.getByLabel('工作内容').fill('台风“摩羯”过境，连夜组织转移低洼地带群众 37 人，无人员伤亡。');
  await page.close();
  const p = await context.newPage();
  await p.goto('/logs/new');
  await expect(p.getByText(/已恢复上次没有保存的内容/)).toBeVisible();
  await shot(p, 'log-draft-restored');
  await p.getByRole('button', { name: '保存' }).click();
  await expect(p.getByText('待同步').first()).toBeVisible();
  await shot(p, 'logs');
  await p.getByRole('link', { name: /摩羯/ }).first().click();
  await expect(p.getByRole('heading', { name: '修改工作日志' })).toBeVisible();
  await shot(p, 'log-edit');
  await online(p);

  await p.goto('/logs/summary');
  await expect(p.getByRole('heading', { name: '月度小结' })).toBeVisible();
  await expect(p.getByRole('textbox', { name: '月报（报送接收单位）' })).not.toHaveValue('');
  await shot(p, 'summary');
  await shot(p, 'summary-full', true);

  await tab(p, '培训').click();
  await expect(p.getByRole('heading', { name: '电商直播带货实操培训' })).toBeVisible({ timeout: 30_000 });
  await shot(p, 'training');
  await shot(p, 'training-full', true);

  await p.getByRole('link', { name: '扫码签到' }).click();
  await expect(p.getByLabel('6位签到码')).toBeVisible();
  await shot(p, 'checkin');
  await p.getByRole('radio', { name: /电商直播带货实操培训/ }).check();
  await p.getByLabel('6位签到码').fill('000000');
  await p.getByRole('button', { name: '签到', exact: true }).click();
  await expect(p.getByRole('heading', { name: /已签到/ })).toBeVisible();
  await shot(p, 'checkin-done');
  await p.getByRole('link', { name: '回到培训' }).click();
  await expect(p.getByText('签到码错误，请向培训老师核对后重新输入')).toBeVisible({ timeout: 30_000 });
  await p.getByText('签到码错误，请向培训老师核对后重新输入').scrollIntoViewIfNeeded();
  await shot(p, 'training-refused');
  expect(wrongSession.id).toBeTruthy();

  await tab(p, '考核').click();
  await expect(p.getByText('待我填写').first()).toBeVisible({ timeout: 30_000 });
  await shot(p, 'assessments');
  await p.goto('/assessments/50000000-0000-4000-8000-000000000001');
  await expect(p.getByRole('textbox', { name: '个人总结' })).toBeVisible();
  await shot(p, 'assessment-draft');
  await p.goto(`/assessments/${returnedId}`);
  await expect(p.getByRole('heading', { name: '考核被退回' })).toBeVisible({ timeout: 30_000 });
  await shot(p, 'assessment-returned');
  await shot(p, 'assessment-returned-full', true);

  await tab(p, '首页').click();
  await expectProfileSynced(p);
  await shot(p, 'home-after');

  // large-text mode (我的 → 大字模式): text and targets grow together
  await tab(p, '我的').click();
  await p.getByRole('switch', { name: '大字模式' }).check();
  await tab(p, '首页').click();
  await expectProfileSynced(p);
  await shot(p, 'home-large');
  await p.goto('/logs/new');
  await expect(p.getByLabel('工作内容')).toBeVisible();
  await shot(p, 'log-new-large');
  await tab(p, '培训').click();
  await expect(p.getByRole('heading', { name: '电商直播带货实操培训' })).toBeVisible();
  await shot(p, 'training-large');
});
