// Who and where we are: library, desk, clerk, demo or live. Read once at start.
import { create } from 'zustand';
import type { DeskInfo } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

interface DeskState {
  info: DeskInfo | null;
  error: ApiError | null;
  load: () => Promise<void>;
}

export const useDeskStore = create<DeskState>()((set) => ({
  info: null,
  error: null,
  load: async () => {
    set({ error: null });
    try {
      set({ info: await call('desk.info', {}) });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
}));
