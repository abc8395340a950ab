// Every enumerated value of design.md "Records", mirrored from the check constraints in
// supabase/migrations/20261127000100_records.sql.
export const UNIT_KINDS = ['county', 'town', 'xiang', 'county_office', 'research_unit'] as const;
export const DEVELOPMENT = ['developed', 'developing'] as const;
export const GENDERS = ['male', 'female'] as const;
export const EDUCATION = ['college_or_below', 'university', 'postgraduate'] as const;
export const RANKS = ['section_chief', 'deputy_section_chief', 'staff'] as const;
export const ORIGINS = [
  'graduate_exam',
  'village_cadre',
  'military',
  'contract',
  'research_secondee',
  'county_secondee',
  'other'
] as const;
export const ROLES = ['cadre', 'trainer', 'supervisor', 'admin'] as const;
export const TRAINING_CATEGORIES = ['practical_skills', 'theory', 'special_topic'] as const;
export const ATTENDANCE_STATUSES = ['enrolled', 'present', 'late', 'excused', 'absent'] as const;
export const ATTENDANCE_METHODS = ['roster', 'qr'] as const;
export const POSTING_KINDS = ['secondment', 'rotation', 'exchange', 'sci_tech_deputy'] as const;
export const WORK_LOG_CATEGORIES = ['routine', 'urgent_hard', 'key_project', 'mass_work'] as const;
export const ASSESSMENT_KINDS = ['probation', 'annual', 'posting_end', 'training'] as const;
export const RATINGS = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'signed_1', 'signed_2', 'final', 'returned'] as const;
export const DECISIONS = ['approve', 'return'] as const;
// the appointment register (20261206001400_appointments.sql)
export const APPOINTMENT_KINDS = [
  'promotion',
  'transfer',
  'rotation',
  'confirmation',
  'removal',
  'recruitment'
] as const;
export const APPOINTMENT_STATUSES = ['draft', 'noticed', 'signed_1', 'signed_2', 'final', 'returned'] as const;
export const NOTICE_OUTCOMES = ['pending', 'no_objection', 'objection_dismissed', 'objection_upheld'] as const;
export const COMPLAINT_CHANNELS = ['12380_phone', '12380_web', 'letter', 'visit'] as const;

export type Role = (typeof ROLES)[number];
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
