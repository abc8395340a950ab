// The pull budget in Chromium: the phone's work for 20,000 pulled rows (20 pages of 1,000, the
// server replaced by the pages in memory) against a raw IndexedDB bulk put of the same rows.
// `benchPullInChromium()` returns the figures; `node bench/sync-chromium.mjs` prints them.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Work logs shaped as sync_pull sends them, in pages. */
function pages(total, pageSize = 1000) {
  const cadre = '21000000-0000-4000-8000-000000000003';
  const posting = '41000000-0000-4000-8000-000000000001';
  const out = [];
  for (let start = 0; start < total; start += pageSize) {
    const rows = [];
    for (let i = start; i < Math.min(total, start + pageSize); i++) {
      rows.push({
        table: 'work_logs',
        row: {
          id: crypto.randomUUID(),
          version: 1000 + i,
          txid: String(5000 + i),
          updated_at: '2026-11-27T07:00:00.123456+00:00',
          updated_by: cadre,
          deleted_at: null,
          cadre_id: cadre,
          posting_id: posting,
          log_date: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
          category: 'routine',
          body: `基准拉取 ${i}：组织召开村民代表会议，研究解决灌溉用水问题。`
        }
      });
    }
    const last = start + pageSize >= total;
    out.push({
      rows,
      checkpoint: { v: 1, from: last ? '99999' : '0', to: last ? null : '99999', n: start },
      has_more: !last,
      reset: false
    });
  }
  return out;
}

export async function benchPullInChromium({ rows = 20_000, rounds = 3 } = {}) {
  const outDir = mkdtempSync(join(tmpdir(), 'frontline-sync-bench-'));
  try {
    await build({
      configFile: false,
      root,
      logLevel: 'error',
      resolve: { alias: { $lib: fileURLToPath(new URL('../src/lib', import.meta.url)) } },
      build: {
        outDir,
        emptyOutDir: true,
        minify: true,
        lib: {
          entry: fileURLToPath(new URL('../tests/sync/support/browser-pull.ts', import.meta.url)),
          formats: ['es'],
          fileName: 'bench'
        }
      }
    });
    const bundle = readFileSync(join(outDir, 'bench.js'));
    const data = JSON.stringify(pages(rows));
    const server = createServer((req, res) => {
      if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      else if (req.url === '/pages.json') res.writeHead(200, { 'content-type': 'application/json' }).end(data);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address();
    const browser = await chromium.launch({ executablePath: findChromium({ install: false }), args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      const figures = await page.evaluate(async (rounds) => {
        const { comparePull } = await import('/bench.js');
        const pages = await (await fetch('/pages.json')).json();
        return comparePull(pages, rounds);
      }, rounds);
      return { ...figures, budgetRatio: 2, browser: `Chromium ${browser.version()}` };
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPullInChromium(), null, 2));
}
