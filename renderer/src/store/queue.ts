// The request queue: what the clerk asked for (tab, statuses, search, sort) and the rows read so
// far. The list is virtual: rows are read a page at a time as the clerk scrolls to them, and kept
// by page number. Each change of the query starts a new generation; answers of an older
// generation are dropped, so a slow answer can never overwrite a newer one. A refresh (data
// changed underneath) also starts a generation but keeps the old rows on screen until the new
// ones arrive, so the list does not flash empty after every action.
import { create } from 'zustand';
import type { QueueQueryInput } from '../../../shared/contract';
import type { ServiceType, Status } from '../../../shared/status';
import type { RequestSummary } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export type QueueSide = NonNullable<QueueQueryInput['side']>;
export type QueueSort = NonNullable<QueueQueryInput['sort']>;
export type SortOrder = NonNullable<QueueQueryInput['order']>;
/** The tabs above the list: the two sides, everything, and document delivery (copies of both sides). */
export type QueueTab = QueueSide | 'copies';

export const QUEUE_SIDES: readonly QueueSide[] = ['all', 'borrowing', 'lending'];
export const QUEUE_TABS: readonly QueueTab[] = ['all', 'borrowing', 'lending', 'copies'];
export const QUEUE_SORTS: readonly QueueSort[] = ['createdAt', 'statusAt', 'dueDate'];
/** Rows read per call. */
export const PAGE_SIZE = 100;
/** How far past the page being read the queue counts before it says "N+". */
export const COUNT_AHEAD = 10_000;

/** The natural direction of each sort: newest first for times, soonest first for due dates. */
const DEFAULT_ORDER: Record<QueueSort, SortOrder> = { createdAt: 'desc', statusAt: 'desc', dueDate: 'asc' };

export interface QueueQueryState {
  side: QueueSide;
  /** Only this service (the copies tab), or both. */
  serviceType: ServiceType | null;
  statuses: Status[];
  /** The search as applied to the list (the box may hold newer text, see `searchText`). */
  q: string;
  sort: QueueSort;
  order: SortOrder;
}

interface LoadedPage {
  generation: number;
  rows: RequestSummary[];
}

export interface QueueState {
  query: QueueQueryState;
  /** What is typed in the search box; applied to `query.q` on Enter or after a pause. */
  searchText: string;
  /** Rows read so far, by page number (PAGE_SIZE rows a page). */
  pages: Readonly<Record<number, LoadedPage>>;
  /** Bumped by every query change and refresh. */
  generation: number;
  /** Bumped by query changes only: the list scrolls back to its top. */
  resetToken: number;
  total: number;
  /** False when there are more requests than `total` (the count stopped, or a broad search). */
  totalIsExact: boolean;
  /** The generation `total` was counted in; until its first answer the list says it is loading. */
  totalGeneration: number;
  statusCounts: Partial<Record<Status, number>>;
  selectedId: string | null;
  loading: boolean;
  error: ApiError | null;

  setTab: (tab: QueueTab) => void;
  setSide: (side: QueueSide) => void;
  setStatuses: (statuses: Status[]) => void;
  setSearchText: (text: string) => void;
  /** Runs the search with the text in the box, unless it is already the applied one. */
  applySearch: () => void;
  setSort: (sort: QueueSort) => void;
  toggleOrder: () => void;
  select: (id: string | null) => void;
  /** The list shows rows `first`…`last`: reads the pages they are on unless read in this generation. */
  showRows: (first: number, last: number) => void;
  loadCounts: () => Promise<void>;
  /** Reloads the rows on screen and the counts, e.g. after data changed underneath (off screen: marks them stale). */
  refresh: () => Promise<void>;
}

export const initialQuery: QueueQueryState = {
  side: 'all',
  serviceType: null,
  statuses: [],
  q: '',
  sort: 'createdAt',
  order: DEFAULT_ORDER.createdAt,
};

export function tabOf(query: QueueQueryState): QueueTab {
  return query.serviceType === 'copy' && query.side === 'all' ? 'copies' : query.side;
}

/**
 * The input of `queue.list` for one page of the query. Only some pages count the matches (the
 * first of a generation, and those at the end of what is counted so far): counting deep into a
 * big list costs more than the page, and the other pages need no count.
 */
export function toListInput(query: QueueQueryState, page: number, count = true): QueueQueryInput {
  const input: QueueQueryInput = {
    side: query.side,
    sort: query.sort,
    order: query.order,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
    // Counting a million rows costs more than the page: count only this far past the page.
    countUpTo: count ? page * PAGE_SIZE + COUNT_AHEAD : 0,
  };
  if (query.serviceType !== null) input.serviceType = query.serviceType;
  if (query.statuses.length > 0) input.statuses = query.statuses;
  if (query.q !== '') input.q = query.q;
  return input;
}

/** How many rows the list has room for: the count, and one more page when the end is not known. */
export function rowCountOf(state: Pick<QueueState, 'total' | 'totalIsExact'>): number {
  return state.totalIsExact ? state.total : state.total + PAGE_SIZE;
}

