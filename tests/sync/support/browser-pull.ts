// Runs in Chromium (bundled by bench/sync-chromium.mjs): the phone's share of a pull — parse,
// merge with the outbox, write each page and its checkpoint — against a raw IndexedDB bulk put of
// the same rows. The server is replaced by pages held in memory, so only the client is measured.
import { FrontlineDB } from '$lib/db/database';
import { pullAll } from '$lib/sync/pull';
import type { SyncContext } from '$lib/sync/context';

interface Page {
  rows: { table: string; row: Record<string, unknown> }[];
  checkpoint: unknown;
  has_more: boolean;
  reset: boolean;
}

async function timePull(pages: Page[]): Promise<{ seconds: number; rows: number }> {
  const db = new FrontlineDB(`bench-pull-${crypto.randomUUID()}`);
  const queue = [...pages];
  const ctx: SyncContext = {
    db,
    userId: 'bench',
    timeoutMs: 60_000,
    log: () => {},
    session: { userId: async () => 'bench', refresh: async () => 'ok' },
    transport: { rpc: async () => ({ data: queue.shift(), error: null, status: 200 }) }
  };
  const start = performance.now();
  const outcome = await pullAll(ctx);
  const seconds = (performance.now() - start) / 1000;
  db.close();
  await db.delete();
  return { seconds, rows: outcome.rows };
}

async function timeRawPut(rows: Record<string, unknown>[]): Promise<number> {
  const db = new FrontlineDB(`bench-raw-${crypto.randomUUID()}`);
  await db.open();
  const start = performance.now();
  await db.work_logs.bulkPut(rows as never[]);
  const seconds = (performance.now() - start) / 1000;
  db.close();
  await db.delete();
  return seconds;
}

/** Alternates the two measurements and keeps the median of each. */
export async function comparePull(pages: Page[], rounds = 3) {
  const rows = pages.flatMap((p) => p.rows.map((r) => r.row));
  const pulls: number[] = [];
  const raws: number[] = [];
  let pulled = 0;
  for (let i = 0; i < rounds; i++) {
    raws.push(await timeRawPut(rows));
    const r = await timePull(structuredClone(pages));
    pulls.push(r.seconds);
    pulled = r.rows;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { rows: pulled, pullSeconds: median(pulls), rawPutSeconds: median(raws), ratio: median(pulls) / median(raws) };
}
