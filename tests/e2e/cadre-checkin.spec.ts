import { expect, test, type Page } from '@playwright/test';
import QRCode from 'qrcode';
import { fallbackCode, makeQrPayload } from '../../src/lib/domain/checkin-code';
import { Api } from '../support/e2e-api';
import { sessionWithCadreEnrolled } from '../support/cadre-e2e';
import { expectProfileSynced, signIn, waitForServiceWorker } from '../support/e2e-helpers';

/** The training's card on the training page. */
const card = (page: Page, title: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });

async function typeCode(page: Page, title: string, code: string): Promise<void> {
  await page.getByRole('radio', { name: new RegExp(title) }).check();
  await page.getByLabel('6位签到码').fill(code);
  await page.getByRole('button', { name: '签到', exact: true }).click();
}

async function goOnline(page: Page): Promise<void> {
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}

test('checking in offline with the fallback code is verified by the server after sync', async ({
  page,
  context,
  baseURL
}) => {
  const title = `E2E 农机安全实操 ${crypto.randomUUID().slice(0, 6)}`;
  const session = await sessionWithCadreEnrolled(baseURL!, title);

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.goto('/training');
  await expect(card(page, title).getByText('已报名')).toBeVisible({ timeout: 30_000 });

  await context.setOffline(true);
  await page.getByRole('link', { name: '扫码签到' }).click();
  // the code on the trainer's screen right now
  await typeCode(page, title, await fallbackCode(session.id, session.secret, new Date()));
  await expect(page.getByRole('heading', { name: /已签到/ })).toBeVisible();

  await page.getByRole('link', { name: '回到培训' }).click();
  const item = card(page, title);
  await expect(item.getByText('已签到，待服务器核验')).toBeVisible();
  await expect(item.getByText('待同步')).toBeVisible();

  await goOnline(page);
  await expect(item.getByText('已同步')).toBeVisible({ timeout: 30_000 });
  await expect(item.getByText('出勤', { exact: true })).toBeVisible();
  await expect(item.getByText('获得 3 学时')).toBeVisible();

  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  expect(await cadre.row('attendance', session.attendanceId)).toMatchObject({ status: 'present', method: 'qr' });
});

test('a wrong code comes back refused with its reason, and a new code fixes it', async ({ page, context, baseURL }) => {
  const title = `E2E 电商直播培训 ${crypto.randomUUID().slice(0, 6)}`;
  const session = await sessionWithCadreEnrolled(baseURL!, title);
  const right = await fallbackCode(session.id, session.secret, new Date());
  const wrong = right === '000000' ? '000001' : '000000';

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.goto('/training');
  await expect(card(page, title)).toBeVisible({ timeout: 30_000 });

  await context.setOffline(true);
  await page.goto('/training/checkin');
  await page.getByLabel('6位签到码').fill('12');
  await page.getByLabel('6位签到码').blur();
  await expect(page.getByText('请输入6位数字')).toBeVisible();
  await typeCode(page, title, wrong);
  await expect(page.getByRole('heading', { name: /已签到/ })).toBeVisible();
  await page.getByRole('link', { name: '回到培训' }).click();

  await goOnline(page);
  const item = card(page, title);
  await expect(item.getByText('签到码错误，请向培训老师核对后重新输入')).toBeVisible({ timeout: 30_000 });
  await expect(item.getByText('签到未通过')).toBeVisible();
  await expect(item.getByText('需要处理')).toBeVisible();

  await item.getByRole('button', { name: '修改后重试' }).click();
  await expect(page).toHaveURL(new RegExp(`/training/checkin\\?session=${session.id}`));
  await typeCode(page, title, await fallbackCode(session.id, session.secret, new Date()));
  await page.getByRole('link', { name: '回到培训' }).click();
  await expect(card(page, title).getByText('出勤', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(card(page, title).getByText('需要处理')).toHaveCount(0);
});

test("scanning the trainer's QR code with the camera checks in offline", async ({ page, context, baseURL }) => {
  const title = `E2E 防汛应急演练 ${crypto.randomUUID().slice(0, 6)}`;
  const session = await sessionWithCadreEnrolled(baseURL!, title);
  const qr = await QRCode.toDataURL(await makeQrPayload(session.id, session.secret, new Date()), {
    width: 360,
    margin: 4
  });

  // The phone's camera films the trainer's screen: a canvas showing the QR code stands in for it.
  await page.addInitScript((dataUrl: string) => {
    navigator.mediaDevices.getUserMedia = async () => {
      const image = new Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 480;
      canvas.height = 480;
      const context2d = canvas.getContext('2d')!;
      const paint = () => {
        context2d.fillStyle = '#fff';
        context2d.fillRect(0, 0, 480, 480);
        context2d.drawImage(image, 60, 60, 360, 360);
      };
      paint();
      setInterval(paint, 100);
      return canvas.captureStream(10);
    };
  }, qr);

  await signIn(page);
  await expectProfileSynced(page);
  await waitForServiceWorker(page);
  await page.goto('/training');
  await expect(card(page, title)).toBeVisible({ timeout: 30_000 });

  await context.setOffline(true);
  await page.getByRole('link', { name: '扫码签到' }).click();
  await page.getByRole('button', { name: '打开相机扫码' }).click();
  await expect(page.getByRole('heading', { name: /已签到/ })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();

  await page.getByRole('link', { name: '回到培训' }).click();
  await goOnline(page);
  await expect(card(page, title).getByText('出勤', { exact: true })).toBeVisible({ timeout: 30_000 });
  const cadre = await Api.signIn(baseURL!, 'cadre@demo.local');
  expect(await cadre.row('attendance', session.attendanceId)).toMatchObject({ status: 'present', method: 'qr' });
});
