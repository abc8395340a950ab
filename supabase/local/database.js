// One interface over the two databases the local stack runs on: embedded PGlite (default, kept in
// the git-ignored `.data/pglite`) or a Postgres server named by a URL. Either is built on first open
// from bootstrap + migrations (+ seed), the same SQL a Supabase project gets.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { sqlSources, supabaseDir } from './sql-files.js';

export const projectDir = join(supabaseDir, '..');
export const defaultDataDir = join(projectDir, '.data', 'pglite');

/** Written into the PGlite folder after a complete build; without it the folder is rebuilt. */
const BUILD_MARKER = 'frontline-build.json';

/**
 * @typedef {(sql: string, params?: unknown[]) => Promise<Record<string, any>[]>} Query
 * @typedef {{
 *   kind: 'pglite' | 'postgres',
 *   description: string,
 *   built: boolean,
 *   stale: boolean,
 *   query: Query,
 *   exec: (sql: string) => Promise<void>,
 *   transaction: <T>(fn: (q: Query) => Promise<T>) => Promise<T>,
 *   close: () => Promise<void>
 * }} Database
 */

/**
 * Opens (and on first use builds) the database.
 * @param {{ url?: string, dataDir?: string, seed?: boolean, log?: (line: string) => void }} [options]
 *   url: a Postgres server (else PGlite); dataDir: PGlite's folder, or 'memory://' for a throwaway one.
 * @returns {Promise<Database>}
 */
export async function openDatabase({ url, dataDir = defaultDataDir, seed = true, log = () => {} } = {}) {
  return url ? openPostgres(url, seed, log) : openPglite(dataDir, seed, log);
}

