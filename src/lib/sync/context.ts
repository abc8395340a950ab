// What push and pull share: the database, whose data it is, and one RPC call that turns every
// way a request can fail into one of three errors (try later / sign in again / refused).
import type { FrontlineDB } from '$lib/db/database';
import { RequestError, SessionExpiredError, TransportError, type SessionSource, type Transport } from './transport';

export interface SyncContext {
  db: FrontlineDB;
  userId: string;
  transport: Transport;
  session: SessionSource;
  /** Per-request timeout. */
  timeoutMs: number;
  log: (message: string, detail?: unknown) => void;
}

async function once(ctx: SyncContext, fn: string, args: Record<string, unknown>) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  try {
    const res = await ctx.transport.rpc(fn, args, { signal: controller.signal });
    // supabase-js answers an abort as an error with status 0
    if (controller.signal.aborted) throw new TransportError(`${fn}: timed out`, 0, true);
    return res;
  } catch (e) {
    if (e instanceof TransportError) throw e;
    // anything thrown here means no usable answer came
    const timedOut = controller.signal.aborted;
    throw new TransportError(timedOut ? `${fn}: timed out` : `${fn}: ${(e as Error)?.message ?? e}`, 0, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls a database function. A 401 refreshes the session once and retries; a refused refresh is
 * SessionExpiredError. No answer, 408, 429 and 5xx are TransportError (the caller backs off);
 * any other error answer is RequestError.
 */
export async function callRpc(ctx: SyncContext, fn: string, args: Record<string, unknown>): Promise<unknown> {
  let res = await once(ctx, fn, args);
  if (res.error && res.status === 401) {
    const outcome = await ctx.session.refresh();
    if (outcome === 'offline') throw new TransportError(`${fn}: could not refresh the session`);
    if (outcome === 'expired') throw new SessionExpiredError();
    const who = await ctx.session.userId();
    if (who !== ctx.userId) throw new SessionExpiredError('the refreshed session is not the owner');
    res = await once(ctx, fn, args);
    if (res.error && res.status === 401) throw new SessionExpiredError(res.error.message);
  }
  if (!res.error) return res.data;
  const status = res.status ?? 0;
  if (status === 0 || status === 408 || status === 429 || status >= 500) {
    throw new TransportError(`${fn}: ${res.error.message}`, status);
  }
  throw new RequestError(status, res.error.code ?? 'error', res.error.message);
}
