// The second-floor desk (借还书): the reader whose card was scanned, what was just handed out,
// this session's returns, and the books past their pick-up date. Card and return scans are each
// handled in the order they were made.
import { create } from 'zustand';
import type { ReaderDesk, RequestDetail, RequestSummary } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';
import { currentOf, type ScanFailure } from './checkin';

export interface HandedOut {
  loans: RequestDetail[];
}

export interface ReturnEntry {
  detail: RequestDetail;
  /** The status it came back from (LOANED, RECALLED, or ON_HOLD when never picked up). */
  was: RequestDetail['status'];
  at: string;
}

interface HandoutState {
  desk: ReaderDesk | null;
  cardFailure: ScanFailure | null;
  handedOut: HandedOut | null;
  /** A hand-out that was refused. */
  actionError: ApiError | null;
  /** A send-back (off the shelf, past pick-up) that was refused. */
  sendBackError: ApiError | null;
  /** Requests a button is working on (its button is disabled meanwhile). */
  busy: readonly string[];
  returns: ReturnEntry[];
  returnFailure: ScanFailure | null;
  pastPickUp: RequestSummary[];
  pastPickUpError: ApiError | null;
  /** Our library's pick-up days, to show each shelved book's pick-up date. */
  holdShelfDays: number | null;

  scanCard: (card: string) => Promise<void>;
  clearReader: () => void;
  /** Reads the reader at the desk again (after a change elsewhere); keeps the screen as it is on failure. */
  reloadReader: () => Promise<void>;
  handOut: (id: string) => Promise<boolean>;
  handOutAll: () => Promise<boolean>;
  scanReturn: (scan: string) => Promise<void>;
  sendBack: (id: string) => Promise<void>;
  loadPastPickUp: () => Promise<void>;
}

let cardQueue: Promise<void> = Promise.resolve();
let returnQueue: Promise<void> = Promise.resolve();
let readerSeq = 0;
let pastSeq = 0;

export const useHandoutStore = create<HandoutState>()((set, get) => {
  function setBusy(ids: readonly string[], on: boolean): void {
    set((state) => ({ busy: on ? [...state.busy, ...ids] : state.busy.filter((id) => !ids.includes(id)) }));
  }

  async function loadReader(card: string): Promise<void> {
    const seq = ++readerSeq;
    try {
      const desk = await call('reader.desk', { card });
      if (seq !== readerSeq) return;
      const sameReader = get().desk?.reader.id === desk.reader.id;
      set({ desk, cardFailure: null, actionError: null, handedOut: sameReader ? get().handedOut : null });
    } catch (error) {
      if (seq !== readerSeq) return;
      // A card that is not known leaves no other reader's books on the screen.
      set({ desk: null, handedOut: null, actionError: null, cardFailure: { scan: card, error: toApiError(error), current: null } });
    }
  }

  async function afterChange(): Promise<void> {
    await Promise.all([get().reloadReader(), get().loadPastPickUp()]);
  }

  /**
   * Hands out `ids` by `send`, their buttons disabled meanwhile: the loans it answers are shown, or
   * its refusal is, and the reader is read again. True when they went out.
   */
  async function handOutBy(ids: readonly string[], send: () => Promise<RequestDetail[]>): Promise<boolean> {
    setBusy(ids, true);
    try {
      const loans = await send();
      set({ handedOut: { loans }, actionError: null });
      await afterChange();
      return true;
    } catch (error) {
      set({ actionError: toApiError(error) });
      await get().reloadReader();
      return false;
    } finally {
      setBusy(ids, false);
    }
  }

  async function takeReturn(scan: string): Promise<void> {
    try {
      const detail = await call('request.return', { scan });
      const returnEvent = [...detail.events].reverse().find((e) => e.type === 'request.return');
      const was = returnEvent?.fromStatus ?? 'LOANED';
      set((state) => ({ returnFailure: null, returns: [{ detail, was, at: new Date().toISOString() }, ...state.returns] }));
      void afterChange();
    } catch (error) {
      const apiError = toApiError(error);
      const current = apiError.code === 'INVALID_TRANSITION' ? await currentOf(scan) : null;
      set({ returnFailure: { scan, error: apiError, current } });
    }
  }

  return {
    desk: null,
    cardFailure: null,
    handedOut: null,
    actionError: null,
    sendBackError: null,
    busy: [],
    returns: [],
    returnFailure: null,
    pastPickUp: [],
    pastPickUpError: null,
    holdShelfDays: null,

    scanCard: (card) => {
      cardQueue = cardQueue.then(() => loadReader(card));
      return cardQueue;
    },

    clearReader: () => {
      ++readerSeq;
      set({ desk: null, cardFailure: null, handedOut: null, actionError: null });
    },

    reloadReader: async () => {
      const desk = get().desk;
      if (!desk) return;
      const seq = ++readerSeq;
      try {
        const fresh = await call('reader.desk', { card: desk.reader.cardNumber });
        if (seq === readerSeq) set({ desk: fresh });
      } catch {
        // The reader stays on screen as last read; the next scan reads them again.
      }
    },

    handOut: (id) => handOutBy([id], async () => [await call('request.handOut', { id })]),

    handOutAll: async () => {
      const desk = get().desk;
      if (!desk || desk.holds.length === 0) return false;
      const ids = desk.holds.map((hold) => hold.id);
      return handOutBy(ids, async () => (await call('request.handOutAll', { readerId: desk.reader.id, ids })).loans);
    },

    scanReturn: (scan) => {
      returnQueue = returnQueue.then(() => takeReturn(scan));
      return returnQueue;
    },

    sendBack: async (id) => {
      setBusy([id], true);
      try {
        const detail = await call('request.return', { scan: id });
        set((state) => ({
          sendBackError: null,
          returns: [{ detail, was: 'ON_HOLD', at: new Date().toISOString() }, ...state.returns],
        }));
        await afterChange();
      } catch (error) {
        set({ sendBackError: toApiError(error) });
        await get().loadPastPickUp();
      } finally {
        setBusy([id], false);
      }
    },

    loadPastPickUp: async () => {
      const seq = ++pastSeq;
      try {
        const [rows, holdShelfDays] = await Promise.all([
          call('holdShelf.list', { pastPickUpOnly: true }),
          get().holdShelfDays ?? call('rules.get', {}).then((rules) => rules.holdShelfDays),
        ]);
        if (seq === pastSeq) set({ pastPickUp: rows, holdShelfDays, pastPickUpError: null });
      } catch (error) {
        if (seq === pastSeq) set({ pastPickUpError: toApiError(error) });
      }
    },
  };
});
