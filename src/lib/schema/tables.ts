// The synced tables, in the order a push must respect: a row comes after the rows it refers to
// (a session before its attendance, an assessment before its signatures).
import type * as z from 'zod/mini';
import * as R from './records';

export const recordSchemas = {
  units: R.unitSchema,
  profiles: R.profileSchema,
  postings: R.postingSchema,
  training_sessions: R.trainingSessionSchema,
  training_session_secrets: R.trainingSessionSecretSchema,
  attendance: R.attendanceSchema,
  work_logs: R.workLogSchema,
  posting_reports: R.postingReportSchema,
  assessments: R.assessmentSchema,
  assessment_signatures: R.assessmentSignatureSchema,
  appointments: R.appointmentSchema,
  appointment_notices: R.appointmentNoticeSchema,
  appointment_signatures: R.appointmentSignatureSchema,
  settings: R.settingSchema
} as const;

export type TableName = keyof typeof recordSchemas;
export const TABLES = Object.keys(recordSchemas) as TableName[];

/** Row type of a synced table. */
export type RowOf<T extends TableName> = z.infer<(typeof recordSchemas)[T]>;

/** Push order: lower first. */
export const tableOrder = (t: TableName): number => TABLES.indexOf(t);

export function isTableName(t: string): t is TableName {
  return t in recordSchemas;
}
