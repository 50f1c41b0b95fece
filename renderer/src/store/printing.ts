// The print queue as the screens see it: how many slips failed (the header's badge, kept by the
// desk's print.job events), the reprint list while its dialog is open, the last failure for the
// alert, and the clerk's actions on a slip (print again, dismiss).
import { create } from 'zustand';
import type { PrintJob } from '../../../shared/types';
import { call, onEvent, toApiError, type ApiError } from '../api';

export type PrintTab = 'open' | 'recent';

interface PrintingState {
  failed: number;
  open: boolean;
  tab: PrintTab;
  jobs: PrintJob[];
  error: ApiError | null;
  /** The slip whose failure the alert shows (cleared when the clerk closes it or opens the queue). */
  lastFailure: PrintJob | null;
  busyId: number | null;
  /** The latest outcome of each slip by kind and first reference (`pickup:BY00000112`), from the events. */
  outcomes: Record<string, PrintJob>;
  show: (tab?: PrintTab) => void;
  hide: () => void;
  setTab: (tab: PrintTab) => void;
  load: () => Promise<void>;
  retry: (id: number) => Promise<void>;
  dismiss: (id: number) => Promise<void>;
  clearFailure: () => void;
}

export const usePrintingStore = create<PrintingState>()((set, get) => ({
  failed: 0,
  open: false,
  tab: 'open',
  jobs: [],
  error: null,
  lastFailure: null,
  busyId: null,
  outcomes: {},
  show: (tab = 'open') => {
    set({ open: true, tab, lastFailure: null });
    void get().load();
  },
  hide: () => set({ open: false }),
  setTab: (tab) => {
    set({ tab, jobs: [] });
    void get().load();
  },
  load: async () => {
    const { tab } = get();
    try {
      const jobs = await call('print.jobs', { openOnly: tab === 'open' });
      if (get().tab !== tab) return; // the clerk switched tabs meanwhile
      set({
        jobs: tab === 'recent' ? jobs.filter((job) => job.status === 'printed' || job.status === 'dismissed') : jobs,
        failed: tab === 'open' ? jobs.filter((job) => job.status === 'failed').length : get().failed,
        error: null,
      });
    } catch (error) {
      set({ error: toApiError(error) });
    }
  },
  retry: (id) => act(set, get, id, () => call('print.retry', { id })),
  dismiss: (id) => act(set, get, id, () => call('print.dismiss', { id })),
  clearFailure: () => set({ lastFailure: null }),
}));

async function act(
  set: (part: Partial<PrintingState>) => void,
  get: () => PrintingState,
  id: number,
  run: () => Promise<PrintJob>,
): Promise<void> {
  set({ busyId: id, error: null });
  try {
    await run();
    await get().load();
  } catch (error) {
    set({ error: toApiError(error) });
  } finally {
    set({ busyId: null });
  }
}

export function outcomeKey(kind: PrintJob['kind'], ref: string): string {
  return `${kind}:${ref}`;
}

/** What became of the latest slip of this kind for this request (undefined until the printer answers). */
export function useSlipOutcome(kind: PrintJob['kind'], ref: string): PrintJob | undefined {
  return usePrintingStore((state) => state.outcomes[outcomeKey(kind, ref)]);
}

/** Follows the desk's print events: the badge's count, the failure alert, an open list reloaded. */
export function startPrintingEvents(): () => void {
  return onEvent('print.job', ({ job, failed }) => {
    const state = usePrintingStore.getState();
    usePrintingStore.setState({
      failed,
      outcomes: { ...state.outcomes, [outcomeKey(job.kind, job.refs[0] ?? '')]: job },
      ...(job.status === 'failed' && !state.open ? { lastFailure: job } : {}),
    });
    if (state.open) void state.load();
  });
}

/** The failed count when a clerk signs in or the desk switches store (events only bring changes). */
export async function loadPrintingCount(): Promise<void> {
  try {
    const jobs = await call('print.jobs', { openOnly: true });
    usePrintingStore.setState({ failed: jobs.filter((job) => job.status === 'failed').length });
  } catch {
    // Signed out or locked: the badge keeps its count until the next sign-in.
  }
}

/** The desk switched store: the demo's print outcomes and alert go, the count is read anew. */
export function resetPrinting(): void {
  usePrintingStore.setState({ failed: 0, outcomes: {}, lastFailure: null, jobs: [], open: false });
  void loadPrintingCount();
}
