// The code on the trainer's screen: recomputed from the session secret whenever the 30-second slot
// turns, with a countdown to the next one. Works with no network: the secret is on the phone.
import { fallbackCode, makeQrPayload, SLOT_SECONDS, slotOf } from '$lib/domain/checkin-code';

export class RotatingCode {
  #now = $state(Date.now());
  #payload = $state<string | null>(null);
  #digits = $state<string | null>(null);
  #slot = -1;

  constructor(
    private readonly sessionId: () => string,
    private readonly secret: () => string | undefined
  ) {
    $effect(() => {
      const timer = setInterval(() => (this.#now = Date.now()), 250);
      return () => clearInterval(timer);
    });
    $effect(() => {
      const secret = this.secret();
      const sessionId = this.sessionId();
      const now = this.#now;
      const slot = slotOf(now);
      if (!secret || slot === this.#slot) return;
      this.#slot = slot;
      void Promise.all([makeQrPayload(sessionId, secret, now), fallbackCode(sessionId, secret, now)]).then(
        ([payload, digits]) => {
          // a late answer of an older slot must not overwrite a newer one
          if (this.#slot !== slot) return;
          this.#payload = payload;
          this.#digits = digits;
        }
      );
    });
  }

  get payload(): string | null {
    return this.#payload;
  }
  get digits(): string | null {
    return this.#digits;
  }
  /** Whole seconds until the code changes (30 … 1). */
  get secondsLeft(): number {
    return SLOT_SECONDS - (Math.floor(this.#now / 1000) % SLOT_SECONDS);
  }
  get now(): number {
    return this.#now;
  }
}
