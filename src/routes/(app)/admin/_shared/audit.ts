// The audit view of one record, read online through public.audit_trail (audit_log is not
// synced): RLS decides what the caller sees.
import { getSupabase } from '$lib/supabase/client';
import type { TableName } from '$lib/schema';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  actor_name: string | null;
  op: 'INSERT' | 'UPDATE' | 'DELETE';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}

const BOOKKEEPING = new Set(['version', 'txid', 'updated_at', 'updated_by', 'content_hash']);

export async function auditTrail(table: TableName, rowId: string): Promise<AuditEntry[]> {
  const supabase = await getSupabase();
  const { data, error } = await supabase.rpc('audit_trail', { table_name: table, row_id: rowId });
  if (error) throw new AuditError(error.message);
  return (data ?? []) as AuditEntry[];
}

/** The fields a change touched, with their values before and after (sync bookkeeping left out). */
export function changedFields(entry: AuditEntry): { field: string; before: unknown; after: unknown }[] {
  const keys = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const field of keys) {
    if (BOOKKEEPING.has(field) || field === 'id') continue;
    const before = entry.before?.[field] ?? null;
    const after = entry.after?.[field] ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ field, before, after });
  }
  return out;
}
