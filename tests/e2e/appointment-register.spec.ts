// The appointment register end to end on 360×740 phones in Chinese: the organization department
// records a promotion, its public notice and submits it; supervisors 1, 2 and 3 sign it from their
// queues; the cadre sees it in 履历; the grassroots report reads the register.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectProfileSynced, openAppointmentByStatus, shanghaiDay, signIn } from '../support/e2e-helpers';

async function phone(browser: Browser, email: string, name: RegExp): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  await expectProfileSynced(page, name);
  return page;
}

/** The record's changes have reached the server (the badge beside its status). */
async function synced(page: Page) {
  await expect(page.getByText('已同步', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
}

async function signFromQueue(page: Page, who: RegExp) {
  await page.goto('/review');
  const section = page.getByRole('region', { name: /任用记实待签/ });
  const item = section.getByRole('link', { name: who });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await item.click();
  await expect(page.getByRole('heading', { level: 1, name: '李明轩' })).toBeVisible();
  await page.getByRole('button', { name: '同意', exact: true }).click();
  await expect(page.getByText('您已同意')).toBeVisible();
  await expect(page.getByRole('region', { name: '三级签字' }).getByText('待同步')).toHaveCount(0, { timeout: 30_000 });
}

test('the department records, notices and submits a promotion; three supervisors sign it; the cadre sees it', async ({
  browser
}) => {
  test.setTimeout(180_000);
  // a day no other test uses for this cadre's promotions (one per cadre, kind and day: 不重)
  const effective = shanghaiDay(40 + Math.floor(Math.random() * 300));

  const admin = await phone(browser, 'admin@demo.local', /./);
  await admin.goto('/admin/appointments');
  await expect(admin.getByRole('heading', { level: 1, name: '选拔任用记实' })).toBeVisible();
  await admin.getByRole('link', { name: '登记新记录' }).click();
  await admin.getByLabel('干部').selectOption({ label: '李明轩 · 科员' });
  await admin.getByLabel('类型').selectOption({ label: '提拔' });
  await admin.getByLabel('任用日期').fill(effective);
  await admin.getByLabel('新任单位').selectOption({ label: '本号镇' });
  await admin.getByLabel('新任职务').fill('副镇长');
  await admin.getByLabel('任用理由').fill('挂职本号镇期间牵头防汛和征地协调，群众公认度高，经民主推荐、考察拟提拔。');
  await admin.getByRole('button', { name: '保存', exact: true }).click();
  await expect(admin).toHaveURL(/\/admin\/appointments\/[0-9a-f-]{36}$/);
  await expect(admin.getByRole('heading', { level: 1, name: '李明轩 · 提拔' })).toBeVisible();

  // submission waits for the notice
  await expect(admin.getByText('请先登记任前公示。')).toBeVisible();
  await expect(admin.getByRole('button', { name: '提交三级签字' })).toBeDisabled();

  // a notice of 4 working days is refused on the phone, before any sync
  const notice = admin.getByRole('region', { name: '任前公示' });
  await notice.getByLabel('公示开始').fill('2026-11-30'); // a Monday
  await notice.getByLabel('公示结束').fill('2026-12-03');
  await expect(notice.getByText('共 4 个工作日')).toBeVisible();
  await notice.getByRole('button', { name: '登记公示' }).click();
  await expect(notice.getByText('公示期不少于 5 个工作日（现为 4 个）')).toBeVisible();

  await notice.getByLabel('公示开始').fill(shanghaiDay(-16));
  await notice.getByLabel('公示结束').fill(shanghaiDay(-9));
  await notice.getByLabel('公示结果').selectOption({ label: '无异议' });
  await notice.getByRole('button', { name: '登记公示' }).click();
  await expect(notice.getByText('已保存在本机')).toBeVisible();

  await expect(admin.getByText('可以提交：提交后由第一、二、三级依次签字。')).toBeVisible();
  await admin.getByRole('button', { name: '提交三级签字' }).click();
  await expect(admin.getByText('待第一级签字').first()).toBeVisible();
  await synced(admin);
  const url = admin.url();

  const first = await phone(browser, 'supervisor1@demo.local', /陈志远/);
  await signFromQueue(first, /李明轩.*提拔/);
  const second = await phone(browser, 'supervisor2@demo.local', /王丽华/);
  await signFromQueue(second, /李明轩.*提拔/);
  const third = await phone(browser, 'supervisor3@demo.local', /林国栋/);
  await signFromQueue(third, /李明轩.*提拔/);

  // the department's record is final and locked, with three live signatures
  await admin.goto(url);
  await expect(admin.getByText('已定稿').first()).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByText('已定稿，记录已锁定。')).toBeVisible();
  const chain = admin.getByRole('region', { name: '三级签字' });
  await expect(chain.getByText('同意', { exact: true })).toHaveCount(3);
  await admin.getByRole('link', { name: '打印记实表' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: '干部选拔任用记实表' })).toBeVisible();
  await expect(admin.getByRole('cell', { name: '林国栋' })).toBeVisible();

  // the cadre's 履历 shows it
  const cadre = await phone(browser, 'cadre@demo.local', /李明轩/);
  await cadre.goto('/postings');
  const history = cadre.getByRole('region', { name: '任职记录' });
  await expect(history.getByText(/本号镇副镇长/)).toBeVisible({ timeout: 30_000 });
});

test('a confirmation (转正) shows the tracking assessment of its probation, on its record and its 记实表', async ({
  browser
}) => {
  const admin = await phone(browser, 'admin@demo.local', /./);
  await openAppointmentByStatus(admin, '草稿', /转正/);
  const tracking = admin.getByRole('region', { name: '试用期跟踪考核' });
  await expect(tracking.getByText(/称职 · 已提交，待一级签字/)).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByLabel('县纪委意见（廉洁自律情况）')).toHaveValue(/经查，该同志试用期间廉洁自律/);
  // and on the 记实表 its signers read
  await admin.getByRole('link', { name: '打印记实表' }).click();
  await expect(admin.getByRole('definition').filter({ hasText: /称职 · 已提交，待一级签字/ })).toBeVisible();
});

test('the grassroots report counts the register: 2014 misses the 50% target, the < 3-year moves carry their reports', async ({
  browser
}) => {
  const page = await phone(browser, 'supervisor2@demo.local', /王丽华/);
  await page.goto('/reports/grassroots');
  await expect(page.getByRole('heading', { level: 1, name: '基层一线选拔比例' })).toBeVisible();
  await page.getByLabel('止').fill('2016-12-31');
  const years = page.getByRole('table', { name: '逐年比例' });
  await expect(years.getByRole('row', { name: /2014\s+30\s+14\s+47%/ })).toBeVisible({ timeout: 30_000 });
  await expect(years.getByRole('row', { name: /2015\s+20\s+14\s+70%/ })).toBeVisible();
  await expect(years.getByRole('row', { name: /2016\s+12\s+8\s+67%/ })).toBeVisible();
  // 2014–2016: the 34 promotions and the two transfers of 2014 from the front line, of 62
  await expect(page.getByText('新任乡镇领导 62 人，其中来自乡镇一线 36 人。')).toBeVisible();
  const moves = page.getByRole('region', { name: '乡镇党政正职任期不到 3 年调整' });
  await expect(moves.getByText(/陵组字〔2014〕36号/)).toBeVisible();
  await expect(moves.getByText(/陵组字〔2014〕52号/)).toBeVisible();
});
