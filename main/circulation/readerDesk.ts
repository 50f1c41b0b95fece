// The second-floor desk (借还书): a reader hands over their card and the clerk sees, in one answer,
// what waits for them on the hold shelf, what they have out, what a lender has recalled, and how
// many more requests they may open. Reads only.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { pickUpBy, readerDueDate } from '../../shared/rules';
import type { Notice, ReaderDesk, ReaderDeskHold, RequestSummary } from '../../shared/types';
import { isRequestNumber } from '../../shared/validators';
import type { DeskContext } from '../context';
import { rulesOf } from '../libraries/store';
import { noticesOf } from '../notices/outbox';
import { readerDetail } from '../readers/services';
import type { ReaderRow } from '../readers/store';
import { requireRequest } from '../requests/ops';
import { today } from '../requests/services';
import { LIST_COLUMNS, LIST_FROM, rowToSummary, sideOf, type RequestListRow } from '../requests/store';
import { prepared } from '../store/prepared';

type DeskRow = RequestListRow & { checked_in_at_: string | null };

/**
 * Our reader with this card number. Card numbers are unique per library in practice; should two
 * registrations share one (a reader registered twice), the approved, most recently changed wins.
 */
function readerByCard(ctx: DeskContext, card: string): ReaderRow {
  const row = prepared(
    ctx.db,
    `SELECT * FROM readers WHERE card_number = ? AND library_code = ?
     ORDER BY status = 'APPROVED' DESC, updated_at DESC LIMIT 1`,
  ).get(card, ctx.libraryCode) as ReaderRow | undefined;
  if (!row) {
    // A book scanned into the card field is the likeliest slip at a busy desk: say so.
    const hint = isRequestNumber(card) ? ' It looks like a request number: scan books into the returns field.' : '';
    throw new AppError('NOT_FOUND', `card: no reader of this library has the card number ${card}.${hint}`, 'card');
  }
  return row;
}

export function readerAtDesk(ctx: DeskContext, input: ParsedInputOf<'reader.desk'>): ReaderDesk {
  const readerRow = readerByCard(ctx, input.card);
  const reader = readerDetail(ctx, readerRow.id);
  const day = today(ctx);
  const now = ctx.now();
  const ourRules = rulesOf(ctx.db, ctx.libraryCode);
  const rows = prepared(
    ctx.db,
    `SELECT ${LIST_COLUMNS}, r.checked_in_at AS checked_in_at_ FROM ${LIST_FROM}
     WHERE r.reader_id = ? AND r.borrower_code = ? AND r.status IN ('ON_HOLD', 'LOANED', 'RECALLED')
     ORDER BY r.due_date IS NULL, r.due_date, CAST(r.hold_slot AS INTEGER), r.id`,
  ).all(readerRow.id, ctx.libraryCode) as DeskRow[];

  const holds: ReaderDeskHold[] = [];
  const loans: RequestSummary[] = [];
  const recalls: RequestSummary[] = [];
  for (const row of rows) {
    const summary = rowToSummary(row, ctx.libraryCode, day);
    if (row.status === 'ON_HOLD') {
      const by = row.checked_in_at_ ? pickUpBy(row.checked_in_at_, ourRules) : null;
      holds.push({
        ...summary,
        pickUpBy: by,
        pastPickUp: by !== null && by < day,
        dueDateIfHandedOut: readerDueDate({
          handedOutAt: now,
          lenderDueDate: row.lender_due_date,
          lenderRules: rulesOf(ctx.db, row.lender_code ?? ctx.libraryCode),
        }),
      });
    } else if (row.status === 'LOANED') {
      loans.push(summary);
    } else {
      recalls.push(summary);
    }
  }
  return { reader, holds, loans, recalls, today: day };
}

/** The notices queued for one of our readers' requests; a lender's request has none of ours. */
export function requestNotices(ctx: DeskContext, input: ParsedInputOf<'request.notices'>): Notice[] {
  const row = requireRequest(ctx, input.id);
  if (sideOf(row, ctx.libraryCode) !== 'borrower') return [];
  return noticesOf(ctx, row.id);
}
