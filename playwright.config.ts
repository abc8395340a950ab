// End-to-end: the built app and the local stack on one origin, a fresh Postgres database per run
// (tests/support/e2e-global-setup.ts), Chromium on a 360×740 phone in Chinese.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 54340);
const screenshots = process.env.SCREENSHOTS === '1';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/support/e2e-global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? 'list' : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: findChromium({ install: false }), args: CHROMIUM_ARGS }
  },
  projects: screenshots
    ? [{ name: 'screenshots', testMatch: /screenshots\.spec\.ts/ }]
    : [{ name: 'phone', testIgnore: /screenshots\.spec\.ts/ }]
});
