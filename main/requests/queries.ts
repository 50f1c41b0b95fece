// The lists the screens show: the queue (filtered, searched, sorted, paged), status counts, the
// hold shelf, overdue loans and what waits for return shipping.
import type { ParsedInputOf, QueuePage, QueueQuery } from '../../shared/contract';
import { addDays, dayStartInstant } from '../../shared/rules';
import type { Status } from '../../shared/status';
import type { RequestSummary, ReturnShippingGroup } from '../../shared/types';
import type { DeskContext } from '../context';
import { listLibraries, rulesOf } from '../libraries/store';
import { prepared } from '../store/prepared';
import { today } from './services';
import { searchClause, type SearchClause } from './search';
import { AWAY_FROM_LENDER, LIST_COLUMNS, LIST_FROM, rowToSummary, type RequestListRow } from './store';

const SORT_COLUMNS: Record<QueueQuery['sort'], string> = {
  createdAt: 'r.created_at',
  statusAt: 'r.status_at',
  dueDate: 'r.due_date',
};

/** Above this many search matches, the page is read in sort order and each row checked against them. */
export const DRIVE_FROM_SEARCH_MAX = 2000;

interface Where {
  clauses: string[];
  params: unknown[];
}

/** One side of our library's requests: those we borrow, or those we lend (to someone else). */
type Branch = 'borrower' | 'lender';

function branchesOf(side: QueueQuery['side']): Branch[] {
  if (side === 'borrowing') return ['borrower'];
  if (side === 'lending') return ['lender'];
  return ['borrower', 'lender'];
}

function sideClause(ctx: DeskContext, branch: Branch, where: Where): void {
  if (branch === 'borrower') {
    where.clauses.push('r.borrower_code = ?');
    where.params.push(ctx.libraryCode);
  } else {
    // No request has the same library on both sides (a CHECK in the schema), so the two sides
    // never overlap and this stays answerable from the lender indexes alone.
    where.clauses.push('r.lender_code = ?');
    where.params.push(ctx.libraryCode);
  }
}

function filterClauses(ctx: DeskContext, q: QueueQuery, branch: Branch, where: Where): void {
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
    // A reader's requests are the ones we borrow for them; a lender knows no readers.
    where.clauses.push(branch === 'borrower' ? 'r.reader_id = ?' : '0');
    if (branch === 'borrower') where.params.push(q.readerId);
  }
  // Dates are Beijing days; created_at is a UTC instant.
  if (q.createdFrom) {
    where.clauses.push('r.created_at >= ?');
    where.params.push(dayStartInstant(q.createdFrom));
  }
  if (q.createdTo) {
    // Inclusive of the whole last day.
    where.clauses.push('r.created_at < ?');
    where.params.push(dayStartInstant(addDays(q.createdTo, 1)));
  }
  if (q.overdueOnly) {
    if (branch === 'borrower') {
      where.clauses.push("r.status IN ('LOANED', 'RECALLED') AND r.due_date < ?");
    } else {
      where.clauses.push(`r.status IN (${AWAY_FROM_LENDER.map((st) => `'${st}'`).join(', ')}) AND r.lender_due_date < ?`);
    }
    where.params.push(today(ctx));
  }
}

/**
 * The search part of the filter. A narrow search (a title word) is answered by looking up its
 * matches; a broad one (学 matches a quarter of a big library) by walking the sort index and
 * checking each row against the matches — `+r.rowid` stops SQLite from driving from the list.
 */
interface SearchPart {
  /** More matches than are worth looking up one by one: walk the sort index instead. */
  broad: boolean;
  /** The clause for one side: a lender's search does not look at the reader's name. */
  clause(branch: Branch): SearchClause;
}

function searchPart(ctx: DeskContext, q: QueueQuery): SearchPart | null {
  if (!q.q) return null;
  const search = searchClause(q.q);
  if (!search) return null;
  const matches = (
    prepared(ctx.db, `SELECT count(*) AS n FROM (SELECT 1 FROM requests r WHERE ${search.sql} LIMIT ?)`).get(
      ...search.params,
      DRIVE_FROM_SEARCH_MAX + 1,
    ) as { n: number }
  ).n;
  const broad = matches > DRIVE_FROM_SEARCH_MAX;
  const planned = (c: SearchClause): SearchClause => (broad ? { sql: c.sql.replace(/r\.rowid IN/g, '+r.rowid IN'), params: c.params } : c);
  const forBorrower = planned(search);
  const forLender = planned(searchClause(q.q, false) ?? search);
  return { broad, clause: (branch) => (branch === 'borrower' ? forBorrower : forLender) };
}

function branchWhere(ctx: DeskContext, q: QueueQuery, branch: Branch, search: SearchPart | null): Where {
  const where: Where = { clauses: [], params: [] };
  sideClause(ctx, branch, where);
  filterClauses(ctx, q, branch, where);
  if (search) {
    const clause = search.clause(branch);
    where.clauses.push(clause.sql);
    where.params.push(...clause.params);
  }
  return where;
}

