// See https://svelte.dev/docs/kit/types#app.d.ts
/// <reference types="vite-plugin-pwa/client" />

declare global {
  /** package.json version, stamped at build time. */
  const __APP_VERSION__: string;
  /** When this build was made (ISO). */
  const __BUILD_TIME__: string;
  /** PUBLIC_SUPABASE_URL at build time; empty: the page's own origin. */
  const __SUPABASE_URL__: string;
  /** PUBLIC_SUPABASE_ANON_KEY at build time; empty: the local CLI anon key. */
  const __SUPABASE_ANON_KEY__: string;

  namespace App {
    // interface Error {}
    // interface Locals {}
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
