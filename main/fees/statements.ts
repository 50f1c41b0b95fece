// The hub's monthly statement for our library (it arrives by pull, kind `statement`), set beside
// the desk's own ledger for the month line by line (shared/ledger.ts reconcile), and confirmed or
// disputed by a supervisor with a comment naming the lines.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { isStatementLine, reconcile, type StatementData, type StatementLine } from '../../shared/ledger';
import type { Statement, StatementSummary, StatementView } from '../../shared/types';
import type { DeskContext } from '../context';
import { appendOutbox, inTransaction } from '../requests/ops';
import { prepared } from '../store/prepared';

interface StatementRow {
  month: string;
  library_code: string;
  status: Statement['status'];
  comment: string | null;
  data_json: string;
  updated_at: string;
}

/** The statement's data as the hub sent it; a row from before statements were served has none. */
function dataOf(row: StatementRow): StatementData | null {
  try {
    const data = JSON.parse(row.data_json) as Partial<StatementData>;
    return Array.isArray(data.lines) && data.totals ? (data as StatementData) : null;
  } catch {
    return null;
  }
}

/** Our ledger's lines between libraries for the month (where we pay or are paid), in force: the hub's statement counts no claimed entry. */
function localLines(ctx: DeskContext, month: string): StatementLine[] {
  const rows = prepared(
    ctx.db,
    `SELECT id, kind, amount_fen AS amountFen, payer_code AS payer, payee_code AS payee, request_id AS requestId,
            shipment_id AS shipmentId, created_at AS createdAt, reverses_id AS reversesId
       FROM ledger_entries WHERE month = ? AND (payer_code = ? OR payee_code = ?) AND state = 'in_force' ORDER BY created_at, id`,
  ).all(month, ctx.libraryCode, ctx.libraryCode) as StatementLine[];
  return rows.filter(isStatementLine);
}

/** A month on the reconciliation screen: the hub's statement (if it came) beside our ledger, line by line. */
export function statementView(ctx: DeskContext, input: ParsedInputOf<'statement.get'>): StatementView {
  const row = prepared(ctx.db, 'SELECT * FROM statements WHERE month = ? AND library_code = ?').get(input.month, ctx.libraryCode) as StatementRow | undefined;
  const data = row ? dataOf(row) : null;
  const reconciliation = reconcile({ month: input.month, libraryCode: ctx.libraryCode, lines: data?.lines ?? [] }, localLines(ctx, input.month));
  return {
    month: input.month,
    statement: row && data ? { ...data, status: row.status, comment: row.comment, receivedAt: row.updated_at } : null,
    reconciliation,
  };
}

/** Every month the hub has sent a statement for, newest first, with its status and net. */
export function listStatements(ctx: DeskContext): StatementSummary[] {
  const rows = prepared(ctx.db, 'SELECT * FROM statements WHERE library_code = ? ORDER BY month DESC').all(ctx.libraryCode) as StatementRow[];
  return rows.map((row) => {
    const data = dataOf(row);
    return { month: row.month, status: row.status, comment: row.comment, netFen: data?.totals.netFen ?? null, lines: data?.lines.length ?? 0, receivedAt: row.updated_at };
  });
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
    // The figures the supervisor decided on: the hub refuses the decision if it has computed the
    // month again since (the new figures come with the next pull).
    const computedAt = dataOf(row)?.computedAt;
    appendOutbox(
      ctx,
      {
        type: to === 'CONFIRMED' ? 'statement.confirm' : 'statement.dispute',
        entityId: `${ctx.libraryCode}:${month}`,
        baseVersion: null,
        payload: { month, ...(comment === null ? {} : { comment }), ...(computedAt ? { computedAt } : {}) },
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
