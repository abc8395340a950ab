// End-to-end: the built app and the local stack on one origin, a fresh Postgres database per run
// (tests/support/e2e-global-setup.ts), Chromium on a 360×740 phone in Chinese.
import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/find-chromium.mjs';

/** A port nobody listens on, so several runs (and `npm start` on 54321) can share the machine. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 54340));
    });
  });
}

// Chosen once in the runner and inherited by the workers (they load this file again).
process.env.E2E_PORT ??= String(await freePort());
const E2E_PORT = Number(process.env.E2E_PORT);
const screenshots = process.env.SCREENSHOTS === '1';

export default defineConfig({
  testDir: 'tests/e2e',
  // One folder per run: Playwright empties it at start, and runs on other ports must keep theirs.
  outputDir: `test-results/e2e-${E2E_PORT}`,
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
    // A hang must fail with the step it hung on, not sit until the test's own timeout.
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    launchOptions: { executablePath: findChromium({ install: false }), args: CHROMIUM_ARGS }
  },
  projects: screenshots
    ? [{ name: 'screenshots', testMatch: /screenshots\.spec\.ts/ }]
    : [{ name: 'phone', testIgnore: /screenshots\.spec\.ts/ }]
});
