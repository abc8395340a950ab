// The app build. Test configuration lives in vitest.config.ts.
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { readFileSync } from 'node:fs';
import { defineConfig, loadEnv } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Modules of the sign-in screen that every screen shares (no Dexie, no sync engine, no supabase-js). */
const SHELL = [
  /node_modules\/(svelte|esm-env|devalue|clsx)\//,
  /node_modules\/@sveltejs\/kit\/src\/(runtime|utils|exports)\//,
  /src\/lib\/i18n\/(i18n\.svelte|translate|catalog|format)\.ts$/,
  /src\/lib\/i18n\/messages\/zh-CN\.json$/,
  /src\/lib\/settings\//,
  /src\/lib\/supabase\/(config|session\.svelte|client|auth|identifier)\.ts$/,
  /src\/lib\/events\.ts$/,
  /src\/lib\/ui\/(Icon|LanguageSwitch|ConfirmDialog|UpdateBanner)\.svelte$/,
  /src\/lib\/ui\/(pwa\.svelte|after-first-screen)\.ts$/
];
/** What a signed-in first screen adds: the local database and what home reads from it. */
const LOCAL = [
  /node_modules\/dexie\//,
  /node_modules\/date-fns\//,
  /src\/lib\/db\/(database|sent|rebase|row-state)\.ts$/,
  /src\/lib\/ui\/(live\.svelte|me|tabs)\.ts$/,
  /src\/lib\/ui\/(StatusStrip|TabBar|SyncBadge)\.svelte$/,
  /src\/lib\/sync\/(keys|status\.svelte)\.ts$/,
  /src\/lib\/domain\/(calendar|posting-progress|credit-hours)\.ts$/
];

const THEME = '#b42318';
const BACKGROUND = '#f7f5f2';

export default defineConfig(({ mode }) => {
  // PUBLIC_SUPABASE_* from the environment or .env files; empty means "the page's own origin and
  // the local CLI key" (see src/lib/supabase/client.ts).
  const env = { ...loadEnv(mode, process.cwd(), 'PUBLIC_'), ...process.env };
  return {
    define: {
      __APP_VERSION__: JSON.stringify(pkg.version),
      __BUILD_TIME__: JSON.stringify(new Date().toISOString()),
      __SUPABASE_URL__: JSON.stringify(env.PUBLIC_SUPABASE_URL ?? ''),
      __SUPABASE_ANON_KEY__: JSON.stringify(env.PUBLIC_SUPABASE_ANON_KEY ?? '')
    },
    build: {
      target: 'es2022',
      reportCompressedSize: false,
      rolldownOptions: {
        output: {
          codeSplitting: {
            // Each message namespace in its own chunk: left to itself the bundler merges them into
            // the shell's i18n chunk, and every screen's strings land in the first load.
            groups: [
              {
                name: (id: string) => {
                  const m = /messages\/(zh-CN|en)\/([\w-]+)\.json$/.exec(id);
                  return m ? `messages-${m[2]}-${m[1]}` : null;
                },
                priority: 2
              },
              // The first screens in two chunks instead of some thirty: what sign-in and every
              // screen share, and what a signed-in screen adds (Dexie and the local data). Left to
              // itself the bundler cuts a chunk per set of importers, and a phone on a 150 ms
              // round trip pays for each file (scripts/preload.mjs fetches them with the page).
              { name: 'shell', test: (id: string) => SHELL.some((r) => r.test(id)), priority: 1 },
              { name: 'local', test: (id: string) => LOCAL.some((r) => r.test(id)), priority: 1 }
            ]
          }
        }
      }
    },
    plugins: [
      sveltekit(),
      SvelteKitPWA({
        registerType: 'prompt',
        // Registered by src/lib/ui/pwa.svelte.ts after the first screen shows.
        injectRegister: false,
        kit: { adapterFallback: 'index.html', spa: true },
        // The worker at the site's root, whatever page registers it: with SvelteKit's relative
        // paths the plugin registers './sw.js', which from a deep link (/admin/postings) is
        // /admin/sw.js, a 404, and the app never becomes available offline.
        base: '/',
        scope: '/',
        manifest: {
          id: '/',
          name: '一线 Frontline',
          short_name: '一线',
          description: '乡镇一线干部的工作日志、培训、考核——离线也能用',
          lang: 'zh-CN',
          dir: 'ltr',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          orientation: 'portrait',
          theme_color: THEME,
          background_color: BACKGROUND,
          icons: [
            { src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
            { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
            { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png' },
            { src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
          ]
        },
        workbox: {
          // The whole shell: every built script, style, page, icon and font, so any route opens
          // with no network. Data never goes through the service worker: it lives in IndexedDB.
          globPatterns: ['client/**/*.{js,css,html,ico,png,svg,webp,woff,woff2,webmanifest}'],
          // Set (empty) so the plugin keeps our patterns instead of adding a prerendered/ one: this
          // SPA prerenders nothing, and index.html is added from the adapter fallback.
          modifyURLPrefix: {},
          navigateFallback: '/index.html',
          // The API shares the origin with the app on the local stack: never answer it from the shell.
          navigateFallbackDenylist: [/^\/(auth|rest|storage|realtime|functions)\/v1\//],
          cleanupOutdatedCaches: true,
          // A new worker waits until the person taps "update" (never mid-edit).
          skipWaiting: false,
          clientsClaim: true,
          maximumFileSizeToCacheInBytes: 4 * 1024 * 1024
        },
        devOptions: { enabled: false }
      })
    ]
  };
});
