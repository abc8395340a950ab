// Cross-cutting signals between parts of the app that must not import each other
// (the shell, the sync engine, screens). Typed so a listener cannot misread a payload.
export interface AppEvents {
  /** A person signed in on this device. */
  'auth.signed-in': { userId: string };
  /** Local data is about to be wiped (sign-out): stop syncing, close live queries. */
  'auth.signing-out': { userId: string | null; waitFor: (done: Promise<unknown>) => void };
  /** The refresh token was refused: ask the person to sign in again; the outbox is kept. */
  'auth.session-expired': { userId: string | null };
  /** A local write added to the outbox: schedule a push soon. */
  'outbox.changed': { table: string; rowId: string };
  /** A sync pass began in this tab. */
  'sync.started': Record<string, never>;
  /** The person asked to sync now ("sync now"). */
  'sync.requested': Record<string, never>;
  /** A sync pass ended (successfully or not). */
  'sync.finished': { ok: boolean; pulled: number; pushed: number; error?: string };
  /** The pull said `reset`: what the person may see changed. */
  'sync.reset': Record<string, never>;
}

type Listener<K extends keyof AppEvents> = (payload: AppEvents[K]) => void;

class EventManager {
  #listeners = new Map<keyof AppEvents, Set<Listener<never>>>();

  on<K extends keyof AppEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof AppEvents>(event: K, payload: AppEvents[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<K>)(payload);
  }
}

export const events = new EventManager();
