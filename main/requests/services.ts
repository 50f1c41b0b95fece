// Clerk commands on requests that are not circulation scans: entering a request for a reader,
// forwarding, rejecting, cancelling (borrower); accepting, unfilling, shipping, delivering,
// recalling (lender); losing and noting (either). One function per command.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { calendarDay, lenderDueDate, withinReaderLimit } from '../../shared/rules';
import type { RequestDetail } from '../../shared/types';
import type { DeskContext } from '../context';
import { getLibrary, rulesOf } from '../libraries/store';
import { getReaderRow } from '../readers/store';
import { prepared } from '../store/prepared';
import { releaseHoldSlot } from '../circulation/holdShelf';
import { appendEvent, appendOutbox, inTransaction, recordRequestOp, requireRequest, type RequestChanges } from './ops';
import { countOpenRequestsOfReader, getRequestRow, rowToDetail } from './store';
import type { RequestOpType } from '../../shared/status';
import { MAX_TIMELINE_FOR_NOTES } from '../../shared/sync';

/** Today in the consortium's calendar (Beijing), by the desk's clock. */
export function today(ctx: DeskContext): string {
  return calendarDay(ctx.now());
}

export function requestDetail(ctx: DeskContext, id: string): RequestDetail {
  const row = getRequestRow(ctx.db, id, ctx.libraryCode);
  if (!row) throw new AppError('NOT_FOUND', `No request ${id} is known to this library.`, 'id');
  return rowToDetail(ctx.db, row, ctx.libraryCode, today(ctx));
}

/** Takes the lowest request number this desk has leased and not used. */
function takeLeasedNumber(ctx: DeskContext): string {
  // A number that somehow already names a request (a restored backup) is passed over, not reused.
  const row = prepared(
    ctx.db,
    `SELECT number FROM number_pool p WHERE used_at IS NULL AND NOT EXISTS (SELECT 1 FROM requests WHERE id = p.number)
     ORDER BY number LIMIT 1`,
  ).get() as
    | { number: string }
    | undefined;
  if (!row) {
    throw new AppError(
      'NO_NUMBERS',
      'This desk has no request numbers left. Connect to the hub to lease more; no number is invented offline.',
    );
  }
  prepared(ctx.db, 'UPDATE number_pool SET used_at = ? WHERE number = ?').run(ctx.now(), row.number);
  return row.number;
}

export function createRequest(ctx: DeskContext, input: ParsedInputOf<'request.create'>): RequestDetail {
  const id = inTransaction(ctx, () => {
    const reader = getReaderRow(ctx.db, input.readerId);
    if (!reader || reader.library_code !== ctx.libraryCode) {
      throw new AppError('INVALID_INPUT', `readerId: no reader ${input.readerId} of this library.`, 'readerId');
    }
    if (reader.status !== 'APPROVED') {
      throw new AppError('FORBIDDEN', `readerId: reader ${reader.login} is ${reader.status}; only approved readers may request.`, 'readerId');
    }
    const rules = rulesOf(ctx.db, ctx.libraryCode);
    const open = countOpenRequestsOfReader(ctx.db, reader.id);
    if (!withinReaderLimit(open, rules)) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `readerId: reader ${reader.login} already has ${open} open requests; the limit is ${rules.maxOpenRequestsPerReader}.`,
        'readerId',
      );
    }
    if (input.preferredLender && !getLibrary(ctx.db, input.preferredLender)) {
      throw new AppError('INVALID_INPUT', `preferredLender: ${input.preferredLender} is not a member library.`, 'preferredLender');
    }
    if (input.preferredLender === ctx.libraryCode) {
      throw new AppError('INVALID_INPUT', 'preferredLender: our own library cannot lend to us.', 'preferredLender');
    }
    const number = takeLeasedNumber(ctx);
    const now = ctx.now();
    const record = {
      id: number,
      service_type: input.serviceType,
      borrower_code: ctx.libraryCode,
      reader_id: reader.id,
      title: input.title,
      author: input.author ?? null,
      publisher: input.publisher ?? null,
      pub_year: input.pubYear ?? null,
      isbn: input.isbn ?? null,
      issn: input.issn ?? null,
      language: input.language ?? null,
      material_type: input.materialType ?? null,
      lender_call_number: input.lenderCallNumber ?? null,
      preferred_lender: input.preferredLender ?? null,
      pages: input.pages ?? null,
      recipient_name: input.recipientName ?? reader.name,
      email: input.email ?? reader.email,
      phone: input.phone ?? reader.phone,
      custom_no: input.customNo ?? null,
      remark: input.remark ?? null,
      note_to_lender: input.noteToLender ?? null,
      now,
    };
    prepared(
      ctx.db,
      `INSERT INTO requests (id, service_type, status, borrower_code, reader_id, title, author, publisher, pub_year, isbn,
         issn, language, material_type, lender_call_number, preferred_lender, pages, recipient_name, email, phone,
         custom_no, remark, note_to_lender, created_at, status_at, updated_at)
       VALUES (@id, @service_type, 'SUBMITTED', @borrower_code, @reader_id, @title, @author, @publisher, @pub_year, @isbn,
         @issn, @language, @material_type, @lender_call_number, @preferred_lender, @pages, @recipient_name, @email, @phone,
         @custom_no, @remark, @note_to_lender, @now, @now, @now)`,
    ).run(record);
    const payload = { ...input, recipientName: record.recipient_name, email: record.email, phone: record.phone };
    appendEvent(ctx, { requestId: number, type: 'request.create', from: null, to: 'SUBMITTED', detail: { readerId: reader.id } }, now);
    appendOutbox(ctx, { type: 'request.create', entityId: number, baseVersion: null, payload }, now);
    return number;
  });
  return requestDetail(ctx, id);
}

