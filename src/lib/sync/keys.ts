// Keys of the local sync_state table the engine writes and the status strip reads.

/** The person whose data this device holds: sync refuses any other session. */
export const OWNER = 'owner';
/** The last sync pass's outcome (every tab reads it, whichever tab synced). */
export const LAST_RESULT = 'last_result';

export interface LastResult {
  at: string;
  ok: boolean;
  /** 'offline' | 'session_expired' | 'wrong_user' | 'error', or null after a success */
  error: string | null;
  lastSuccessAt: string | null;
  /** The last pull's server had its watermark held back by a long transaction ("server busy"). */
  serverBusy?: boolean;
}

/** Where the pull stands: the server's checkpoint of the last page written. */
export const CHECKPOINT = 'checkpoint';
