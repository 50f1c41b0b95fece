// The Lending desk: other libraries' requests for our books, tab by tab — new ones to answer,
// accepted ones to pull and ship, books coming back to check in, books out on loan to recall.
// Each tab is one queue query on the lending side; every action reloads the tab and the counts.
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract';
import type { Status, UnfilledReason } from '../../../shared/status';
import type { RequestDetail, RequestSummary } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export const LENDING_TABS = ['incoming', 'accepted', 'returns', 'out'] as const;
export type LendingTab = (typeof LENDING_TABS)[number];

export const TAB_STATUSES: Record<LendingTab, Status[]> = {
  incoming: ['SENT'],
  accepted: ['ACCEPTED'],
  returns: ['RETURN_SHIPPED'],
  out: ['ON_HOLD', 'LOANED', 'RECALLED'],
};

export const LENDING_PAGE_SIZE = 50;
/** The most pull slips one batch prints (the print command's own limit). */
export const PULL_BATCH_MAX = 500;

/** What the last action did, said by the screen in the clerk's language. */
export type LendingNotice =
  | { key: 'incoming.accepted'; id: string }
  | { key: 'incoming.unfilled'; id: string; reason: UnfilledReason }
  | { key: 'accepted.printed'; count: number }
  | { key: 'accepted.shipped'; id: string; courier: string; trackingNo: string; due: string }
  | { key: 'accepted.delivered'; id: string }
  | { key: 'out.recalled'; id: string };

interface TabList {
  rows: RequestSummary[];
  total: number;
  page: number;
  loaded: boolean;
}

const EMPTY_LIST: TabList = { rows: [], total: 0, page: 0, loaded: false };

interface LendingState {
  tab: LendingTab;
  lists: Record<LendingTab, TabList>;
  counts: Partial<Record<Status, number>>;
  listError: ApiError | null;
  notice: LendingNotice | null;
  actionError: ApiError | null;
  busy: boolean;
  /** Books checked back in at this sitting, newest first. */
  completed: RequestDetail[];
  scanError: ApiError | null;

  setTab: (tab: LendingTab) => void;
  load: (tab?: LendingTab, page?: number) => Promise<void>;
  loadCounts: () => Promise<void>;
  refresh: () => Promise<void>;
  clearMessages: () => void;
  accept: (id: string) => Promise<boolean>;
  unfill: (id: string, reasonCode: UnfilledReason, note: string) => Promise<boolean>;
  printPull: (refs: string[]) => Promise<boolean>;
  printAllAccepted: () => Promise<boolean>;
  ship: (input: InputOf<'request.ship'>) => Promise<boolean>;
  deliver: (id: string, note: string) => Promise<boolean>;
  recall: (id: string, reason: string) => Promise<boolean>;
  complete: (scan: string) => Promise<void>;
}

