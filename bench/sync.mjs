// Runs tests/sync/support/sync-bench.ts (TypeScript, $lib imports) through Vite's module runner and prints its
// figures as JSON. Usage: node bench/sync.mjs [--push N] [--pull N]
import { loadTsModule } from './vite.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};

/** Loads the benchmark module (for bench/run.mjs) without running it; close() it afterwards. */
export async function loadSyncBench() {
  const { module, close } = await loadTsModule('tests/sync/support/sync-bench.ts');
  return { runSyncBench: module.runSyncBench, close };
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
