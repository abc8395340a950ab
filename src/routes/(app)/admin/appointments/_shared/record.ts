// One appointment with everything its screens show (the department's record, the supervisor's
// signing screen, the printable 记实表), read in one query so a pull refreshes it consistently.
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import { isLive } from '$lib/db/rebase';
import { entriesOf } from '$lib/db/row-state';
import { liveChain, trackingAssessments } from '$lib/domain/appointment-register';
import type { Appointment, AppointmentNotice, AppointmentSignature, Assessment, Profile, Unit } from '$lib/schema';

export interface AppointmentRecord {
  appointment: Appointment;
  cadre: Profile | undefined;
  notice: AppointmentNotice | undefined;
  /** Oldest first, voided ones included (the chain shows them struck through). */
  signatures: (AppointmentSignature & { signerName: string | null })[];
  /** The signatures that still count, by level. */
  chain: Map<number, AppointmentSignature & { signerName: string | null }>;
  /** The promotion a confirmation confirms. */
  confirms: Appointment | undefined;
  /**
   * The probation's tracking assessments (试用期跟踪考核): its own, or those of the promotion it
   * confirms; null when neither has a probation.
   */
  tracking: Assessment[] | null;
  names: Map<string, string>;
  appointmentEntries: OutboxEntry[];
  noticeEntries: OutboxEntry[];
  signatureEntries: Map<string, OutboxEntry[]>;
}

export async function appointmentRecord(db: FrontlineDB, id: string): Promise<AppointmentRecord | null> {
  const appointment = await db.appointments.get(id);
  if (!appointment || !isLive(appointment)) return null;
  const [notices, signatures, units] = await Promise.all([
    db.appointment_notices.where('appointment_id').equals(id).filter(isLive).toArray(),
    db.appointment_signatures.where('appointment_id').equals(id).filter(isLive).toArray(),
    db.units.toArray()
  ]);
  const people = (
    await db.profiles.bulkGet([
      appointment.cadre_id,
      appointment.recorded_by ?? '',
      ...signatures.map((s) => s.signer_id)
    ])
  ).filter((p): p is Profile => !!p);
  const names = new Map<string, string>([
    ...units.map((u: Unit) => [u.id, u.name] as const),
    ...people.map((p) => [p.id, p.full_name] as const)
  ]);
  const named = signatures
    .map((s) => ({ ...s, signerName: names.get(s.signer_id) ?? null }))
    .sort((a, b) => a.signed_at.localeCompare(b.signed_at) || a.level - b.level);
  const signatureEntries = new Map<string, OutboxEntry[]>();
  for (const s of signatures) signatureEntries.set(s.id, await entriesOf(db, 'appointment_signatures', s.id));
  const notice = notices[0];
  const confirms = appointment.confirms_id ? await db.appointments.get(appointment.confirms_id) : undefined;
  const probation = confirms ?? appointment;
  const tracking = probation.probation_ends_on
    ? trackingAssessments(probation, await db.assessments.where('cadre_id').equals(appointment.cadre_id).toArray())
    : null;
  return {
    appointment,
    cadre: people.find((p) => p.id === appointment.cadre_id),
    notice,
    signatures: named,
    chain: liveChain(named),
    confirms,
    tracking,
    names,
    appointmentEntries: await entriesOf(db, 'appointments', id),
    noticeEntries: notice ? await entriesOf(db, 'appointment_notices', notice.id) : [],
    signatureEntries
  };
}

/** The latest live return, if the record came back: its level and comment. */
export function lastReturn(record: AppointmentRecord): AppointmentSignature | undefined {
  return [...record.signatures].reverse().find((s) => s.decision === 'return' && !s.voided_at);
}

/** What the record form chooses from: people, units, and the final promotions a confirmation names. */
export interface FormLists {
  people: Profile[];
  units: Unit[];
  promotions: Appointment[];
}

export const NO_LISTS: FormLists = { people: [], units: [], promotions: [] };

export async function formLists(db: FrontlineDB): Promise<FormLists> {
  return {
    people: (await db.profiles.toArray()).filter(isLive),
    units: (await db.units.toArray()).filter(isLive),
    promotions: (await db.appointments.where('status').equals('final').toArray()).filter(isLive)
  };
}
