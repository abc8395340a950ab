// What the home page summarises for each role, read from the local database (so it shows offline).
// Each card is i18n keys plus values; the page renders them in the active language.
import type { FrontlineDB } from '$lib/db/database';
import type { Profile } from '$lib/schema/records';

export interface SummaryCard {
  id: string;
  label: string;
  value: string;
  vars?: Record<string, string | number>;
  /** A second line, e.g. the unit of the current posting. */
  detail?: { key: string; vars?: Record<string, string | number> };
  href?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local calendar date as YYYY-MM-DD (log dates are the person's calendar day, not UTC). */
export const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

const alive = <T extends { deleted_at: string | null }>(r: T) => !r.deleted_at;

/** The status an assessment waits in for a signer of this level. */
export const AWAITING_LEVEL: Record<number, string> = { 1: 'submitted', 2: 'signed_1', 3: 'signed_2' };

export async function summaryFor(db: FrontlineDB, me: Profile, now = new Date()): Promise<SummaryCard[]> {
  switch (me.role) {
    case 'cadre':
      return cadreSummary(db, me.id, now);
    case 'trainer':
      return trainerSummary(db, me.id, now);
    case 'supervisor':
      return supervisorSummary(db, me, now);
    case 'admin':
      return adminSummary(db, now);
  }
}

async function cadreSummary(db: FrontlineDB, userId: string, now: Date): Promise<SummaryCard[]> {
  const today = localDate(now);
  const monthStart = `${today.slice(0, 7)}-01`;
  const yearStart = `${now.getFullYear()}-01-01`;

  const logsThisMonth = await db.work_logs
    .where('[cadre_id+log_date]')
    .between([userId, monthStart], [userId, today], true, true)
    .filter(alive)
    .count();

  const attended = await db.attendance
    .where('cadre_id')
    .equals(userId)
    .filter((a) => alive(a) && (a.status === 'present' || a.status === 'late'))
    .toArray();
  const sessions = await db.training_sessions.bulkGet(attended.map((a) => a.session_id));
  const hours = sessions
    .filter((s) => s && alive(s) && s.starts_at.slice(0, 10) >= yearStart)
    .reduce((sum, s) => sum + (s?.credit_hours ?? 0), 0);

  const assessments = (await db.assessments.where('cadre_id').equals(userId).filter(alive).toArray()).sort((a, b) =>
    b.period_end.localeCompare(a.period_end)
  );
  const latest = assessments[0];

  const posting = (await db.postings.where('cadre_id').equals(userId).filter(alive).toArray()).find(
    (p) => p.starts_on <= today && (!p.ended_on || p.ended_on >= today)
  );
  const postingUnit = posting ? await db.units.get(posting.to_unit_id) : undefined;

  const cards: SummaryCard[] = [
    {
      id: 'logs',
      label: 'home.cadre.logs_month',
      value: 'home.count_logs',
      vars: { count: logsThisMonth },
      href: '/logs'
    },
    {
      id: 'hours',
      label: 'home.cadre.credit_hours',
      value: 'home.count_hours',
      vars: { count: Math.round(hours * 10) / 10 },
      href: '/training'
    },
    latest
      ? {
          id: 'assessment',
          label: 'home.cadre.assessment',
          value: `assessment.status.${latest.status}`,
          detail: { key: `assessment.kind.${latest.kind}` },
          href: '/assessments'
        }
      : { id: 'assessment', label: 'home.cadre.assessment', value: 'home.none', href: '/assessments' }
  ];
  if (posting) {
    cards.push({
      id: 'posting',
      label: 'home.cadre.posting',
      value: 'home.literal',
      vars: { text: postingUnit?.name ?? '—' },
      detail: posting.title ? { key: 'home.literal', vars: { text: posting.title } } : undefined
    });
  }
  return cards;
}

async function trainerSummary(db: FrontlineDB, userId: string, now: Date): Promise<SummaryCard[]> {
  const mine = await db.training_sessions.where('trainer_id').equals(userId).filter(alive).toArray();
  const upcoming = mine
    .filter((s) => Date.parse(s.ends_at) >= now.getTime())
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  const next = upcoming[0];
  return [
    {
      id: 'upcoming',
      label: 'home.trainer.upcoming',
      value: 'home.count_sessions',
      vars: { count: upcoming.length },
      href: '/sessions'
    },
    next
      ? {
          id: 'next',
          label: 'home.trainer.next',
          value: 'home.literal',
          vars: { text: next.title },
          detail: { key: 'home.at_time', vars: { when: next.starts_at } },
          href: '/sessions'
        }
      : { id: 'next', label: 'home.trainer.next', value: 'home.none', href: '/sessions' }
  ];
}

async function supervisorSummary(db: FrontlineDB, me: Profile, now: Date): Promise<SummaryCard[]> {
  const waitingStatus = me.sign_level ? AWAITING_LEVEL[me.sign_level] : undefined;
  const pending = waitingStatus ? await db.assessments.where('status').equals(waitingStatus).filter(alive).count() : 0;
  const cadres = await db.profiles.filter((p) => alive(p) && p.role === 'cadre').count();
  const year = String(now.getFullYear());
  const finals = await db.assessments
    .where('status')
    .equals('final')
    .filter((a) => alive(a) && a.period_end.startsWith(year))
    .count();
  return [
    {
      id: 'pending',
      label: 'home.supervisor.pending',
      value: 'home.count_assessments',
      vars: { count: pending },
      detail: me.sign_level ? { key: 'home.supervisor.level', vars: { level: me.sign_level } } : undefined,
      href: '/review'
    },
    { id: 'cadres', label: 'home.supervisor.cadres', value: 'home.count_people', vars: { count: cadres } },
    { id: 'final', label: 'home.supervisor.final_this_year', value: 'home.count_assessments', vars: { count: finals } }
  ];
}

async function adminSummary(db: FrontlineDB, now: Date): Promise<SummaryCard[]> {
  const cadres = await db.profiles.filter((p) => alive(p) && p.role === 'cadre').count();
  const townships = await db.units.filter((u) => alive(u) && (u.kind === 'town' || u.kind === 'xiang')).count();
  const year = String(now.getFullYear());
  const sessions = await db.training_sessions.filter((s) => alive(s) && s.starts_at.startsWith(year)).count();
  return [
    { id: 'cadres', label: 'home.admin.cadres', value: 'home.count_people', vars: { count: cadres }, href: '/reports' },
    { id: 'townships', label: 'home.admin.townships', value: 'home.count_units', vars: { count: townships } },
    { id: 'sessions', label: 'home.admin.sessions', value: 'home.count_sessions', vars: { count: sessions } }
  ];
}
