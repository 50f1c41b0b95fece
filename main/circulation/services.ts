// The scan path: check-in, handout, returns and (lending side) completing a returned loan.
// Each runs synchronously in one transaction; a scan that does not fit changes nothing.
import { queueNotice } from '../notices/outbox';
import { queuePrint } from '../printing/jobs';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { readerDueDate } from '../../shared/rules';
import type { Status } from '../../shared/status';
import type { HandOutBatch, RequestDetail, Side } from '../../shared/types';
import { isRequestNumber } from '../../shared/validators';
import type { DeskContext } from '../context';
import { rulesOf } from '../libraries/store';
import { checkRequestOp, inTransaction, recordRequestOp, requireRequest } from '../requests/ops';
import { requestDetail } from '../requests/services';
import { getReaderRow } from '../readers/store';
import { getRequestRow, sideOf, type RequestRow } from '../requests/store';
import { prepared } from '../store/prepared';
import { assignHoldSlot, releaseHoldSlot } from './holdShelf';

const SIDE_WORDS: Record<Side, string> = { borrower: 'a book we borrowed', lender: 'a book we lent' };

/**
 * Finds the request a scan names: a request number, or else an item barcode. Among requests
 * sharing a barcode (a book lent twice over the years) the one in `expected` status wins.
 */
export function resolveScan(ctx: DeskContext, scan: string, side: Side, expected: readonly Status[]): RequestRow {
  let row: RequestRow | undefined;
  if (isRequestNumber(scan)) row = getRequestRow(ctx.db, scan.toUpperCase(), ctx.libraryCode);
  if (!row) {
    // A barcode is looked up on the scan's own side first: a book we lent and one we borrowed
    // may carry the same barcode (they come from different libraries). The other side is looked
    // at only to word the refusal.
    const placeholders = expected.map(() => '?').join(', ');
    const bySide = (column: 'borrower_code' | 'lender_code') =>
      prepared(
        ctx.db,
        `SELECT * FROM requests WHERE item_barcode = ? AND ${column} = ?
         ORDER BY status IN (${placeholders}) DESC, updated_at DESC LIMIT 1`,
      ).get(scan, ctx.libraryCode, ...expected) as RequestRow | undefined;
    const own: 'borrower_code' | 'lender_code' = side === 'borrower' ? 'borrower_code' : 'lender_code';
    row = bySide(own) ?? bySide(own === 'borrower_code' ? 'lender_code' : 'borrower_code');
  }
  if (!row) {
    throw new AppError('NOT_FOUND', `scan: ${scan} is neither a request number nor an item barcode of ours.`, 'scan');
  }
  const rowSide: Side = row.borrower_code === ctx.libraryCode ? 'borrower' : 'lender';
  if (rowSide !== side) {
    throw new AppError('FORBIDDEN', `scan: ${row.id} is ${SIDE_WORDS[rowSide]}, not ${SIDE_WORDS[side]}.`, 'scan');
  }
  return row;
}

/** 到馆: the courier's book is scanned in, put on the hold shelf in a slot, the reader to be told. */
export function checkIn(ctx: DeskContext, input: ParsedInputOf<'request.checkIn'>): RequestDetail {
  const id = inTransaction(ctx, () => {
    const row = resolveScan(ctx, input.scan, 'borrower', ['SHIPPED']);
    const now = ctx.now();
    checkRequestOp(ctx, row, 'request.checkIn');
    const slot = assignHoldSlot(ctx, row.id, now);
    recordRequestOp(ctx, row, 'request.checkIn', { holdSlot: slot }, { hold_slot: slot, checked_in_at: now });
    // One scan does it all: the pickup slip goes to the printer and the reader gets the arrival notice.
    queuePrint(ctx, 'pickup', [row.id]);
    queueNotice(ctx, 'arrival', row.id);
    return row.id;
  });
  return requestDetail(ctx, id);
}

/** The reader takes the book: due date from the lender's due date minus the lender's margin. */
function handOutRow(ctx: DeskContext, row: RequestRow): void {
  const dueDate = readerDueDate({
    handedOutAt: ctx.now(),
    lenderDueDate: row.lender_due_date,
    lenderRules: rulesOf(ctx.db, row.lender_code),
  });
  recordRequestOp(ctx, row, 'request.handOut', { dueDate }, { due_date: dueDate, hold_slot: null });
  releaseHoldSlot(ctx, row.id);
}

/** One book to its reader, with a date-due slip (应还日期, no renewals) for the reader to keep. */
export function handOut(ctx: DeskContext, input: ParsedInputOf<'request.handOut'>): RequestDetail {
  inTransaction(ctx, () => {
    handOutRow(ctx, requireRequest(ctx, input.id));
    queuePrint(ctx, 'dateDue', [input.id]);
  });
  return requestDetail(ctx, input.id);
}

/**
 * Several holds of one reader at once (the usual case at the desk): all of them or none, and one
 * date-due slip listing them all. Every id must be a hold of this reader, so a stale screen can
 * never hand one reader's book to another.
 */
export function handOutAll(ctx: DeskContext, input: ParsedInputOf<'request.handOutAll'>): HandOutBatch {
  const slip = inTransaction(ctx, () => {
    const reader = getReaderRow(ctx.db, input.readerId);
    if (!reader || reader.library_code !== ctx.libraryCode) {
      throw new AppError('NOT_FOUND', `readerId: no reader ${input.readerId} of this library.`, 'readerId');
    }
    input.ids.forEach((id, index) => {
      const field = `ids.${index}`;
      const row = requireRequest(ctx, id, field);
      if (sideOf(row, ctx.libraryCode) !== 'borrower' || row.reader_id !== reader.id) {
        throw new AppError('FORBIDDEN', `${field}: ${id} is not a request of reader ${reader.name} (card ${reader.card_number}).`, field);
      }
      try {
        handOutRow(ctx, row);
      } catch (error) {
        if (error instanceof AppError && error.field === undefined) throw new AppError(error.code, `${field}: ${error.message}`, field);
        throw error;
      }
    });
    return queuePrint(ctx, 'dateDue', input.ids);
  });
  return { loans: input.ids.map((id) => requestDetail(ctx, id)), slip };
}

/** The reader brings the book back (or it was never picked up): it waits for return shipping. */
export function takeReturn(ctx: DeskContext, input: ParsedInputOf<'request.return'>): RequestDetail {
  const id = inTransaction(ctx, () => {
    const row = resolveScan(ctx, input.scan, 'borrower', ['LOANED', 'RECALLED', 'ON_HOLD']);
    recordRequestOp(ctx, row, 'request.return', { fromStatus: row.status }, { hold_slot: null });
    releaseHoldSlot(ctx, row.id);
    return row.id;
  });
  return requestDetail(ctx, id);
}

/** Lending side: our book came back from the borrower. */
export function completeReturn(ctx: DeskContext, input: ParsedInputOf<'request.complete'>): RequestDetail {
  const id = inTransaction(ctx, () => {
    const row = resolveScan(ctx, input.scan, 'lender', ['RETURN_SHIPPED']);
    recordRequestOp(ctx, row, 'request.complete', {});
    return row.id;
  });
  return requestDetail(ctx, id);
}
