import { describe, expect, it } from 'vitest';
import type { PostingFacts } from './posting-progress';
import {
  inSameUnitSince,
  isTownshipHead,
  longServingCadres,
  titleNamesTownshipHead,
  townshipHeadMoves,
  type RotationProfile
} from './rotation';

const profile = (id: string, more: Partial<RotationProfile> = {}): RotationProfile => ({
  id,
  unit_id: 'town-a',
  in_unit_since: '2010-03-01',
  post_title: null,
  is_leader: false,
  rank: 'staff',
  deleted_at: null,
  ...more
});
const posting = (
  id: string,
  cadre_id: string,
  kind: PostingFacts['kind'],
  starts_on: string,
  more: Partial<PostingFacts> = {}
): PostingFacts => ({
  id,
  cadre_id,
  kind,
  from_unit_id: 'town-a',
  to_unit_id: 'town-b',
  title: null,
  starts_on,
  planned_end_on: null,
  ended_on: null,
  deleted_at: null,
  ...more
});
const units = [
  { id: 'town-a', kind: 'town' as const, deleted_at: null },
  { id: 'town-b', kind: 'town' as const, deleted_at: null },
  { id: 'xiang-c', kind: 'xiang' as const, deleted_at: null },
  { id: 'office', kind: 'county_office' as const, deleted_at: null }
];

describe('cadres long in the same unit', () => {
  it('lists cadres in the same unit for 6 full years or more, longest first', () => {
    const profiles = [
      profile('six-years-today', { in_unit_since: '2020-11-27' }),
      profile('one-day-short', { in_unit_since: '2020-11-28' }),
      profile('twenty-years', { in_unit_since: '2006-09-01' })
    ];
    expect(longServingCadres(profiles, [], '2026-11-27').map((c) => [c.profile.id, c.years])).toEqual([
      ['twenty-years', 20],
      ['six-years-today', 6]
    ]);
  });

  it('takes another threshold', () => {
    const profiles = [profile('four', { in_unit_since: '2022-01-01' })];
    expect(longServingCadres(profiles, [], '2026-11-27', { minYears: 4 })).toHaveLength(1);
    expect(longServingCadres(profiles, [], '2026-11-27')).toHaveLength(0);
  });

  it('restarts the clock at a later rotation or exchange, but not at a secondment', () => {
    const rotated = posting('r', 'a', 'rotation', '2023-01-01');
    const seconded = posting('s', 'b', 'secondment', '2023-01-01');
    const profiles = [profile('a'), profile('b')];
    const result = longServingCadres(profiles, [rotated, seconded], '2026-11-27');
    expect(result.map((c) => c.profile.id)).toEqual(['b']);
    expect(inSameUnitSince(profiles[0], [rotated], '2026-11-27')).toBe('2023-01-01');
  });

  it('ignores a move that starts after the date, an earlier move, and a deleted one', () => {
    const profiles = [profile('a')];
    const postings = [
      posting('future', 'a', 'exchange', '2027-01-01'),
      posting('earlier', 'a', 'rotation', '2009-01-01'),
      posting('deleted', 'a', 'rotation', '2024-01-01', { deleted_at: '2024-01-02T00:00:00Z' })
    ];
    expect(longServingCadres(profiles, postings, '2026-11-27').map((c) => c.since)).toEqual(['2010-03-01']);
  });

  it('skips deleted profiles and those with no unit or no date', () => {
    const profiles = [
      profile('deleted', { deleted_at: '2020-01-01T00:00:00Z' }),
      profile('no-unit', { unit_id: null }),
      profile('no-date', { in_unit_since: null })
    ];
    expect(longServingCadres(profiles, [], '2026-11-27')).toEqual([]);
  });
});

describe('who is a township head', () => {
  it('recognises party secretaries and town or xiang heads, with or without the township’s name', () => {
    for (const title of [
      '党委书记',
      '镇长',
      '乡长',
      '英州镇党委书记',
      '提蒙乡乡长',
      '党委副书记、镇长',
      '镇党委书记 镇长'
    ]) {
      expect(titleNamesTownshipHead(title), title).toBe(true);
    }
  });

  it('does not count deputies, sci-tech deputy heads or other leading posts', () => {
    for (const title of ['副镇长', '科技副乡镇长', '党委副书记', '人大主席', '纪委书记', '组织委员']) {
      expect(titleNamesTownshipHead(title), title).toBe(false);
    }
  });

  it('falls back to a leader of section-chief rank when there is no title', () => {
    expect(isTownshipHead({ post_title: null, is_leader: true, rank: 'section_chief' })).toBe(true);
    expect(isTownshipHead({ post_title: null, is_leader: true, rank: 'deputy_section_chief' })).toBe(false);
    expect(isTownshipHead({ post_title: '人大主席', is_leader: true, rank: 'section_chief' })).toBe(false);
  });
});

