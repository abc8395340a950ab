// Sync payloads, both directions (design.md "Sync contract"): parsed at the trust boundary.
import * as z from 'zod/mini';
import { TABLES } from './tables';

export const mutationSchema = z.object({
  mutation_id: z.uuid(),
  table: z.enum(TABLES as [string, ...string[]]),
  op: z.enum(['upsert', 'delete']),
  id: z.uuid(),
  patch: z.record(z.string(), z.unknown()),
  base_version: z.nullable(z.number())
});

export const pushResultSchema = z.object({
  // null only when the server could not read a mutation's id at all (garbage input)
  mutation_id: z.nullable(z.string()),
  status: z.enum(['applied', 'duplicate', 'conflict', 'rejected']),
  version: z.optional(z.nullable(z.number())),
  code: z.optional(z.nullable(z.string())),
  message: z.optional(z.nullable(z.string())),
  row: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  /** the table of `row`: for a signature conflict, the assessment it belongs to */
  row_table: z.optional(z.nullable(z.string())),
  /** on a duplicate: what the first delivery was answered */
  original_status: z.optional(z.nullable(z.enum(['applied', 'conflict', 'rejected'])))
});

export const pushResponseSchema = z.object({ results: z.array(pushResultSchema) });

export const pullResponseSchema = z.object({
  rows: z.array(z.object({ table: z.string(), row: z.record(z.string(), z.unknown()) })),
  checkpoint: z.unknown(),
  has_more: z.boolean(),
  reset: z.optional(z.boolean()),
  /** On a pass's last page: how long an open transaction on the server has held the watermark back. */
  held_back_seconds: z.optional(z.number())
});

export type Mutation = z.infer<typeof mutationSchema>;
export type PushResult = z.infer<typeof pushResultSchema>;
export type PullResponse = z.infer<typeof pullResponseSchema>;
