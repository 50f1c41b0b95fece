// What each printed slip shows, read from the store for a print job (main/printing/jobs.ts). Pure
// reads: rendering (render.ts) turns this into HTML, so a slip can be reprinted at any time and
// shows what the store holds then. Every request or shipment a job names must exist at this desk.
import { AppError } from '../../shared/errors';
import { calendarDay, pickUpBy, readerDueDate } from '../../shared/rules';
import type { PrintJob } from '../../shared/types';
import type { DeskContext } from '../context';
import { getLibrary, rulesOf } from '../libraries/store';
import { readSmtp } from '../settings/smtp';
import { prepared } from '../store/prepared';

/** Where the slip's reader or courier finds this desk. */
export interface DeskInfo {
  libraryName: string;
  /** The desk's location as set with the notice settings (图书馆二层流通台), else the desk's name. */
  deskName: string;
  /** The desk's phone from the notice settings; null (and left off the slip) when none is set. */
  phone: string | null;
}

export interface PickupSlip {
  requestId: string;
  readerName: string;
  /** The card number with its middle hidden (2008****01): the slip lies on an open shelf. */
  cardMasked: string;
  title: string;
  author: string;
  lenderName: string;
  /** Day the book arrived (was checked in), YYYY-MM-DD. */
  arrivalDate: string;
  /** Last day on the hold shelf. */
  pickUpBy: string;
  /** The reader's loan: the lender's loan period minus its return margin. */
  loanDays: number;
  lenderLoanDays: number;
  marginDays: number;
  /** The reader's due date if the book is handed out on the day the slip prints. */
  dueIfToday: string;
  holdSlot: string;
  desk: DeskInfo;
}

export interface PullSlip {
  requestId: string;
  callNumber: string;
  title: string;
  author: string;
  borrowerName: string;
  desk: DeskInfo;
}

export interface PackingItem {
  requestId: string;
  title: string;
  itemBarcode: string;
}

export interface PackingList {
  shipmentId: string;
  fromName: string;
  lenderName: string;
  courier: string;
  trackingNo: string;
  date: string;
  items: PackingItem[];
  desk: DeskInfo;
}

export interface DateDueItem {
  requestId: string;
  title: string;
  lenderName: string;
  dueDate: string;
}

export interface DateDueSlip {
  readerName: string;
  cardMasked: string;
  date: string;
  items: DateDueItem[];
  desk: DeskInfo;
}

export type SlipData =
  | { kind: 'pickup'; slips: PickupSlip[] }
  | { kind: 'pull'; slips: PullSlip[] }
  | { kind: 'packingList'; list: PackingList }
  | { kind: 'dateDue'; slips: DateDueSlip[] };

interface RequestSlipRow {
  id: string;
  title: string;
  author: string | null;
  borrower_code: string;
  lender_code: string | null;
  reader_id: string | null;
  recipient_name: string | null;
  lender_call_number: string | null;
  item_barcode: string | null;
  hold_slot: string | null;
  lender_due_date: string | null;
  due_date: string | null;
  checked_in_at: string | null;
  status_at: string;
  reader_name: string | null;
  card_number: string | null;
}

const NONE = '—';

/** Keeps the first four and the last two characters of a card number (2008110001 → 2008****01). */
export function maskCard(card: string | null): string {
  if (!card) return NONE;
  if (card.length <= 4) return '*'.repeat(card.length);
  const head = card.length > 6 ? 4 : 0;
  return card.slice(0, head) + '*'.repeat(card.length - head - 2) + card.slice(-2);
}

function libraryName(ctx: DeskContext, code: string | null): string {
  if (!code) return NONE;
  return getLibrary(ctx.db, code)?.name ?? code;
}

function deskInfo(ctx: DeskContext): DeskInfo {
  // Where the reader goes and whom they call: the desk's location and phone from the notice settings
  // (the same words the e-mails use), else the desk's name alone.
  const contact = readSmtp(ctx.db);
  return {
    libraryName: libraryName(ctx, ctx.libraryCode),
    deskName: contact?.deskLocation || ctx.deskName,
    phone: contact?.deskPhone || null,
  };
}

