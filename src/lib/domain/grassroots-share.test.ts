import { describe, expect, it } from 'vitest';
import {
  grassrootsShare,
  grassrootsShareByYear,
  isNewTownshipLeader,
  type LeaderAppointment
} from './grassroots-share';

const leader = (
  effective_on: string,
  from_frontline: boolean,
  over: Partial<LeaderAppointment> = {}
): LeaderAppointment => ({
  kind: 'promotion',
  status: 'final',
  to_leadership: true,
  effective_on,
  from_frontline,
  deleted_at: null,
  ...over
});

const period = { from: '2014-01-01', to: '2015-10-31' };

describe('grassroots share of new township leaders, from the register', () => {
  it('counts leaders who came from a town or a xiang against the 50% target: exactly half meets it', () => {
    const appointments = [
      leader('2014-03-01', true),
      leader('2014-07-01', true, { kind: 'transfer' }),
      leader('2015-01-01', false),
      leader('2015-05-01', false, { kind: 'rotation' })
    ];
    expect(grassrootsShare(appointments, period)).toEqual({
      appointed: 4,
      fromFrontLine: 2,
      share: 0.5,
      target: 0.5,
      meetsTarget: true
    });
  });

  it('misses the target when fewer than half came from the front line', () => {
    const result = grassrootsShare(
      [leader('2014-03-01', true), leader('2014-07-01', false), leader('2015-01-01', false)],
      period
    );
    expect(result.share).toBeCloseTo(1 / 3, 10);
    expect(result.meetsTarget).toBe(false);
  });

  it('counts only final, live appointments into a leadership post of a leader kind', () => {
    const notCounted = [
      leader('2014-03-01', true, { status: 'signed_2' }),
      leader('2014-03-02', true, { status: 'returned' }),
      leader('2014-03-03', true, { deleted_at: '2014-04-01T00:00:00Z' }),
      leader('2014-03-04', true, { to_leadership: false }),
      leader('2014-03-05', true, { kind: 'confirmation' }),
      leader('2014-03-06', true, { kind: 'recruitment' }),
      leader('2014-03-07', true, { kind: 'removal' })
    ];
    expect(notCounted.filter(isNewTownshipLeader)).toEqual([]);
    expect(grassrootsShare([...notCounted, leader('2014-05-01', false)], period)).toMatchObject({
      appointed: 1,
      fromFrontLine: 0,
      meetsTarget: false
    });
  });

  it('does not count an appointment whose front-line history the database has not computed', () => {
    expect(grassrootsShare([leader('2014-05-01', null as unknown as boolean)], period)).toMatchObject({
      appointed: 1,
      fromFrontLine: 0
    });
  });

  it('only counts appointments inside the period, both ends included', () => {
    const appointments = [
      leader('2013-12-31', true),
      leader('2014-01-01', false),
      leader('2015-10-31', true),
      leader('2015-11-01', true)
    ];
    expect(grassrootsShare(appointments, period)).toMatchObject({ appointed: 2, fromFrontLine: 1 });
  });

  it('has no share and no verdict when no one was appointed', () => {
    expect(grassrootsShare([], period)).toEqual({
      appointed: 0,
      fromFrontLine: 0,
      share: null,
      target: 0.5,
      meetsTarget: null
    });
  });

  it('splits the period by calendar year, cutting the first and last years at its ends', () => {
    const appointments = [
      leader('2013-12-31', true),
      leader('2014-01-01', false),
      leader('2014-12-31', true),
      leader('2015-01-01', true),
      leader('2015-10-31', false),
      leader('2015-11-01', true)
    ];
    expect(
      grassrootsShareByYear(appointments, period).map(({ year, appointed, fromFrontLine, meetsTarget }) => ({
        year,
        appointed,
        fromFrontLine,
        meetsTarget
      }))
    ).toEqual([
      { year: 2014, appointed: 2, fromFrontLine: 1, meetsTarget: true },
      { year: 2015, appointed: 2, fromFrontLine: 1, meetsTarget: true }
    ]);
    expect(grassrootsShareByYear([], { from: '2016-01-01', to: '2016-12-31' })).toEqual([
      { year: 2016, appointed: 0, fromFrontLine: 0, share: null, target: 0.5, meetsTarget: null }
    ]);
  });
});
