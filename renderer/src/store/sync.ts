// The desk's sync with the hub as the screens see it: the status main pushes as events, the hub
// settings, the open sync problems, and the clerk's actions on them.
import { create } from 'zustand';
import type { HubSettings, SyncProblem, SyncStatus } from '../../../shared/types';
import { call, onEvent, toApiError, type ApiError } from '../api';

export interface ConnectInput {
  url: string;
  deskId: string;
  token: string;
}

interface SyncState {
  status: SyncStatus | null;
  settings: HubSettings | null;
  problems: SyncProblem[];
  error: ApiError | null;
  busy: boolean;
  load: () => Promise<void>;
  loadProblems: () => Promise<void>;
  syncNow: () => Promise<void>;
  resolve: (id: number) => Promise<void>;
  /** Resolves to null when connected, or the refusal (with the field it names). */
  connect: (input: ConnectInput) => Promise<ApiError | null>;
}

export const useSyncStore = create<SyncState>()((set, get) => ({
  status: null,
  settings: null,
  problems: [],
  error: null,
  busy: false,
  load: async () => {
    try {
      const [status, settings] = await Promise.all([call('sync.status', {}), call('hub.get', {})]);
      set({ status, settings, error: null });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  loadProblems: async () => {
    try {
      set({ problems: await call('sync.problems', {}), error: null });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  syncNow: async () => {
    set({ busy: true });
    try {
      set({ status: await call('sync.now', {}), error: null });
      await get().loadProblems();
    } catch (error) {
      set({ error: toApiError(error) });
    } finally {
      set({ busy: false });
    }
  },
  resolve: async (id) => {
    try {
      await call('sync.resolveProblem', { id });
      await Promise.all([get().loadProblems(), get().load()]);
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  connect: async (input) => {
    set({ busy: true });
    try {
      const settings = await call('hub.connect', input);
      set({ settings, error: null });
      return null;
    } catch (error) {
      return toApiError(error);
    } finally {
      set({ busy: false });
    }
  },
}));

/** Keeps the store in step with main: status events, and a round when the network comes back. */
export function subscribeSync(): () => void {
  const off = onEvent('sync.status', (status) => useSyncStore.setState({ status }));
  const online = () => {
    const status = useSyncStore.getState().status;
    if (status && status.connection !== 'unconfigured') void call('sync.now', {}).catch(() => undefined);
  };
  window.addEventListener('online', online);
  return () => {
    off();
    window.removeEventListener('online', online);
  };
}
