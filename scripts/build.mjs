// The app's build: `vite build` into FRONTLINE_BUILD_DIR (default build/, see svelte.config.js),
// then the first screens' preloads into index.html (preload.mjs) and brotli and gzip copies of its text files (precompress.mjs). npm start, the e2e setup and
// the benchmarks all build through here, so what they serve is what a deployment serves.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { precompress } from './precompress.mjs';
import { writePreloads } from './preload.mjs';

const root = resolve(import.meta.dirname, '..');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const run = existsSync(vite)
  ? spawnSync(process.execPath, [vite, 'build', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  : spawnSync('npx', ['vite', 'build', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
const dir = resolve(root, process.env.FRONTLINE_BUILD_DIR ?? 'build');
const preloads = writePreloads(dir);
console.log(`first screens preloaded: ${JSON.stringify(preloads)} modules beyond SvelteKit's entry`);
const t = precompress(dir);
console.log(`precompressed ${t.files} files: ${t.bytes} B → brotli ${t.br} B, gzip ${t.gz} B`);
