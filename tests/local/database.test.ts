// openDatabase builds once and keeps the build; an interrupted build is redone; db:reset and the
// stack's command line work on a Postgres server named by DATABASE_URL.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { openDatabase, resetDatabase } from '../../supabase/local/database.js';
import { projectDir } from '../../supabase/local/database.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('PGlite on disk', () => {
  it('is built on first open, kept on the next, and rebuilt when a build did not finish', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-pglite-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'pglite');

    const first = await openDatabase({ dataDir, seed: false });
    expect(first.built).toBe(true);
    await first.exec(
      `insert into public.units (id, name, kind) values ('aaaaaaaa-0000-4000-8000-000000000001', '测试县', 'county')`
    );
    await first.close();

    const second = await openDatabase({ dataDir, seed: false });
    expect(second.built).toBe(false);
    expect(second.stale).toBe(false);
    expect(await second.query(`select name from public.units`)).toEqual([{ name: '测试县' }]);
    await second.close();

    // No build marker: the folder holds a half-built database, which is thrown away.
    unlinkSync(join(dataDir, 'frontline-build.json'));
    const third = await openDatabase({ dataDir, seed: false });
    expect(third.built).toBe(true);
    expect(await third.query(`select name from public.units`)).toEqual([]);
    await third.close();

    // Another live process holds the folder: neither opening nor resetting may touch it.
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openDatabase({ dataDir, seed: false })).rejects.toThrow(/in use by process/);
    await expect(resetDatabase({ dataDir })).rejects.toThrow(/in use by process/);
    unlinkSync(`${dataDir}.lock`);

    await resetDatabase({ dataDir });
    expect(existsSync(dataDir)).toBe(false);
  });
});

/** Runs a node script of the project with DATABASE_URL set; resolves with its output once it exits. */
function run(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: projectDir, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('on a Postgres server (DATABASE_URL)', () => {
  let database: TestDatabase;

  it('npm run db:reset drops and rebuilds the database', async () => {
    database = await createTestDatabase({ prefix: 'fl_reset', seed: false });
    cleanups.push(() => database.drop());
    const db = await openDatabase({ url: database.url, seed: false });
    await db.exec(
      `insert into public.units (id, name, kind) values ('aaaaaaaa-0000-4000-8000-000000000001', '旧数据', 'county')`
    );
    await db.close();

    const { code, out } = await run(['scripts/db-reset.mjs'], { DATABASE_URL: database.url });
    expect(out).toMatch(/rebuilt from \d+ files/);
    expect(code).toBe(0);
    const after = await openDatabase({ url: database.url });
    expect(after.built).toBe(false);
    expect(await after.query(`select 1 from public.units where name = '旧数据'`)).toEqual([]);
    await after.close();
  });

  it('the stack command serves the API, prints the demo accounts and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['supabase/local/main.js', '--port', '0'], {
      cwd: projectDir,
      env: { ...process.env, DATABASE_URL: database.url }
    });
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    const api = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /API:\s+(http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(out)));
    });
    expect(out).toContain('cadre@demo.local');
    expect(out).toContain('frontline-demo');
    expect(out).toContain('Database:  Postgres');
    const health = await fetch(`${api}/auth/v1/health`);
    expect(health.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses to reset a database that looks like a Supabase project', async () => {
    const managed = await createTestDatabase({ prefix: 'fl_managed', seed: false });
    cleanups.push(() => managed.drop());
    const db = await openDatabase({ url: managed.url, seed: false });
    await db.exec(`create table auth.schema_migrations (version text)`);
    await db.close();
    await expect(resetDatabase({ url: managed.url })).rejects.toThrow(/supabase db reset/);
  });
});
