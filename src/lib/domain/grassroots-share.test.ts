import { describe, expect, it } from 'vitest';
import { grassrootsShare, isFromFrontLine, type Appointment } from './grassroots-share';

const appointment = (
  cadreId: string,
  appointedOn: string,
  previousUnitKind: Appointment['previousUnitKind'],
  previousYearsInTownships: number | null = null
): Appointment => ({ cadreId, appointedOn, previousUnitKind, previousYearsInTownships });

const period = { from: '2014-01-01', to: '2015-10-31' };

describe('grassroots share of new township leaders', () => {
  it('counts leaders who came from a town or a xiang against the 50% target', () => {
    const appointments = [
      appointment('a', '2014-03-01', 'town', 8),
      appointment('b', '2014-07-01', 'xiang', 3),
      appointment('c', '2015-01-01', 'county_office', 0),
      appointment('d', '2015-05-01', 'county_office', 1)
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
    const appointments = [
      appointment('a', '2014-03-01', 'town'),
      appointment('b', '2014-07-01', 'county_office'),
      appointment('c', '2015-01-01', 'research_unit')
    ];
    const result = grassrootsShare(appointments, period);
    expect(result.share).toBeCloseTo(1 / 3, 10);
    expect(result.meetsTarget).toBe(false);
  });

  it('only counts appointments inside the period, both ends included', () => {
    const appointments = [
      appointment('early', '2013-12-31', 'town'),
      appointment('first-day', '2014-01-01', 'county_office'),
      appointment('last-day', '2015-10-31', 'town'),
      appointment('late', '2015-11-01', 'town')
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

  it('does not count a county-office cadre seconded to a township as front line', () => {
    expect(isFromFrontLine(appointment('s', '2015-06-01', 'county_office', 1))).toBe(false);
    expect(isFromFrontLine(appointment('u', '2015-06-01', null, 10))).toBe(false);
  });

  it('can also require years in townships, not counting unknown years', () => {
    expect(isFromFrontLine(appointment('a', '2015-06-01', 'town', 2), { minYears: 3 })).toBe(false);
    expect(isFromFrontLine(appointment('b', '2015-06-01', 'town', 5), { minYears: 3 })).toBe(true);
    expect(isFromFrontLine(appointment('c', '2015-06-01', 'town', null), { minYears: 3 })).toBe(false);
  });

  it('measures against another target when given one', () => {
    const appointments = [appointment('a', '2014-03-01', 'town'), appointment('b', '2014-04-01', 'county_office')];
    expect(grassrootsShare(appointments, { ...period, target: 0.6 }).meetsTarget).toBe(false);
  });
});
