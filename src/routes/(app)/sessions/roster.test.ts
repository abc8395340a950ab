import { describe, expect, it } from 'vitest';
import { attendanceCounts, attendanceRate, hoursCredited, searchCadres, splitSessions, type RosterRow } from './roster';
import { rosterCsv, rosterTable, safeCell } from './csv';

const row = (status: RosterRow['status'], deleted = false): RosterRow => ({
  id: crypto.randomUUID(),
  cadre_id: crypto.randomUUID(),
  status,
  deleted_at: deleted ? '2026-11-27T00:00:00Z' : null
});

describe('attendance counts', () => {
  const rows = [
    row('present'),
    row('present'),
    row('late'),
    row('excused'),
    row('absent'),
    row('enrolled'),
    row('present', true)
  ];

  it('counts each mark and the unmarked, leaving out removed trainees', () => {
    expect(attendanceCounts(rows)).toEqual({ total: 6, present: 2, late: 1, excused: 1, absent: 1, unmarked: 1 });
  });

  it('counts the unmarked as absent once the session is closed', () => {
    expect(attendanceCounts(rows, true)).toMatchObject({ absent: 2, unmarked: 0, total: 6 });
  });

  it('gives the attendance rate as present and late over the whole roster', () => {
    expect(attendanceRate(attendanceCounts(rows))).toBeCloseTo(3 / 6);
    expect(attendanceRate(attendanceCounts([]))).toBe(0);
  });

  it('credits the session hours to each trainee who attended, without float drift', () => {
    expect(hoursCredited(attendanceCounts(rows), 0.1)).toBe(0.3);
    expect(hoursCredited(attendanceCounts(rows), 2.5)).toBe(7.5);
  });
});

describe('session lists', () => {
  const now = new Date('2026-11-27T02:00:00Z');
  const s = (starts: string, ends: string, closed: string | null = null) => ({
    starts_at: starts,
    ends_at: ends,
    closed_at: closed
  });

  it('puts open sessions that have not ended first, soonest first, and the rest after, latest first', () => {
    const a = s('2026-11-28T01:00:00Z', '2026-11-28T04:00:00Z');
    const b = s('2026-11-27T01:00:00Z', '2026-11-27T04:00:00Z');
    const c = s('2026-11-27T00:00:00Z', '2026-11-27T05:00:00Z', '2026-11-27T01:30:00Z');
    const d = s('2026-11-20T01:00:00Z', '2026-11-20T04:00:00Z');
    expect(splitSessions([a, b, c, d], now)).toEqual({ upcoming: [b, a], past: [c, d] });
  });
});

describe('enrolment search', () => {
  const people = [
    { id: '1', full_name: '王海燕', unitName: '本号镇' },
    { id: '2', full_name: '王建国', unitName: '椰林镇' },
    { id: '3', full_name: '李明', unitName: '本号镇' }
  ];

  it('finds cadres by part of the name or of the unit', () => {
    expect(searchCadres(people, '王').map((p) => p.id)).toEqual(['1', '2']);
    expect(searchCadres(people, '本号').map((p) => p.id)).toEqual(['1', '3']);
  });

  it('needs every word to match, however the words are separated', () => {
    expect(searchCadres(people, '王\u3000本号').map((p) => p.id)).toEqual(['1']);
  });

  it('finds nobody for an empty query and stops at the limit', () => {
    expect(searchCadres(people, '  ')).toEqual([]);
    expect(searchCadres(people, '镇', 2)).toHaveLength(2);
  });
});

describe('roster CSV', () => {
  const trainees = [
    {
      full_name: '王海燕',
      unitName: '本号镇',
      row: {
        status: 'present' as const,
        method: 'qr' as const,
        checked_in_at: '2026-11-27T01:05:00Z',
        score: 92,
        remark: '实操熟练, 认真'
      }
    },
    {
      full_name: '=HYPERLINK("x")',
      unitName: '椰林镇',
      row: { status: 'enrolled' as const, method: null, checked_in_at: null, score: null, remark: null }
    }
  ];

  it('has Chinese columns and one row per trainee with mark, check-in time in Beijing time, score and hours', () => {
    const table = rosterTable({ credit_hours: 3, closed_at: null }, trainees);
    expect(table[0]).toEqual(['序号', '姓名', '单位', '考勤', '签到方式', '签到时间', '成绩', '评语', '学时']);
    expect(table[1]).toEqual([1, '王海燕', '本号镇', '出勤', '扫码签到', '2026-11-27 09:05', 92, '实操熟练, 认真', 3]);
    expect(table[2].slice(3)).toEqual(['未点名', '', '', '', '', 0]);
  });

  it('shows the unmarked as absent once the session is closed', () => {
    expect(rosterTable({ credit_hours: 3, closed_at: '2026-11-27T06:00:00Z' }, trainees)[2][3]).toBe('缺勤');
  });

  it('keeps a cell that looks like a formula as text', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('-5')).toBe("'-5");
    expect(safeCell('王')).toBe('王');
  });

  it('starts with a byte-order mark and quotes cells with commas, so Excel reads Chinese text intact', async () => {
    const csv = await rosterCsv({ credit_hours: 3, closed_at: null }, trainees);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('序号,姓名,单位,考勤,签到方式,签到时间,成绩,评语,学时');
    expect(lines[1]).toBe('1,王海燕,本号镇,出勤,扫码签到,2026-11-27 09:05,92,"实操熟练, 认真",3');
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""x"")",椰林镇,未点名,,,,,0`);
  });
});
