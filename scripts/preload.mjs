// The first screens' modules, requested with the page instead of one import level at a time.
// The app is one SPA page (index.html opens every route), so SvelteKit preloads only its entry:
// the route's layout and page, what they import, and the screen's messages would each wait for the
// module before them, about one round trip apiece on a rural phone. This step writes into the built
// index.html a small script that picks, from the path and whether a session is stored, the screen
// about to open (sign-in, home, or another signed-in screen) and preloads exactly its modules:
// sign-in never fetches Dexie, the sync engine or supabase-js; home fetches Dexie at once.
// The lists come from Vite's manifest of the same build. The service worker's precache revision of
// index.html is updated to the file's new content.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const generated = '.svelte-kit/generated/client-optimized';
/** Where supabase-js keeps the session (src/lib/supabase/config.ts) and the person's role hint. */
const AUTH_STORAGE_KEY = 'frontline-auth';
export const ROLE_HINT_KEY = 'frontline-role';
/** The namespaces each role's home loads (one list, shared with src/routes/(app)/+layout.ts). */
const HOME_NAMESPACES = JSON.parse(readFileSync(join(root, 'src/lib/i18n/role-namespaces.json'), 'utf8'));

/** @typedef {{ file: string, name?: string, imports?: string[], css?: string[] }} Chunk */

/** The generated node module (manifest key) whose route files include `source`. */
function nodeOf(/** @type {string} */ source) {
  for (const name of readdirSync(join(root, generated, 'nodes'))) {
    const text = readFileSync(join(root, generated, 'nodes', name), 'utf8');
    if (text.includes(`src/routes/${source}`)) return `${generated}/nodes/${name}`;
  }
  throw new Error(`no SvelteKit node holds src/routes/${source}`);
}

/**
 * @param {Record<string, Chunk>} manifest
 * @param {string[]} keys
 * @returns {string[]} the files (scripts and styles) of these manifest entries and their static imports
 */
function closure(manifest, keys) {
  /** @type {Set<string>} */
  const files = new Set();
  const seen = new Set();
  const visit = (/** @type {string} */ key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    const chunk = manifest[key];
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const i of chunk.imports ?? []) visit(i);
  };
  keys.forEach(visit);
  return [...files];
}

/** @param {string} buildDir the adapter's output (index.html, sw.js) */
export function writePreloads(buildDir) {
  /** @type {Record<string, Chunk>} */
  const manifest = JSON.parse(readFileSync(join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8'));
  const html = join(buildDir, 'index.html');
  let page = readFileSync(html, 'utf8');
  // what SvelteKit preloads already
  const already = new Set([...page.matchAll(/href="\/([^"]+)"/g)].map((m) => m[1]));

  const shell = [nodeOf('+layout.svelte'), `${generated}/nodes/1.js`];
  const screens = {
    login: closure(manifest, [...shell, nodeOf('login/+page.svelte')]),
    home: closure(manifest, [...shell, nodeOf('(app)/+layout.svelte'), nodeOf('(app)/+page.svelte')]),
    app: closure(manifest, [...shell, nodeOf('(app)/+layout.svelte')])
  };
  /** @type {Record<string, Record<string, string>>} locale → namespace → its file */
  const messages = { 'zh-CN': {}, en: {} };
  for (const chunk of Object.values(manifest)) {
    // vite.config.ts names each namespace's chunk messages-<namespace>-<locale>
    const m = /^messages-(\w+)-(zh-CN|en)$/.exec(chunk.name ?? '');
    if (m) messages[m[2]][m[1]] = chunk.file;
  }

  // one list of files, each screen and namespace an index into it: the script stays small
  /** @type {string[]} */
  const files = [];
  const index = (/** @type {string} */ f) => (files.includes(f) ? files.indexOf(f) : files.push(f) - 1);
  const sets = Object.fromEntries(
    Object.entries(screens).map(([name, list]) => [name, list.filter((f) => !already.has(f)).map(index)])
  );
  const ns = Object.fromEntries(
    Object.entries(messages).map(([locale, byNs]) => [
      locale,
      Object.fromEntries(Object.entries(byNs).map(([name, f]) => [name, index(f)]))
    ])
  );
  const script = `<script>
      // The screen about to open, and its modules fetched now (scripts/preload.mjs).
      (function () {
        var f = ${JSON.stringify(files)};
        var s = ${JSON.stringify(sets)};
        var ns = ${JSON.stringify(ns)};
        var roles = ${JSON.stringify(HOME_NAMESPACES)};
        try {
          var signedIn = /"refresh_token"/.test(localStorage.getItem(${JSON.stringify(AUTH_STORAGE_KEY)}) || '');
          var path = location.pathname;
          var screen = !signedIn || path === '/login' ? 'login' : path === '/' ? 'home' : 'app';
          var list = s[screen].slice();
          if (screen === 'home') {
            var locale = document.documentElement.lang === 'en' ? 'en' : 'zh-CN';
            (roles[localStorage.getItem(${JSON.stringify(ROLE_HINT_KEY)})] || []).forEach(function (n) {
              if (ns[locale][n] !== undefined) list.push(ns[locale][n]);
              if (locale !== 'zh-CN' && ns['zh-CN'][n] !== undefined) list.push(ns['zh-CN'][n]);
            });
          }
          list.forEach(function (i) {
            var link = document.createElement('link');
            var css = /\\.css$/.test(f[i]);
            link.rel = css ? 'preload' : 'modulepreload';
            // SvelteKit adds each style with crossorigin: the preload must match to be used
            if (css) {
              link.as = 'style';
              link.crossOrigin = '';
            }
            link.href = '/' + f[i];
            document.head.appendChild(link);
          });
        } catch (e) {}
      })();
    </script>
  `;
  if (!page.includes('</head>')) throw new Error(`${html} has no </head>`);
  page = page.replace(/<script>\s*\/\/ The screen about to open[\s\S]*?<\/script>\s*/, '');
  const at = page.search(/<link href="\/_app\/immutable\/entry\/start/);
  if (at < 0) throw new Error(`${html}: SvelteKit's preload of its entry is not where it was`);
  page = `${page.slice(0, at)}${script}${page.slice(at)}`;
  writeFileSync(html, page);

  // the service worker's copy of index.html follows the new content
  const sw = join(buildDir, 'sw.js');
  if (existsSync(sw)) {
    const revision = createHash('md5').update(page).digest('hex');
    const text = readFileSync(sw, 'utf8');
    const next = text.replace(/(\{url:"index\.html",revision:")[0-9a-f]+(")/, `$1${revision}$2`);
    if (next === text && !text.includes(revision)) throw new Error('sw.js: no precache entry for index.html');
    writeFileSync(sw, next);
  }
  return Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, v.length]));
}
