#!/usr/bin/env node
// `npm run db:reset`: throws the local database away and builds it again from
// supabase/local/bootstrap.sql, every migration in order, and supabase/seed.sql.
// PGlite in .data/pglite by default; DATABASE_URL=postgres://… resets that database instead.
import { openDatabase, resetDatabase, redact, defaultDataDir } from '../supabase/local/database.js';
import { sqlFiles } from '../supabase/local/sql-files.js';

const url = process.env.DATABASE_URL || undefined;
const log = (/** @type {string} */ line) => console.log(line);

try {
  console.log(`resetting ${url ? redact(url) : `PGlite in ${defaultDataDir}`}`);
  await resetDatabase({ url, log });
  const started = Date.now();
  const db = await openDatabase({ url, log });
  const [counts] = await db.query(
    `select (select count(*) from auth.users)::int as users, (select count(*) from public.units)::int as units,
            (select count(*) from public.profiles)::int as profiles`
  );
  await db.close();
  console.log(
    `rebuilt from ${sqlFiles().length} files in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${counts.users} users, ${counts.units} units, ${counts.profiles} profiles`
  );
} catch (e) {
  console.error(`db:reset failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
