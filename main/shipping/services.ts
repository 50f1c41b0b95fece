// Return shipping: RETURNED books going back to one lender travel in a batch with a packing list.
// The batch is built at the desk by scanning each book (checkShipmentScan answers every scan and
// changes nothing); "mark shipped" is one transaction that moves every book to RETURN_SHIPPED,
// records the shipment and queues its packing list, so the list is never lost to a crash.
import { randomUUID } from 'node:crypto';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Shipment, ShipmentDetail, ShipmentItem, ShipmentPage } from '../../shared/types';
import { resolveScan } from '../circulation/services';
import type { DeskContext } from '../context';
import { getLibrary } from '../libraries/store';
import { queuePrint } from '../printing/jobs';
import { inTransaction, recordRequestOp, requireRequest } from '../requests/ops';
import { today } from '../requests/services';
import { LIST_COLUMNS, LIST_FROM, rowToSummary, type RequestListRow } from '../requests/store';
import { prepared } from '../store/prepared';

export function createReturnShipment(ctx: DeskContext, input: ParsedInputOf<'shipment.create'>): Shipment {
  if (!getLibrary(ctx.db, input.lenderCode)) {
    throw new AppError('INVALID_INPUT', `lenderCode: ${input.lenderCode} is not a member library.`, 'lenderCode');
  }
  const requestIds = [...new Set(input.requestIds)];
  const seen = new Set<string>();
  const id = randomUUID();
  const now = ctx.now();
  inTransaction(ctx, () => {
    prepared(
      ctx.db,
      `INSERT INTO shipments (id, from_code, to_code, courier, tracking_no, clerk, desk_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, ctx.libraryCode, input.lenderCode, input.courier, input.trackingNo, ctx.clerk, ctx.deskId, now);
    input.requestIds.forEach((requestId, index) => {
      if (seen.has(requestId)) return;
      seen.add(requestId);
      // Errors name the entry as the clerk listed it (its index in the input).
      const field = `requestIds.${index}`;
      const row = requireRequest(ctx, requestId, field);
      if (row.lender_code !== input.lenderCode) {
        throw new AppError('INVALID_INPUT', `${field}: ${row.id} was lent by ${row.lender_code ?? 'nobody'}, not ${input.lenderCode}.`, field);
      }
      try {
        recordRequestOp(ctx, row, 'request.returnShip', { shipmentId: id, trackingNo: input.trackingNo });
      } catch (error) {
        if (error instanceof AppError) throw new AppError(error.code, `${field}: ${error.message}`, field);
        throw error;
      }
      prepared(ctx.db, 'INSERT INTO shipment_items (shipment_id, request_id, item_barcode) VALUES (?, ?, ?)').run(
        id,
        row.id,
        row.item_barcode,
      );
    });
    // The packing list goes into the parcel: it is queued with the shipment, never forgotten.
    queuePrint(ctx, 'packingList', [id]);
  });
  return {
    id,
    fromCode: ctx.libraryCode,
    toCode: input.lenderCode,
    courier: input.courier,
    trackingNo: input.trackingNo,
    requestIds,
    createdAt: now,
    clerk: ctx.clerk,
  };
}

type ShipmentItemRow = RequestListRow & { item_barcode: string | null };

function toItem(ctx: DeskContext, row: ShipmentItemRow, day: string): ShipmentItem {
  return { ...rowToSummary(row, ctx.libraryCode, day), itemBarcode: row.item_barcode };
}

/**
 * One scan into the shipment being built: the book must be one we borrowed, back from the reader
 * (RETURNED), and — once the shipment has a lender — lent by that lender. Reads only.
 */
export function checkShipmentScan(ctx: DeskContext, input: ParsedInputOf<'shipment.checkScan'>): ShipmentItem {
  const row = resolveScan(ctx, input.scan, 'borrower', ['RETURNED']);
  if (row.status !== 'RETURNED') {
    throw new AppError(
      'INVALID_TRANSITION',
      `scan: ${row.id} is ${row.status}, not RETURNED: only a book the reader has returned goes back to the lender.`,
      'scan',
    );
  }
  if (input.lenderCode !== undefined && row.lender_code !== input.lenderCode) {
    const lender = row.lender_code === null ? 'nobody' : (getLibrary(ctx.db, row.lender_code)?.name ?? row.lender_code);
    const wanted = getLibrary(ctx.db, input.lenderCode)?.name ?? input.lenderCode;
    throw new AppError('INVALID_INPUT', `lenderCode: ${row.id} was lent by ${lender}, not by ${wanted}: it goes in another shipment.`, 'lenderCode');
  }
  const listed = prepared(ctx.db, `SELECT ${LIST_COLUMNS}, r.item_barcode FROM ${LIST_FROM} WHERE r.id = ?`).get(row.id) as ShipmentItemRow;
  return toItem(ctx, listed, today(ctx));
}

interface ShipmentRow {
  id: string;
  from_code: string;
  to_code: string;
  courier: string;
  tracking_no: string;
  clerk: string;
  created_at: string;
}

function toShipment(row: ShipmentRow, requestIds: string[]): Shipment {
  return {
    id: row.id,
    fromCode: row.from_code,
    toCode: row.to_code,
    courier: row.courier,
    trackingNo: row.tracking_no,
    requestIds,
    createdAt: row.created_at,
    clerk: row.clerk,
  };
}

/** The return shipments our library sent, newest first, a page at a time. */
export function listShipments(ctx: DeskContext, input: ParsedInputOf<'shipments.list'>): ShipmentPage {
  const where = input.lenderCode === undefined ? 'from_code = ?' : 'from_code = ? AND to_code = ?';
  const params = input.lenderCode === undefined ? [ctx.libraryCode] : [ctx.libraryCode, input.lenderCode];
  const rows = prepared(
    ctx.db,
    `SELECT id, from_code, to_code, courier, tracking_no, clerk, created_at FROM shipments
     WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  ).all(...params, input.limit, input.offset) as ShipmentRow[];
  const { n } = prepared(ctx.db, `SELECT count(*) AS n FROM shipments WHERE ${where}`).get(...params) as { n: number };
  const items = new Map<string, string[]>(rows.map((row) => [row.id, []]));
  if (rows.length > 0) {
    const itemRows = prepared(
      ctx.db,
      `SELECT shipment_id, request_id FROM shipment_items
       WHERE shipment_id IN (SELECT value FROM json_each(?)) ORDER BY shipment_id, request_id`,
    ).all(JSON.stringify(rows.map((row) => row.id))) as { shipment_id: string; request_id: string }[];
    for (const item of itemRows) items.get(item.shipment_id)?.push(item.request_id);
  }
  return { rows: rows.map((row) => toShipment(row, items.get(row.id) ?? [])), total: n };
}

/** One shipment with its books, for the history and the packing-list reprint. */
export function getShipment(ctx: DeskContext, input: ParsedInputOf<'shipment.get'>): ShipmentDetail {
  const row = prepared(
    ctx.db,
    'SELECT id, from_code, to_code, courier, tracking_no, clerk, created_at FROM shipments WHERE id = ? AND from_code = ?',
  ).get(input.id, ctx.libraryCode) as ShipmentRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `id: no return shipment ${input.id} was sent from this library.`, 'id');
  const day = today(ctx);
  const items = (
    prepared(
      ctx.db,
      `SELECT ${LIST_COLUMNS}, si.item_barcode FROM shipment_items si
         JOIN requests r ON r.id = si.request_id LEFT JOIN readers rd ON rd.id = r.reader_id
       WHERE si.shipment_id = ? ORDER BY r.id`,
    ).all(row.id) as ShipmentItemRow[]
  ).map((item) => toItem(ctx, item, day));
  return { ...toShipment(row, items.map((item) => item.id)), items };
}
