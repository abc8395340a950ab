import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// FRONTLINE_BUILD_DIR writes the site somewhere else than build/ (the end-to-end run and the bench
// serve their own copy, so a parallel `npm start` or `npm run build` cannot swap files under them).
// SvelteKit's own outDir stays .svelte-kit: @vite-pwa/sveltekit looks for the service worker there.
const buildDir = process.env.FRONTLINE_BUILD_DIR;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // One static SPA: every path falls back to index.html, which the service worker precaches,
    // so any route opens offline.
    adapter: adapter({
      pages: buildDir ?? 'build',
      assets: buildDir ?? 'build',
      fallback: 'index.html',
      strict: true
    }),
    // The service worker comes from @vite-pwa/sveltekit, not SvelteKit's own.
    serviceWorker: { register: false },
    version: { pollInterval: 0 }
  }
};

export default config;
