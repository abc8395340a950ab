import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // One static SPA: every path falls back to index.html, which the service worker precaches,
    // so any route opens offline.
    adapter: adapter({ fallback: 'index.html', strict: true }),
    // The service worker comes from @vite-pwa/sveltekit, not SvelteKit's own.
    serviceWorker: { register: false },
    version: { pollInterval: 0 }
  }
};

export default config;
