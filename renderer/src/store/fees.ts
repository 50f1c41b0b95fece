// The Fees screen (费用): which tab is open, the filters the account log and the fee statistics
// share, the page of the log on screen, the month being reconciled and the charts' figures. Answers
// for a filter or month no longer on screen are dropped, so a slow answer never shows under
// another's heading.
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract';
import type { SyncLedgerEntry } from '../../../shared/ledger';
import type { FeeStats, FeeSummary, LedgerClaims, LedgerPage, LedgerRow, Reader, Statement, StatementSummary, StatementView } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export type FeesTab = 'log' | 'claims' | 'stats' | 'reconcile' | 'charts';
export const FEES_TABS: readonly FeesTab[] = ['log', 'claims', 'stats', 'reconcile', 'charts'];

/** Entries of the account log on one page. */
export const LOG_PAGE_SIZE = 50;
/** Entries per call when exporting the whole log (the contract's maximum). */
export const EXPORT_CHUNK = 1000;

export interface FeeFilters {
  reader: Reader | null;
  libraryCode: string | null;
  /** YYYY-MM-DD, inclusive; '' for open. */
  from: string;
  to: string;
}

export const NO_FILTERS: FeeFilters = { reader: null, libraryCode: null, from: '', to: '' };

/** The filters as the ledger commands take them. */
export function filterInput(filters: FeeFilters): { readerId?: string; libraryCode?: string; from?: string; to?: string } {
  return {
    ...(filters.reader ? { readerId: filters.reader.id } : {}),
    ...(filters.libraryCode ? { libraryCode: filters.libraryCode } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The month before the one of `date` (local), `YYYY-MM`. */
export function previousMonth(date = new Date()): string {
  const d = new Date(date.getFullYear(), date.getMonth() - 1, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** `YYYY-MM` of `date` (local) shifted by `delta` months. */
export function monthShift(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(y, m - 1 + delta, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

export function currentMonth(date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** The entries on screen that a later entry reversed (the service says which). */
function reversedOn(page: LedgerPage): Set<string> {
  return new Set(page.items.filter((item) => item.reversedBy !== null).map((item) => item.id));
}

interface FeesState {
  tab: FeesTab;
  filters: FeeFilters;

  log: LedgerPage | null;
  logPage: number;
  reversedIds: ReadonlySet<string>;
  logLoading: boolean;
  logError: ApiError | null;

  stats: FeeStats | null;
  statsLoading: boolean;
  statsError: ApiError | null;

  month: string;
  view: StatementView | null;
  viewLoading: boolean;
  viewError: ApiError | null;
  statements: StatementSummary[];
  statementsError: ApiError | null;

  summary: FeeSummary | null;
  summaryRange: { from: string; to: string } | null;
  summaryError: ApiError | null;

  /** Entries claimed between libraries (DESIGN §7): loaded with every refresh, for the tab's count. */
  claims: LedgerClaims | null;
  claimsError: ApiError | null;

  setTab: (tab: FeesTab) => void;
  setFilters: (filters: FeeFilters) => void;
  loadLog: (page?: number) => Promise<void>;
  loadStats: () => Promise<void>;
  setMonth: (month: string) => Promise<void>;
  loadMonth: () => Promise<void>;
  loadStatements: () => Promise<void>;
  loadSummary: () => Promise<void>;
  loadClaims: () => Promise<void>;
  /** Reloads whatever the open tab shows (after an entry, or when sync brought some). */
  refresh: () => Promise<void>;

  add: (input: InputOf<'ledger.add'>) => Promise<SyncLedgerEntry>;
  reverse: (id: string, reason: string) => Promise<SyncLedgerEntry>;
  accept: (id: string) => Promise<LedgerRow>;
  disputeClaim: (id: string, comment: string) => Promise<LedgerRow>;
  confirm: (month: string) => Promise<Statement>;
  dispute: (month: string, comment: string) => Promise<Statement>;
}

let logSeq = 0;
let statsSeq = 0;
let viewSeq = 0;

/** What the fee screen shows before anything is loaded (and again when the desk switches store). */
function freshFees() {
  return {
    tab: 'log' as FeesTab,
    filters: NO_FILTERS,
    log: null,
    logPage: 0,
    reversedIds: new Set<string>() as ReadonlySet<string>,
    logLoading: false,
    logError: null,
    stats: null,
    statsLoading: false,
    statsError: null,
    month: previousMonth(),
    view: null,
    viewLoading: false,
    viewError: null,
    statements: [],
    statementsError: null,
    summary: null,
    summaryRange: null,
    summaryError: null,
    claims: null,
    claimsError: null,
  };
}

/** The desk switched store (connected to a hub): nothing of the demo's money stays on screen. */
export function resetFees(): void {
  useFeesStore.setState(freshFees());
}

export const useFeesStore = create<FeesState>()((set, get) => ({
  ...freshFees(),

  setTab: (tab) => {
    set({ tab });
    void get().refresh();
  },

  setFilters: (filters) => {
    set({ filters, logPage: 0 });
    void get().refresh();
  },

  loadLog: async (page = get().logPage) => {
    const seq = ++logSeq;
    const { filters } = get();
    set({ logLoading: true, logError: null, logPage: page });
    try {
      const offset = page * LOG_PAGE_SIZE;
      const log = await call('ledger.list', { ...filterInput(filters), limit: LOG_PAGE_SIZE, offset });
      const reversedIds = reversedOn(log);
      if (seq === logSeq) set({ log, reversedIds, logLoading: false });
    } catch (error) {
      if (seq === logSeq) set({ logError: toApiError(error), logLoading: false });
    }
  },

  loadStats: async () => {
    const seq = ++statsSeq;
    set({ statsLoading: true, statsError: null });
    try {
      const stats = await call('ledger.feeStats', filterInput(get().filters));
      if (seq === statsSeq) set({ stats, statsLoading: false });
    } catch (error) {
      if (seq === statsSeq) set({ statsError: toApiError(error), statsLoading: false });
    }
  },

  setMonth: async (month) => {
    set({ month });
    await get().loadMonth();
  },

  loadMonth: async () => {
    const seq = ++viewSeq;
    const { month } = get();
    set({ viewLoading: true, viewError: null });
    try {
      const view = await call('statement.get', { month });
      if (seq === viewSeq) set({ view, viewLoading: false });
    } catch (error) {
      if (seq === viewSeq) set({ viewError: toApiError(error), viewLoading: false, view: null });
    }
  },

  loadStatements: async () => {
    try {
      set({ statements: await call('statements.list', {}), statementsError: null });
    } catch (error) {
      set({ statementsError: toApiError(error) });
    }
  },

  loadSummary: async () => {
    const to = currentMonth();
    const from = monthShift(to, -11);
    try {
      const summary = await call('fees.summary', { from, to });
      set({ summary, summaryRange: { from, to }, summaryError: null });
    } catch (error) {
      set({ summaryError: toApiError(error) });
    }
  },

  loadClaims: async () => {
    try {
      set({ claims: await call('ledger.claims', {}), claimsError: null });
    } catch (error) {
      set({ claimsError: toApiError(error) });
    }
  },

  refresh: async () => {
    const { tab } = get();
    const claims = get().loadClaims();
    if (tab === 'log') await get().loadLog();
    else if (tab === 'stats') await get().loadStats();
    else if (tab === 'reconcile') await Promise.all([get().loadMonth(), get().loadStatements()]);
    else if (tab === 'charts') await get().loadSummary();
    await claims;
  },

  add: async (input) => {
    const entry = await call('ledger.add', input);
    await get().loadLog(0);
    return entry;
  },

  reverse: async (id, reason) => {
    const entry = await call('ledger.reverse', { id, reason });
    await get().loadLog();
    return entry;
  },

  accept: async (id) => {
    const row = await call('ledger.accept', { id });
    await get().loadClaims();
    return row;
  },

  disputeClaim: async (id, comment) => {
    const row = await call('ledger.dispute', { id, comment });
    await get().loadClaims();
    return row;
  },

  confirm: async (month) => {
    const statement = await call('statement.confirm', { month });
    await Promise.all([get().loadMonth(), get().loadStatements()]);
    return statement;
  },

  dispute: async (month, comment) => {
    const statement = await call('statement.dispute', { month, comment });
    await Promise.all([get().loadMonth(), get().loadStatements()]);
    return statement;
  },
}));
