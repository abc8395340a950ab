import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, signIn } from '../support/e2e-helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** The smallest side of any control in the main area (links inside running text excepted). */
const smallestTarget = (page: Page) =>
  page.evaluate(() =>
    Math.min(
      ...Array.from(document.querySelectorAll('main button, main select, main input, main a.btn, main li > a'))
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0)
        .map((r) => Math.min(r.height, r.width))
    )
  );

test('the review queue and a review have no serious axe violation and thumb-sized controls', async ({ page }) => {
  await signIn(page, 'supervisor1@demo.local');
  await expectProfileSynced(page, /陈志远/);
  await page.goto('/review');
  await expect(page.getByRole('heading', { level: 2, name: /等您签字/ })).toBeVisible({ timeout: 30_000 });
  expect(await seriousViolations(page)).toEqual([]);
  expect(await smallestTarget(page)).toBeGreaterThanOrEqual(44);

  await page.goto('/review/50000000-0000-4000-8000-000000000002');
  await expect(page.getByRole('region', { name: '三级签字' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await smallestTarget(page)).toBeGreaterThanOrEqual(44);
});

test('the reports and administration have no serious axe violation', async ({ page }) => {
  await signIn(page, 'admin@demo.local');
  await expectProfileSynced(page, /./);
  for (const path of [
    '/reports',
    '/reports/structure?on=2015-10-31',
    '/reports/rotation',
    '/reports/grassroots',
    '/reports/training',
    '/reports/secondments',
    '/admin',
    '/admin/people',
    '/admin/units',
    '/admin/postings'
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('加载中…')).toHaveCount(0);
    expect(await seriousViolations(page), path).toEqual([]);
  }
});
