// One zod schema per record of design.md: the only definition of each record's shape.
// Forms, Dexie rows and sync payloads all parse with these; types come from z.infer.
import * as z from 'zod/mini';
import * as E from './enums';
import { isoDate, isoDateTime, numberBetween, oneOf, optionalText, syncColumns, text, uuid } from './fields';

const endAfterStart = <T extends { [k: string]: unknown }>(start: keyof T, end: keyof T, strict: boolean) =>
  z.refine<T>(
    (r) => {
      const a = r[start] as string | null | undefined;
      const b = r[end] as string | null | undefined;
      return !a || !b || (strict ? b > a : b >= a);
    },
    { error: 'validation.end_after_start', path: [end as string] }
  );

export const unitSchema = z.object({
  ...syncColumns,
  name: text(1, 200),
  kind: oneOf(E.UNIT_KINDS),
  parent_id: z.nullable(uuid()),
  development: z.nullable(oneOf(E.DEVELOPMENT))
});

export const profileSchema = z.object({
  ...syncColumns,
  full_name: text(1, 100),
  gender: z.nullable(oneOf(E.GENDERS)),
  birth_date: z.nullable(isoDate()),
  education: z.nullable(oneOf(E.EDUCATION)),
  rank: z.nullable(oneOf(E.RANKS)),
  is_leader: z.boolean(),
  post_title: z.nullable(text(1, 200)),
  unit_id: z.nullable(uuid()),
  in_unit_since: z.nullable(isoDate()),
  origin: z.nullable(oneOf(E.ORIGINS)),
  role: oneOf(E.ROLES),
  sign_level: z.nullable(z.number().check(z.int(), z.gte(1), z.lte(3))),
  scope_unit_id: z.nullable(uuid())
});

/** What a trainer receives of an enrolled cadre's profile: names and units only. */
export const rosterProfileSchema = z.object({
  ...syncColumns,
  full_name: text(1, 100),
  unit_id: z.nullable(uuid())
});

export const trainingSessionSchema = z
  .object({
    ...syncColumns,
    title: text(1, 200, 'validation.title_length'),
    category: oneOf(E.TRAINING_CATEGORIES),
    trainer_id: uuid(),
    unit_id: z.nullable(uuid()),
    venue: optionalText(200),
    starts_at: isoDateTime(),
    ends_at: isoDateTime(),
    credit_hours: numberBetween(0, 100, 'validation.credit_hours'),
    checkin_opens_at: z.nullable(isoDateTime()),
    checkin_closes_at: z.nullable(isoDateTime()),
    closed_at: z.nullable(isoDateTime())
  })
  .check(endAfterStart('starts_at', 'ends_at', true));

export const trainingSessionSecretSchema = z.object({
  ...syncColumns,
  session_id: uuid(),
  secret: text(16, 200)
});

export const attendanceSchema = z.object({
  ...syncColumns,
  session_id: uuid(),
  cadre_id: uuid(),
  status: oneOf(E.ATTENDANCE_STATUSES),
  method: z.nullable(oneOf(E.ATTENDANCE_METHODS)),
  checkin_code: optionalText(200),
  checked_in_at: z.nullable(isoDateTime()),
  score: z.nullable(numberBetween(0, 100, 'validation.score')),
  remark: optionalText(1000),
  marked_by: z.nullable(uuid()),
  marked_at: z.nullable(isoDateTime())
});

export const postingSchema = z
  .object({
    ...syncColumns,
    cadre_id: uuid(),
    kind: oneOf(E.POSTING_KINDS),
    from_unit_id: z.nullable(uuid()),
    to_unit_id: uuid(),
    title: z.nullable(text(1, 200, 'validation.title_length')),
    starts_on: isoDate(),
    planned_end_on: z.nullable(isoDate()),
    ended_on: z.nullable(isoDate())
  })
  .check(endAfterStart('starts_on', 'planned_end_on', true), endAfterStart('starts_on', 'ended_on', false));

export const workLogSchema = z.object({
  ...syncColumns,
  cadre_id: uuid(),
  posting_id: z.nullable(uuid()),
  log_date: isoDate(),
  category: oneOf(E.WORK_LOG_CATEGORIES),
  body: text(1, 5000, 'validation.body_length')
});

export const postingReportSchema = z.object({
  ...syncColumns,
  posting_id: uuid(),
  cadre_id: uuid(),
  month: isoDate().check(z.refine((m) => m.endsWith('-01'), { error: 'validation.first_of_month' })),
  summary: text(1, 5000, 'validation.body_length'),
  submitted_at: z.nullable(isoDateTime())
});

export const assessmentSchema = z
  .object({
    ...syncColumns,
    cadre_id: uuid(),
    kind: oneOf(E.ASSESSMENT_KINDS),
    period_start: isoDate(),
    period_end: isoDate(),
    posting_id: z.nullable(uuid()),
    session_id: z.nullable(uuid()),
    self_summary: optionalText(5000),
    rating: z.nullable(oneOf(E.RATINGS)),
    supervisor_comment: optionalText(2000),
    status: oneOf(E.ASSESSMENT_STATUSES),
    submitted_at: z.nullable(isoDateTime())
  })
  .check(endAfterStart('period_start', 'period_end', false));

