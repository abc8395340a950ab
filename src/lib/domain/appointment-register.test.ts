import { describe, expect, it } from 'vitest';
import type { Appointment, Assessment } from '$lib/schema';
import {
  appointmentsByKindAndYear,
  awaitedAppointmentLevel,
  liveChain,
  needsProvinceReport,
  probationDue,
  shortTenureMoves,
  submissionBlockers,
  trackingAssessments,
  workingDays
} from './appointment-register';

const appt = (over: Partial<Appointment>): Appointment => ({
  id: crypto.randomUUID(),
  version: 1,
  txid: '1',
  updated_at: null,
  updated_by: null,
  deleted_at: null,
  cadre_id: 'c',
  kind: 'promotion',
  from_unit_id: null,
  from_post: null,
  from_post_since: null,
  from_head: false,
  to_unit_id: 'u',
  to_post: '副镇长',
  to_leadership: true,
  team_adjustment: false,
  effective_on: '2015-06-01',
  reasons: '理由',
  frontline_months: null,
  from_frontline: true,
  probation_ends_on: null,
  recorded_by: null,
  confirms_id: null,
  discipline_opinion: null,
  discipline_opinion_on: null,
  province_report_ref: null,
  province_report_on: null,
  status: 'final',
  submitted_at: null,
  ...over
});

describe('working days of a notice (the database counts the same way)', () => {
  it('counts Monday to Friday, both ends included', () => {
    expect(workingDays('2026-11-30', '2026-12-04')).toBe(5); // Mon–Fri
    expect(workingDays('2026-11-30', '2026-12-03')).toBe(4); // Mon–Thu: too short
    expect(workingDays('2026-12-04', '2026-12-10')).toBe(5); // Fri–Thu across a weekend
    expect(workingDays('2026-12-05', '2026-12-06')).toBe(0); // a weekend
    expect(workingDays('2026-12-07', '2026-12-07')).toBe(1);
    expect(workingDays('2026-12-07', '2026-12-01')).toBe(0);
  });
});

describe('the < 3-year rule', () => {
  const head = { kind: 'transfer' as const, from_head: true, from_post_since: '2012-09-01' };
  it('needs a report for a head moved before 3 full years in post', () => {
    expect(needsProvinceReport({ ...head, effective_on: '2014-06-10' })).toBe(true);
    expect(needsProvinceReport({ ...head, effective_on: '2015-08-31' })).toBe(true);
  });
  it('needs none at exactly 3 years, for a post that is not a head, or without the date', () => {
    expect(needsProvinceReport({ ...head, effective_on: '2015-09-01' })).toBe(false);
    expect(needsProvinceReport({ ...head, from_head: false, effective_on: '2014-06-10' })).toBe(false);
    expect(needsProvinceReport({ ...head, from_post_since: null, effective_on: '2014-06-10' })).toBe(false);
    expect(needsProvinceReport({ ...head, kind: 'confirmation', effective_on: '2014-06-10' })).toBe(false);
  });
  it('lists the moves with whether their report is attached, oldest first, tombstones left out', () => {
    const reported = appt({ ...head, effective_on: '2014-06-10', province_report_ref: '陵组字〔2014〕36号' });
    const missing = appt({ ...head, effective_on: '2014-01-10' });
    const deleted = appt({ ...head, effective_on: '2014-02-10', deleted_at: '2014-03-01T00:00:00Z' });
    const long = appt({ ...head, effective_on: '2016-01-10' });
    expect(shortTenureMoves([reported, missing, deleted, long])).toEqual([
      { appointment: missing, reported: false },
      { appointment: reported, reported: true }
    ]);
  });
});

describe('submission', () => {
  it('needs an ended notice without an upheld objection for a promotion or a recruitment', () => {
    const draft = { kind: 'promotion' as const, status: 'draft' as const, confirms_id: null, discipline_opinion: null };
    expect(submissionBlockers(draft, undefined)).toEqual(['appointments.submit.needs_notice']);
    expect(submissionBlockers(draft, { outcome: 'pending', deleted_at: null })).toEqual([
      'appointments.submit.notice_pending'
    ]);
    expect(submissionBlockers(draft, { outcome: 'objection_upheld', deleted_at: null })).toEqual([
      'appointments.submit.objection_upheld'
    ]);
    expect(submissionBlockers(draft, { outcome: 'no_objection', deleted_at: '2026-01-01T00:00:00Z' })).toEqual([
      'appointments.submit.needs_notice'
    ]);
    expect(submissionBlockers(draft, { outcome: 'objection_dismissed', deleted_at: null })).toEqual([]);
    expect(submissionBlockers({ ...draft, kind: 'transfer' }, undefined)).toEqual([]);
    expect(submissionBlockers({ ...draft, status: 'noticed' }, undefined)).toEqual([]);
  });
  it('needs the promotion it confirms and the discipline opinion for a confirmation', () => {
    const c = {
      kind: 'confirmation' as const,
      status: 'returned' as const,
      confirms_id: 'p',
      discipline_opinion: null
    };
    expect(submissionBlockers(c, undefined)).toEqual(['appointments.submit.needs_opinion']);
    expect(submissionBlockers({ ...c, discipline_opinion: '同意' }, undefined)).toEqual([]);
  });
  it('knows which level each status waits for', () => {
    expect(
      ['draft', 'noticed', 'signed_1', 'signed_2', 'final', 'returned'].map((s) =>
        awaitedAppointmentLevel(s as Appointment['status'])
      )
    ).toEqual([null, 1, 2, 3, null, null]);
  });
});

