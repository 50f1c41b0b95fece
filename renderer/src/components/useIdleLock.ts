// The idle lock, seen from one window. The desk (main) decides: it locks when no window has had
// input for the library's idle time, and tells every window. This window reports its input (a key,
// a click, a scan — a scanner types like a keyboard) at most every 20 seconds, and when its own
// quiet time reaches the limit it asks the desk, which then locks if the other windows were quiet too.
import { useEffect } from 'react';
import { call } from '../api';
import { useSessionStore } from '../store/session';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const TOUCH_EVERY_MS = 20_000;

export function useIdleLock(): void {
  const minutes = useSessionStore((state) => state.session?.lockAfterMinutes ?? null);
  const active = useSessionStore((state) => state.session?.clerk != null && !state.session.locked);
  useEffect(() => {
    if (!active || minutes === null) return undefined;
    const limitMs = minutes * 60_000;
    let lastTouch = 0;
    let timer = 0;
    const ask = () => {
      // The desk answers with the session, locked if every window was quiet long enough.
      void call('clerk.session', {}).then((session) => useSessionStore.getState().set(session), () => undefined);
      timer = window.setTimeout(ask, limitMs);
    };
    const onActivity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, limitMs);
      const now = Date.now();
      if (now - lastTouch >= TOUCH_EVERY_MS) {
        lastTouch = now;
        void call('clerk.touch', {}).catch(() => undefined);
      }
    };
    timer = window.setTimeout(ask, limitMs);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [active, minutes]);
}
