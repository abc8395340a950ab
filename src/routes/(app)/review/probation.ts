// The probation tracker (试用期跟踪考核): every probation assessment not yet final, by the day its
// period ends, so the three signatures (and the discipline commission's opinion the source asks
// for before confirmation) are done in time.
import type { FrontlineDB } from '$lib/db/database';
import { isLive } from '$lib/db/rebase';
import { daysBetween, type IsoDate } from '$lib/domain/calendar';
import type { Assessment, Profile, Unit } from '$lib/schema';

export const REMIND_WITHIN_DAYS = 30;

export type Urgency = 'overdue' | 'soon' | 'later';

export interface ProbationItem {
  assessment: Assessment;
  cadre: Profile | undefined;
  unit: Unit | undefined;
  /** Days from today to the period's last day; negative once it has passed. */
  daysLeft: number;
  urgency: Urgency;
}

export function urgencyOf(daysLeft: number, within = REMIND_WITHIN_DAYS): Urgency {
  return daysLeft < 0 ? 'overdue' : daysLeft <= within ? 'soon' : 'later';
}

export async function probationTracker(db: FrontlineDB, today: IsoDate): Promise<ProbationItem[]> {
  const open = (await db.assessments.toArray()).filter(
    (a) => isLive(a) && a.kind === 'probation' && a.status !== 'final'
  );
  const cadres = await db.profiles.bulkGet(open.map((a) => a.cadre_id));
  const units = await db.units.bulkGet(cadres.map((c) => c?.unit_id ?? ''));
  return open
    .map((assessment, i) => {
      const daysLeft = daysBetween(today, assessment.period_end);
      return { assessment, cadre: cadres[i], unit: units[i], daysLeft, urgency: urgencyOf(daysLeft) };
    })
    .sort((a, b) => a.daysLeft - b.daysLeft || a.assessment.id.localeCompare(b.assessment.id));
}
