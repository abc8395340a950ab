// Builds the app, then serves it with the local stack on a throwaway Postgres database built from
// bootstrap + migrations + seed. Returns the teardown that stops the server and drops the database.
import { execSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase } from './test-database';
import { openDatabase } from '../../supabase/local/database.js';
import { createLocalStack } from '../../supabase/local/server.js';

const root = resolve(import.meta.dirname, '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = Number(process.env.E2E_PORT ?? 54340);
  // Its own build folder (svelte.config.js), so a parallel `npm start` or test run cannot swap
  // files under the tests. E2E_SKIP_BUILD=1 serves the existing build/ instead (quick reruns).
  const skipBuild = process.env.E2E_SKIP_BUILD === '1';
  const BUILD_DIR = skipBuild ? 'build' : `node_modules/.cache/frontline-e2e-${port}/build`;
  if (!skipBuild) {
    execSync('node scripts/build.mjs', {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, FRONTLINE_BUILD_DIR: BUILD_DIR }
    });
  }
  // For specs that stand in for a new release (update.spec.ts); workers inherit the environment.
  process.env.E2E_APP_DIR = resolve(root, BUILD_DIR);
  const testDb = await createTestDatabase({ seed: true, prefix: 'fl_e2e' });
  // specs that must see what the server holds (shared-phone.spec.ts) read it directly
  process.env.E2E_DATABASE_URL = testDb.url;
  const db = await openDatabase({ url: testDb.url });
  const stack = await createLocalStack({ db, port, host: '127.0.0.1', appDir: resolve(root, BUILD_DIR) });
  return async () => {
    await stack.close();
    await db.close();
    await testDb.drop();
    if (!skipBuild)
      rmSync(resolve(root, `node_modules/.cache/frontline-e2e-${port}`), { recursive: true, force: true });
  };
}