export const assessmentSignatureSchema = z
  .object({
    ...syncColumns,
    assessment_id: uuid(),
    assessment_version: z.number(),
    level: z.number().check(z.int(), z.gte(1), z.lte(3)),
    signer_id: uuid(),
    decision: oneOf(E.DECISIONS),
    comment: optionalText(2000),
    content_hash: z.nullable(z.string()),
    signed_at: isoDateTime(),
    voided_at: z.nullable(isoDateTime())
  })
  .check(
    z.refine((s) => s.decision === 'approve' || !!s.comment?.trim(), {
      error: 'validation.return_needs_comment',
      path: ['comment']
    })
  );

// The appointment register (选拔任用记实): frontline_months, from_frontline, probation_ends_on,
// recorded_by and submitted_at are the database's, whatever a phone sends.
export const appointmentSchema = z
  .object({
    ...syncColumns,
    cadre_id: uuid(),
    kind: oneOf(E.APPOINTMENT_KINDS),
    from_unit_id: z.nullable(uuid()),
    from_post: optionalText(200),
    from_post_since: z.nullable(isoDate()),
    from_head: z.boolean(),
    to_unit_id: z.nullable(uuid()),
    to_post: optionalText(200),
    to_leadership: z.boolean(),
    team_adjustment: z.boolean(),
    effective_on: isoDate(),
    reasons: text(1, 5000, 'validation.reasons_length'),
    frontline_months: z.nullable(z.number()),
    from_frontline: z.nullable(z.boolean()),
    probation_ends_on: z.nullable(isoDate()),
    recorded_by: z.nullable(uuid()),
    confirms_id: z.nullable(uuid()),
    discipline_opinion: optionalText(2000),
    discipline_opinion_on: z.nullable(isoDate()),
    province_report_ref: optionalText(200),
    province_report_on: z.nullable(isoDate()),
    status: oneOf(E.APPOINTMENT_STATUSES),
    submitted_at: z.nullable(isoDateTime())
  })
  .check(
    z.refine((a) => a.kind === 'removal' || (!!a.to_unit_id && !!a.to_post?.trim()), {
      error: 'validation.to_required',
      path: ['to_post']
    }),
    z.refine((a) => !a.from_post_since || a.from_post_since <= a.effective_on, {
      error: 'validation.from_post_since_before',
      path: ['from_post_since']
    }),
    z.refine((a) => !a.province_report_ref === !a.province_report_on, {
      error: 'validation.report_whole',
      path: ['province_report_on']
    }),
    z.refine((a) => !a.discipline_opinion === !a.discipline_opinion_on, {
      error: 'validation.opinion_whole',
      path: ['discipline_opinion_on']
    })
  );

export const appointmentNoticeSchema = z
  .object({
    ...syncColumns,
    appointment_id: uuid(),
    starts_on: isoDate(),
    ends_on: isoDate(),
    outcome: oneOf(E.NOTICE_OUTCOMES),
    complaint: optionalText(5000),
    complaint_channel: z.nullable(oneOf(E.COMPLAINT_CHANNELS)),
    handling: optionalText(5000)
  })
  .check(
    endAfterStart('starts_on', 'ends_on', false),
    z.refine((n) => !n.complaint_channel || !!n.complaint, {
      error: 'validation.channel_needs_complaint',
      path: ['complaint']
    })
  );

export const appointmentSignatureSchema = z
  .object({
    ...syncColumns,
    appointment_id: uuid(),
    appointment_version: z.number(),
    level: z.number().check(z.int(), z.gte(1), z.lte(3)),
    signer_id: uuid(),
    decision: oneOf(E.DECISIONS),
    comment: optionalText(2000),
    content_hash: z.nullable(z.string()),
    signed_at: isoDateTime(),
    voided_at: z.nullable(isoDateTime())
  })
  .check(
    z.refine((s) => s.decision === 'approve' || !!s.comment?.trim(), {
      error: 'validation.return_needs_comment',
      path: ['comment']
    })
  );

export const settingSchema = z.object({
  ...syncColumns,
  key: z.string().check(z.regex(/^[a-z][a-z0-9_]{0,62}$/)),
  value: z.unknown()
});

export type Unit = z.infer<typeof unitSchema>;
export type Profile = z.infer<typeof profileSchema>;
export type RosterProfile = z.infer<typeof rosterProfileSchema>;
export type TrainingSession = z.infer<typeof trainingSessionSchema>;
export type TrainingSessionSecret = z.infer<typeof trainingSessionSecretSchema>;
export type Attendance = z.infer<typeof attendanceSchema>;
export type Posting = z.infer<typeof postingSchema>;
export type WorkLog = z.infer<typeof workLogSchema>;
export type PostingReport = z.infer<typeof postingReportSchema>;
export type Assessment = z.infer<typeof assessmentSchema>;
export type AssessmentSignature = z.infer<typeof assessmentSignatureSchema>;
export type Appointment = z.infer<typeof appointmentSchema>;
export type AppointmentNotice = z.infer<typeof appointmentNoticeSchema>;
export type AppointmentSignature = z.infer<typeof appointmentSignatureSchema>;
export type Setting = z.infer<typeof settingSchema>;
