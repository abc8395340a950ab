// Who is signed in on this device, readable at start with no network and without loading
// supabase-js: the session supabase-js persisted in localStorage is read directly. An expired
// access token still counts as signed in (offline work goes on); the sync engine refreshes it
// before it pushes.
import { AUTH_STORAGE_KEY } from './config';

interface StoredUser {
  id: string;
  email: string | null;
  phone: string | null;
}

function readStored(): StoredUser | null {
  if (typeof localStorage === 'undefined') return null;
  try {
    const raw = localStorage.getItem(AUTH_STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    // supabase-js ≥ 2 stores the session object; older versions wrapped it in currentSession.
    const s = (('currentSession' in parsed ? parsed.currentSession : parsed) ?? {}) as {
      refresh_token?: unknown;
      user?: { id?: unknown; email?: unknown; phone?: unknown };
    };
    if (typeof s.refresh_token !== 'string' || typeof s.user?.id !== 'string') return null;
    return {
      id: s.user.id,
      email: typeof s.user.email === 'string' && s.user.email ? s.user.email : null,
      phone: typeof s.user.phone === 'string' && s.user.phone ? s.user.phone : null
    };
  } catch {
    return null;
  }
}

class Session {
  #user = $state.raw<StoredUser | null>(readStored());
  #signingOut = false;

  get userId(): string | null {
    return this.#user?.id ?? null;
  }

  get email(): string | null {
    return this.#user?.email ?? null;
  }

  get phone(): string | null {
    return this.#user?.phone ?? null;
  }

  get signedIn(): boolean {
    return this.#user !== null;
  }

  /** True while a deliberate sign-out runs (so its SIGNED_OUT is not read as an expiry). */
  get signingOut(): boolean {
    return this.#signingOut;
  }

  set signingOut(value: boolean) {
    this.#signingOut = value;
  }

  /** Read the persisted session again (after sign-in, sign-out, or a change in another tab). */
  reload(): void {
    const next = readStored();
    if (next?.id !== this.#user?.id || next?.email !== this.#user?.email) this.#user = next;
  }
}

export const session = new Session();

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (e) => {
    if (e.key === AUTH_STORAGE_KEY || e.key === null) session.reload();
  });
}
