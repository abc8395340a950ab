// Work the first screen does not show (the sync engine with supabase-js, the service worker)
// starts a moment after that screen: on a slow phone it would otherwise share the network and the
// CPU with the screen the person is waiting for. The screen's own reads from this phone answer in
// a few frames; `graceMs` after the first idle moment leaves them room, and the person loses
// nothing (the outbox keeps every change until the engine runs).
export function afterFirstScreen(run: () => void, { graceMs = 1000, timeoutMs = 3000 } = {}): () => void {
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    if (!cancelled) timer = setTimeout(run, graceMs);
  };
  // after the next frame has painted, then the first idle moment (bounded on a page never idle)
  const frame = requestAnimationFrame(() => {
    if (cancelled) return;
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(later, { timeout: timeoutMs });
    else later();
  });
  return () => {
    cancelled = true;
    cancelAnimationFrame(frame);
    if (idle !== undefined) cancelIdleCallback(idle);
    if (timer !== undefined) clearTimeout(timer);
  };
}
