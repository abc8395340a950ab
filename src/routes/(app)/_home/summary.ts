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

const alive = <T extends { deleted_at: string | null }>(r: T) => !r.deleted_at;

/** The status an assessment waits in for a signer of this level. */
export const AWAITING_LEVEL: Record<number, string> = { 1: 'submitted', 2: 'signed_1', 3: 'signed_2' };

export async function summaryFor(db: FrontlineDB, me: Profile, now = new Date()): Promise<SummaryCard[]> {
  switch (me.role) {
    case 'cadre':
      // The cadre's home has its own screen (CadreHome.svelte).
      return [];
    case 'trainer':
      return trainerSummary(db, me.id, now);
    case 'supervisor':
      return supervisorSummary(db, me, now);
    case 'admin':
      return adminSummary(db, now);
  }
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
