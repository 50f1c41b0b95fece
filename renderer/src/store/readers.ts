// The Readers screen: registrations waiting for approval, a reader search, and the reader open in
// the detail pane with their request history. Answers for a reader no longer open are dropped, so
// a slow answer never shows one reader's history under another's name.
import { create } from 'zustand';
import type { Reader, ReaderDetail, ReaderStatus, RequestSummary } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

/** Requests of a reader shown in the pane: newest first, enough for any reader's history. */
export const HISTORY_LIMIT = 200;
/** Readers listed for a search. */
export const SEARCH_LIMIT = 100;

interface ReadersState {
  pending: Reader[];
  pendingLoaded: boolean;
  pendingError: ApiError | null;

  /** The search as last run; `null` until the clerk searches. */
  searched: { q: string; status: ReaderStatus | null } | null;
  results: Reader[];
  searching: boolean;
  searchError: ApiError | null;

  selectedId: string | null;
  detail: ReaderDetail | null;
  history: RequestSummary[];
  historyTotal: number;
  detailLoading: boolean;
  detailError: ApiError | null;

  loadPending: () => Promise<void>;
  search: (q: string, status: ReaderStatus | null) => Promise<void>;
  select: (id: string) => Promise<void>;
  close: () => void;
  /** Reloads everything on screen (after a decision, or when sync brought readers). */
  refresh: () => Promise<void>;
  approve: (id: string) => Promise<ReaderDetail>;
  reject: (id: string, reason: string) => Promise<ReaderDetail>;
}

let detailSeq = 0;
let searchSeq = 0;

export const useReadersStore = create<ReadersState>()((set, get) => ({
  pending: [],
  pendingLoaded: false,
  pendingError: null,
  searched: null,
  results: [],
  searching: false,
  searchError: null,
  selectedId: null,
  detail: null,
  history: [],
  historyTotal: 0,
  detailLoading: false,
  detailError: null,

  loadPending: async () => {
    try {
      const pending = await call('readers.search', { q: '', status: 'PENDING', limit: 200 });
      set({ pending, pendingLoaded: true, pendingError: null });
    } catch (error) {
      set({ pendingError: toApiError(error), pendingLoaded: true });
    }
  },

  search: async (q, status) => {
    const seq = ++searchSeq;
    set({ searching: true, searchError: null, searched: { q, status } });
    try {
      const results = await call('readers.search', { q, limit: SEARCH_LIMIT, ...(status ? { status } : {}) });
      if (seq === searchSeq) set({ results, searching: false });
    } catch (error) {
      if (seq === searchSeq) set({ searching: false, searchError: toApiError(error) });
    }
  },

  select: async (id) => {
    const seq = ++detailSeq;
    const same = get().selectedId === id;
    set({
      selectedId: id,
      detailLoading: true,
      detailError: null,
      ...(same ? {} : { detail: null, history: [], historyTotal: 0 }),
    });
    try {
      const [detail, page] = await Promise.all([
        call('reader.get', { id }),
        call('queue.list', { side: 'borrowing', readerId: id, sort: 'createdAt', order: 'desc', limit: HISTORY_LIMIT, countUpTo: 10_000 }),
      ]);
      if (seq === detailSeq) set({ detail, history: page.rows, historyTotal: page.total, detailLoading: false });
    } catch (error) {
      if (seq === detailSeq) set({ detailLoading: false, detailError: toApiError(error) });
    }
  },

  close: () => {
    ++detailSeq;
    set({ selectedId: null, detail: null, history: [], historyTotal: 0, detailLoading: false, detailError: null });
  },

  refresh: async () => {
    const { searched, selectedId } = get();
    await Promise.all([
      get().loadPending(),
      searched ? get().search(searched.q, searched.status) : Promise.resolve(),
      selectedId ? get().select(selectedId) : Promise.resolve(),
    ]);
  },

  approve: async (id) => {
    const detail = await call('reader.approve', { id });
    await get().refresh();
    return detail;
  },

  reject: async (id, reason) => {
    const detail = await call('reader.reject', { id, reason });
    await get().refresh();
    return detail;
  },
}));