/** @param {{ seed?: boolean }} options */
export function buildFingerprint({ seed = true } = {}) {
  const hash = createHash('sha256');
  for (const s of sqlSources({ seed })) hash.update(s.name).update('\0').update(s.sql).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * @param {(sql: string) => Promise<unknown>} exec
 * @param {boolean} seed
 * @param {(line: string) => void} log
 */
async function applySources(exec, seed, log) {
  for (const source of sqlSources({ seed })) {
    const started = Date.now();
    try {
      await exec(source.sql);
    } catch (e) {
      const err = /** @type {Error & { position?: string }} */ (e);
      throw new Error(`building the database: ${source.name}: ${err.message}${lineOf(source.sql, err.position)}`, {
        cause: e
      });
    }
    log(`  applied ${source.name} (${Date.now() - started} ms)`);
  }
}

/** @param {string} sql @param {string | undefined} position */
function lineOf(sql, position) {
  const at = Number(position);
  return at > 0 ? ` (line ${sql.slice(0, at).split('\n').length})` : '';
}

/**
 * @param {string} dataDir
 * @param {boolean} seed
 * @param {(line: string) => void} log
 * @returns {Promise<Database>}
 */
async function openPglite(dataDir, seed, log) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockFolder(dataDir);
  const create = async () => {
    if (!inMemory) mkdirSync(dataDir, { recursive: true });
    try {
      return await PGlite.create(dataDir, { extensions: { pgcrypto } });
    } catch (e) {
      throw new Error(
        `could not open PGlite in ${dataDir} (${/** @type {Error} */ (e).message}); \`npm run db:reset\` rebuilds it`,
        {
          cause: e
        }
      );
    }
  };
  const fingerprint = buildFingerprint({ seed });
  const markerPath = join(dataDir, BUILD_MARKER);

  /** @type {import('@electric-sql/pglite').PGlite | undefined} */
  let db;
  let built = false;
  let stale = false;
  try {
    db = await create();
    const empty = /** @type {{ empty: boolean }} */ (
      (await db.query(`select to_regclass('public.units') is null as empty`)).rows[0]
    ).empty;
    const marked = !inMemory && existsSync(markerPath);
    if (!empty && marked) {
      const marker = JSON.parse(readFileSync(markerPath, 'utf8'));
      stale = marker.fingerprint !== fingerprint;
    } else {
      if (!empty) {
        // A build that stopped half-way leaves objects that the migrations cannot create again.
        log(`rebuilding ${dataDir}: the previous build did not finish`);
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
        db = await create();
      }
      log(`building the database in PGlite (${inMemory ? 'in memory' : dataDir})`);
      const target = db;
      await applySources((sql) => target.exec(sql), seed, log);
      if (!inMemory)
        writeFileSync(markerPath, JSON.stringify({ fingerprint, seed, builtAt: new Date().toISOString() }) + '\n');
      built = true;
    }
  } catch (e) {
    await db?.close().catch(() => {});
    release();
    throw e;
  }
  const pglite = db;

  /** @type {Query} */
  const query = async (sql, params) => (await pglite.query(sql, params)).rows;
  return {
    kind: 'pglite',
    description: inMemory ? 'PGlite (embedded, in memory)' : `PGlite (embedded) in ${dataDir}`,
    built,
    stale,
    query,
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    // PGlite has one connection; its transaction() queues callers, so transactions never interleave.
    transaction: (fn) => pglite.transaction((tx) => fn(async (sql, params) => (await tx.query(sql, params)).rows)),
    close: async () => {
      await pglite.close();
      release();
    }
  };
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file next to the folder holds the owner's pid; a lock left by a dead process is taken over.
 * @param {string} dataDir
 * @returns {() => void} releases the lock
 */
function lockFolder(dataDir) {
  const lockPath = `${dataDir}.lock`;
  const owner = lockOwner(dataDir);
  if (owner !== undefined && owner !== process.pid)
    throw new Error(
      `${dataDir} is in use by process ${owner} (another \`npm start\`?); stop it, or delete ${lockPath}`
    );
  mkdirSync(dirname(lockPath), { recursive: true });
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

/** The pid of a live process holding the PGlite folder, if any. @param {string} dataDir */
function lockOwner(dataDir) {
  const lockPath = `${dataDir}.lock`;
  if (!existsSync(lockPath)) return undefined;
  const pid = Number(readFileSync(lockPath, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM' ? pid : undefined;
  }
}

/**
 * @param {string} url
 * @param {boolean} seed
 * @param {(line: string) => void} log
 * @returns {Promise<Database>}
 */
async function openPostgres(url, seed, log) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', (e) => log(`postgres: ${e.message}`));
  let built = false;
  const client = await pool.connect();
  try {
    const { rows } = await client.query(`select to_regclass('public.units') is null as empty`);
    if (rows[0].empty) {
      log(`building the database in ${redact(url)}`);
      // One transaction: an interrupted build leaves nothing behind.
      await client.query('begin');
      try {
        await applySources((sql) => client.query(sql), seed, log);
        await client.query('commit');
      } catch (e) {
        await client.query('rollback');
        throw e;
      }
      built = true;
    }
  } finally {
    client.release();
  }

  /** @type {Query} */
  const query = async (sql, params) => (await pool.query(sql, /** @type {any[]} */ (params))).rows;
  return {
    kind: 'postgres',
    description: `Postgres ${redact(url)}`,
    built,
    stale: false,
    query,
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const result = await fn(async (sql, params) => (await c.query(sql, /** @type {any[]} */ (params))).rows);
        await c.query('commit');
        return result;
      } catch (e) {
        await c.query('rollback').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    close: () => pool.end()
  };
}

/** A URL with its password hidden, for printing. @param {string} url */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparsable DATABASE_URL)';
  }
}

/**
 * Throws away the database so the next open builds it again: PGlite's folder, or every schema
 * of the Postgres database (roles are cluster-wide and bootstrap.sql keeps them).
 * @param {{ url?: string, dataDir?: string, log?: (line: string) => void }} [options]
 */
export async function resetDatabase({ url, dataDir = defaultDataDir, log = () => {} } = {}) {
  if (!url) {
    if (dataDir.startsWith('memory://')) return; // built fresh on every open anyway
    const owner = lockOwner(dataDir);
    if (owner !== undefined)
      throw new Error(`${dataDir} is in use by process ${owner} (\`npm start\`?); stop it first`);
    rmSync(dataDir, { recursive: true, force: true });
    log(`deleted ${dataDir}`);
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [{ managed }] = (
      await client.query(
        `select to_regclass('auth.schema_migrations') is not null or exists (select 1 from pg_roles where rolname = 'supabase_admin') as managed`
      )
    ).rows;
    // A Supabase-managed database has GoTrue's real auth schema: never drop that from here.
    if (managed)
      throw new Error(
        `${redact(url)} looks like a Supabase project database: reset it with \`supabase db reset\` instead`
      );
    const { rows } = await client.query(
      `select nspname from pg_namespace where nspname !~ '^pg_' and nspname <> 'information_schema' order by 1`
    );
    await client.query('begin');
    for (const { nspname } of rows) await client.query(`drop schema ${client.escapeIdentifier(nspname)} cascade`);
    await client.query('create schema public');
    await client.query('commit');
    log(`dropped schemas ${rows.map((r) => r.nspname).join(', ')} in ${redact(url)}`);
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}
