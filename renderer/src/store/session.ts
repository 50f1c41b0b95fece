// Who is signed in at this desk. The desk (main) owns the session; every window follows its
// `clerk.session` events, so a lock in one window locks them all.
import { create } from 'zustand';
import type { ClerkSession } from '../../../shared/types';
import { call, onEvent, toApiError, type ApiError } from '../api';

interface SessionState {
  session: ClerkSession | null;
  error: ApiError | null;
  load: () => Promise<void>;
  set: (session: ClerkSession) => void;
  lock: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const useSessionStore = create<SessionState>()((set) => ({
  session: null,
  error: null,
  load: async () => {
    try {
      set({ session: await call('clerk.session', {}), error: null });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  set: (session) => set({ session, error: null }),
  lock: async () => {
    try {
      set({ session: await call('clerk.lock', {}) });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  signOut: async () => {
    try {
      set({ session: await call('clerk.signOut', {}) });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
}));

export function subscribeSession(): () => void {
  return onEvent('clerk.session', (session) => useSessionStore.getState().set(session));
}

/** Whether the clerk at the desk is a supervisor (screens hide what a clerk may not do). */
export function useIsSupervisor(): boolean {
  return useSessionStore((state) => state.session?.clerk?.role === 'supervisor' && !state.session.locked);
}
