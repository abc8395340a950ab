// Where the API is. Kept apart from client.ts so reading the session offline never pulls in
// supabase-js.

/** The Supabase CLI's local anon key (iss supabase-demo): what `supabase start` and supabase/local accept. */
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

/** Where supabase-js keeps the session in localStorage; fixed so the shell can read it offline. */
export const AUTH_STORAGE_KEY = 'frontline-auth';

/** PUBLIC_SUPABASE_URL, or this page's origin: the local stack serves the app and the API together. */
export function supabaseUrl(): string {
  return __SUPABASE_URL__ || globalThis.location.origin;
}

export function supabaseAnonKey(): string {
  return __SUPABASE_ANON_KEY__ || LOCAL_ANON_KEY;
}