function requestRow(ctx: DeskContext, id: string, index: number): RequestSlipRow {
  const row = prepared(
    ctx.db,
    `SELECT r.id, r.title, r.author, r.borrower_code, r.lender_code, r.reader_id, r.recipient_name, r.lender_call_number,
            r.item_barcode, r.hold_slot, r.lender_due_date, r.due_date, r.checked_in_at, r.status_at,
            rd.name AS reader_name, rd.card_number AS card_number
       FROM requests r LEFT JOIN readers rd ON rd.id = r.reader_id
      WHERE r.id = ?`,
  ).get(id) as RequestSlipRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No request ${id} at this desk for the slip.`, `refs.${index}`);
  return row;
}

function pickupSlip(ctx: DeskContext, row: RequestSlipRow, desk: DeskInfo): PickupSlip {
  const ourRules = rulesOf(ctx.db, ctx.libraryCode);
  const lenderRules = rulesOf(ctx.db, row.lender_code);
  const arrivedAt = row.checked_in_at ?? row.status_at;
  return {
    requestId: row.id,
    readerName: row.reader_name ?? row.recipient_name ?? NONE,
    cardMasked: maskCard(row.card_number),
    title: row.title,
    author: row.author ?? NONE,
    lenderName: libraryName(ctx, row.lender_code),
    arrivalDate: calendarDay(arrivedAt),
    pickUpBy: pickUpBy(arrivedAt, ourRules),
    loanDays: Math.max(0, lenderRules.loanPeriodDays - lenderRules.returnMarginDays),
    lenderLoanDays: lenderRules.loanPeriodDays,
    marginDays: lenderRules.returnMarginDays,
    dueIfToday: readerDueDate({ handedOutAt: ctx.now(), lenderDueDate: row.lender_due_date, lenderRules }),
    holdSlot: row.hold_slot ?? NONE,
    desk,
  };
}

function pullSlip(ctx: DeskContext, row: RequestSlipRow, desk: DeskInfo): PullSlip {
  return {
    requestId: row.id,
    callNumber: row.lender_call_number ?? NONE,
    title: row.title,
    author: row.author ?? NONE,
    borrowerName: libraryName(ctx, row.borrower_code),
    desk,
  };
}

function dateDueSlips(ctx: DeskContext, rows: RequestSlipRow[], desk: DeskInfo): DateDueSlip[] {
  // One slip per reader, in the order the job names them (a handout batch is one reader's).
  const byReader = new Map<string, RequestSlipRow[]>();
  for (const row of rows) {
    const key = row.reader_id ?? `request:${row.id}`;
    byReader.set(key, [...(byReader.get(key) ?? []), row]);
  }
  return [...byReader.values()].map((group) => ({
    readerName: group[0]!.reader_name ?? group[0]!.recipient_name ?? NONE,
    cardMasked: maskCard(group[0]!.card_number),
    date: calendarDay(ctx.now()),
    items: group.map((row) => ({
      requestId: row.id,
      title: row.title,
      lenderName: libraryName(ctx, row.lender_code),
      dueDate: row.due_date ?? NONE,
    })),
    desk,
  }));
}

function packingList(ctx: DeskContext, shipmentId: string, desk: DeskInfo): PackingList {
  const shipment = prepared(ctx.db, 'SELECT id, from_code, to_code, courier, tracking_no, created_at FROM shipments WHERE id = ?').get(shipmentId) as
    | { id: string; from_code: string; to_code: string; courier: string; tracking_no: string; created_at: string }
    | undefined;
  if (!shipment) throw new AppError('NOT_FOUND', `No shipment ${shipmentId} at this desk for the packing list.`, 'refs.0');
  const items = prepared(
    ctx.db,
    `SELECT si.request_id AS requestId, r.title AS title, coalesce(si.item_barcode, r.item_barcode) AS itemBarcode
       FROM shipment_items si JOIN requests r ON r.id = si.request_id
      WHERE si.shipment_id = ? ORDER BY si.request_id`,
  ).all(shipmentId) as { requestId: string; title: string; itemBarcode: string | null }[];
  return {
    shipmentId: shipment.id,
    fromName: libraryName(ctx, shipment.from_code),
    lenderName: libraryName(ctx, shipment.to_code),
    courier: shipment.courier,
    trackingNo: shipment.tracking_no,
    date: calendarDay(shipment.created_at),
    items: items.map((item) => ({ ...item, itemBarcode: item.itemBarcode ?? NONE })),
    desk,
  };
}

/** Everything the job's slip shows; refuses (NOT_FOUND, naming the ref) a request or shipment the desk lacks. */
export function slipData(ctx: DeskContext, job: Pick<PrintJob, 'kind' | 'refs'>): SlipData {
  if (job.refs.length === 0) throw new AppError('INVALID_INPUT', 'A slip names at least one request or shipment.', 'refs');
  const desk = deskInfo(ctx);
  switch (job.kind) {
    case 'packingList':
      if (job.refs.length !== 1) throw new AppError('INVALID_INPUT', 'A packing list is for one shipment.', 'refs');
      return { kind: 'packingList', list: packingList(ctx, job.refs[0]!, desk) };
    case 'pickup':
      return { kind: 'pickup', slips: job.refs.map((ref, i) => pickupSlip(ctx, requestRow(ctx, ref, i), desk)) };
    case 'pull':
      return { kind: 'pull', slips: job.refs.map((ref, i) => pullSlip(ctx, requestRow(ctx, ref, i), desk)) };
    case 'dateDue':
      return { kind: 'dateDue', slips: dateDueSlips(ctx, job.refs.map((ref, i) => requestRow(ctx, ref, i)), desk) };
  }
}
