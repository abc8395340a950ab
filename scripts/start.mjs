#!/usr/bin/env node
// `npm start`: builds the app when its sources are newer than the build, opens the local database
// (PGlite in .data/pglite, built with the demo county on first start; DATABASE_URL for a Postgres
// server) and serves the API and the app on one origin, http://127.0.0.1:54321 (PORT, HOST).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectDir, redact } from '../supabase/local/database.js';
import { serve } from '../supabase/local/main.js';
import { LOCAL_API_PORT } from '../supabase/local/keys.js';

const buildDir = join(projectDir, 'build');
const buildIndex = join(buildDir, 'index.html');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'pwa-assets.config.ts', 'package.json'];

/**
 * The newest modification time under a path, ignoring tests (they do not change the build).
 * @param {string} path
 * @returns {number}
 */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return /\.test\.[jt]s$/.test(path) ? 0 : info.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/**
 * Whether a folder holds a SvelteKit page or layout anywhere below it.
 * @param {string} dir
 * @returns {boolean}
 */
function hasRoutes(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasRoutes(join(dir, e.name)) : /^\+(page|layout)\b/.test(e.name)
  );
}

/** Builds the app when needed; answers whether there is an app to serve, and why not. */
function ensureBuilt() {
  const hasApp = existsSync(join(projectDir, 'svelte.config.js')) && hasRoutes(join(projectDir, 'src', 'routes'));
  if (!hasApp) return { served: false, note: 'not built: the app has no pages yet (src/routes); serving the API only' };
  const builtAt = existsSync(buildIndex) ? statSync(buildIndex).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newest(join(projectDir, s))));
  if (builtAt && builtAt >= changedAt) {
    console.log('app build is up to date (build/)');
    return { served: true };
  }
  console.log(builtAt ? 'app sources changed since the last build: building…' : 'building the app (first start)…');
  // vite build, then brotli/gzip copies of the text files (scripts/build.mjs)
  const result = spawnSync(process.execPath, [join(projectDir, 'scripts', 'build.mjs')], {
    cwd: projectDir,
    stdio: 'inherit'
  });
  if (result.status !== 0 || !existsSync(buildIndex)) {
    throw new Error('the app build failed (see above); fix it, or run `npm run stack` for the API alone');
  }
  return { served: true };
}

try {
  const app = ensureBuilt();
  const url = process.env.DATABASE_URL || undefined;
  if (url) console.log(`using DATABASE_URL ${redact(url)}`);
  await serve({
    port: Number(process.env.PORT ?? LOCAL_API_PORT),
    host: process.env.HOST ?? '127.0.0.1',
    appDir: app.served ? buildDir : undefined,
    appNote: app.note,
    url
  });
} catch (e) {
  console.error(`\n  npm start: ${e instanceof Error ? e.message : e}\n`);
  process.exit(1);
}
