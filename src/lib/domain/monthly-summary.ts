// The monthly report a seconded cadre sends the host unit (posting_reports): the month's work logs
// for the posting, counted by category, and a Chinese draft of the summary text that the cadre
// then edits. The draft is Chinese by design: it is the report's content, not interface text.
import { WORK_LOG_CATEGORIES, type Posting, type WorkLog } from '$lib/schema';
import { isLive, parseDay, type IsoDate } from './calendar';

export type WorkLogCategory = (typeof WORK_LOG_CATEGORIES)[number];
export type LogFacts = Pick<
  WorkLog,
  'id' | 'cadre_id' | 'posting_id' | 'log_date' | 'category' | 'body' | 'deleted_at'
>;
export type PostingSpan = Pick<Posting, 'id' | 'cadre_id' | 'starts_on' | 'planned_end_on' | 'ended_on'>;

export const WORK_LOG_CATEGORY_ZH: Record<WorkLogCategory, string> = {
  routine: '日常工作',
  urgent_hard: '急难险重',
  key_project: '重点项目',
  mass_work: '群众工作'
};

export interface MonthlySummary {
  postingId: string;
  /** First day of the month. */
  month: IsoDate;
  /** The month's logs, oldest first. */
  entries: LogFacts[];
  /** Every category present, 0 when the month has none of it. */
  counts: Record<WorkLogCategory, number>;
  total: number;
  /** A default text for posting_reports.summary; the cadre edits it before submitting. */
  draft: string;
}

/**
 * Which logs belong to a posting's report: those linked to the posting, and the cadre's unlinked
 * logs dated within the posting (a log written before the posting was on the phone has no link).
 * A log linked to another posting belongs to that one.
 */
export function belongsToPosting(log: LogFacts, posting: PostingSpan): boolean {
  if (log.cadre_id !== posting.cadre_id) return false;
  if (log.posting_id !== null) return log.posting_id === posting.id;
  const end = posting.ended_on ?? posting.planned_end_on;
  return log.log_date >= posting.starts_on && (end === null || log.log_date <= end);
}

export function monthlySummary(posting: PostingSpan, month: IsoDate, logs: readonly LogFacts[]): MonthlySummary {
  parseDay(month); // throws on a date that does not exist
  if (!month.endsWith('-01')) throw new RangeError(`a month is given by its first day, not ${month}`);
  const yearMonth = month.slice(0, 7);
  const entries = logs
    .filter((log) => isLive(log) && log.log_date.slice(0, 7) === yearMonth && belongsToPosting(log, posting))
    // by date; the id breaks ties so that every phone drafts the same text
    .sort((a, b) => a.log_date.localeCompare(b.log_date) || a.id.localeCompare(b.id));
  const counts = Object.fromEntries(WORK_LOG_CATEGORIES.map((c) => [c, 0])) as Record<WorkLogCategory, number>;
  for (const log of entries) counts[log.category] += 1;
  return {
    postingId: posting.id,
    month,
    entries,
    counts,
    total: entries.length,
    draft: summaryDraft(month, entries, counts)
  };
}

/**
 * "2026年11月共记录工作日志 12 篇：日常工作 5 篇，急难险重 3 篇，重点项目 2 篇，群众工作 2 篇。"
 * then, after a blank line, one paragraph per log: "11月3日（急难险重）：…".
 */
export function summaryDraft(
  month: IsoDate,
  entries: readonly LogFacts[],
  counts: Record<WorkLogCategory, number>
): string {
  const [year, monthNumber] = month.split('-').map(Number);
  const heading = `${year}年${monthNumber}月`;
  if (entries.length === 0) return `${heading}未记录工作日志。`;
  const byCategory = WORK_LOG_CATEGORIES.map((c) => `${WORK_LOG_CATEGORY_ZH[c]} ${counts[c]} 篇`).join('，');
  const lines = entries.map((log) => {
    const [, m, d] = log.log_date.split('-').map(Number);
    return `${m}月${d}日（${WORK_LOG_CATEGORY_ZH[log.category]}）：${log.body.trim()}`;
  });
  return [`${heading}共记录工作日志 ${entries.length} 篇：${byCategory}。`, '', ...lines].join('\n');
}
