// What the sign panel and the chain need of an assessment or an appointment and its signatures.
import type { OutboxEntry } from '$lib/db/database';
import type { AppointmentSignature, AssessmentSignature } from '$lib/schema';

export type AnySignature = AssessmentSignature | AppointmentSignature;
export type ChainSignature = AnySignature & { signerName: string | null };

export interface SignTarget {
  table: 'assessment_signatures' | 'appointment_signatures';
  record: { id: string; cadre_id: string; status: string; version: number };
  /** The level the record waits for (null: none). */
  awaited: number | null;
  signatures: readonly AnySignature[];
  signatureEntries: Map<string, OutboxEntry[]>;
  /** Unsynced or troubled changes of the record itself: nobody signs content still on its way. */
  recordEntries: OutboxEntry[];
  /** A rule of the awaited level the record does not meet yet (a message key), e.g. the < 3-year report. */
  levelBlocker?: string | null;
}

/** The version of the record a signature was given on. */
export function signedVersion(s: AnySignature): number {
  return 'assessment_version' in s ? s.assessment_version : s.appointment_version;
}
