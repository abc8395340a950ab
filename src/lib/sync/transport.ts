// What the sync engine needs from the network, and nothing more: a function call and a session.
// supabase-js fits both (supabaseTransport / supabaseAuth); tests wrap its fetch to inject faults.
import type { SupabaseClient } from '@supabase/supabase-js';

export interface RpcResponse {
  data: unknown;
  error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
  /** HTTP status; 0 when no answer came (network error, abort). */
  status?: number;
}

export interface Transport {
  /** `accessToken`: the token of the pass's person, sent instead of whatever session the client holds now. */
  rpc(
    fn: string,
    args: Record<string, unknown>,
    options?: { signal?: AbortSignal; accessToken?: string | null }
  ): PromiseLike<RpcResponse>;
}

export type RefreshOutcome = 'ok' | 'offline' | 'expired';

export interface SessionSource {
  /** The user id of the current session, or null when there is none (refresh refused). Throws TransportError when offline. */
  userId(): Promise<string | null>;
  /** The current session's person and access token, read together (a pass keeps them for all its requests). */
  identity?(): Promise<{ userId: string; accessToken: string } | null>;
  /** Gets a new access token. */
  refresh(): Promise<RefreshOutcome>;
}

/** No answer, or an answer that says "try again later" (5xx, 408, 429): the outbox waits. */
export class TransportError extends Error {
  readonly status: number;
  /** No answer within the timeout: on a weak signal, smaller requests may get through. */
  readonly timedOut: boolean;
  constructor(message: string, status = 0, timedOut = false) {
    super(message);
    this.name = 'TransportError';
    this.status = status;
    this.timedOut = timedOut;
  }
}

/** The session cannot be refreshed: the person must sign in again (the outbox is kept). */
export class SessionExpiredError extends Error {
  constructor(message = 'session expired') {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

/** The server refused the whole request (4xx): retrying the same request will not help. */
export class RequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'RequestError';
    this.status = status;
    this.code = code;
  }
}

/** The pass was stopped (sign-out): nothing more of it is sent. */
export class PassAbortedError extends Error {
  constructor() {
    super('the sync pass was stopped');
    this.name = 'PassAbortedError';
  }
}

/** The signed-in session belongs to someone other than the owner of this device's data. */
export class WrongUserError extends Error {
  constructor() {
    super('the session belongs to another person');
    this.name = 'WrongUserError';
  }
}

export function supabaseTransport(client: Pick<SupabaseClient, 'rpc'>): Transport {
  return {
    rpc(fn, args, options) {
      const builder = client.rpc(fn, args);
      // supabase-js adds the session's token only when the request carries none
      if (options?.accessToken) builder.setHeader('Authorization', `Bearer ${options.accessToken}`);
      return options?.signal ? builder.abortSignal(options.signal) : builder;
    }
  };
}

/** auth-js marks network failures and 5xx answers of the auth server as retryable. */
function retryable(error: { name?: string; status?: number } | null | undefined): boolean {
  if (!error) return false;
  return error.name === 'AuthRetryableFetchError' || !error.status || error.status >= 500;
}

export function supabaseAuth(client: Pick<SupabaseClient, 'auth'>): SessionSource {
  return {
    async userId() {
      return (await this.identity!())?.userId ?? null;
    },
    async identity() {
      // getSession refreshes an expired access token itself; on a refused refresh token it
      // removes the session (null), on a network failure it keeps it and says so.
      const { data, error } = await client.auth.getSession();
      if (error && retryable(error)) throw new TransportError(error.message);
      const s = data.session;
      return s ? { userId: s.user.id, accessToken: s.access_token } : null;
    },
    async refresh() {
      const { data, error } = await client.auth.refreshSession();
      if (error) return retryable(error) ? 'offline' : 'expired';
      return data.session ? 'ok' : 'expired';
    }
  };
}
