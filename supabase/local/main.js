#!/usr/bin/env node
// The local stack as a command: `node supabase/local/main.js [--port 54321] [--host 127.0.0.1]
// [--app build] [--reset]`. PGlite in .data/pglite unless DATABASE_URL names a Postgres server.
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { openDatabase, resetDatabase, redact } from './database.js';
import { createLocalStack } from './server.js';
import { LOCAL_ANON_KEY, LOCAL_API_PORT } from './keys.js';

/** The seed's demo accounts (design.md, "The demo county"). */
const DEMO_ACCOUNTS = [
  'admin@demo.local',
  'supervisor1@demo.local',
  'supervisor2@demo.local',
  'supervisor3@demo.local',
  'trainer@demo.local',
  'cadre@demo.local'
];
const DEMO_PASSWORD = 'frontline-demo';

/**
 * Opens the database, starts the server, prints how to use it, and stops cleanly on Ctrl-C.
 * @param {{ port?: number, host?: string, appDir?: string, reset?: boolean, url?: string, dataDir?: string, appNote?: string }} options
 *   dataDir: PGlite's folder (default .data/pglite), or 'memory://' for a database that lives as long as the process
 */
export async function serve({
  port = LOCAL_API_PORT,
  host = '127.0.0.1',
  appDir,
  reset = false,
  url,
  dataDir,
  appNote
}) {
  const log = (/** @type {string} */ line) => console.log(line);
  if (reset) await resetDatabase({ url, dataDir, log });
  const started = Date.now();
  const db = await openDatabase({ url, dataDir, log });
  if (db.built) log(`database built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (db.stale)
    log('\n  ! The migrations or the seed changed since this database was built: run `npm run db:reset`.\n');

  let stack;
  try {
    stack = await createLocalStack({ db, port, host, appDir });
  } catch (e) {
    await db.close();
    const err = /** @type {NodeJS.ErrnoException} */ (e);
    if (err.code === 'EADDRINUSE')
      throw new Error(
        `port ${port} is in use (another \`npm start\` or \`supabase start\`?); set PORT to use another`,
        {
          cause: e
        }
      );
    throw e;
  }

  const lines = [
    '',
    '  Frontline local stack is running',
    '',
    appDir ? `  App:       ${stack.url}/` : `  App:       ${appNote ?? 'not served (no --app folder)'}`,
    ...(host === '0.0.0.0' ? lanUrls(stack.port).map((u) => `             ${u}  (phones on this network)`) : []),
    `  API:       ${stack.url}  (/auth/v1, /rest/v1: rpc and tables)`,
    `  Anon key:  ${LOCAL_ANON_KEY.slice(0, 24)}… (supabase/local/keys.js, the Supabase CLI default)`,
    `  Database:  ${db.description}`,
    '',
    `  Demo accounts, password ${DEMO_PASSWORD}:`,
    ...(await describeAccounts(db)),
    '',
    '  Ctrl-C stops it.',
    ''
  ];
  log(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1); // a second Ctrl-C: do not wait
    stopping = true;
    log('\nstopping…');
    await stack.close();
    await db.close(); // PGlite writes its files on close
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { stack, db };
}

/**
 * One line per demo account, with what the database says about it (role, name, unit, phone).
 * @param {import('./database.js').Database} db
 */
async function describeAccounts(db) {
  const rows = await db
    .query(
      `select u.email, coalesce(u.phone, '') as phone, p.role, p.full_name, p.sign_level, un.name as unit
         from auth.users u left join public.profiles p on p.id = u.id left join public.units un on un.id = p.unit_id
        where u.email = any($1::text[])`,
      [DEMO_ACCOUNTS]
    )
    .catch(() => []);
  return DEMO_ACCOUNTS.map((email) => {
    const r = rows.find((row) => row.email === email);
    if (!r) return `    ${email.padEnd(24)} (not in this database)`;
    const level = r.sign_level ? ` level ${r.sign_level}` : '';
    const phone = r.phone ? `  phone ${r.phone}` : '';
    return `    ${email.padEnd(24)} ${`${r.role ?? ''}${level}`.padEnd(18)} ${r.full_name ?? ''}, ${r.unit ?? ''}${phone}`;
  });
}

/** @param {number} port */
function lanUrls(port) {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i?.address}:${port}/`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? String(LOCAL_API_PORT) },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      app: { type: 'string' },
      reset: { type: 'boolean', default: false },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  });
  if (values.help) {
    console.log(
      'usage: node supabase/local/main.js [--port 54321] [--host 127.0.0.1] [--app build] [--reset]\n' +
        '                                   [--data .data/pglite | --data memory://]\n' +
        'DATABASE_URL=postgres://… uses that Postgres server instead of PGlite.\n' +
        '--data memory:// builds a fresh database that lives as long as the process (tests, demos).'
    );
    return;
  }
  const url = process.env.DATABASE_URL || undefined;
  if (url) console.log(`using DATABASE_URL ${redact(url)}`);
  await serve({
    port: Number(values.port),
    host: values.host,
    appDir: values.app ? resolve(values.app) : undefined,
    reset: values.reset,
    url,
    dataDir: values.data && !values.data.startsWith('memory://') ? resolve(values.data) : values.data
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.error(`\n  local stack: ${e instanceof Error ? e.message : e}\n`);
    process.exit(1);
  });
}
