// The supervisor's bulk due-date shift (DESIGN §2 holidays): when the library closes (winter
// break), every loan our readers must bring back during the closure is moved to one date. Only
// LOANED books move: a RECALLED one is wanted back by its lender now, and the recall stands.
// Each moved loan gets its own event and `request.shiftDue` outbox op, all in one transaction,
// so the hub and the lender learn of every new date and nothing half-moves.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { addDays } from '../../shared/rules';
import type { ShiftDuePreview, ShiftDueResult } from '../../shared/types';
import type { DeskContext } from '../context';
import { inTransaction, recordRequestOp } from '../requests/ops';
import { today } from '../requests/services';
import { LIST_COLUMNS, LIST_FROM, rowToSummary, type RequestListRow, type RequestRow } from '../requests/store';
import { prepared } from '../store/prepared';

type ShiftInput = ParsedInputOf<'loans.shiftDue'>;

/** The longest closure a shift may span: a year is already more than any break. */
export const MAX_CLOSURE_DAYS = 366;

/** Refuses a closure or a new date that makes no sense, naming the field and the rule. */
function checkShift(ctx: DeskContext, input: ShiftInput): void {
  const { from, to, newDate } = input;
  if (to < from) throw new AppError('INVALID_INPUT', `to: the closure must end on or after its first day (${from}); ${to} is before it.`, 'to');
  if (addDays(from, MAX_CLOSURE_DAYS - 1) < to) {
    throw new AppError('INVALID_INPUT', `to: a closure may last at most ${MAX_CLOSURE_DAYS} days; ${from} – ${to} is longer.`, 'to');
  }
  if (newDate >= from && newDate <= to) {
    throw new AppError('INVALID_INPUT', `newDate: ${newDate} falls inside the closure ${from} – ${to}; choose a day the library is open.`, 'newDate');
  }
  const day = today(ctx);
  if (newDate < day) throw new AppError('INVALID_INPUT', `newDate: ${newDate} is before today (${day}); a due date cannot be moved into the past.`, 'newDate');
}

// Our side of the loan only: the reader's due date is ours to set; the lender's stays the lender's.
const IN_CLOSURE = `r.borrower_code = @libraryCode AND r.status = 'LOANED' AND r.service_type = 'loan'
  AND r.due_date BETWEEN @from AND @to`;

/** What a shift would move, without moving anything. */
export function previewShiftDue(ctx: DeskContext, input: ShiftInput): ShiftDuePreview {
  checkShift(ctx, input);
  const rows = prepared(ctx.db, `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${IN_CLOSURE} ORDER BY r.due_date, r.id`).all({
    libraryCode: ctx.libraryCode,
    from: input.from,
    to: input.to,
  }) as RequestListRow[];
  const day = today(ctx);
  return {
    ...input,
    loans: rows.map((row) => ({
      ...rowToSummary(row, ctx.libraryCode, day),
      pastLenderDue: row.lender_due_date !== null && input.newDate > row.lender_due_date,
    })),
  };
}

/** Moves every loan of the preview to the new date: one event and one outbox op per loan, one transaction. */
export function shiftDue(ctx: DeskContext, input: ShiftInput): ShiftDueResult {
  return inTransaction(ctx, () => {
    checkShift(ctx, input);
    const rows = prepared(ctx.db, `SELECT r.* FROM requests r WHERE ${IN_CLOSURE} ORDER BY r.due_date, r.id`).all({
      libraryCode: ctx.libraryCode,
      from: input.from,
      to: input.to,
    }) as RequestRow[];
    for (const row of rows) {
      recordRequestOp(ctx, row, 'request.shiftDue', { dueDate: input.newDate, previousDueDate: row.due_date }, { due_date: input.newDate });
    }
    return { newDate: input.newDate, moved: rows.map((row) => row.id) };
  });
}
