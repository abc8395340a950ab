// The Supabase CLI's default local secret and API keys. The app uses these as its defaults, so the
// same build talks to this server and to `supabase start` without a change. Never use in production.

/** The CLI's default `auth.jwt_secret`: what both stacks sign and verify tokens with. */
export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

/** {"iss":"supabase-demo","role":"anon","exp":1983812996} signed with LOCAL_JWT_SECRET (HS256). */
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';

/** {"iss":"supabase-demo","role":"service_role","exp":1983812996} signed with LOCAL_JWT_SECRET. */
export const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

/** The port `supabase start` serves its API on, and so do we. */
export const LOCAL_API_PORT = 54321;
