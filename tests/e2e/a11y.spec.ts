import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectProfileSynced, signIn, tab } from '../support/e2e-helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

test('axe finds no serious or critical violation on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test('axe finds no serious or critical violation on home, regular and large text', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  expect(await seriousViolations(page)).toEqual([]);

  await tab(page, '我的').click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('switch', { name: '大字模式' }).check();
  await tab(page, '首页').click();
  await expectProfileSynced(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('touch targets are at least 44 px, and at least 48 px with large text', async ({ page }) => {
  await signIn(page);
  await expectProfileSynced(page);
  const smallest = () =>
    page.evaluate(() =>
      Math.min(
        ...Array.from(document.querySelectorAll('main a, main button, nav a, header button, header a'))
          .map((el) => el.getBoundingClientRect())
          .filter((r) => r.width > 0)
          .map((r) => Math.min(r.height, r.width))
      )
    );
  expect(await smallest()).toBeGreaterThanOrEqual(44);
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))).toBe(16);

  await tab(page, '我的').click();
  await page.getByRole('switch', { name: '大字模式' }).check();
  expect(
    await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
  ).toBeGreaterThanOrEqual(18);
  expect(await smallest()).toBeGreaterThanOrEqual(48);
  await tab(page, '首页').click();
  expect(await smallest()).toBeGreaterThanOrEqual(48);
});

test('the English switch changes the text and the lang attribute, and is remembered', async ({ page }) => {
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByLabel('Email or mobile number')).toBeVisible();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
