// Runs the pgTAP suite (supabase/tests/database/*.test.sql) with pg_prove on a fresh database
// built from bootstrap + migrations (+ seed.sql when it exists), then drops the database.
// Last line: `pgtap: N passed, M failed` (assertions; planned tests that never ran count as failed).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { sqlSources, supabaseDir } from '../supabase/local/sql-files.js';

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `fl_pgtap_${process.pid}`;
const testsDir = join(supabaseDir, 'tests', 'database');
const tests = readdirSync(testsDir)
  .filter((f) => f.endsWith('.test.sql'))
  .sort()
  .map((f) => join(testsDir, f));

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let exitCode = 1;
await withClient(adminUrl, (c) => c.query(`create database ${name}`));
try {
  const dbUrl = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  await withClient(dbUrl, async (c) => {
    for (const file of sqlSources({ seed: existsSync(join(supabaseDir, 'seed.sql')) })) {
      try {
        await c.query(file.sql);
      } catch (e) {
        throw new Error(`${file.name}: ${e.message}`, { cause: e });
      }
    }
    await c.query('create extension if not exists pgtap');
  });

  const url = new URL(dbUrl);
  const run = spawnSync(
    'pg_prove',
    [
      '--verbose',
      '--host',
      url.hostname,
      '--port',
      url.port || '5432',
      '--username',
      url.username || 'postgres',
      '--dbname',
      name,
      ...tests
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
  );
  if (run.error) console.error(`pg_prove: ${run.error.message}`);
  process.stdout.write(run.stdout ?? '');
  process.stderr.write(run.stderr ?? '');

  const lines = (run.stdout ?? '').split('\n');
  const passed = lines.filter((l) => /^\s*ok \d+/.test(l)).length;
  const failedRun = lines.filter((l) => /^\s*not ok \d+/.test(l)).length;
  const planned = lines.reduce((sum, l) => sum + Number(/^\s*1\.\.(\d+)\s*$/.exec(l)?.[1] ?? 0), 0);
  // a file that died before its plan still fails the run
  const failed = Math.max(failedRun + Math.max(0, planned - passed - failedRun), run.status === 0 ? 0 : 1);
  console.log(`pgtap: ${passed} passed, ${failed} failed`);
  exitCode = run.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
} catch (e) {
  console.error(e.message);
  console.log('pgtap: 0 passed, 1 failed');
} finally {
  await withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
}
process.exit(exitCode);
