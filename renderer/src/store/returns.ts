// The Return shipping screen: what waits to go back (by lender), the shipment being packed (built
// scan by scan; only "mark shipped" writes to the store), and the history of shipments sent.
// Scans are answered one after the other in the order they came, however fast the scanner types.
import { create } from 'zustand';
import type { ReturnShippingGroup, Shipment, ShipmentDetail, ShipmentItem } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

export const HISTORY_PAGE_SIZE = 10;

export type ScanNotice = { kind: 'added'; item: ShipmentItem } | { kind: 'duplicate'; id: string };

interface ReturnsState {
  groups: ReturnShippingGroup[];
  pendingLoaded: boolean;
  pendingError: ApiError | null;

  /** The lender of the shipment being packed; set by the clerk or by the first book scanned. */
  lenderCode: string | null;
  items: ShipmentItem[];
  scanError: ApiError | null;
  scanNotice: ScanNotice | null;
  courier: string;
  trackingNo: string;
  shipping: boolean;
  shipError: ApiError | null;
  /** The shipment just sent, to say so and offer its packing list again. */
  lastShipment: Shipment | null;

  history: Shipment[];
  historyTotal: number;
  historyPage: number;
  historyError: ApiError | null;
  /** A packing list just sent to the printer again (its shipment's tracking number). */
  reprinted: string | null;

  loadPending: () => Promise<void>;
  chooseLender: (code: string | null) => void;
  scan: (text: string) => Promise<void>;
  remove: (id: string) => void;
  clear: () => void;
  setCourier: (courier: string) => void;
  setTrackingNo: (trackingNo: string) => void;
  ship: () => Promise<boolean>;
  loadHistory: (page?: number) => Promise<void>;
  reprint: (shipment: Shipment) => Promise<void>;
  loadShipment: (id: string) => Promise<ShipmentDetail>;
}

function sameScan(item: ShipmentItem, text: string): boolean {
  const scan = text.trim().toUpperCase();
  return item.id.toUpperCase() === scan || (item.itemBarcode !== null && item.itemBarcode.toUpperCase() === scan);
}

let scanChain: Promise<void> = Promise.resolve();
let historySeq = 0;
let pendingSeq = 0;

export const useReturnsStore = create<ReturnsState>()((set, get) => {
  async function checkOne(text: string): Promise<void> {
    const known = get().items.find((item) => sameScan(item, text));
    if (known) {
      set({ scanNotice: { kind: 'duplicate', id: known.id }, scanError: null });
      return;
    }
    const lenderCode = get().lenderCode;
    try {
      const item = await call('shipment.checkScan', lenderCode === null ? { scan: text } : { scan: text, lenderCode });
      const state = get();
      if (state.items.some((other) => other.id === item.id)) {
        set({ scanNotice: { kind: 'duplicate', id: item.id }, scanError: null });
        return;
      }
      // The lender may have been chosen while this scan was on its way: check it against that one.
      // (Asked again with it, the desk refuses the scan in its own words.)
      if (state.lenderCode !== null && item.lenderCode !== state.lenderCode) {
        await call('shipment.checkScan', { scan: text, lenderCode: state.lenderCode });
        return;
      }
      set({
        lenderCode: state.lenderCode ?? item.lenderCode,
        items: [...state.items, item],
        scanNotice: { kind: 'added', item },
        scanError: null,
        lastShipment: null,
      });
    } catch (error) {
      set({ scanError: toApiError(error), scanNotice: null });
    }
  }

  return {
    groups: [],
    pendingLoaded: false,
    pendingError: null,
    lenderCode: null,
    items: [],
    scanError: null,
    scanNotice: null,
    courier: '',
    trackingNo: '',
    shipping: false,
    shipError: null,
    lastShipment: null,
    history: [],
    historyTotal: 0,
    historyPage: 0,
    historyError: null,
    reprinted: null,

    loadPending: async () => {
      const seq = ++pendingSeq;
      try {
        const groups = await call('returns.pending', {});
        if (seq === pendingSeq) set({ groups, pendingLoaded: true, pendingError: null });
      } catch (error) {
        if (seq === pendingSeq) set({ pendingError: toApiError(error) });
      }
    },

    chooseLender: (code) => {
      // A shipment goes to one lender: the lender changes only while it is empty.
      if (get().items.length > 0) return;
      set({ lenderCode: code, scanError: null, scanNotice: null });
    },

    scan: (text) => {
      const trimmed = text.trim();
      if (trimmed === '') return Promise.resolve();
      scanChain = scanChain.then(() => checkOne(trimmed));
      return scanChain;
    },

    remove: (id) => {
      const items = get().items.filter((item) => item.id !== id);
      set({ items, scanNotice: null, scanError: null });
    },

    clear: () =>
      set({ items: [], lenderCode: null, scanError: null, scanNotice: null, shipError: null, courier: '', trackingNo: '' }),

    setCourier: (courier) => set({ courier, shipError: null }),
    setTrackingNo: (trackingNo) => set({ trackingNo, shipError: null }),

    ship: async () => {
      const { lenderCode, items, courier, trackingNo, shipping } = get();
      if (shipping || lenderCode === null || items.length === 0) return false;
      set({ shipping: true, shipError: null });
      try {
        // shipment.create queues the packing list in the same transaction.
        const shipment = await call('shipment.create', {
          lenderCode,
          requestIds: items.map((item) => item.id),
          courier,
          trackingNo,
        });
        set({
          shipping: false,
          lastShipment: shipment,
          items: [],
          lenderCode: null,
          courier: '',
          trackingNo: '',
          scanNotice: null,
          scanError: null,
          reprinted: null,
        });
        void get().loadPending();
        void get().loadHistory(0);
        return true;
      } catch (error) {
        set({ shipping: false, shipError: toApiError(error) });
        return false;
      }
    },

    loadHistory: async (page = get().historyPage) => {
      const seq = ++historySeq;
      try {
        const result = await call('shipments.list', { offset: page * HISTORY_PAGE_SIZE, limit: HISTORY_PAGE_SIZE });
        if (seq !== historySeq) return;
        set({ history: result.rows, historyTotal: result.total, historyPage: page, historyError: null });
      } catch (error) {
        if (seq === historySeq) set({ historyError: toApiError(error) });
      }
    },

    reprint: async (shipment) => {
      try {
        await call('print.slip', { kind: 'packingList', refs: [shipment.id] });
        set({ reprinted: shipment.trackingNo, historyError: null });
      } catch (error) {
        set({ historyError: toApiError(error), reprinted: null });
      }
    },

    loadShipment: (id) => call('shipment.get', { id }),
  };
});
