// A throwaway database on the local Postgres server, built from bootstrap + migrations (+ seed),
// for tests that need real concurrency. Each call makes its own database; drop() removes it.
import pg from 'pg';
import { sqlSources } from '../../supabase/local/sql-files.js';

export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(opts: { seed?: boolean; prefix?: string } = {}): Promise<TestDatabase> {
  const name = `${opts.prefix ?? 'fl_test'}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const file of sqlSources({ seed: opts.seed ?? true })) {
      try {
        await client.query(file.sql);
      } catch (e) {
        throw new Error(`${file.name}: ${(e as Error).message}`, { cause: e });
      }
    }
  } finally {
    await client.end();
  }
  return {
    name,
    url,
    async drop() {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    }
  };
}
