// The review queue, read from the local database: what RLS let this supervisor pull is their
// scope, so the queue is every assessment waiting at their sign level, except their own.
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import type { Appointment, AppointmentSignature, Assessment, AssessmentSignature, Profile, Unit } from '$lib/schema';
import { isLive } from '$lib/db/rebase';

/** The status an assessment waits in for a signer of each level. */
export const AWAITING: Record<number, Assessment['status']> = { 1: 'submitted', 2: 'signed_1', 3: 'signed_2' };
const LEVEL_OF_STATUS: Partial<Record<Assessment['status'], number>> = { submitted: 1, signed_1: 2, signed_2: 3 };

/** The level whose signature an assessment waits for; null when it waits for none. */
export function awaitedLevel(status: Assessment['status']): number | null {
  return LEVEL_OF_STATUS[status] ?? null;
}

export interface QueueItem {
  assessment: Assessment;
  cadre: Profile | undefined;
  unit: Unit | undefined;
  /** My signature on this version, not yet synced: the item leaves the queue once the server moves it. */
  mine: AssessmentSignature | undefined;
}

/**
 * A live signature of `signerId` given on the assessment's current content: the server voids a
 * signature when the content changes, and a local one that has not synced yet counts too.
 */
export function myLiveSignature(
  signatures: readonly AssessmentSignature[],
  assessment: Assessment,
  signerId: string
): AssessmentSignature | undefined {
  return signatures.find(
    (s) => isLive(s) && !s.voided_at && s.signer_id === signerId && s.assessment_version >= assessment.version
  );
}

export async function reviewQueue(db: FrontlineDB, me: Profile): Promise<QueueItem[]> {
  const status = me.sign_level ? AWAITING[me.sign_level] : undefined;
  if (!status) return [];
  const waiting = (await db.assessments.where('status').equals(status).toArray()).filter(
    (a) => isLive(a) && a.cadre_id !== me.id
  );
  const signatures = await db.assessment_signatures
    .where('assessment_id')
    .anyOf(waiting.map((a) => a.id))
    .toArray();
  return (
    await queueOf(db, waiting, (a) =>
      myLiveSignature(
        signatures.filter((s) => s.assessment_id === a.id),
        a,
        me.id
      )
    )
  ).map(({ record, ...rest }) => ({ assessment: record, ...rest }));
}

/** The status an appointment waits in for a signer of each level. */
const AWAITING_APPOINTMENT: Record<number, Appointment['status']> = { 1: 'noticed', 2: 'signed_1', 3: 'signed_2' };

export interface AppointmentQueueItem {
  appointment: Appointment;
  cadre: Profile | undefined;
  unit: Unit | undefined;
  /** the unit the cadre is appointed to (a removal has none) */
  toUnit: Unit | undefined;
  mine: AppointmentSignature | undefined;
}

/** The appointments of my scope waiting at my level (RLS sent only the submitted ones). */
export async function appointmentQueue(db: FrontlineDB, me: Profile): Promise<AppointmentQueueItem[]> {
  const status = me.sign_level ? AWAITING_APPOINTMENT[me.sign_level] : undefined;
  if (!status) return [];
  const waiting = (await db.appointments.where('status').equals(status).toArray()).filter(
    (a) => isLive(a) && a.cadre_id !== me.id
  );
  const signatures = await db.appointment_signatures
    .where('appointment_id')
    .anyOf(waiting.map((a) => a.id))
    .toArray();
  const mine = (a: Appointment) =>
    signatures.find(
      (s) =>
        s.appointment_id === a.id &&
        isLive(s) &&
        !s.voided_at &&
        s.signer_id === me.id &&
        s.appointment_version >= a.version
    );
  const toUnits = new Map(
    (await db.units.bulkGet(waiting.map((a) => a.to_unit_id ?? ''))).flatMap((u) => (u ? [[u.id, u] as const] : []))
  );
  return (await queueOf(db, waiting, mine)).map(({ record, ...rest }) => ({
    appointment: record,
    toUnit: toUnits.get(record.to_unit_id ?? ''),
    ...rest
  }));
}

/** Records with their cadre and unit and my signature; the ones I have not signed first, oldest submission first. */
async function queueOf<R extends { id: string; cadre_id: string; submitted_at: string | null }, S>(
  db: FrontlineDB,
  waiting: R[],
  mineOf: (record: R) => S | undefined
): Promise<{ record: R; cadre: Profile | undefined; unit: Unit | undefined; mine: S | undefined }[]> {
  const cadres = await db.profiles.bulkGet(waiting.map((a) => a.cadre_id));
  const units = await db.units.bulkGet(cadres.map((c) => c?.unit_id ?? ''));
  return waiting
    .map((record, i) => ({ record, cadre: cadres[i], unit: units[i], mine: mineOf(record) }))
    .sort(
      (a, b) =>
        Number(!!a.mine) - Number(!!b.mine) ||
        (a.record.submitted_at ?? '').localeCompare(b.record.submitted_at ?? '') ||
        a.record.id.localeCompare(b.record.id)
    );
}

/** The outbox entries of a signature that need the person: a conflict or a refusal. */
export function troubleOf(entries: readonly OutboxEntry[], signatureId: string): OutboxEntry | undefined {
  return entries.find((e) => e.table === 'assessment_signatures' && e.row_id === signatureId && e.state !== 'pending');
}
