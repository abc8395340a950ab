// The app shell's two budgets, measured in Chromium on a 360×740 phone:
//  1. JS of the first load, gzip, of the sign-in page (a phone that never opened the app) and of
//     the home page (a signed-in person): what the phone downloads before the screen can render
//     (the static import graph of the entries the page requests), against the 80 KB budget; JS
//     loaded afterwards (sync engine, supabase-js, the service worker's helper) is reported apart
//     as deferred.
//  2. Time to show the home page offline (service worker + IndexedDB, no network) with the CPU
//     slowed 4× (CDP Emulation.setCPUThrottlingRate): navigation start → the greeting with the
//     person's name on screen. Median of several reloads.
// `benchFirstLoad()` returns the figures as JSON; `node bench/first-load.mjs` prints them.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../scripts/find-chromium.mjs';
import { openDatabase } from '../supabase/local/database.js';
import { createLocalStack } from '../supabase/local/server.js';

const root = resolve(import.meta.dirname, '..');
const BUDGET_BYTES = 80 * 1024;
const CADRE = { email: 'cadre@demo.local', password: 'frontline-demo', name: '李明轩' };

/** gzip at the default level (6), what a static host sends. @param {Buffer} body */
const gzipBytes = (body) => gzipSync(body).length;

/** Static `import … from "./x.js"` / `export … from` specifiers of a minified chunk (not `import()`). */
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+from\s*)?["']([^"']+\.js)["']/g;

/**
 * The JS that must arrive before the route renders: the static import graph of the app's entry
 * chunks and of the route's nodes (layouts and page), read from the files themselves. Dynamic
 * imports (the sync engine, supabase-js, English messages) are not followed.
 * The route's message namespaces (loaded by its `load` before it renders) count too.
 * @param {Map<string, string>} sources path under the site root → file text, for every JS the page fetched
 * @param {Set<string>} messageChunks the files of the Chinese message namespaces
 */
