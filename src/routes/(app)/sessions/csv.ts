// The roster as a spreadsheet for the organization department: one row per trainee, columns in
// Chinese, opened by Excel on Windows (which reads UTF-8 only with a byte-order mark).
import type { Attendance, TrainingSession } from '$lib/schema';
import { earnsHours } from './roster';

export const CSV_COLUMNS = ['序号', '姓名', '单位', '考勤', '签到方式', '签到时间', '成绩', '评语', '学时'] as const;

const STATUS_ZH: Record<Attendance['status'], string> = {
  enrolled: '未点名',
  present: '出勤',
  late: '迟到',
  excused: '请假',
  absent: '缺勤'
};
const METHOD_ZH: Record<NonNullable<Attendance['method']>, string> = { roster: '老师点名', qr: '扫码签到' };

export interface CsvTrainee {
  full_name: string;
  unitName: string;
  row: Pick<Attendance, 'status' | 'method' | 'checked_in_at' | 'score' | 'remark'>;
}

// Beijing time as Excel shows it: 2026-11-27 09:05
const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
});

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: a name typed as "=HYPERLINK(…)" must stay text (OWASP CSV injection).
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The header and one row per trainee, in the order given. After 结班 the unmarked count as absent. */
export function rosterTable(
  session: Pick<TrainingSession, 'credit_hours' | 'closed_at'>,
  trainees: readonly CsvTrainee[]
): (string | number)[][] {
  const rows: (string | number)[][] = [[...CSV_COLUMNS]];
  trainees.forEach((t, i) => {
    const status = session.closed_at && t.row.status === 'enrolled' ? 'absent' : t.row.status;
    rows.push([
      i + 1,
      safeCell(t.full_name),
      safeCell(t.unitName),
      STATUS_ZH[status],
      t.row.method ? METHOD_ZH[t.row.method] : '',
      t.row.checked_in_at ? beijing.format(new Date(t.row.checked_in_at)) : '',
      t.row.score ?? '',
      safeCell(t.row.remark ?? ''),
      earnsHours(status) ? session.credit_hours : 0
    ]);
  });
  return rows;
}

/** The file's text: a BOM, then RFC 4180 CSV with CRLF line ends (what Excel writes itself). */
export async function rosterCsv(
  session: Pick<TrainingSession, 'credit_hours' | 'closed_at'>,
  trainees: readonly CsvTrainee[]
): Promise<string> {
  const { default: Papa } = await import('papaparse');
  return '\uFEFF' + Papa.unparse(rosterTable(session, trainees), { newline: '\r\n' });
}
