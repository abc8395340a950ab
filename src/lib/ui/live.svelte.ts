// A Dexie liveQuery as reactive state: `current` follows the database as rows change (a sync
// pull, a write on another screen). Create it during component initialisation.
import { liveQuery } from 'dexie';

export class Live<T> {
  #current = $state.raw<T>() as T;
  #loaded = $state(false);
  #error = $state.raw<unknown>(null);

  /**
   * @param querier the Dexie query; it runs outside Svelte's tracking, so
   * @param deps reads the reactive values it depends on (e.g. the user id): a change re-subscribes.
   */
  constructor(querier: () => T | Promise<T>, initial: T, deps: () => unknown = () => undefined) {
    this.#current = initial;
    $effect(() => {
      deps();
      const subscription = liveQuery(querier).subscribe({
        next: (value) => {
          this.#current = value;
          this.#loaded = true;
          this.#error = null;
        },
        error: (e: unknown) => {
          this.#error = e;
        }
      });
      return () => subscription.unsubscribe();
    });
  }

  get current(): T {
    return this.#current;
  }

  /** False until the first answer arrives: show "loading", not an empty list. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get error(): unknown {
    return this.#error;
  }
}