describe('the chain', () => {
  it('keeps the signatures that still count, by level', () => {
    const s = (level: number, signed_at: string, voided_at: string | null = null) => ({
      level,
      signed_at,
      voided_at,
      deleted_at: null
    });
    const chain = liveChain([
      s(1, '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),
      s(1, '2026-01-04T00:00:00Z'),
      s(2, '2026-01-05T00:00:00Z')
    ]);
    expect([...chain.keys()].sort()).toEqual([1, 2]);
    expect(chain.get(1)!.signed_at).toBe('2026-01-04T00:00:00Z');
  });
});

describe('reports', () => {
  it('counts final appointments by year and kind', () => {
    const rows = appointmentsByKindAndYear([
      appt({ effective_on: '2014-03-01' }),
      appt({ effective_on: '2014-12-31', kind: 'transfer' }),
      appt({ effective_on: '2015-01-01' }),
      appt({ effective_on: '2015-02-01', status: 'signed_2' }),
      appt({ effective_on: '2015-03-01', deleted_at: '2015-04-01T00:00:00Z' })
    ]);
    expect(rows).toEqual([
      { year: 2014, counts: { promotion: 1, transfer: 1 }, total: 2 },
      { year: 2015, counts: { promotion: 1 }, total: 1 }
    ]);
  });

  it('lists probations ending soon or overdue, unless a final confirmation ended them', () => {
    const soon = appt({ probation_ends_on: '2026-12-20' });
    const overdue = appt({ probation_ends_on: '2026-12-01' });
    const later = appt({ probation_ends_on: '2027-03-01' });
    const confirmed = appt({ probation_ends_on: '2026-12-10' });
    const pendingConfirmation = appt({ probation_ends_on: '2026-12-15' });
    const rows = probationDue(
      [
        soon,
        overdue,
        later,
        confirmed,
        pendingConfirmation,
        appt({ kind: 'confirmation', confirms_id: confirmed.id }),
        appt({ kind: 'confirmation', confirms_id: pendingConfirmation.id, status: 'draft' }),
        appt({ probation_ends_on: '2026-12-12', status: 'signed_1' })
      ],
      '2026-12-06'
    );
    expect(rows.map((r) => [r.appointment.id, r.daysLeft, r.overdue])).toEqual([
      [overdue.id, -5, true],
      [pendingConfirmation.id, 9, false],
      [soon.id, 14, false]
    ]);
  });
});

describe('trackingAssessments', () => {
  const track = (over: Partial<Assessment>) =>
    ({
      id: crypto.randomUUID(),
      cadre_id: 'c',
      kind: 'probation',
      period_start: '2015-06-01',
      period_end: '2015-11-30',
      deleted_at: null,
      ...over
    }) as Assessment;

  it("takes the cadre's probation assessments within the probation year, oldest first", () => {
    const promotion = appt({ effective_on: '2015-06-01', probation_ends_on: '2016-06-01' });
    const second = track({ period_start: '2015-12-01', period_end: '2016-05-31' });
    const first = track({});
    const whole = track({ period_start: '2015-06-01', period_end: '2016-06-01' });
    const rows = trackingAssessments(promotion, [
      second,
      first,
      whole,
      track({ cadre_id: 'someone else' }),
      track({ kind: 'annual' }),
      track({ deleted_at: '2015-12-01T00:00:00Z' }),
      track({ period_start: '2015-05-31' }), // began before the appointment
      track({ period_start: '2016-01-01', period_end: '2016-06-02' }) // ends after the probation
    ]);
    expect(rows).toEqual([first, whole, second]);
  });

  it('has none for an appointment without a probation', () => {
    expect(trackingAssessments(appt({ probation_ends_on: null }), [track({})])).toEqual([]);
  });
});
