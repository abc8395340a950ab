// What the benchmarks share to run TypeScript that imports $lib: one Vite setup, no config file.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export const viteBase = {
  configFile: false,
  root: fileURLToPath(new URL('..', import.meta.url)),
  logLevel: 'error',
  resolve: { alias: { $lib: fileURLToPath(new URL('../src/lib', import.meta.url)) } }
};

/**
 * Loads a TypeScript module of the repository (a path from its root) through Vite's module
 * runner. The server stays open while the module runs (it loads modules on demand): close() it
 * afterwards.
 */
export async function loadTsModule(path) {
  const server = await createServer({
    ...viteBase,
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false }
  });
  const module = await server.ssrLoadModule(fileURLToPath(new URL(`../${path}`, import.meta.url)));
  return { module, close: () => server.close() };
}
