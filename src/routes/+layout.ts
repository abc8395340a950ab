// A single-page app: no server rendering, no prerendering; adapter-static's index.html fallback
// (precached by the service worker) opens every route, online or not.
import { i18n } from '$lib/i18n/i18n.svelte';
import type { LayoutLoad } from './$types';

export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';

export const load: LayoutLoad = async () => {
  await i18n.init();
};
