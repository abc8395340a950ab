// The village hall (issue 6, "Done when"): no signal. The trainer's phone marks 30 trainees
// offline; five cadres' phones, offline, check in with the 6-digit code from the trainer's screen;
// then every phone reconnects, in random order. The server must hold one attendance row per
// trainee, the trainer's marks must win, the check-ins the trainer left alone must count, and each
// cadre's phone must show the credit hours. Screenshots of every trainer screen are taken on the way.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { waitForServiceWorker } from '../support/e2e-helpers';
import {
  beijingInput,
  expectAllSynced,
  signInAt,
  startTrainerStack,
  syncNow,
  type TrainerStack
} from './trainer-support';

const PASSWORD = 'frontline-demo';
const TITLE = '农牧渔业实用技术：冬季瓜菜种植（村委会现场）';
const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

type Mark = 'present' | 'late' | 'excused' | 'absent';
const MARK_ZH: Record<Mark, string> = { present: '出勤', late: '迟到', excused: '请假', absent: '缺勤' };

let stack: TrainerStack;
test.beforeAll(async () => {
  stack = await startTrainerStack();
});
test.afterAll(async () => {
  await stack?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/trainer-${name}.png` });

async function noAttention(page: Page): Promise<void> {
  await expect(page.getByRole('link', { name: /需要处理/ })).toHaveCount(0);
}

test('marks made offline in a village hall and offline check-ins converge to one row per trainee, the trainer winning', async ({
  browser
}) => {
  test.setTimeout(6 * 60_000);

  // 33 township cadres of the demo county; the first five get passwords for their own phones.
  const cadres = await stack.sql<{ id: string; full_name: string; email: string }>(
    `select p.id, p.full_name, u.email from public.profiles p join auth.users u on u.id = p.id
      where u.email ~ '^c0[0-9]{2}@demo[.]local$' order by u.email limit 33`
  );
  expect(cadres).toHaveLength(33);
  const checkers = cadres.slice(0, 5);
  await stack.sql(
    `update auth.users set encrypted_password = extensions.crypt($1, extensions.gen_salt('bf')) where id = any($2::uuid[])`,
    [PASSWORD, checkers.map((c) => c.id)]
  );

  // What the trainer will mark: 28 cadres who did not check in, and two who did (the trainer
  // overrides them); the other three check-ins are left alone and must count.
  const marks = new Map<string, Mark>();
  cadres
    .slice(5)
    .forEach((c, i) =>
      marks.set(c.id, i % 9 === 4 ? 'late' : i % 11 === 6 ? 'excused' : i % 13 === 8 ? 'absent' : 'present')
    );
  marks.set(checkers[0].id, 'excused');
  marks.set(checkers[1].id, 'absent');
  expect(marks.size).toBe(30);

  // ---- Setup, online: the trainer creates the session and enrols 33 cadres ----
  const trainerContext = await browser.newContext({ baseURL: stack.url });
  const trainer = await trainerContext.newPage();
  await signInAt(trainer, stack.url, 'trainer@demo.local', PASSWORD);
  await expect(trainer.getByRole('heading', { level: 1, name: /黄文静/ })).toBeVisible({ timeout: 30_000 });
  await waitForServiceWorker(trainer);
  await trainer.getByRole('link', { name: '培训班', exact: true }).click();
  await expect(trainer.getByRole('heading', { level: 1, name: '我的培训班' })).toBeVisible();
  await expect(trainer.getByRole('heading', { name: /已结束（\d+）/ })).toBeVisible();
  await shot(trainer, 'sessions-list');

  await trainer.getByRole('link', { name: /新建培训班/ }).click();
  await trainer.getByLabel('培训班名称').fill('x');
  await trainer.getByLabel('培训班名称').fill('');
  await trainer.getByLabel('学时').fill('120');
  await expect(trainer.getByText('必填')).toBeVisible();
  await expect(trainer.getByText('学时应在 0–100 之间')).toBeVisible();
  await shot(trainer, 'session-form-errors');

  const now = new Date();
  await trainer.getByLabel('培训班名称').fill(TITLE);
  await trainer.getByLabel('主办单位').selectOption({ label: '本号镇' });
  await trainer.getByLabel('地点').fill('本号镇什玲村村委会');
  await trainer.getByLabel(/开始时间/).fill(beijingInput(new Date(now.getTime() - 5 * 60_000)));
  await trainer.getByLabel(/结束时间/).fill(beijingInput(new Date(now.getTime() + 3 * 3600_000)));
  await trainer.getByLabel('学时').fill('3');
  await expect(trainer.getByText('学时应在 0–100 之间')).toHaveCount(0);
  await trainer.getByRole('button', { name: '保存' }).click();
  await expect(trainer).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const sessionId = trainer.url().split('/').at(-1)!;
  await expect(trainer.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  const search = trainer.getByRole('searchbox', { name: '搜索姓名或单位' });
  for (const c of cadres) {
    await search.fill(c.full_name);
    await trainer.getByRole('button', { name: `加入 ${c.full_name}`, exact: true }).click();
    await expect(trainer.getByRole('article', { name: c.full_name, exact: true })).toBeVisible();
  }
  await search.fill('本号镇');
  await expect(trainer.getByText('已在名单中').first()).toBeVisible();
  await search.scrollIntoViewIfNeeded();
  await shot(trainer, 'roster-enrol-search');
  await search.fill('');
  await expectAllSynced(trainer);
  await noAttention(trainer);
  expect(
    (await stack.sql(`select 1 from public.training_session_secrets where session_id = $1`, [sessionId])).length
  ).toBe(1);
  expect((await stack.sql(`select 1 from public.attendance where session_id = $1`, [sessionId])).length).toBe(33);

  // The QR screen once online, so its code is in the page when the signal goes.
  await trainer.getByRole('link', { name: '扫码签到' }).click();
  await expect(trainer.getByRole('img', { name: /签到二维码/ })).toBeVisible();
  await trainer.getByRole('link', { name: /返回名单/ }).click();

  // ---- The cadres' phones, signed in while there was a signal ----
  const phones: { context: BrowserContext; page: Page; cadre: (typeof cadres)[number] }[] = [];
  for (const cadre of checkers) {
    const context = await browser.newContext({ baseURL: stack.url });
    const page = await context.newPage();
    await signInAt(page, stack.url, cadre.email, PASSWORD);
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(cadre.full_name) })).toBeVisible({
      timeout: 30_000
    });
    await waitForServiceWorker(page);
    await page.getByRole('link', { name: '培训', exact: true }).click();
    await expect(page.getByText(TITLE).first()).toBeVisible({ timeout: 30_000 });
    phones.push({ context, page, cadre });
  }

  // ---- No signal ----
  await trainerContext.setOffline(true);
  for (const p of phones) await p.context.setOffline(true);
  await expect(trainer.getByText('离线', { exact: true })).toBeVisible();

  // The trainer marks 30 trainees with one tap each.
  for (const c of cadres) {
    const mark = marks.get(c.id);
    if (!mark) continue;
    await trainer
      .getByRole('group', { name: `${c.full_name} 的考勤` })
      .getByRole('button', { name: MARK_ZH[mark], exact: true })
      .click();
  }
  const counts = trainer.getByRole('region', { name: '考勤统计' });
  const expected = { present: 0, late: 0, excused: 0, absent: 0 };
  for (const m of marks.values()) expected[m] += 1;
  await expect(counts).toContainText(`${expected.present}出勤`);
  await expect(counts).toContainText(`${expected.late}迟到`);
  await expect(counts).toContainText(`3未点名`);

  // A score and remark for one trainee; an impossible score is refused beside the field.
  const scored = cadres[5];
  const row = trainer.getByRole('article', { name: scored.full_name, exact: true });
  await row.getByText('成绩与评语').click();
  await row.getByLabel(`${scored.full_name} 成绩`).fill('150');
  await row.getByLabel(`${scored.full_name} 成绩`).press('Enter');
  await row.getByLabel(`${scored.full_name} 成绩`).blur();
  await expect(row.getByRole('alert')).toHaveText('成绩应在 0–100 之间');
  await row.getByLabel(`${scored.full_name} 成绩`).fill('92');
  await row.getByLabel(`${scored.full_name} 成绩`).blur();
  await row.getByLabel(`${scored.full_name} 评语`).fill('实操熟练，能独立配药');
  await row.getByLabel(`${scored.full_name} 评语`).blur();
  await expect(row.getByRole('alert')).toHaveCount(0);
  await expect(row.getByText('待同步')).toBeVisible();
  await trainer.evaluate(() => window.scrollTo(0, 0));
  await shot(trainer, 'roster-offline');
  await trainer.evaluate(() => {
    document.documentElement.dataset.textSize = 'large';
    window.scrollTo(0, 900);
  });
  await shot(trainer, 'roster-large-text');
  await trainer.evaluate(() => delete document.documentElement.dataset.textSize);
  await row.scrollIntoViewIfNeeded();
  await shot(trainer, 'roster-score');

  // Five phones check in with the code on the trainer's screen.
  await trainer.getByRole('link', { name: '扫码签到' }).click();
  const digits = trainer.getByText(/^\d{3} \d{3}$/);
  await expect(digits).toBeVisible();
  await shot(trainer, 'qr');
  for (const p of phones) {
    await p.page.goto(`${stack.url}/training/checkin?session=${sessionId}`).catch(() => undefined);
    // offline navigation is served by the service worker
    const code = ((await digits.textContent()) ?? '').replace(/\s/g, '');
    await p.page.getByLabel('6位签到码').fill(code);
    await p.page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(p.page.getByRole('heading', { name: /已签到/ })).toBeVisible();
  }

  // ---- The signal comes back, phone by phone, in random order ----
  const order = [
    { name: 'trainer', context: trainerContext, page: trainer },
    ...phones.map((p) => ({ name: p.cadre.email, ...p }))
  ]
    .map((x) => ({ x, k: Math.random() }))
    .sort((a, b) => a.k - b.k)
    .map(({ x }) => x);
  test.info().annotations.push({ type: 'reconnect order', description: order.map((o) => o.name).join(' → ') });
  for (const o of order) {
    await o.context.setOffline(false);
    await expectAllSynced(o.page);
    await noAttention(o.page);
  }

  // ---- The server ----
  const rows = await stack.sql<{
    cadre_id: string;
    status: string;
    method: string | null;
    checkin_code: string | null;
    score: string | null;
  }>(
    `select cadre_id, status, method, checkin_code, score::text from public.attendance where session_id = $1 and deleted_at is null`,
    [sessionId]
  );
  expect(rows).toHaveLength(33);
  expect(new Set(rows.map((r) => r.cadre_id)).size).toBe(33);
  const byCadre = new Map(rows.map((r) => [r.cadre_id, r]));
  for (const [cadreId, mark] of marks) {
    expect(byCadre.get(cadreId), `the trainer's mark of ${cadreId}`).toMatchObject({ status: mark, method: 'roster' });
  }
  for (const c of checkers.slice(0, 2))
    expect(byCadre.get(c.id)?.checkin_code, 'an overridden check-in is still recorded').toMatch(/^\d{6}$/);
  for (const c of checkers.slice(2))
    expect(byCadre.get(c.id), 'a check-in the trainer left alone counts').toMatchObject({
      status: 'present',
      method: 'qr'
    });
  expect(byCadre.get(scored.id)?.score).toBe('92.00');
  const drafts = await stack.sql(
    `select 1 from public.assessments where session_id = $1 and cadre_id = $2 and kind = 'training' and status = 'draft'`,
    [sessionId, scored.id]
  );
  expect(drafts).toHaveLength(1);

  // ---- 结班: confirm, summary, export ----
  await trainer.getByRole('link', { name: /返回名单/ }).click();
  await trainer.getByRole('button', { name: '结班', exact: true }).click();
  await expect(trainer.getByRole('dialog', { name: '确定结班？' })).toBeVisible();
  await shot(trainer, 'close-confirm');
  await trainer.getByRole('button', { name: '确定结班' }).click();
  await expect(trainer.getByRole('heading', { name: '结班小结' })).toBeVisible();
  await expectAllSynced(trainer);
  await noAttention(trainer);
  await syncNow(trainer);
  const attended = rows.filter((r) => r.status === 'present' || r.status === 'late').length;
  await expect(trainer.getByRole('region', { name: '结班小结' })).toContainText(`${attended * 3} 学时`);
  await expect(trainer.getByRole('button', { name: '出勤', exact: true }).first()).toBeDisabled();
  await trainer.evaluate(() => window.scrollTo(0, 0));
  await shot(trainer, 'summary');

  const [download] = await Promise.all([
    trainer.waitForEvent('download'),
    trainer.getByRole('button', { name: /导出名单/ }).click()
  ]);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('序号,姓名,单位,考勤,签到方式,签到时间,成绩,评语,学时');
  expect(lines).toHaveLength(34);
  expect(lines.find((l) => l.includes(scored.full_name))).toContain(',92,');

  const closed = await stack.sql<{ closed: boolean }>(
    `select closed_at is not null as closed from public.training_sessions where id = $1`,
    [sessionId]
  );
  expect(closed[0].closed).toBe(true);

  // after 结班 the roster offers no QR, and the QR screen opened from an old link shows no code
  await expect(trainer.getByRole('link', { name: '扫码签到' })).toHaveCount(0);
  await trainer.goto(`${stack.url}/sessions/${sessionId}/qr`);
  await expect(trainer.getByText(/结班，签到已结束/)).toBeVisible();
  await expect(trainer.getByRole('heading', { name: '6 位签到码' })).toHaveCount(0);
  await shot(trainer, 'qr-closed');
  await trainer.getByRole('link', { name: /返回名单/ }).click();

  await trainer.getByRole('link', { name: '修改', exact: true }).click();
  await expect(trainer.getByLabel('培训班名称')).toHaveValue(TITLE);
  await shot(trainer, 'session-edit');

  // ---- Credit hours on each cadre's phone ----
  for (const p of phones) {
    await syncNow(p.page);
    await p.page.goto(`${stack.url}/training`);
    const item = p.page.getByRole('listitem').filter({ hasText: TITLE });
    const earned = byCadre.get(p.cadre.id)!.status === 'present' || byCadre.get(p.cadre.id)!.status === 'late';
    await expect(item).toContainText(earned ? '获得 3 学时' : '未获得学时', { timeout: 30_000 });
  }

  for (const p of phones) await p.context.close();
  await trainerContext.close();
});

