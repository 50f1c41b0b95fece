// The request open in the detail pane. Loading another id drops any answer still on its way for
// the previous one.
import { create } from 'zustand';
import type { RequestDetail } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

interface DetailState {
  id: string | null;
  detail: RequestDetail | null;
  loading: boolean;
  error: ApiError | null;
  load: (id: string) => Promise<void>;
  clear: () => void;
}

let loadSeq = 0;

export const useDetailStore = create<DetailState>()((set, get) => ({
  id: null,
  detail: null,
  loading: false,
  error: null,
  load: async (id) => {
    const seq = ++loadSeq;
    // Keep showing the same request while it reloads; a different one starts blank.
    set({ id, loading: true, error: null, detail: get().detail?.id === id ? get().detail : null });
    try {
      const detail = await call('request.get', { id });
      if (seq === loadSeq) set({ detail, loading: false });
    } catch (error) {
      if (seq === loadSeq) set({ loading: false, error: toApiError(error) });
    }
  },
  clear: () => {
    ++loadSeq;
    set({ id: null, detail: null, loading: false, error: null });
  },
}));
