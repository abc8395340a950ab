import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The smallest side of any link, button or form control in the page's main area. */
const smallestTarget = (page: Page) =>
  page.evaluate(() =>
    Math.min(
      ...Array.from(
        document.querySelectorAll('main a, main button, main input, main select, main textarea, main summary')
      )
        .filter((el) => !(el instanceof HTMLInputElement && el.type === 'radio'))
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => Math.min(r.height, r.width))
    )
  );

const SCREENS: [string, RegExp][] = [
  ['/', /当前挂职/],
  ['/postings', /履历/],
  ['/logs', /工作日志/],
  ['/logs/new', /写工作日志/],
  ['/logs/summary', /月度小结/],
  ['/training', /学时/],
  ['/training/checkin', /扫码签到/],
  ['/assessments', /我的考核/],
  ['/assessments/50000000-0000-4000-8000-000000000001', /年度考核/]
];

test('every cadre screen has no serious axe violation and thumb-sized targets', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await expectProfileSynced(page);
  for (const [path, heading] of SCREENS) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible({ timeout: 30_000 });
    expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    expect(await smallestTarget(page), path).toBeGreaterThanOrEqual(44);
  }
});

test('the cadre screens switch to English with the language switch', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  await page.goto('/settings');
  await page.getByRole('button', { name: 'English' }).click();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Current posting' })).toBeVisible();
  await expect(page.getByText(/Day \d+ of \d+/)).toBeVisible();
  await page.goto('/logs/new');
  await expect(page.getByLabel('What you did')).toBeVisible();
  await expect(page.getByText('Urgent / hard', { exact: true })).toBeVisible();
});