test('all present, then the exceptions: one tap for the roster, one per exception', async ({ browser }) => {
  test.setTimeout(5 * 60_000);
  const context = await browser.newContext({ baseURL: stack.url });
  const trainer = await context.newPage();
  await signInAt(trainer, stack.url, 'trainer@demo.local', PASSWORD);
  await expect(trainer.getByRole('heading', { level: 1, name: /黄文静/ })).toBeVisible({ timeout: 30_000 });
  await trainer.goto(`${stack.url}/sessions/new`);
  await trainer.getByLabel('培训班名称').fill('群众工作方法（全部出勤）');
  await trainer.getByLabel('学时').fill('2.5');
  // a half-filled form survives the app being closed
  await trainer.reload();
  await expect(trainer.getByLabel('培训班名称')).toHaveValue('群众工作方法（全部出勤）');
  await expect(trainer.getByLabel('学时')).toHaveValue('2.5');
  await trainer.getByRole('button', { name: '保存' }).click();
  await expect(trainer).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  const sessionId = trainer.url().split('/').at(-1)!;

  // enrol by unit: the first three cadres of 群英乡
  await trainer.getByRole('searchbox', { name: '搜索姓名或单位' }).fill('群英乡');
  const results = trainer.getByRole('list', { name: '搜索结果' });
  for (let i = 0; i < 3; i++)
    await results
      .getByRole('button', { name: /^加入 / })
      .first()
      .click();
  await expect(trainer.getByRole('article')).toHaveCount(3);
  const names = await trainer.getByRole('article').getByRole('heading').allTextContents();

  await trainer.getByRole('button', { name: /全部出勤/ }).click();
  const counts = trainer.getByRole('region', { name: '考勤统计' });
  await expect(counts).toContainText('3出勤');
  await trainer
    .getByRole('group', { name: `${names[1]} 的考勤` })
    .getByRole('button', { name: '请假', exact: true })
    .click();
  await expect(counts).toContainText('2出勤');
  await expect(counts).toContainText('1请假');
  await expect(trainer.getByRole('button', { name: /全部出勤/ })).toHaveCount(0);
  await expectAllSynced(trainer);
  await noAttention(trainer);

  const rows = await stack.sql<{ full_name: string; status: string; method: string }>(
    `select p.full_name, a.status, a.method from public.attendance a join public.profiles p on p.id = a.cadre_id
      where a.session_id = $1 order by p.full_name`,
    [sessionId]
  );
  expect(rows).toHaveLength(3);
  for (const r of rows)
    expect(r).toMatchObject({ status: r.full_name === names[1] ? 'excused' : 'present', method: 'roster' });
  await context.close();
});
