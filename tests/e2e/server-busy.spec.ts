// A long transaction on the server holds the pull's watermark back: the status strip says the
// server is busy (the cadre's own changes arrived, others' newest come later) instead of nothing,
// and stops saying it once a pull comes back without the report. The server's report is the last
// page of sync_pull (held_back_seconds, tests/db/sync-pull.test.ts); here the phone is given it.
import { expect, test } from '@playwright/test';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

test('the status strip says "server busy" while the server reports its watermark held back', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  const strip = page.getByRole('region', { name: '同步状态' });
  await expect(strip).not.toContainText('服务器繁忙');

  // the real answer, with the report a held-back server adds to a pass's last page
  await page.route('**/rest/v1/rpc/sync_pull', async (route) => {
    const response = await route.fetch();
    const page = await response.json();
    await route.fulfill({ response, json: page.has_more ? page : { ...page, held_back_seconds: 75 } });
  });
  await strip.getByRole('button', { name: '立即同步' }).click();
  await expect(strip).toContainText('服务器繁忙：你的更改已送达，别人的最新更改会晚些到。');

  await page.unroute('**/rest/v1/rpc/sync_pull');
  await strip.getByRole('button', { name: '立即同步' }).click();
  await expect(strip).not.toContainText('服务器繁忙');
});
