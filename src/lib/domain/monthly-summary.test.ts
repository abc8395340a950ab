import { describe, expect, it } from 'vitest';
import { belongsToPosting, monthlySummary, type LogFacts, type PostingSpan } from './monthly-summary';

const posting: PostingSpan = {
  id: 'p1',
  cadre_id: 'c1',
  starts_on: '2026-09-01',
  planned_end_on: '2027-08-31',
  ended_on: null
};

let n = 0;
const log = (
  log_date: string,
  category: LogFacts['category'],
  body: string,
  more: Partial<LogFacts> = {}
): LogFacts => ({
  id: `log-${String(++n).padStart(3, '0')}`,
  cadre_id: 'c1',
  posting_id: 'p1',
  log_date,
  category,
  body,
  deleted_at: null,
  ...more
});

describe('monthly summary of a posting', () => {
  it('counts the month’s logs by category, every category present, and drafts the Chinese text', () => {
    const logs = [
      log('2026-11-12', 'urgent_hard', '参与台风“海燕”防御，转移群众 23 人。'),
      log('2026-11-03', 'routine', '  整理村级档案。 '),
      log('2026-11-20', 'routine', '参加镇党委会议。'),
      log('2026-10-31', 'routine', '上个月的日志。'),
      log('2026-12-01', 'key_project', '下个月的日志。')
    ];
    const summary = monthlySummary(posting, '2026-11-01', logs);
    expect(summary.counts).toEqual({ routine: 2, urgent_hard: 1, key_project: 0, mass_work: 0 });
    expect(summary.total).toBe(3);
    expect(summary.entries.map((e) => e.log_date)).toEqual(['2026-11-03', '2026-11-12', '2026-11-20']);
    expect(summary.draft).toBe(
      [
        '2026年11月共记录工作日志 3 篇：日常工作 2 篇，急难险重 1 篇，重点项目 0 篇，群众工作 0 篇。',
        '',
        '11月3日（日常工作）：整理村级档案。',
        '11月12日（急难险重）：参与台风“海燕”防御，转移群众 23 人。',
        '11月20日（日常工作）：参加镇党委会议。'
      ].join('\n')
    );
  });

  it('reproduces the example of twelve logs in the brief', () => {
    const categories: LogFacts['category'][] = [
      ...Array<LogFacts['category']>(5).fill('routine'),
      ...Array<LogFacts['category']>(3).fill('urgent_hard'),
      ...Array<LogFacts['category']>(2).fill('key_project'),
      ...Array<LogFacts['category']>(2).fill('mass_work')
    ];
    const logs = categories.map((c, i) => log(`2026-11-${String(i + 1).padStart(2, '0')}`, c, `第${i + 1}篇`));
    expect(monthlySummary(posting, '2026-11-01', logs).draft.split('\n')[0]).toBe(
      '2026年11月共记录工作日志 12 篇：日常工作 5 篇，急难险重 3 篇，重点项目 2 篇，群众工作 2 篇。'
    );
  });

  it('leaves out deleted logs, other cadres’ logs and logs of another posting', () => {
    const logs = [
      log('2026-11-03', 'routine', '已删除', { deleted_at: '2026-11-04T00:00:00Z' }),
      log('2026-11-03', 'routine', '别人的', { cadre_id: 'c2' }),
      log('2026-11-03', 'routine', '另一个挂职', { posting_id: 'p0' }),
      log('2026-11-05', 'mass_work', '留下')
    ];
    const summary = monthlySummary(posting, '2026-11-01', logs);
    expect(summary.entries.map((e) => e.body)).toEqual(['留下']);
    expect(summary.counts.mass_work).toBe(1);
  });

  it('takes the cadre’s unlinked logs dated within the posting, not those before it', () => {
    const logs = [log('2026-09-02', 'routine', '未关联', { posting_id: null })];
    expect(monthlySummary(posting, '2026-09-01', logs).total).toBe(1);
    expect(belongsToPosting(log('2026-08-31', 'routine', '挂职前', { posting_id: null }), posting)).toBe(false);
  });

  it('orders logs of the same day the same way on every phone', () => {
    const a = log('2026-11-03', 'routine', '甲');
    const b = log('2026-11-03', 'mass_work', '乙');
    expect(monthlySummary(posting, '2026-11-01', [b, a]).entries).toEqual([a, b]);
  });

  it('says plainly that a month without logs has none', () => {
    const summary = monthlySummary(posting, '2026-11-01', []);
    expect(summary.total).toBe(0);
    expect(summary.counts).toEqual({ routine: 0, urgent_hard: 0, key_project: 0, mass_work: 0 });
    expect(summary.draft).toBe('2026年11月未记录工作日志。');
  });

  it('refuses a month not given by its first day', () => {
    expect(() => monthlySummary(posting, '2026-11-15', [])).toThrow(RangeError);
    expect(() => monthlySummary(posting, '2026-13-01', [])).toThrow(RangeError);
  });
});
