// Everything the review screen shows of one assessment, read from the local database in one
// query so that a sync pull or a write anywhere refreshes the whole screen consistently.
import type { FrontlineDB, OutboxEntry } from '$lib/db/database';
import type {
  Assessment,
  AssessmentSignature,
  Attendance,
  Posting,
  Profile,
  TrainingSession,
  Unit,
  WorkLog
} from '$lib/schema';
import { isLive } from '$lib/db/rebase';
import { entriesOf } from '$lib/db/row-state';
import { credits, sumHours } from '$lib/domain/credit-hours';
import { WORK_LOG_CATEGORIES } from '$lib/schema/enums';

export interface AttendedSession {
  session: TrainingSession;
  attendance: Attendance;
}

export interface ReviewDetail {
  assessment: Assessment;
  cadre: Profile | undefined;
  unit: Unit | undefined;
  postings: (Posting & { toUnit: string | null })[];
  logs: { total: number; byCategory: Record<WorkLog['category'], number> };
  trainings: AttendedSession[];
  creditHours: number;
  signatures: (AssessmentSignature & { signerName: string | null })[];
  /** Unsynced or troubled changes of the assessment itself (rating, comment). */
  assessmentEntries: OutboxEntry[];
  /** Per signature id: its outbox entries. */
  signatureEntries: Map<string, OutboxEntry[]>;
}

export async function reviewDetail(db: FrontlineDB, id: string): Promise<ReviewDetail | null> {
  const assessment = await db.assessments.get(id);
  if (!assessment || !isLive(assessment)) return null;
  const [cadre, postings, logs, attendance, signatures] = await Promise.all([
    db.profiles.get(assessment.cadre_id),
    db.postings.where('cadre_id').equals(assessment.cadre_id).filter(isLive).toArray(),
    db.work_logs
      .where('[cadre_id+log_date]')
      .between([assessment.cadre_id, assessment.period_start], [assessment.cadre_id, assessment.period_end], true, true)
      .filter(isLive)
      .toArray(),
    db.attendance.where('cadre_id').equals(assessment.cadre_id).filter(isLive).toArray(),
    db.assessment_signatures.where('assessment_id').equals(id).filter(isLive).toArray()
  ]);
  const unit = cadre?.unit_id ? await db.units.get(cadre.unit_id) : undefined;
  const postingUnits = await db.units.bulkGet(postings.map((p) => p.to_unit_id));
  const sessions = (await db.training_sessions.bulkGet(attendance.map((a) => a.session_id))).filter(
    (s): s is TrainingSession => !!s && isLive(s)
  );
  const inPeriod = sessions.filter((s) => {
    const day = s.starts_at.slice(0, 10);
    return day >= assessment.period_start && day <= assessment.period_end;
  });
  const sessionIds = new Set(inPeriod.map((s) => s.id));
  const trainings = attendance
    .filter((a) => sessionIds.has(a.session_id))
    .map((a) => ({ attendance: a, session: inPeriod.find((s) => s.id === a.session_id)! }))
    .sort((a, b) => a.session.starts_at.localeCompare(b.session.starts_at));
  const creditHours = sumHours(
    credits(
      trainings.map((t) => t.attendance),
      inPeriod
    ).map((c) => c.hours)
  );

  const byCategory = Object.fromEntries(WORK_LOG_CATEGORIES.map((c) => [c, 0])) as Record<WorkLog['category'], number>;
  for (const log of logs) byCategory[log.category] += 1;

  const signers = await db.profiles.bulkGet(signatures.map((s) => s.signer_id));
  const signatureEntries = new Map<string, OutboxEntry[]>();
  for (const s of signatures) signatureEntries.set(s.id, await entriesOf(db, 'assessment_signatures', s.id));

  return {
    assessment,
    cadre,
    unit,
    postings: postings
      .map((p, i) => ({ ...p, toUnit: postingUnits[i]?.name ?? null }))
      .sort((a, b) => b.starts_on.localeCompare(a.starts_on)),
    logs: { total: logs.length, byCategory },
    trainings,
    creditHours,
    signatures: signatures
      .map((s, i) => ({ ...s, signerName: signers[i]?.full_name ?? null }))
      .sort((a, b) => a.signed_at.localeCompare(b.signed_at) || a.level - b.level),
    assessmentEntries: await entriesOf(db, 'assessments', id),
    signatureEntries
  };
}
