// Runs tests/sync/support/sync-bench.ts (TypeScript, $lib imports) through Vite's module runner and prints its
// figures as JSON. Usage: node bench/sync.mjs [--push N] [--pull N]
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};

/**
 * Loads the benchmark module (for bench/run.mjs) without running it. The Vite server stays open
 * while the module runs (it loads modules on demand); close() it afterwards.
 */
export async function loadSyncBench() {
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    resolve: { alias: { $lib: fileURLToPath(new URL('../src/lib', import.meta.url)) } }
  });
  const module = await server.ssrLoadModule(
    fileURLToPath(new URL('../tests/sync/support/sync-bench.ts', import.meta.url))
  );
  return { runSyncBench: module.runSyncBench, close: () => server.close() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runSyncBench, close } = await loadSyncBench();
  const figures = await runSyncBench({
    pushCount: arg('--push'),
    pullCount: arg('--pull'),
    log: (l) => console.error(l)
  });
  await close();
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}
