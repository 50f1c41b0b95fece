// The lists the screens show: the queue (filtered, searched, sorted, paged), status counts, the
// hold shelf, overdue loans and what waits for return shipping.
import type { ParsedInputOf, QueuePage, QueueQuery } from '../../shared/contract';
import { addDays } from '../../shared/rules';
import type { Status } from '../../shared/status';
import type { RequestSummary, ReturnShippingGroup } from '../../shared/types';
import type { DeskContext } from '../context';
import { listLibraries, rulesOf } from '../libraries/store';
import { prepared } from '../store/prepared';
import { today } from './services';
import { searchClause } from './search';
import { LIST_COLUMNS, LIST_FROM, rowToSummary, type RequestListRow } from './store';

const SORT_COLUMNS: Record<QueueQuery['sort'], string> = {
  createdAt: 'r.created_at',
  statusAt: 'r.status_at',
  dueDate: 'r.due_date',
};

interface Where {
  clauses: string[];
  params: unknown[];
}

function sideWhere(ctx: DeskContext, side: QueueQuery['side'], where: Where): void {
  if (side === 'borrowing') {
    where.clauses.push('r.borrower_code = ?');
    where.params.push(ctx.libraryCode);
  } else if (side === 'lending') {
    where.clauses.push('r.lender_code = ?');
    where.params.push(ctx.libraryCode);
  } else {
    where.clauses.push('(r.borrower_code = ? OR r.lender_code = ?)');
    where.params.push(ctx.libraryCode, ctx.libraryCode);
  }
}

function queueWhere(ctx: DeskContext, q: QueueQuery): Where {
  const where: Where = { clauses: [], params: [] };
  sideWhere(ctx, q.side, where);
  if (q.serviceType) {
    where.clauses.push('r.service_type = ?');
    where.params.push(q.serviceType);
  }
  if (q.statuses && q.statuses.length > 0) {
    where.clauses.push(`r.status IN (${q.statuses.map(() => '?').join(', ')})`);
    where.params.push(...q.statuses);
  }
  if (q.lender) {
    where.clauses.push('r.lender_code = ?');
    where.params.push(q.lender);
  }
  if (q.borrower) {
    where.clauses.push('r.borrower_code = ?');
    where.params.push(q.borrower);
  }
  if (q.readerId) {
    where.clauses.push('r.reader_id = ?');
    where.params.push(q.readerId);
  }
  if (q.createdFrom) {
    where.clauses.push('r.created_at >= ?');
    where.params.push(q.createdFrom);
  }
  if (q.createdTo) {
    // Inclusive of the whole last day.
    where.clauses.push('r.created_at < ?');
    where.params.push(addDays(q.createdTo, 1));
  }
  if (q.overdueOnly) {
    where.clauses.push("r.status IN ('LOANED', 'RECALLED') AND r.due_date < ?");
    where.params.push(today(ctx));
  }
  if (q.q) {
    const search = searchClause(q.q);
    if (search) {
      where.clauses.push(search.sql);
      where.params.push(...search.params);
    }
  }
  return where;
}

export function listQueue(ctx: DeskContext, q: QueueQuery): QueuePage {
  const where = queueWhere(ctx, q);
  const whereSql = where.clauses.join(' AND ');
  const sortColumn = SORT_COLUMNS[q.sort];
  const direction = q.order === 'asc' ? 'ASC' : 'DESC';
  // Requests without a due date sort last whichever the direction.
  const nullsLast = q.sort === 'dueDate' ? `${sortColumn} IS NULL, ` : '';
  const rows = prepared(
    ctx.db,
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE ${whereSql}
     ORDER BY ${nullsLast}${sortColumn} ${direction}, r.id ${direction} LIMIT ? OFFSET ?`,
  ).all(...where.params, q.limit, q.offset) as RequestListRow[];
  const total = (prepared(ctx.db, `SELECT count(*) AS n FROM requests r WHERE ${whereSql}`).get(...where.params) as { n: number }).n;
  const day = today(ctx);
  return { rows: rows.map((row) => rowToSummary(row, ctx.libraryCode, day)), total };
}

export function statusCounts(ctx: DeskContext, input: ParsedInputOf<'queue.statusCounts'>): Partial<Record<Status, number>> {
  const where: Where = { clauses: [], params: [] };
  sideWhere(ctx, input.side, where);
  if (input.serviceType) {
    where.clauses.push('r.service_type = ?');
    where.params.push(input.serviceType);
  }
  const rows = prepared(
    ctx.db,
    `SELECT r.status AS status, count(*) AS n FROM requests r WHERE ${where.clauses.join(' AND ')} GROUP BY r.status`,
  ).all(...where.params) as { status: Status; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function summaries(ctx: DeskContext, sql: string, params: unknown[]): RequestSummary[] {
  const day = today(ctx);
  return (prepared(ctx.db, sql).all(...params) as RequestListRow[]).map((row) => rowToSummary(row, ctx.libraryCode, day));
}

/** Books on our hold shelf by slot; with `pastPickUpOnly`, those whose pick-up days are over. */
export function holdShelf(ctx: DeskContext, input: ParsedInputOf<'holdShelf.list'>): RequestSummary[] {
  const holdDays = rulesOf(ctx.db, ctx.libraryCode).holdShelfDays;
  // checked in before this instant ⇒ the pick-up date (check-in day + hold days) has passed.
  const cutoff = addDays(today(ctx), -holdDays);
  return summaries(
    ctx,
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
     WHERE r.status = 'ON_HOLD' AND r.borrower_code = ? AND (? = 0 OR r.checked_in_at < ?)
     ORDER BY CAST(r.hold_slot AS INTEGER), r.id`,
    [ctx.libraryCode, input.pastPickUpOnly ? 1 : 0, cutoff],
  );
}

export function overdueLoans(ctx: DeskContext): RequestSummary[] {
  return summaries(
    ctx,
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
     WHERE r.status IN ('LOANED', 'RECALLED') AND r.due_date < ? AND r.borrower_code = ?
     ORDER BY r.due_date, r.id`,
    [today(ctx), ctx.libraryCode],
  );
}

export function returnsPending(ctx: DeskContext): ReturnShippingGroup[] {
  const items = summaries(
    ctx,
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM}
     WHERE r.status = 'RETURNED' AND r.borrower_code = ?
     ORDER BY r.lender_code, r.status_at, r.id`,
    [ctx.libraryCode],
  );
  const names = new Map(listLibraries(ctx.db).map((l) => [l.code, l.name]));
  const groups = new Map<string, ReturnShippingGroup>();
  for (const item of items) {
    const code = item.lenderCode ?? '';
    let group = groups.get(code);
    if (!group) {
      group = { lenderCode: code, lenderName: names.get(code) ?? code, items: [] };
      groups.set(code, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