function firstLoadSet(sources, messageChunks) {
  const seen = new Set();
  const visit = (/** @type {string} */ path) => {
    if (seen.has(path) || !sources.has(path)) return;
    seen.add(path);
    for (const m of sources.get(path)?.matchAll(STATIC_IMPORT) ?? []) {
      visit(new URL(m[1], `http://x/${path}`).pathname.slice(1));
    }
  };
  for (const path of sources.keys()) if (/\/(entry|nodes)\//.test(path) || messageChunks.has(path)) visit(path);
  return seen;
}

/** The bench builds into its own folder (see svelte.config.js), away from `npm start`'s build/. */
export const BENCH_BUILD_DIR = 'node_modules/.cache/frontline-bench/build';

/**
 * @param {{ build?: boolean, runs?: number, port?: number, log?: (line: string) => void }} [options]
 *   build: false measures the existing build/ (from `npm run build`) instead of building.
 */
export async function benchFirstLoad({ build = true, runs = 5, port = 54341, log = () => {} } = {}) {
  const appDir = resolve(root, build ? BENCH_BUILD_DIR : 'build');
  if (build) {
    log('building the app');
    execSync('node scripts/build.mjs', {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, FRONTLINE_BUILD_DIR: BENCH_BUILD_DIR }
    });
  }
  // Which chunks hold message namespaces (the Vite manifest names each chunk's source).
  // vite.config.ts names them messages-<namespace>-<locale>.
  /** @type {Record<string, { file: string, name?: string }>} */
  const manifest = JSON.parse(readFileSync(resolve(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
  const messageChunks = new Set(
    Object.entries(manifest)
      .filter(
        ([source, chunk]) => source.includes('i18n/messages/zh-CN/') || /^messages-.*-zh-CN$/.test(chunk.name ?? '')
      )
      .map(([, chunk]) => chunk.file)
  );
  log('starting the local stack (PGlite in memory)');
  const db = await openDatabase({ dataDir: 'memory://' });
  const stack = await createLocalStack({ db, port, host: '127.0.0.1', appDir });
  const executablePath = findChromium({ install: false });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const phone = {
    baseURL: stack.url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN'
  };
  const greeting = (/** @type {import('@playwright/test').Page} */ page) =>
    page.getByRole('heading', { level: 1, name: new RegExp(CADRE.name) }).waitFor({ timeout: 60_000 });

  try {
    // A phone where the cadre has signed in and synced once; its service worker installed.
    const context = await browser.newContext({ ...phone, serviceWorkers: 'allow' });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('邮箱或手机号').fill(CADRE.email);
    await page.getByLabel('密码').fill(CADRE.password);
    await page.getByRole('button', { name: '登录' }).click();
    await greeting(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const signedIn = await context.storageState({ indexedDB: true });

    // 1. First load of sign-in (a phone that never opened the app) and of home (the same person
    //    and local data as above), each with an empty HTTP cache and no service worker.
    log('measuring the first loads');
    /**
     * @param {string} path
     * @param {any} storageState
     * @param {(page: import('@playwright/test').Page) => Promise<unknown>} shown
     */
    const firstLoadOf = async (path, storageState, shown) => {
      const cold = await browser.newContext({ ...phone, serviceWorkers: 'block', storageState });
      const coldPage = await cold.newPage();
      /** @type {Map<string, number>} */
      const scripts = new Map();
      /** @type {Map<string, string>} */
      const sources = new Map();
      /** @type {Promise<void>[]} */
      const pending = [];
      coldPage.on('response', (response) => {
        const url = new URL(response.url());
        if (!url.pathname.endsWith('.js') || url.origin !== stack.url) return;
        pending.push(
          response
            .body()
            .then((body) => {
              scripts.set(url.pathname.slice(1), gzipBytes(body));
              sources.set(url.pathname.slice(1), body.toString('utf8'));
            })
            .catch(() => undefined)
        );
      });
      await coldPage.goto(path);
      await shown(coldPage);
      await coldPage.waitForLoadState('networkidle');
      await Promise.all(pending);
      const firstSet = firstLoadSet(sources, messageChunks);
      const sum = (/** @type {string[]} */ files) => files.reduce((n, f) => n + (scripts.get(f) ?? 0), 0);
      const first = [...scripts.keys()].filter((f) => firstSet.has(f));
      const deferred = [...scripts.keys()].filter((f) => !firstSet.has(f));
      await cold.close();
      const list = (/** @type {string[]} */ files) =>
        files.map((f) => ({ file: f, gzipBytes: scripts.get(f) ?? 0 })).sort((a, b) => b.gzipBytes - a.gzipBytes);
      const bytes = sum(first);
      return {
        firstLoad: {
          jsGzipBytes: bytes,
          budgetBytes: BUDGET_BYTES,
          withinBudget: bytes <= BUDGET_BYTES,
          files: list(first)
        },
        deferred: { jsGzipBytes: sum(deferred), files: list(deferred) }
      };
    };
    const signInLoad = await firstLoadOf('/login', undefined, (p) =>
      p.getByRole('button', { name: '登录' }).waitFor({ timeout: 60_000 })
    );
    // home: until the sync engine, loaded after the first screen, has pulled
    const homeLoad = await firstLoadOf('/', signedIn, async (p) => {
      const pulled = p.waitForResponse((r) => r.url().includes('/rpc/sync_pull'), { timeout: 60_000 });
      await greeting(p);
      await pulled;
    });

    // 2. Offline start under a 4× slower CPU, served by the service worker and IndexedDB.
    log('measuring the offline start');
    await context.setOffline(true);
    await page.addInitScript((name) => {
      const w = /** @type {Window & { __homeShownAt?: number }} */ (window);
      const check = () => {
        if (w.__homeShownAt === undefined && document.querySelector('h1')?.textContent?.includes(name)) {
          w.__homeShownAt = performance.now();
        }
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
    }, CADRE.name);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('/');
      await greeting(page);
      times.push(await page.evaluate(() => /** @type {any} */ (window).__homeShownAt));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await context.close();

    const sorted = [...times].sort((a, b) => a - b);
    return {
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        chromium: browser.version()
      },
      firstLoad: homeLoad.firstLoad,
      deferred: homeLoad.deferred,
      signIn: signInLoad,
      offlineHome: {
        cpuSlowdown: 4,
        runs,
        medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]),
        minMs: Math.round(sorted[0]),
        maxMs: Math.round(sorted[sorted.length - 1])
      }
    };
  } finally {
    await browser.close();
    await stack.close();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const build = !process.argv.includes('--no-build');
  const result = await benchFirstLoad({ build, log: (line) => console.error(`[first-load] ${line}`) });
  console.log(JSON.stringify(result, null, 2));
}
