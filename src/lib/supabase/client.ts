// The one supabase-js client of the app. Loaded on demand (sign-in, sign-out, sync), never on the
// first screen: the shell reads the session from localStorage itself (session.svelte.ts).
import type { SupabaseClient } from '@supabase/supabase-js';
import { events } from '$lib/events';
import { AUTH_STORAGE_KEY, supabaseAnonKey, supabaseUrl } from './config';
import { session } from './session.svelte';

let client: Promise<SupabaseClient> | null = null;

export function getSupabase(): Promise<SupabaseClient> {
  client ??= create();
  return client;
}

async function create(): Promise<SupabaseClient> {
  const { createClient } = await import('@supabase/supabase-js');
  const supabase = createClient(supabaseUrl(), supabaseAnonKey(), {
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
      storageKey: AUTH_STORAGE_KEY
    }
  });
  supabase.auth.onAuthStateChange((event) => {
    const before = session.userId;
    session.reload();
    // The server refused the refresh token (revoked, or signed out elsewhere): the person must sign
    // in again. Local data and the outbox stay; only a deliberate sign-out wipes them.
    if (event === 'SIGNED_OUT' && before && !session.signingOut) {
      events.emit('auth.session-expired', { userId: before });
    }
  });
  return supabase;
}
