// What the dashboards read: the rows this phone holds (RLS decided which), live rows only.
import type { FrontlineDB } from '$lib/db/database';
import { isLive } from '$lib/db/rebase';
import type { Appointment, Attendance, Posting, Profile, Setting, TrainingSession, Unit } from '$lib/schema';

export interface ReportData {
  profiles: Profile[];
  units: Unit[];
  postings: Posting[];
  attendance: Attendance[];
  sessions: TrainingSession[];
  settings: Setting[];
  appointments: Appointment[];
}

export const EMPTY: ReportData = {
  profiles: [],
  units: [],
  postings: [],
  attendance: [],
  sessions: [],
  settings: [],
  appointments: []
};

export async function reportData(db: FrontlineDB, tables: (keyof ReportData)[]): Promise<ReportData> {
  const read = async <K extends keyof ReportData>(key: K, load: () => Promise<ReportData[K]>) =>
    tables.includes(key) ? (await load()).filter(isLive) : [];
  return {
    profiles: (await read('profiles', () => db.profiles.toArray())) as Profile[],
    units: (await read('units', () => db.units.toArray())) as Unit[],
    postings: (await read('postings', () => db.postings.toArray())) as Posting[],
    attendance: (await read('attendance', () => db.attendance.toArray())) as Attendance[],
    sessions: (await read('sessions', () => db.training_sessions.toArray())) as TrainingSession[],
    settings: (await read('settings', () => db.settings.toArray())) as Setting[],
    appointments: (await read('appointments', () => db.appointments.toArray())) as Appointment[]
  };
}

/** Cadres only: supervisors, trainers and admins have profiles too but are not the people counted. */
export const cadresOf = (profiles: readonly Profile[]) => profiles.filter((p) => p.role === 'cadre');

const byName = new Intl.Collator('zh-CN');
export const sortUnits = (units: readonly Unit[]) => [...units].sort((a, b) => byName.compare(a.name, b.name));
