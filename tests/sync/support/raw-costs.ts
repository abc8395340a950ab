// What both sync benchmarks (sync-bench.ts in Node, chromium-bench.ts in Chromium) put beside a
// push and a pull: the same work done by plain SQL on the same Postgres, as the superuser, and the
// work logs a pull is measured on. Times in seconds, from performance.now().
import type pg from 'pg';
import { ids } from './world';

export const seconds = (start: number) => (performance.now() - start) / 1000;
export const round = (x: number) => Math.round(x * 1000) / 1000;

/** `count` new work logs as plain INSERTs, in the batches of 200 a push sends; its seconds. */
export async function timeRawInsert(raw: pg.Client, count: number): Promise<number> {
  const rows = Array.from({ length: count }, (_, i) => [
    crypto.randomUUID(),
    `基准原始 ${i}：走访群众，了解生产生活情况。`
  ]);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await raw.query(
      `insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body)
       select x.id, $1, $2, '2026-11-20', 'routine', x.body from unnest($3::uuid[], $4::text[]) as x(id, body)`,
      [ids.cadre, ids.posting, chunk.map((r) => r[0]), chunk.map((r) => r[1])]
    );
  }
  return seconds(start);
}

/** `count` more work logs of the cadre, spread over the year, for a pull to fetch. */
export async function addWorkLogs(raw: pg.Client, count: number): Promise<void> {
  await raw.query(
    `insert into public.work_logs (id, cadre_id, posting_id, log_date, category, body)
     select gen_random_uuid(), $1, $2, date '2026-01-01' + (g % 300), 'routine', '基准拉取 ' || g || '：组织召开村民代表会议，研究解决灌溉用水问题。'
     from generate_series(1, $3) g`,
    [ids.cadre, ids.posting, count]
  );
  // after a bulk load, as a server's autovacuum would soon do: with the statistics of a table that
  // held a handful of rows, the planner scans the cadre's rows by cadre and sorts them all, and a
  // pull page costs about 7× more (measured on the same 20,000 logs)
  await raw.query('analyze public.work_logs');
}

/** The cadre's work logs selected whole, as a pull ships them; the rows and the seconds. */
export async function timeRawSelect(raw: pg.Client): Promise<{ rows: Record<string, unknown>[]; seconds: number }> {
  const start = performance.now();
  const selected = await raw.query(`select to_jsonb(t) as r from public.work_logs t where t.cadre_id = $1`, [
    ids.cadre
  ]);
  return { rows: selected.rows.map((x: { r: Record<string, unknown> }) => x.r), seconds: seconds(start) };
}
