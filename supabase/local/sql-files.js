// The SQL that builds a database, in the order it must be applied:
// what Supabase provides (bootstrap), every migration by timestamp, then the demo seed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const supabaseDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ seed?: boolean }} [options]
 * @returns {{ name: string, path: string }[]}
 */
export function sqlFiles({ seed = true } = {}) {
  const migrations = readdirSync(join(supabaseDir, 'migrations'))
    .filter((f) => /^\d{14}_[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: `migrations/${f}`, path: join(supabaseDir, 'migrations', f) }));
  const files = [{ name: 'local/bootstrap.sql', path: join(supabaseDir, 'local', 'bootstrap.sql') }, ...migrations];
  if (seed) files.push({ name: 'seed.sql', path: join(supabaseDir, 'seed.sql') });
  return files;
}

/**
 * @param {{ seed?: boolean }} [options]
 * @returns {{ name: string, sql: string }[]}
 */
export function sqlSources(options) {
  return sqlFiles(options).map((f) => ({ name: f.name, sql: readFileSync(f.path, 'utf8') }));
}
