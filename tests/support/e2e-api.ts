// Test data set up the way another person's phone would make it: a demo account signs in to the
// stack under test and pushes or pulls through the same RPCs the app uses.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { LOCAL_ANON_KEY } from '../../supabase/local/keys.js';
import { DEMO_PASSWORD } from './e2e-helpers';

export const DEMO_IDS = {
  admin: '20000000-0000-4000-8000-000000000001',
  supervisor1: '20000000-0000-4000-8000-000000000002',
  supervisor2: '20000000-0000-4000-8000-000000000003',
  supervisor3: '20000000-0000-4000-8000-000000000004',
  cadre: '20000000-0000-4000-8000-000000000006'
} as const;

export interface PushResult {
  mutation_id: string;
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  version?: number;
  code?: string;
  message?: string;
}

class NoWebSocket {}

export class Api {
  private constructor(readonly client: SupabaseClient) {}

  static async signIn(baseURL: string, email: string): Promise<Api> {
    const client = createClient(baseURL, LOCAL_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: NoWebSocket as never }
    });
    const { error } = await client.auth.signInWithPassword({ email, password: DEMO_PASSWORD });
    if (error) throw error;
    return new Api(client);
  }

  async push(
    table: string,
    id: string,
    patch: Record<string, unknown>,
    baseVersion: number | null = null
  ): Promise<PushResult> {
    const mutation = { mutation_id: crypto.randomUUID(), table, op: 'upsert', id, patch, base_version: baseVersion };
    const { data, error } = await this.client.rpc('sync_push', { mutations: [mutation] });
    if (error) throw error;
    return (data as { results: PushResult[] }).results[0];
  }

  /** Every row of a table this person may see, as a fresh phone would pull it. */
  async rows<T = Record<string, unknown>>(table: string): Promise<T[]> {
    const out: T[] = [];
    let checkpoint: unknown = null;
    for (;;) {
      const { data, error } = await this.client.rpc('sync_pull', { checkpoint, max_rows: 5000 });
      if (error) throw error;
      const page = data as { rows: { table: string; row: T }[]; checkpoint: unknown; has_more: boolean };
      for (const r of page.rows) if (r.table === table) out.push(r.row);
      checkpoint = page.checkpoint;
      if (!page.has_more) return out;
    }
  }

  async row<T = Record<string, unknown>>(table: string, id: string): Promise<T | undefined> {
    return (await this.rows<T & { id: string }>(table)).find((r) => r.id === id);
  }
}
