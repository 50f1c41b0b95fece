// The hub's monthly statement for our library, confirmed or disputed by a clerk.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Statement } from '../../shared/types';
import type { DeskContext } from '../context';
import { appendOutbox, inTransaction } from '../requests/ops';
import { prepared } from '../store/prepared';

interface StatementRow {
  month: string;
  library_code: string;
  status: Statement['status'];
  comment: string | null;
}

function decide(ctx: DeskContext, month: string, to: 'CONFIRMED' | 'DISPUTED', comment: string | null): Statement {
  return inTransaction(ctx, () => {
    const row = prepared(ctx.db, 'SELECT * FROM statements WHERE month = ? AND library_code = ?').get(month, ctx.libraryCode) as
      | StatementRow
      | undefined;
    if (!row) throw new AppError('NOT_FOUND', `month: the hub has sent no statement for ${month} yet.`, 'month');
    if (row.status === 'CONFIRMED') {
      throw new AppError('INVALID_TRANSITION', `month: the statement for ${month} is already confirmed.`, 'month');
    }
    const now = ctx.now();
    prepared(ctx.db, 'UPDATE statements SET status = ?, comment = ?, updated_at = ? WHERE month = ? AND library_code = ?').run(
      to,
      comment,
      now,
      month,
      ctx.libraryCode,
    );
    appendOutbox(
      ctx,
      {
        type: to === 'CONFIRMED' ? 'statement.confirm' : 'statement.dispute',
        entityId: `${ctx.libraryCode}:${month}`,
        baseVersion: null,
        payload: comment === null ? { month } : { month, comment },
      },
      now,
    );
    return { month, libraryCode: ctx.libraryCode, status: to, comment };
  });
}

export function confirmStatement(ctx: DeskContext, input: ParsedInputOf<'statement.confirm'>): Statement {
  return decide(ctx, input.month, 'CONFIRMED', null);
}

export function disputeStatement(ctx: DeskContext, input: ParsedInputOf<'statement.dispute'>): Statement {
  return decide(ctx, input.month, 'DISPUTED', input.comment);
}
