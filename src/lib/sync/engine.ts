// One sync pass: check whose session it is, push the outbox, pull what changed. Passes never
// overlap within an engine; across tabs the scheduler (start.ts) takes a Web Lock.
import { db as defaultDb, type FrontlineDB } from '$lib/db/database';
import { events } from '$lib/events';
import type { SyncContext } from './context';
import { LAST_RESULT, OWNER, type LastResult } from './keys';
import { pushOutbox, MAX_BATCH, MAX_BATCH_BYTES } from './push';
import { pullAll, PAGE_SIZE } from './pull';
import {
  PassAbortedError,
  SessionExpiredError,
  TransportError,
  WrongUserError,
  type SessionSource,
  type Transport
} from './transport';

export interface SyncEngineOptions {
  userId: string;
  transport: Transport;
  session: SessionSource;
  db?: FrontlineDB;
  timeoutMs?: number;
  pageSize?: number;
  maxBatch?: number;
  maxBatchBytes?: number;
  log?: (message: string, detail?: unknown) => void;
}

export type SyncFailure = 'offline' | 'session_expired' | 'wrong_user' | 'aborted' | 'error';

export interface SyncResult {
  ok: boolean;
  pushed: number;
  rejected: number;
  conflicts: number;
  pulled: number;
  reset: boolean;
  /** The server said a long transaction holds its watermark back (others' newest changes come later). */
  heldBackSeconds?: number | null;
  failure?: SyncFailure;
  error?: string;
}

export class SyncEngine {
  readonly #ctx: SyncContext;
  readonly #limits: { pageSize: number; maxBatch: number; maxBatchBytes: number };
  #running: Promise<SyncResult> | null = null;
  #abort: AbortController | null = null;

  constructor(options: SyncEngineOptions) {
    this.#ctx = {
      db: options.db ?? defaultDb,
      userId: options.userId,
      transport: options.transport,
      session: options.session,
      timeoutMs: options.timeoutMs ?? 30_000,
      log: options.log ?? ((m, d) => console.warn(m, d ?? ''))
    };
    this.#limits = {
      pageSize: options.pageSize ?? PAGE_SIZE,
      maxBatch: options.maxBatch ?? MAX_BATCH,
      maxBatchBytes: options.maxBatchBytes ?? MAX_BATCH_BYTES
    };
  }

  get userId(): string {
    return this.#ctx.userId;
  }

  /** Runs a pass, or joins the one already running. Never throws: the result says what happened. */
  sync(): Promise<SyncResult> {
    this.#running ??= this.#pass().finally(() => (this.#running = null));
    return this.#running;
  }

  /**
   * Stops the pass in flight (its request is cancelled, no other is sent; answers already received
   * are still written) and resolves when it has ended. Sign-out waits for this before it wipes.
   */
  async abort(): Promise<void> {
    this.#abort?.abort();
    await this.#running;
  }

  async #pass(): Promise<SyncResult> {
    const result: SyncResult = { ok: false, pushed: 0, rejected: 0, conflicts: 0, pulled: 0, reset: false };
    const abort = (this.#abort = new AbortController());
    // Every request of this pass carries this person's token and is checked against them (context.ts)
    const ctx: SyncContext = { ...this.#ctx, signal: abort.signal, accessToken: null };
    const { userId } = ctx;
    events.emit('sync.started', {});
    try {
      ctx.accessToken = await this.#checkOwner();
      let pushFailure: unknown = null;
      try {
        const pushed = await pushOutbox(ctx, {
          maxBatch: this.#limits.maxBatch,
          maxBytes: this.#limits.maxBatchBytes
        });
        result.pushed = pushed.applied;
        result.rejected = pushed.rejected;
        result.conflicts = pushed.conflicts;
      } catch (e) {
        // a push the server keeps refusing (5xx) must not keep the person from receiving data;
        // with no answer at all (offline, timeout) a pull would fare no better
        if (!(e instanceof TransportError) || e.status === 0) throw e;
        pushFailure = e;
      }
      const pulled = await pullAll(ctx, this.#limits.pageSize);
      result.pulled = pulled.rows;
      result.reset = pulled.reset;
      result.heldBackSeconds = pulled.heldBackSeconds;
      if (pushFailure) throw pushFailure;
      result.ok = true;
    } catch (e) {
      result.failure =
        e instanceof PassAbortedError || abort.signal.aborted
          ? 'aborted'
          : e instanceof TransportError
            ? 'offline'
            : e instanceof SessionExpiredError
              ? 'session_expired'
              : e instanceof WrongUserError
                ? 'wrong_user'
                : 'error';
      result.error = e instanceof Error ? e.message : String(e);
      if (result.failure === 'error') this.#ctx.log('sync failed', e);
      if (result.failure === 'session_expired') events.emit('auth.session-expired', { userId });
    }
    await this.#record(result).catch((e) => this.#ctx.log('sync: could not record the result', e));
    events.emit('sync.finished', {
      ok: result.ok,
      pulled: result.pulled,
      pushed: result.pushed,
      ...(result.error ? { error: result.error } : {})
    });
    return result;
  }

  /**
   * The session must be this device's owner's: one person's outbox never goes out under another's.
   * Returns the owner's access token, which the pass keeps for all its requests.
   */
  async #checkOwner(): Promise<string | null> {
    const { db, userId, session } = this.#ctx;
    const identity = session.identity ? await session.identity() : null;
    const who = session.identity ? (identity?.userId ?? null) : await session.userId();
    if (who === null) throw new SessionExpiredError();
    if (who !== userId) throw new WrongUserError();
    const owner = (await db.sync_state.get(OWNER))?.value;
    if (owner === undefined || owner === null) await db.sync_state.put({ key: OWNER, value: userId });
    else if (owner !== userId) throw new WrongUserError();
    return identity?.accessToken ?? null;
  }

  async #record(result: SyncResult): Promise<void> {
    const { db } = this.#ctx;
    await db.transaction('rw', db.sync_state, async () => {
      const previous = (await db.sync_state.get(LAST_RESULT))?.value as LastResult | undefined;
      const at = new Date().toISOString();
      const value: LastResult = {
        at,
        ok: result.ok,
        error: result.ok ? null : (result.failure ?? 'error'),
        lastSuccessAt: result.ok ? at : (previous?.lastSuccessAt ?? null),
        serverBusy: result.ok ? (result.heldBackSeconds ?? null) !== null : (previous?.serverBusy ?? false)
      };
      await db.sync_state.put({ key: LAST_RESULT, value });
    });
  }
}
