// The local stack started in-process for a test: the database it runs on, the server on a free
// port, and supabase-js clients pointed at it the way the app points them.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { openDatabase, type Database } from '../../supabase/local/database.js';
import { createLocalStack, type LocalStack } from '../../supabase/local/server.js';
import { LOCAL_ANON_KEY } from '../../supabase/local/keys.js';

export const DEMO_PASSWORD = 'frontline-demo';
export const DEMO_ACCOUNTS = [
  'admin@demo.local',
  'supervisor1@demo.local',
  'supervisor2@demo.local',
  'supervisor3@demo.local',
  'trainer@demo.local',
  'cadre@demo.local'
] as const;

export interface RunningStack {
  db: Database;
  stack: LocalStack;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database (a Postgres URL, else PGlite in memory) and serves it on a random port. */
export async function startStack(
  opts: {
    url?: string;
    dataDir?: string;
    seed?: boolean;
    jwtExpiry?: number;
    refreshTokenReuseInterval?: number;
    appDir?: string;
  } = {}
): Promise<RunningStack> {
  const db = await openDatabase({ url: opts.url, dataDir: opts.dataDir ?? 'memory://', seed: opts.seed ?? true });
  const stack = await createLocalStack({
    db,
    port: 0,
    jwtExpiry: opts.jwtExpiry,
    refreshTokenReuseInterval: opts.refreshTokenReuseInterval,
    appDir: opts.appDir
  });
  return {
    db,
    stack,
    url: stack.url,
    async stop() {
      await stack.close();
      await db.close();
    }
  };
}

// Node 20 has no WebSocket; the app never opens a realtime channel, so a stub constructor will do.
class NoWebSocket {}

/** A client as the app makes one: the anon key, no persisted session, no background refresh. */
export function client(url: string, key: string = LOCAL_ANON_KEY): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: NoWebSocket as never }
  });
}
