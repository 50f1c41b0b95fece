// The check-in desk (到馆签收): each scan checks a shipped book in; the answer (its hold-shelf
// slot) is shown at once and added to this session's list. Scans are handled one after another
// in the order they were made, so a fast scanner never has two check-ins racing.
import { create } from 'zustand';
import type { Notice, RequestDetail, RequestSummary } from '../../../shared/types';
import { REQUEST_NUMBER_PATTERN } from '../../../shared/validators';
import { call, toApiError, type ApiError } from '../api';

export interface CheckInEntry {
  detail: RequestDetail;
  /** The arrival notice check-in queued, if it could be read back. */
  notice: Notice | null;
  /** When this desk checked it in (ISO instant). */
  at: string;
}

/** A refused scan: what was scanned, why, and where that request stands now when we can tell. */
export interface ScanFailure {
  scan: string;
  error: ApiError;
  current: RequestDetail | null;
}

/** How many of the books on their way the list shows (the oldest first). */
export const EXPECTED_LIMIT = 100;

interface CheckInState {
  last: CheckInEntry | null;
  /** This session's check-ins, most recent first. */
  log: CheckInEntry[];
  failure: ScanFailure | null;
  pending: number;
  expected: RequestSummary[];
  expectedTotal: number;
  expectedError: ApiError | null;
  scan: (value: string) => Promise<void>;
  loadExpected: () => Promise<void>;
}

/** Where a refused scan's request stands, if the scan is a request number we can look up. */
export async function currentOf(scan: string): Promise<RequestDetail | null> {
  if (!REQUEST_NUMBER_PATTERN.test(scan)) return null;
  try {
    return await call('request.get', { id: scan });
  } catch {
    return null;
  }
}

let queue: Promise<void> = Promise.resolve();
let expectedSeq = 0;

export const useCheckInStore = create<CheckInState>()((set, get) => {
  async function checkIn(scan: string): Promise<void> {
    try {
      const detail = await call('request.checkIn', { scan });
      let notice: Notice | null = null;
      try {
        notice = (await call('request.notices', { id: detail.id })).find((n) => n.kind === 'arrival') ?? null;
      } catch {
        // The check-in stands; the screen then says only that the notice was queued.
      }
      const entry: CheckInEntry = { detail, notice, at: new Date().toISOString() };
      set((state) => ({ last: entry, failure: null, log: [entry, ...state.log] }));
      void get().loadExpected();
    } catch (error) {
      const apiError = toApiError(error);
      const current = apiError.code === 'INVALID_TRANSITION' ? await currentOf(scan) : null;
      // The last slot is hidden with the error, so nobody shelves this book by the previous answer.
      set({ last: null, failure: { scan, error: apiError, current } });
    }
  }

  return {
    last: null,
    log: [],
    failure: null,
    pending: 0,
    expected: [],
    expectedTotal: 0,
    expectedError: null,

    scan: (value) => {
      set((state) => ({ pending: state.pending + 1 }));
      queue = queue.then(() => checkIn(value)).finally(() => set((state) => ({ pending: state.pending - 1 })));
      return queue;
    },

    loadExpected: async () => {
      const seq = ++expectedSeq;
      try {
        const page = await call('queue.list', {
          side: 'borrowing',
          statuses: ['SHIPPED'],
          sort: 'statusAt',
          order: 'asc',
          limit: EXPECTED_LIMIT,
        });
        if (seq === expectedSeq) set({ expected: page.rows, expectedTotal: page.total, expectedError: null });
      } catch (error) {
        if (seq === expectedSeq) set({ expectedError: toApiError(error) });
      }
    },
  };
});
