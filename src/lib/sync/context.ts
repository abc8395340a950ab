// What push and pull share: the database, whose data it is, and one RPC call that turns every
// way a request can fail into one of three errors (try later / sign in again / refused).
import type { FrontlineDB } from '$lib/db/database';
import {
  PassAbortedError,
  RequestError,
  SessionExpiredError,
  TransportError,
  WrongUserError,
  type SessionSource,
  type Transport
} from './transport';

export interface SyncContext {
  db: FrontlineDB;
  userId: string;
  transport: Transport;
  session: SessionSource;
  /** Per-request timeout. */
  timeoutMs: number;
  /** The pass's person's token, captured once at its start (refreshed only to the same person). */
  accessToken?: string | null;
  /** Aborted when the pass must stop (sign-out): the request in flight is cancelled, no other starts. */
  signal?: AbortSignal;
  log: (message: string, detail?: unknown) => void;
}

/**
 * Before each request of a pass: the pass has not been stopped, and the device's session is still
 * the pass's person. A sign-out or another person's sign-in between two requests ends the pass
 * before the next one leaves, so nothing goes out under the wrong person.
 */
async function stillTheSamePerson(ctx: SyncContext): Promise<void> {
  if (ctx.signal?.aborted) throw new PassAbortedError();
  const who = await ctx.session.userId();
  if (ctx.signal?.aborted) throw new PassAbortedError();
  if (who === null) throw new SessionExpiredError();
  if (who !== ctx.userId) throw new WrongUserError();
}

async function once(ctx: SyncContext, fn: string, args: Record<string, unknown>) {
  await stillTheSamePerson(ctx);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  const stop = () => controller.abort();
  ctx.signal?.addEventListener('abort', stop);
  try {
    const res = await ctx.transport.rpc(fn, args, { signal: controller.signal, accessToken: ctx.accessToken });
    if (ctx.signal?.aborted) throw new PassAbortedError();
    // supabase-js answers an abort as an error with status 0
    if (controller.signal.aborted) throw new TransportError(`${fn}: timed out`, 0, true);
    return res;
  } catch (e) {
    if (e instanceof TransportError || e instanceof PassAbortedError) throw e;
    if (ctx.signal?.aborted) throw new PassAbortedError();
    // anything thrown here means no usable answer came
    const timedOut = controller.signal.aborted;
    throw new TransportError(timedOut ? `${fn}: timed out` : `${fn}: ${(e as Error)?.message ?? e}`, 0, timedOut);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', stop);
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
    const who = ctx.session.identity ? await ctx.session.identity() : null;
    const userId = who?.userId ?? (await ctx.session.userId());
    if (userId !== ctx.userId) throw new SessionExpiredError('the refreshed session is not the owner');
    if (who) ctx.accessToken = who.accessToken;
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