/** The common shape of a simple op: load, check, record, return the fresh detail. */
function runOp(
  ctx: DeskContext,
  id: string,
  op: RequestOpType,
  payload: Record<string, unknown>,
  changes: RequestChanges = {},
): RequestDetail {
  inTransaction(ctx, () => {
    const row = requireRequest(ctx, id);
    recordRequestOp(ctx, row, op, payload, changes);
  });
  return requestDetail(ctx, id);
}

export function forwardRequest(ctx: DeskContext, input: ParsedInputOf<'request.forward'>): RequestDetail {
  const lender = getLibrary(ctx.db, input.lender);
  if (!lender || !lender.active) {
    throw new AppError('INVALID_INPUT', `lender: ${input.lender} is not an active member library.`, 'lender');
  }
  if (lender.code === ctx.libraryCode) {
    throw new AppError('INVALID_INPUT', 'lender: a request cannot be forwarded to our own library.', 'lender');
  }
  const payload: Record<string, unknown> = { lender: lender.code };
  if (input.noteToLender !== undefined) payload.noteToLender = input.noteToLender;
  return runOp(ctx, input.id, 'request.forward', payload, {
    lender_code: lender.code,
    unfilled_reason: null,
    ...(input.noteToLender !== undefined ? { note_to_lender: input.noteToLender } : {}),
  });
}

export function rejectRequest(ctx: DeskContext, input: ParsedInputOf<'request.reject'>): RequestDetail {
  return runOp(ctx, input.id, 'request.reject', { reason: input.reason });
}

export function cancelRequest(ctx: DeskContext, input: ParsedInputOf<'request.cancel'>): RequestDetail {
  return runOp(ctx, input.id, 'request.cancel', { reason: input.reason });
}

export function acceptRequest(ctx: DeskContext, input: ParsedInputOf<'request.accept'>): RequestDetail {
  return runOp(ctx, input.id, 'request.accept', {});
}

export function unfillRequest(ctx: DeskContext, input: ParsedInputOf<'request.unfill'>): RequestDetail {
  const payload: Record<string, unknown> = { reasonCode: input.reasonCode };
  if (input.note !== undefined) payload.note = input.note;
  return runOp(ctx, input.id, 'request.unfill', payload, { unfilled_reason: input.reasonCode });
}

export function shipRequest(ctx: DeskContext, input: ParsedInputOf<'request.ship'>): RequestDetail {
  const due = input.lenderDueDate ?? lenderDueDate(ctx.now(), rulesOf(ctx.db, ctx.libraryCode));
  if (due <= today(ctx)) {
    throw new AppError('INVALID_INPUT', `lenderDueDate: ${due} is not after today.`, 'lenderDueDate');
  }
  return runOp(
    ctx,
    input.id,
    'request.ship',
    { trackingNo: input.trackingNo, courier: input.courier, itemBarcode: input.itemBarcode, lenderDueDate: due },
    { tracking_no: input.trackingNo, courier: input.courier, item_barcode: input.itemBarcode, lender_due_date: due },
  );
}

export function deliverCopy(ctx: DeskContext, input: ParsedInputOf<'request.deliver'>): RequestDetail {
  return runOp(ctx, input.id, 'request.deliver', input.note !== undefined ? { note: input.note } : {});
}

export function recallRequest(ctx: DeskContext, input: ParsedInputOf<'request.recall'>): RequestDetail {
  if (!rulesOf(ctx.db, ctx.libraryCode).lenderMayRecall) {
    throw new AppError('FORBIDDEN', `${input.id}: our library's rules do not allow recalling a loan early.`, 'id');
  }
  return runOp(ctx, input.id, 'request.recall', input.reason !== undefined ? { reason: input.reason } : {});
}

export function loseRequest(ctx: DeskContext, input: ParsedInputOf<'request.lose'>): RequestDetail {
  inTransaction(ctx, () => {
    const row = requireRequest(ctx, input.id);
    recordRequestOp(ctx, row, 'request.lose', input.reason !== undefined ? { reason: input.reason } : {}, { hold_slot: null });
    releaseHoldSlot(ctx, row.id);
  });
  return requestDetail(ctx, input.id);
}

export function addNote(ctx: DeskContext, input: ParsedInputOf<'request.note'>): RequestDetail {
  const { n } = prepared(ctx.db, 'SELECT count(*) AS n FROM request_events WHERE request_id = ?').get(input.id) as { n: number };
  if (n >= MAX_TIMELINE_FOR_NOTES) {
    throw new AppError('LIMIT_EXCEEDED', `text: request ${input.id} already has ${n} timeline entries; a note is accepted only below ${MAX_TIMELINE_FOR_NOTES}.`, 'text');
  }
  return runOp(ctx, input.id, 'request.note', { text: input.text });
}