/** The row at a list position, if read (possibly from the generation before a refresh). */
export function rowAt(state: Pick<QueueState, 'pages'>, index: number): RequestSummary | undefined {
  return state.pages[Math.floor(index / PAGE_SIZE)]?.rows[index % PAGE_SIZE];
}

/**
 * Whether the queue is on screen. Data changes (every scan at the check-in desk) refresh the
 * queue only while it is shown; otherwise its rows are only marked stale and reread when the
 * screen opens, so a busy desk does not query a big list after every scan.
 */
let onScreen = false;
export function setQueueOnScreen(shown: boolean): void {
  onScreen = shown;
}

/** Pages being read now, as `generation:page`. */
const inFlight = new Set<string>();
let countsSeq = 0;
/** The rows the list shows now, so a refresh rereads exactly those. */
let shown = { first: 0, last: 0 };

function pagesOf(first: number, last: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(Math.max(0, first) / PAGE_SIZE); page <= Math.floor(Math.max(0, last) / PAGE_SIZE); page++) pages.push(page);
  return pages;
}

export const useQueueStore = create<QueueState>()((set, get) => {
  function busy(generation: number): boolean {
    for (const key of inFlight) if (key.startsWith(`${generation}:`)) return true;
    return false;
  }

  /** Reads one page; with `count`, its answer also says how long the list is. */
  async function loadPage(page: number, generation: number, count: boolean): Promise<void> {
    const key = `${generation}:${page}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    set({ loading: true, error: null });
    try {
      const answer = await call('queue.list', toListInput(get().query, page, count));
      if (generation !== get().generation) return;
      set((state) => {
        let { total, totalIsExact } = state;
        if (!count) {
          // The page only: the length stays as counted.
        } else if (state.totalGeneration !== generation) {
          ({ total, totalIsExact } = answer);
        } else if (answer.totalIsExact) {
          ({ total, totalIsExact } = answer);
        } else if (!state.totalIsExact) {
          // Each page counts further ahead (and a broad search only says "more"): the furthest wins.
          total = Math.max(state.total, answer.total);
        }
        return {
          pages: { ...state.pages, [page]: { generation, rows: answer.rows } },
          total,
          totalIsExact,
          totalGeneration: count ? generation : state.totalGeneration,
        };
      });
    } catch (error) {
      if (generation === get().generation) set({ error: toApiError(error) });
    } finally {
      inFlight.delete(key);
      if (generation === get().generation) set({ loading: busy(generation) });
    }
  }

  /** Starts a generation for a changed query: the rows go, the list goes back to its top. */
  function requery(change: Partial<QueueQueryState>): void {
    const generation = get().generation + 1;
    shown = { first: 0, last: 0 };
    set((state) => ({
      query: { ...state.query, ...change },
      generation,
      resetToken: state.resetToken + 1,
      pages: {},
      total: 0,
      totalIsExact: true,
    }));
    void loadPage(0, generation, true);
  }

  return {
    query: initialQuery,
    searchText: '',
    pages: {},
    generation: 0,
    resetToken: 0,
    total: 0,
    totalIsExact: true,
    totalGeneration: -1,
    statusCounts: {},
    selectedId: null,
    loading: false,
    error: null,

    setTab: (tab) => {
      if (tab === tabOf(get().query)) return;
      requery(tab === 'copies' ? { side: 'all', serviceType: 'copy' } : { side: tab, serviceType: null });
      void get().loadCounts();
    },
    setSide: (side) => get().setTab(side),
    setStatuses: (statuses) => requery({ statuses }),
    setSearchText: (searchText) => set({ searchText }),
    applySearch: () => {
      const q = get().searchText.trim();
      if (q !== get().query.q) requery({ q });
    },
    setSort: (sort) => requery({ sort, order: DEFAULT_ORDER[sort] }),
    toggleOrder: () => requery({ order: get().query.order === 'asc' ? 'desc' : 'asc' }),
    select: (selectedId) => set({ selectedId }),

    showRows: (first, last) => {
      shown = { first, last };
      const { generation, pages, total, totalIsExact, totalGeneration } = get();
      pagesOf(first, last).forEach((page, index) => {
        if (pages[page]?.generation === generation) return;
        const uncounted = totalGeneration !== generation && index === 0;
        const atKnownEnd = !totalIsExact && (page + 1) * PAGE_SIZE > total;
        void loadPage(page, generation, uncounted || atKnownEnd);
      });
    },

    loadCounts: async () => {
      const seq = ++countsSeq;
      const { side, serviceType } = get().query;
      try {
        const counts = await call('queue.statusCounts', serviceType === null ? { side } : { side, serviceType });
        if (seq === countsSeq) set({ statusCounts: counts });
      } catch (error) {
        if (seq === countsSeq) set({ error: toApiError(error) });
      }
    },

    refresh: async () => {
      const generation = get().generation + 1;
      set({ generation });
      if (!onScreen) return;
      // The first page in view counts the list again; the others are only reread.
      const pages = pagesOf(shown.first, shown.last).map((page, index) => loadPage(page, generation, index === 0));
      await Promise.all([...pages, get().loadCounts()]);
    },
  };
});
