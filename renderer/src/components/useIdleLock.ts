// Locks the desk after the library's idle time with no key, click or pointer movement in this
// window. A scanner types like a keyboard, so scanning counts as activity.
import { useEffect } from 'react';
import { useSessionStore } from '../store/session';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleLock(): void {
  const minutes = useSessionStore((state) => state.session?.lockAfterMinutes ?? null);
  const active = useSessionStore((state) => state.session?.clerk != null && !state.session.locked);
  useEffect(() => {
    if (!active || minutes === null) return undefined;
    let timer = window.setTimeout(lock, minutes * 60_000);
    function lock() {
      void useSessionStore.getState().lock();
    }
    function reset() {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, minutes! * 60_000);
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, reset, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, reset, { capture: true });
    };
  }, [active, minutes]);
}