describe('township heads moved after less than 3 years in post', () => {
  it('flags a head moved out of a township before 3 full years there, for a report to the province', () => {
    const head = profile('h', {
      post_title: '镇长',
      is_leader: true,
      rank: 'section_chief',
      in_unit_since: '2012-05-01'
    });
    const moves = townshipHeadMoves([head], [posting('m', 'h', 'exchange', '2014-06-01')], units);
    expect(moves).toMatchObject([{ fromUnitId: 'town-a', since: '2012-05-01', years: 2, verdict: 'report' }]);
  });

  it('does not flag a head who served 3 full years or more', () => {
    const head = profile('h', { post_title: '党委书记', in_unit_since: '2011-06-01' });
    expect(townshipHeadMoves([head], [posting('m', 'h', 'rotation', '2014-06-01')], units)[0].verdict).toBe('ok');
  });

  it('counts the time from the posting that brought the head to the township, judged on its title', () => {
    const head = profile('h', { unit_id: 'town-b', in_unit_since: '2014-06-01', post_title: '县农业局局长' });
    const postings = [
      posting('arrival', 'h', 'rotation', '2013-01-01', {
        from_unit_id: 'office',
        to_unit_id: 'town-a',
        title: '乡长'
      }),
      posting('m', 'h', 'rotation', '2014-06-01', { to_unit_id: 'office' })
    ];
    expect(townshipHeadMoves([head], postings, units)).toMatchObject([
      { posting: { id: 'm' }, since: '2013-01-01', years: 1, verdict: 'report' }
    ]);
  });

  it('marks a move for a person to check when nothing records the arrival in the township', () => {
    const head = profile('h', { unit_id: 'office', in_unit_since: '2014-06-01', post_title: '镇长' });
    const moves = townshipHeadMoves(
      [head],
      [posting('m', 'h', 'exchange', '2014-06-01', { to_unit_id: 'office' })],
      units
    );
    expect(moves).toMatchObject([{ since: null, years: null, verdict: 'unknown' }]);
  });

  it('leaves out moves of non-heads, moves out of county offices, secondments and moves outside the period', () => {
    const head = profile('h', { post_title: '镇长', in_unit_since: '2013-01-01' });
    const deputy = profile('d', { post_title: '副镇长', in_unit_since: '2013-01-01' });
    const postings = [
      posting('deputy', 'd', 'rotation', '2014-06-01'),
      posting('from-office', 'h', 'rotation', '2014-03-01', { from_unit_id: 'office' }),
      posting('secondment', 'h', 'secondment', '2014-04-01'),
      posting('in-2015', 'h', 'exchange', '2015-02-01'),
      posting('in-2014', 'h', 'exchange', '2014-09-01')
    ];
    const moves = townshipHeadMoves([head, deputy], postings, units, { from: '2014-01-01', to: '2014-12-31' });
    expect(moves.map((m) => m.posting.id)).toEqual(['in-2014']);
  });

  it('finds the source’s two reports of 2014 among a year’s head moves', () => {
    const heads = [
      profile('h1', { post_title: '党委书记', in_unit_since: '2012-03-01' }),
      profile('h2', { unit_id: 'xiang-c', post_title: '乡长', in_unit_since: '2013-02-01' }),
      profile('h3', { unit_id: 'town-b', post_title: '镇长', in_unit_since: '2008-01-01' })
    ];
    const postings = [
      posting('m1', 'h1', 'exchange', '2014-04-01', { to_unit_id: 'office' }),
      posting('m2', 'h2', 'rotation', '2014-08-01', { from_unit_id: 'xiang-c', to_unit_id: 'town-a' }),
      posting('m3', 'h3', 'rotation', '2014-10-01', { from_unit_id: 'town-b', to_unit_id: 'town-a' })
    ];
    const moves = townshipHeadMoves(heads, postings, units, { from: '2014-01-01', to: '2014-12-31' });
    expect(moves.filter((m) => m.verdict === 'report').map((m) => m.profile.id)).toEqual(['h1', 'h2']);
  });
});
