// Field builders shared by every record schema. Messages are i18n keys (see $lib/i18n):
// the schema says *what* is wrong, the UI says it in the person's language.
import * as z from 'zod/mini';

export const uuid = () => z.uuid({ error: 'validation.uuid' });
export const isoDate = () => z.iso.date({ error: 'validation.date' });
export const isoDateTime = () => z.iso.datetime({ offset: true, error: 'validation.datetime' });

export const text = (min: number, max: number, key = 'validation.text_length') =>
  z
    .string({ error: 'validation.required' })
    .check(z.minLength(min, { error: min === 1 ? 'validation.required' : key }), z.maxLength(max, { error: key }));

export const optionalText = (max: number) =>
  z.nullable(z.string().check(z.maxLength(max, { error: 'validation.text_length' })));

export const numberBetween = (min: number, max: number, key: string) =>
  z.number({ error: 'validation.number' }).check(z.gte(min, { error: key }), z.lte(max, { error: key }));

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'validation.choose' });

/** The columns the server stamps on every synced row (design.md "Sync columns"). */
export const syncColumns = {
  id: uuid(),
  version: z.number(),
  /** xid8 as text: compared only by the server, kept for debugging */
  txid: z.optional(z.nullable(z.string())),
  updated_at: z.nullable(isoDateTime()),
  updated_by: z.nullable(uuid()),
  deleted_at: z.nullable(isoDateTime())
};

/** Names of the sync columns: the client never sends these in a patch. */
export const SYNC_COLUMNS = ['version', 'txid', 'updated_at', 'updated_by', 'deleted_at'] as const;
