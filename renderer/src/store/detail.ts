// The request open in the detail pane, and the short notice the desk shows after an action
// ("sent to the printer"). Loading another id drops any answer still on its way for the previous one.
import { create } from 'zustand';
import type { RequestDetail } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export interface DeskNotice {
  /** Bumped for every notice, so the same words twice still show twice. */
  seq: number;
  text: string;
}

interface DetailState {
  id: string | null;
  detail: RequestDetail | null;
  loading: boolean;
  error: ApiError | null;
  notice: DeskNotice | null;
  load: (id: string) => Promise<void>;
  /** Shows what an action answered: the request as it is now. */
  show: (detail: RequestDetail) => void;
  clear: () => void;
  notify: (text: string) => void;
  dismissNotice: () => void;
}

let loadSeq = 0;
let noticeSeq = 0;

export const useDetailStore = create<DetailState>()((set, get) => ({
  id: null,
  detail: null,
  loading: false,
  error: null,
  notice: null,
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
  show: (detail) => {
    ++loadSeq;
    set({ id: detail.id, detail, loading: false, error: null });
  },
  clear: () => {
    ++loadSeq;
    set({ id: null, detail: null, loading: false, error: null });
  },
  notify: (text) => set({ notice: { seq: ++noticeSeq, text } }),
  dismissNotice: () => set({ notice: null }),
}));
