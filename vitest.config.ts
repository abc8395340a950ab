import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('./src/lib', import.meta.url));

export default defineConfig({
  resolve: { alias: { $lib: lib } },
  test: {
    projects: [
      {
        resolve: { alias: { $lib: lib } },
        test: { name: 'unit', include: ['src/**/*.test.ts'], environment: 'node' }
      },
      {
        resolve: { alias: { $lib: lib } },
        test: {
          name: 'server',
          include: ['tests/{db,local,sync}/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // each file builds its own databases; two at a time fits two cores
          maxWorkers: 2
        }
      }
    ]
  }
});
