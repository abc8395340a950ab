import { describe, expect, it } from 'vitest';
import { careerTimeline, currentPosting, plannedDays, postingProgress, type PostingFacts } from './posting-progress';

const posting = (
  id: string,
  starts_on: string,
  planned_end_on: string | null,
  more: Partial<PostingFacts> = {}
): PostingFacts => ({
  id,
  cadre_id: 'c1',
  kind: 'secondment',
  from_unit_id: 'county-office',
  to_unit_id: 'town-a',
  title: null,
  starts_on,
  planned_end_on,
  ended_on: null,
  deleted_at: null,
  ...more
});

describe('day N of M in a posting', () => {
  const year = posting('p', '2026-03-01', '2027-02-28');

  it('counts the first day as day 1 and the planned last day as day M', () => {
    expect(plannedDays(year)).toBe(365);
    expect(postingProgress(year, '2026-03-01')).toEqual({ state: 'active', day: 1, totalDays: 365 });
    expect(postingProgress(year, '2026-11-27')).toEqual({ state: 'active', day: 272, totalDays: 365 });
    expect(postingProgress(year, '2027-02-28')).toEqual({ state: 'active', day: 365, totalDays: 365 });
  });

  it('is done the day after the planned end', () => {
    expect(postingProgress(year, '2027-03-01')).toEqual({ state: 'done', lastDay: '2027-02-28', totalDays: 365 });
  });

  it('is done after an early end, and keeps counting past a planned end it has outrun', () => {
    expect(postingProgress({ ...year, ended_on: '2026-06-30' }, '2026-07-01').state).toBe('done');
    expect(postingProgress({ ...year, ended_on: '2027-03-31' }, '2027-03-02')).toEqual({
      state: 'active',
      day: 367,
      totalDays: 365
    });
  });

  it('has no total for an open-ended posting, and never ends until an end is recorded', () => {
    const open = posting('o', '2020-01-01', null);
    expect(postingProgress(open, '2026-01-01')).toEqual({ state: 'active', day: 2193, totalDays: null });
  });

  it('says how many days remain before a posting starts', () => {
    expect(postingProgress(year, '2026-02-26')).toEqual({ state: 'upcoming', startsInDays: 3, totalDays: 365 });
  });
});

describe('current posting', () => {
  it('is the active posting that started last', () => {
    const long = posting('long', '2026-01-01', '2026-12-31');
    const short = posting('short', '2026-06-01', '2026-06-30', { to_unit_id: 'town-b' });
    expect(currentPosting([long, short], 'c1', '2026-06-15')?.id).toBe('short');
    expect(currentPosting([long, short], 'c1', '2026-07-01')?.id).toBe('long');
  });

  it('ignores deleted postings, ended postings and other cadres’ postings', () => {
    const postings = [
      posting('deleted', '2026-01-01', '2026-12-31', { deleted_at: '2026-02-01T00:00:00Z' }),
      posting('ended', '2026-01-01', '2026-12-31', { ended_on: '2026-03-31' }),
      posting('other', '2026-01-01', '2026-12-31', { cadre_id: 'c2' })
    ];
    expect(currentPosting(postings, 'c1', '2026-06-15')).toBeNull();
  });

  it('picks the same posting whatever the order when two start on the same day', () => {
    const a = posting('a', '2026-01-01', '2026-12-31');
    const b = posting('b', '2026-01-01', '2026-12-31');
    expect(currentPosting([a, b], 'c1', '2026-05-01')?.id).toBe(currentPosting([b, a], 'c1', '2026-05-01')?.id);
  });
});

describe('career timeline', () => {
  it('lists postings and the home unit, newest first', () => {
    const profile = { id: 'c1', unit_id: 'county-office', in_unit_since: '2018-07-01' };
    const postings = [
      posting('first', '2019-03-01', '2020-02-29', { ended_on: '2020-02-29' }),
      posting('second', '2026-03-01', '2027-02-28', { to_unit_id: 'town-b' }),
      posting('gone', '2022-01-01', '2022-12-31', { deleted_at: '2022-01-02T00:00:00Z' })
    ];
    expect(careerTimeline(profile, postings).map((e) => [e.kind, e.unitId, e.since])).toEqual([
      ['posting', 'town-b', '2026-03-01'],
      ['posting', 'town-a', '2019-03-01'],
      ['home', 'county-office', '2018-07-01']
    ]);
  });

  it('lists a rotation that brought the cadre to the home unit once, not twice', () => {
    const profile = { id: 'c1', unit_id: 'town-b', in_unit_since: '2024-01-01' };
    const rotation = posting('r', '2024-01-01', null, {
      kind: 'rotation',
      from_unit_id: 'town-a',
      to_unit_id: 'town-b'
    });
    expect(careerTimeline(profile, [rotation])).toEqual([
      { kind: 'posting', posting: rotation, unitId: 'town-b', since: '2024-01-01', until: null }
    ]);
  });

  it('puts a home unit with no start date last', () => {
    const profile = { id: 'c1', unit_id: 'town-a', in_unit_since: null };
    const entries = careerTimeline(profile, [posting('p', '2026-01-01', '2026-12-31')]);
    expect(entries.map((e) => e.kind)).toEqual(['posting', 'home']);
  });
});