/**
 * Which index a side's page is read from. SQLite cannot know that our own library holds 40–60 %
 * of the rows, so left alone it walks the date index of a whole side to avoid a sort, reading
 * hundreds of thousands of rows to find the few SENT ones. With a status filter the wide status
 * index (which carries every sort key) is the right one; without, the index in the sort order.
 * A narrow search or a reader's history has a better way in than either, so no hint there.
 */
function indexHint(branch: Branch, q: QueueQuery, search: SearchPart | null): string {
  if ((search && !search.broad) || q.readerId) return '';
  if ((q.statuses && q.statuses.length > 0) || q.overdueOnly || q.sort === 'dueDate') return `INDEXED BY requests_by_${branch}_status`;
  return `INDEXED BY requests_by_${branch}_${q.sort === 'statusAt' ? 'status_at' : 'created'}`;
}

/**
 * A page of the queue in two steps: the rowids of the page, chosen from an index alone (each side
 * in sort order, merged), then the 100 rows themselves. The total is counted up to `countUpTo`;
 * for a broad search (学) counting would cost more than the page, so the page only says whether
 * more follow.
 */
export function listQueue(ctx: DeskContext, q: QueueQuery): QueuePage {
  const search = searchPart(ctx, q);
  const wheres = branchesOf(q.side).map((branch) => branchWhere(ctx, q, branch, search));
  const sortColumn = SORT_COLUMNS[q.sort];
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  // Requests without a due date sort last whichever the direction.
  const order = `${q.sort === 'dueDate' ? 'k IS NULL, ' : ''}k ${dir}, id ${dir}`;
  const broadSearch = search?.broad === true;
  // A broad search reads one row past the page to learn whether more follow.
  const pageLimit = broadSearch ? q.limit + 1 : q.limit;
  const wanted = q.offset + pageLimit;
  const branchSql = (w: Where, branch: Branch) =>
    `SELECT * FROM (SELECT r.rowid AS id, ${sortColumn} AS k FROM requests r ${indexHint(branch, q, search)}
     WHERE ${w.clauses.join(' AND ')} ORDER BY ${order} LIMIT ?)`;
  const branches = branchesOf(q.side);
  const pageSql = `SELECT id FROM (${wheres.map((w, i) => branchSql(w, branches[i]!)).join(' UNION ALL ')}) ORDER BY ${order} LIMIT ? OFFSET ?`;
  const pageParams = [...wheres.flatMap((w) => [...w.params, wanted]), pageLimit, q.offset];
  const found = (prepared(ctx.db, pageSql).all(...pageParams) as { id: number }[]).map((r) => r.id);
  const ids = found.slice(0, q.limit);

  const rows = ids.length === 0 ? [] : (prepared(
    ctx.db,
    `SELECT ${LIST_COLUMNS} FROM ${LIST_FROM} WHERE r.rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids)) as RequestListRow[]);
  const byRowid = new Map(rows.map((row) => [row.rowid_, row]));

  const day = today(ctx);
  const page = ids.flatMap((id) => {
    const row = byRowid.get(id);
    return row ? [rowToSummary(row, ctx.libraryCode, day)] : [];
  });
  // (Past the end of a broad search the count below says where the end is.)
  if (broadSearch && (ids.length > 0 || q.offset === 0)) {
    const more = found.length > q.limit;
    return { rows: page, total: q.offset + ids.length, totalIsExact: !more };
  }
  let total = 0;
  for (const w of wheres) {
    total += (
      prepared(ctx.db, `SELECT count(*) AS n FROM (SELECT 1 FROM requests r WHERE ${w.clauses.join(' AND ')} LIMIT ?)`).get(
        ...w.params,
        q.countUpTo + 1,
      ) as { n: number }
    ).n;
  }
  return {
    rows: page,
    total: Math.min(total, q.countUpTo),
    totalIsExact: total <= q.countUpTo,
  };
}

export function statusCounts(ctx: DeskContext, input: ParsedInputOf<'queue.statusCounts'>): Partial<Record<Status, number>> {
  const counts: Partial<Record<Status, number>> = {};
  for (const branch of branchesOf(input.side)) {
    const where: Where = { clauses: [], params: [] };
    sideClause(ctx, branch, where);
    if (input.serviceType) {
      where.clauses.push('r.service_type = ?');
      where.params.push(input.serviceType);
    }
    const rows = prepared(
      ctx.db,
      `SELECT r.status AS status, count(*) AS n FROM requests r WHERE ${where.clauses.join(' AND ')} GROUP BY r.status`,
    ).all(...where.params) as { status: Status; n: number }[];
    for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + row.n;
  }
  return counts;
}

function summaries(ctx: DeskContext, sql: string, params: unknown[]): RequestSummary[] {
  const day = today(ctx);
  return (prepared(ctx.db, sql).all(...params) as RequestListRow[]).map((row) => rowToSummary(row, ctx.libraryCode, day));
}

/** Books on our hold shelf by slot; with `pastPickUpOnly`, those whose pick-up days are over. */
export function holdShelf(ctx: DeskContext, input: ParsedInputOf<'holdShelf.list'>): RequestSummary[] {
  const holdDays = rulesOf(ctx.db, ctx.libraryCode).holdShelfDays;
  // Checked in before this instant ⇒ the pick-up date (check-in day + hold days) has passed.
  const cutoff = dayStartInstant(addDays(today(ctx), -holdDays));
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
