// The sync benchmark on the real phone: Chromium (real IndexedDB), supabase-js, the local stack on
// the Postgres server. Bundles tests/sync/support/browser-sync.ts (the phone's side) with Vite's
// library build, then runs tests/sync/support/chromium-bench.ts (the Node driver: the world, the
// page, raw Postgres) through Vite's module runner. `benchSyncInChromium()` returns the figures;
// `node bench/sync-chromium.mjs [--push N] [--pull N] [--rounds N]` prints them as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { loadTsModule, viteBase } from './vite.mjs';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';

/** Builds the phone's side into dir as bench.js. */
async function buildBundle(dir) {
  await build({
    ...viteBase,
    build: {
      outDir: dir,
      emptyOutDir: true,
      minify: true,
      lib: {
        entry: fileURLToPath(new URL('../tests/sync/support/browser-sync.ts', import.meta.url)),
        formats: ['es'],
        fileName: 'bench'
      }
    }
  });
}

/**
 * @param {{ pushCount?: number, pullCount?: number, rounds?: number, log?: (line: string) => void }} [opts]
 */
export async function benchSyncInChromium(opts = {}) {
  const bundleDir = mkdtempSync(join(tmpdir(), 'frontline-sync-bench-'));
  const { module, close } = await loadTsModule('tests/sync/support/chromium-bench.ts');
  try {
    await buildBundle(bundleDir);
    return await module.runChromiumSyncBench({
      ...opts,
      bundleDir,
      executablePath: findChromium({ install: false }),
      args: CHROMIUM_ARGS
    });
  } finally {
    await close();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const figures = await benchSyncInChromium({
    pushCount: arg('--push'),
    pullCount: arg('--pull'),
    rounds: arg('--rounds'),
    log: (l) => console.error(`[chromium bench] ${l}`)
  });
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}