export function tabCount(counts: Partial<Record<Status, number>>, tab: LendingTab): number {
  return TAB_STATUSES[tab].reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

const SORT: Record<LendingTab, Pick<InputOf<'queue.list'>, 'sort' | 'order'>> = {
  // First come, first served.
  incoming: { sort: 'createdAt', order: 'asc' },
  accepted: { sort: 'statusAt', order: 'asc' },
  returns: { sort: 'statusAt', order: 'asc' },
  out: { sort: 'statusAt', order: 'asc' },
};

const listSeq: Record<LendingTab, number> = { incoming: 0, accepted: 0, returns: 0, out: 0 };
let countsSeq = 0;
let scanChain: Promise<void> = Promise.resolve();

export const useLendingStore = create<LendingState>()((set, get) => {
  /** Runs one clerk action; on success says so and reloads what it changed. */
  async function act(run: () => Promise<LendingNotice | null>): Promise<boolean> {
    if (get().busy) return false;
    set({ busy: true, actionError: null, notice: null });
    try {
      const notice = await run();
      set({ busy: false, notice });
      void get().refresh();
      return true;
    } catch (error) {
      set({ busy: false, actionError: toApiError(error) });
      return false;
    }
  }

  return {
    tab: 'incoming',
    lists: { incoming: EMPTY_LIST, accepted: EMPTY_LIST, returns: EMPTY_LIST, out: EMPTY_LIST },
    counts: {},
    listError: null,
    notice: null,
    actionError: null,
    busy: false,
    completed: [],
    scanError: null,

    setTab: (tab) => {
      set({ tab, notice: null, actionError: null, scanError: null });
      void get().load(tab);
    },

    load: async (tab = get().tab, page = get().lists[tab].page) => {
      const seq = ++listSeq[tab];
      try {
        const result = await call('queue.list', {
          side: 'lending',
          statuses: TAB_STATUSES[tab],
          ...SORT[tab],
          offset: page * LENDING_PAGE_SIZE,
          limit: LENDING_PAGE_SIZE,
        });
        if (seq !== listSeq[tab]) return;
        const lastPage = Math.max(0, Math.ceil(result.total / LENDING_PAGE_SIZE) - 1);
        if (result.rows.length === 0 && page > lastPage) {
          // The list shrank under us (the last row of the page was answered): show the page before.
          await get().load(tab, lastPage);
          return;
        }
        set((state) => ({
          lists: { ...state.lists, [tab]: { rows: result.rows, total: result.total, page, loaded: true } },
          listError: null,
        }));
      } catch (error) {
        if (seq === listSeq[tab]) set({ listError: toApiError(error) });
      }
    },

    loadCounts: async () => {
      const seq = ++countsSeq;
      try {
        const counts = await call('queue.statusCounts', { side: 'lending' });
        if (seq === countsSeq) set({ counts });
      } catch (error) {
        if (seq === countsSeq) set({ listError: toApiError(error) });
      }
    },

    refresh: async () => {
      await Promise.all([get().load(), get().loadCounts()]);
    },

    clearMessages: () => set({ notice: null, actionError: null, scanError: null }),

    accept: (id) =>
      act(async () => {
        await call('request.accept', { id });
        return { key: 'incoming.accepted', id };
      }),

    unfill: (id, reasonCode, note) =>
      act(async () => {
        await call('request.unfill', note.trim() === '' ? { id, reasonCode } : { id, reasonCode, note });
        return { key: 'incoming.unfilled', id, reason: reasonCode };
      }),

    printPull: (refs) =>
      act(async () => {
        await call('print.slip', { kind: 'pull', refs });
        return { key: 'accepted.printed', count: refs.length };
      }),

    printAllAccepted: () =>
      act(async () => {
        // Every accepted request, not only the page on screen.
        const page = await call('queue.list', {
          side: 'lending',
          statuses: ['ACCEPTED'],
          ...SORT.accepted,
          limit: PULL_BATCH_MAX,
        });
        const refs = page.rows.map((row) => row.id);
        if (refs.length === 0) return null;
        await call('print.slip', { kind: 'pull', refs });
        return { key: 'accepted.printed', count: refs.length };
      }),

    ship: (input) =>
      act(async () => {
        const shipped = await call('request.ship', input);
        return {
          key: 'accepted.shipped',
          id: shipped.id,
          courier: shipped.courier ?? input.courier,
          trackingNo: shipped.trackingNo ?? input.trackingNo,
          due: shipped.lenderDueDate ?? '',
        };
      }),

    deliver: (id, note) =>
      act(async () => {
        await call('request.deliver', note.trim() === '' ? { id } : { id, note });
        return { key: 'accepted.delivered', id };
      }),

    recall: (id, reason) =>
      act(async () => {
        await call('request.recall', { id, reason });
        return { key: 'out.recalled', id };
      }),

    complete: (scan) => {
      const text = scan.trim();
      if (text === '') return Promise.resolve();
      scanChain = scanChain.then(async () => {
        try {
          const done = await call('request.complete', { scan: text });
          set((state) => ({ completed: [done, ...state.completed.filter((r) => r.id !== done.id)], scanError: null }));
          void get().refresh();
        } catch (error) {
          set({ scanError: toApiError(error) });
        }
      });
      return scanChain;
    },
  };
});
