// The service worker's lifecycle as state. A new version waits until the person taps the banner:
// never an automatic reload in the middle of an edit. Queued changes live in IndexedDB (outbox,
// drafts), so the reload that applies the update loses nothing.
import { registerSW } from 'virtual:pwa-register';

class AppUpdate {
  #needRefresh = $state(false);
  #offlineReady = $state(false);
  #controlled = $state(false);
  #applying = $state(false);
  #update: ((reloadPage?: boolean) => Promise<void>) | null = null;
  #registration: ServiceWorkerRegistration | undefined;

  /** A new version is installed and waiting for the person's tap. */
  get needRefresh(): boolean {
    return this.#needRefresh;
  }

  /** The app shell is cached: it will open with no network. */
  get offlineReady(): boolean {
    return this.#offlineReady || this.#controlled;
  }

  get applying(): boolean {
    return this.#applying;
  }

  start(): void {
    if (this.#update || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    this.#controlled = navigator.serviceWorker.controller !== null;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      this.#controlled = true;
    });
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => {
        this.#needRefresh = true;
      },
      onOfflineReady: () => {
        this.#offlineReady = true;
      },
      onRegisteredSW: (_url, registration) => {
        this.#registration = registration;
      }
    });
  }

  /** Activate the waiting version and reload into it (only ever on the person's tap). */
  async apply(): Promise<void> {
    this.#applying = true;
    // workbox-window reloads by itself only when the page was already controlled at load; an app
    // left open since its first install must reload too once the new version takes over.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    await this.#update?.(true);
  }

  /** Ask the server for a newer service worker now (settings: "检查更新"). */
  async check(): Promise<void> {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    await this.#registration?.update();
  }
}

export const appUpdate = new AppUpdate();
