// The request queue: what the clerk asked for (side, statuses, search, sort, page) and what came
// back. Every change of the query reloads the page; answers to superseded queries are dropped,
// so a slow answer can never overwrite a newer one.
import { create } from 'zustand';
import type { QueueQueryInput } from '../../../shared/contract';
import type { Status } from '../../../shared/status';
import type { RequestSummary } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export type QueueSide = NonNullable<QueueQueryInput['side']>;
export type QueueSort = NonNullable<QueueQueryInput['sort']>;
export type SortOrder = NonNullable<QueueQueryInput['order']>;

export const QUEUE_SIDES: readonly QueueSide[] = ['all', 'borrowing', 'lending'];
export const QUEUE_SORTS: readonly QueueSort[] = ['createdAt', 'statusAt', 'dueDate'];
export const PAGE_SIZE = 100;

/** The natural direction of each sort: newest first for times, soonest first for due dates. */
const DEFAULT_ORDER: Record<QueueSort, SortOrder> = { createdAt: 'desc', statusAt: 'desc', dueDate: 'asc' };

export interface QueueQueryState {
  side: QueueSide;
  statuses: Status[];
  /** The search as applied to the list (the box may hold newer text, see `searchText`). */
  q: string;
  sort: QueueSort;
  order: SortOrder;
  /** Zero-based page of PAGE_SIZE rows. */
  page: number;
}

export interface QueueState {
  query: QueueQueryState;
  /** What is typed in the search box; applied to `query.q` on Enter or after a pause. */
  searchText: string;
  rows: RequestSummary[];
  total: number;
  /** False when there are more requests than `total` (the count stopped). */
  totalIsExact: boolean;
  statusCounts: Partial<Record<Status, number>>;
  selectedId: string | null;
  loading: boolean;
  error: ApiError | null;

  setSide: (side: QueueSide) => void;
  setStatuses: (statuses: Status[]) => void;
  setSearchText: (text: string) => void;
  /** Runs the search with the text in the box, unless it is already the applied one. */
  applySearch: () => void;
  setSort: (sort: QueueSort) => void;
  toggleOrder: () => void;
  setPage: (page: number) => void;
  select: (id: string | null) => void;
  load: () => Promise<void>;
  loadCounts: () => Promise<void>;
  /** Reloads the page and the counts, e.g. after data changed underneath. */
  refresh: () => Promise<void>;
}

export const initialQuery: QueueQueryState = {
  side: 'all',
  statuses: [],
  q: '',
  sort: 'createdAt',
  order: DEFAULT_ORDER.createdAt,
  page: 0,
};

/** How far past the current page the queue counts before it says "N+". */
export const COUNT_AHEAD = 10_000;

export function toListInput(query: QueueQueryState): QueueQueryInput {
  const input: QueueQueryInput = {
    side: query.side,
    sort: query.sort,
    order: query.order,
    offset: query.page * PAGE_SIZE,
    limit: PAGE_SIZE,
    // Counting a million rows costs more than the page: count only this far past the page.
    countUpTo: query.page * PAGE_SIZE + COUNT_AHEAD,
  };
  if (query.statuses.length > 0) input.statuses = query.statuses;
  if (query.q !== '') input.q = query.q;
  return input;
}

let listSeq = 0;
let countsSeq = 0;

export const useQueueStore = create<QueueState>()((set, get) => {
  /** Changes the query, back to the first page unless the page itself changes, and reloads. */
  function requery(change: Partial<QueueQueryState>): void {
    set((state) => ({ query: { ...state.query, page: 0, ...change } }));
    void get().load();
  }

  return {
    query: initialQuery,
    searchText: '',
    rows: [],
    total: 0,
    totalIsExact: true,
    statusCounts: {},
    selectedId: null,
    loading: false,
    error: null,

    setSide: (side) => {
      if (side === get().query.side) return;
      requery({ side });
      void get().loadCounts();
    },
    setStatuses: (statuses) => requery({ statuses }),
    setSearchText: (searchText) => set({ searchText }),
    applySearch: () => {
      const q = get().searchText.trim();
      if (q !== get().query.q) requery({ q });
    },
    setSort: (sort) => requery({ sort, order: DEFAULT_ORDER[sort] }),
    toggleOrder: () => requery({ order: get().query.order === 'asc' ? 'desc' : 'asc' }),
    setPage: (page) => requery({ page }),
    select: (selectedId) => set({ selectedId }),

    load: async () => {
      const seq = ++listSeq;
      const { query } = get();
      set({ loading: true, error: null });
      try {
        const page = await call('queue.list', toListInput(query));
        if (seq !== listSeq) return;
        const lastPage = Math.max(0, Math.ceil(page.total / PAGE_SIZE) - 1);
        if (page.rows.length === 0 && query.page > lastPage) {
          // The list shrank under us (filters, sync): show its last page instead of nothing.
          requery({ page: lastPage });
          return;
        }
        set({ rows: page.rows, total: page.total, totalIsExact: page.totalIsExact, loading: false });
      } catch (error) {
        if (seq !== listSeq) return;
        set({ loading: false, error: toApiError(error) });
      }
    },

    loadCounts: async () => {
      const seq = ++countsSeq;
      try {
        const counts = await call('queue.statusCounts', { side: get().query.side });
        if (seq === countsSeq) set({ statusCounts: counts });
      } catch (error) {
        if (seq === countsSeq) set({ error: toApiError(error) });
      }
    },

    refresh: async () => {
      await Promise.all([get().load(), get().loadCounts()]);
    },
  };
});
