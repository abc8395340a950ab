// The trainer specs run on a stack of their own (a fresh database, the built app, a free port):
// the village-hall scenario sets cadres' passwords and reads the server's rows as postgres, which
// needs the database's address.
import pg from 'pg';
import { expect, type Page } from '@playwright/test';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { openDatabase } from '../../supabase/local/database.js';
import { createLocalStack } from '../../supabase/local/server.js';

export interface TrainerStack {
  url: string;
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startTrainerStack(): Promise<TrainerStack> {
  const testDb: TestDatabase = await createTestDatabase({ seed: true, prefix: 'fl_e2e_trainer' });
  const db = await openDatabase({ url: testDb.url });
  // the build the global setup made for this run (never a stale build/ left by `npm start`)
  const appDir = process.env.E2E_APP_DIR;
  if (!appDir)
    throw new Error('E2E_APP_DIR is not set: run through playwright.config.ts (its global setup builds the app)');
  const stack = await createLocalStack({ db, port: 0, host: '127.0.0.1', appDir });
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  return {
    url: stack.url,
    async sql<T extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      return (await client.query<T>(text, values)).rows;
    },
    async close() {
      await client.end();
      await stack.close();
      await db.close();
      await testDb.drop();
    }
  };
}

/** A datetime-local value in Beijing time. */
export function beijingInput(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23'
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value])
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export async function signInAt(page: Page, base: string, identifier: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('邮箱或手机号').fill(identifier);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Waits until this phone has nothing left to push and a sync has finished since it came online. */
export async function expectAllSynced(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByText('全部已同步')).toBeVisible({ timeout });
  await expect(page.getByText(/上次同步/)).toBeVisible({ timeout });
}

/** Asks the phone to sync now and waits for the pass to end with nothing waiting. */
export async function syncNow(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: '立即同步' });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await button.click();
  await expect(button).toBeEnabled({ timeout: 30_000 });
  await expectAllSynced(page);
}
