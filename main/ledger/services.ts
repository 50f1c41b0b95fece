// The desk's fee ledger (issue 6). Entries arise from the desk's own request ops, in the op's
// transaction (shared/ledger.ts says which and how much, the same rules the hub applies), come
// from the hub by pull (applyLedger.ts: the other party's events, the consortium's subsidy), or
// are added by a supervisor with a reason. An entry is never edited: a mistake is reversed by a
// new entry with the negative amount, by the library that made it. Money another library is to
// pay waits for its consent (DESIGN §7, issue 12): `claimed` until it accepts, shown apart and
// counted nowhere. The views are the seed's: the account log (帐务日志) and the fee statistics
// (费用统计), per reader or partner library, between two dates.
import { randomUUID } from 'node:crypto';
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import {
  CONSORTIUM,
  READER,
  entriesForEvent,
  isStatementLine,
  makerOfEventEntry,
  monthOf,
  netFor,
  payingParty,
  stateOfNewEntry,
  sumFen,
  type LedgerEntry,
  type LedgerState,
  type SyncLedgerEntry,
} from '../../shared/ledger';
import { dayStartInstant, addDays } from '../../shared/rules';
import type { LedgerClaims, LedgerPage, LedgerRow, FeeStats } from '../../shared/types';
import type { DeskContext } from '../context';
import { getLibrary, rulesOf } from '../libraries/store';
import { appendOutbox, inTransaction } from '../requests/ops';
import type { RequestRow } from '../requests/store';
import { prepared } from '../store/prepared';

interface EntryRow {
  id: string;
  request_id: string | null;
  shipment_id: string | null;
  kind: LedgerEntry['kind'];
  amount_fen: number;
  payer_code: string;
  payee_code: string;
  operator: string;
  created_at: string;
  month: string;
  reverses_id: string | null;
  reason: string | null;
  reader_id: string | null;
  source: LedgerEntry['source'];
  state: LedgerState;
  made_by: string | null;
  dispute_comment: string | null;
  dispute_at: string | null;
  dispute_by: string | null;
  dispute_clerk: string | null;
  hub_version: number | null;
}

export function toEntry(row: EntryRow): LedgerEntry {
  return {
    id: row.id,
    kind: row.kind,
    amountFen: row.amount_fen,
    payer: row.payer_code,
    payee: row.payee_code,
    requestId: row.request_id,
    shipmentId: row.shipment_id,
    readerId: row.reader_id,
    operator: row.operator,
    createdAt: row.created_at,
    month: row.month,
    reversesId: row.reverses_id,
    reason: row.reason,
    source: row.source,
  };
}

/** The entry with its state, maker and dispute; an entry from before issue 12 without a maker gets the event rule's. */
export function toSyncEntry(row: EntryRow): SyncLedgerEntry {
  return {
    ...toEntry(row),
    state: row.state,
    madeBy: row.made_by ?? makerOfEventEntry({ payer: row.payer_code, payee: row.payee_code }),
    dispute: row.dispute_comment === null ? null : { comment: row.dispute_comment, at: row.dispute_at ?? '', by: row.dispute_by ?? '', clerk: row.dispute_clerk },
  };
}

/** Writes an entry unless one with its id is there (the hub's copy of an entry this desk made, a parcel's second item). */
export function insertEntry(ctx: DeskContext, entry: LedgerEntry, state: LedgerState, madeBy: string): boolean {
  const result = prepared(
    ctx.db,
    `INSERT OR IGNORE INTO ledger_entries (id, request_id, shipment_id, kind, amount_fen, payer_code, payee_code, operator, created_at, month, reverses_id,
       reason, reader_id, source, state, made_by)
     VALUES (@id, @requestId, @shipmentId, @kind, @amountFen, @payer, @payee, @operator, @createdAt, @month, @reversesId, @reason, @readerId, @source,
       @state, @madeBy)`,
  ).run({ ...entry, state, madeBy });
  return result.changes === 1;
}

/**
 * The entries a request op of this desk makes, written in the op's transaction. `row` is the request
 * as it was before the op; `at` the op's time (its clientTime at the hub, so both agree on the month).
 */
export function recordLedgerForOp(ctx: DeskContext, row: RequestRow, type: string, payload: Record<string, unknown>, at: string): void {
  const entries = entriesForEvent({
    type,
    request: {
      id: row.id,
      serviceType: row.service_type,
      borrowerCode: row.borrower_code,
      lenderCode: row.lender_code,
      readerId: row.reader_id,
      lenderDueDate: row.lender_due_date,
    },
    payload,
    at,
    operator: ctx.clerk,
    rulesOf: (code) => rulesOf(ctx.db, code),
  });
  // Both libraries took part in the request: its fees are in force at once.
  for (const entry of entries) insertEntry(ctx, entry, 'in_force', makerOfEventEntry(entry));
}

function getEntry(ctx: DeskContext, id: string): SyncLedgerEntry | null {
  const row = prepared(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(id) as EntryRow | undefined;
  return row ? toSyncEntry(row) : null;
}

/** A party to an entry: our library, another library of the directory, the consortium, or a reader. */
function checkParty(ctx: DeskContext, party: string, field: string): void {
  if (party === CONSORTIUM || party === READER || party === ctx.libraryCode) return;
  if (!getLibrary(ctx.db, party)) throw new AppError('NOT_FOUND', `${field}: no library ${party} in the directory.`, field);
}

/**
 * A supervisor's entry, with the reason written on it. Our library pays or is paid; the other
 * party is a library, the consortium, or one of our readers (with the request or reader it is
 * for). Between libraries it goes to the hub (op `ledger.add`); a reader's stays with the library.
 */
export function addManualEntry(ctx: DeskContext, input: ParsedInputOf<'ledger.add'>): SyncLedgerEntry {
  return inTransaction(ctx, () => {
    checkParty(ctx, input.counterparty, 'counterparty');
    if (input.counterparty === ctx.libraryCode) {
      throw new AppError('INVALID_INPUT', 'counterparty: an entry is between our library and someone else, not with ourselves.', 'counterparty');
    }
    let readerId: string | null = null;
    if (input.requestId) {
      const request = prepared(ctx.db, 'SELECT reader_id FROM requests WHERE id = ?').get(input.requestId) as { reader_id: string | null } | undefined;
      if (!request) throw new AppError('NOT_FOUND', `requestId: no request ${input.requestId} at this desk.`, 'requestId');
      readerId = request.reader_id;
    }
    if (input.counterparty === READER) {
      readerId = input.readerId ?? readerId;
      if (!readerId) throw new AppError('INVALID_INPUT', 'readerId: an entry with a reader must name the reader (or a request of theirs).', 'readerId');
      const reader = prepared(ctx.db, 'SELECT library_code FROM readers WHERE id = ?').get(readerId) as { library_code: string } | undefined;
      if (!reader || reader.library_code !== ctx.libraryCode) throw new AppError('NOT_FOUND', `readerId: no reader ${readerId} of our library.`, 'readerId');
    }
    const now = ctx.now();
    const [payer, payee] = input.direction === 'receive' ? [input.counterparty, ctx.libraryCode] : [ctx.libraryCode, input.counterparty];
    const entry: LedgerEntry = {
      id: randomUUID(),
      kind: input.kind,
      amountFen: input.amountFen,
      payer,
      payee,
      requestId: input.requestId ?? null,
      shipmentId: null,
      readerId: input.counterparty === READER ? readerId : null,
      operator: ctx.clerk,
      createdAt: now,
      month: monthOf(now),
      reversesId: null,
      reason: input.reason,
      source: 'manual',
    };
    // What another library (or the consortium) is to pay waits for its consent; a reader's fee does not.
    insertEntry(ctx, entry, stateOfNewEntry(entry, ctx.libraryCode), ctx.libraryCode);
    if (isStatementLine(entry)) {
      appendOutbox(
        ctx,
        {
          type: 'ledger.add',
          entityId: entry.id,
          baseVersion: null,
          payload: {
            kind: entry.kind,
            amountFen: entry.amountFen,
            payer,
            payee,
            ...(entry.requestId ? { requestId: entry.requestId } : {}),
            reason: entry.reason,
            clerk: ctx.clerk,
          },
        },
        now,
      );
    }
    return getEntry(ctx, entry.id)!;
  });
}

/** Reverses an entry our library made by a new one with the negative amount (supervisor, with a reason); once only. */
export function reverseEntry(ctx: DeskContext, input: ParsedInputOf<'ledger.reverse'>): SyncLedgerEntry {
  return inTransaction(ctx, () => {
    const original = getEntry(ctx, input.id);
    if (!original) throw new AppError('NOT_FOUND', `id: no ledger entry ${input.id} at this desk.`, 'id');
    // DESIGN §7: only the library that made an entry (or the center) reverses it; the lender's
    // lost-book charge is the lender's, even when our desk declared the book lost.
    if (original.madeBy !== ctx.libraryCode) {
      throw new AppError('FORBIDDEN', `id: ${input.id} was made by ${original.madeBy}; only that library (or the center) may reverse it.`, 'id');
    }
    if (original.reversesId) throw new AppError('INVALID_TRANSITION', `id: ${input.id} is itself a reversal; add a new entry instead.`, 'id');
    if (prepared(ctx.db, 'SELECT 1 FROM ledger_entries WHERE reverses_id = ?').get(input.id)) {
      throw new AppError('ALREADY_EXISTS', `id: ${input.id} has been reversed already.`, 'id');
    }
    const now = ctx.now();
    const { state: _state, madeBy: _madeBy, dispute: _dispute, ...plain } = original;
    const reversal: LedgerEntry = {
      ...plain,
      id: randomUUID(),
      amountFen: -original.amountFen,
      operator: ctx.clerk,
      createdAt: now,
      month: monthOf(now),
      reversesId: original.id,
      reason: input.reason,
      source: 'manual',
    };
    // A claimed entry reversed is withdrawn (the reversal claimed too); one in force is undone at
    // once when the reversal takes money from us, else it waits for the other side as well.
    insertEntry(ctx, reversal, stateOfNewEntry(reversal, ctx.libraryCode, original), ctx.libraryCode);
    if (isStatementLine(reversal)) {
      appendOutbox(ctx, { type: 'ledger.reverse', entityId: reversal.id, baseVersion: null, payload: { reversesId: original.id, reason: input.reason, clerk: ctx.clerk } }, now);
    }
    return getEntry(ctx, reversal.id)!;
  });
}

/** A claimed entry its maker reversed, or the reversal of a claimed entry. */
const WITHDRAWN_SQL = `(e.state = 'claimed' AND (EXISTS (SELECT 1 FROM ledger_entries w WHERE w.reverses_id = e.id)
  OR EXISTS (SELECT 1 FROM ledger_entries o WHERE o.id = e.reverses_id AND o.state = 'claimed')))`;

interface LogRow extends EntryRow {
  title: string | null;
  author: string | null;
  reader_name: string | null;
  reversed_by: string | null;
  withdrawn: number;
}

const LOG_SELECT = `SELECT e.*, r.title AS title, r.author AS author, d.name AS reader_name,
    (SELECT rv.id FROM ledger_entries rv WHERE rv.reverses_id = e.id) AS reversed_by, ${WITHDRAWN_SQL} AS withdrawn
  FROM ledger_entries e LEFT JOIN requests r ON r.id = e.request_id LEFT JOIN readers d ON d.id = e.reader_id`;

function toRow(ctx: DeskContext, row: LogRow): LedgerRow {
  return {
    ...toSyncEntry(row),
    title: row.title,
    author: row.author,
    readerName: row.reader_name,
    reversedBy: row.reversed_by,
    signedFen: netFor(ctx.libraryCode, { payer: row.payer_code, payee: row.payee_code, amountFen: row.amount_fen }),
    withdrawn: row.withdrawn === 1,
  };
}

function logRow(ctx: DeskContext, id: string): LedgerRow {
  return toRow(ctx, prepared(ctx.db, `${LOG_SELECT} WHERE e.id = ?`).get(id) as LogRow);
}

/** An entry claimed from our library that a supervisor may still answer, or the refusal why not. */
function claimedFromUs(ctx: DeskContext, id: string): LedgerRow {
  const row = prepared(ctx.db, `${LOG_SELECT} WHERE e.id = ?`).get(id) as LogRow | undefined;
  if (!row || (row.payer_code !== ctx.libraryCode && row.payee_code !== ctx.libraryCode)) {
    throw new AppError('NOT_FOUND', `id: no ledger entry ${id} at this desk.`, 'id');
  }
  const entry = toRow(ctx, row);
  const paying = payingParty(entry);
  if (paying !== ctx.libraryCode) throw new AppError('FORBIDDEN', `id: ${id} takes money from ${paying}; only that library accepts or disputes it.`, 'id');
  if (entry.withdrawn) throw new AppError('INVALID_TRANSITION', `id: ${id} was withdrawn by ${entry.madeBy}; there is nothing to accept or dispute.`, 'id');
  if (entry.state === 'in_force') throw new AppError('INVALID_TRANSITION', `id: ${id} is in force already.`, 'id');
  return entry;
}

/** Accepts an entry claimed from our library (supervisor): it comes into force here now, at the hub with the op. */
export function acceptEntry(ctx: DeskContext, input: ParsedInputOf<'ledger.accept'>): LedgerRow {
  return inTransaction(ctx, () => {
    const entry = claimedFromUs(ctx, input.id);
    prepared(ctx.db, "UPDATE ledger_entries SET state = 'in_force' WHERE id = ?").run(entry.id);
    appendOutbox(ctx, { type: 'ledger.accept', entityId: entry.id, baseVersion: null, payload: { clerk: ctx.clerk } }, ctx.now());
    return logRow(ctx, entry.id);
  });
}

/** Disputes an entry claimed from our library (supervisor), with a comment its maker sees; it stays claimed. */
export function disputeEntry(ctx: DeskContext, input: ParsedInputOf<'ledger.dispute'>): LedgerRow {
  return inTransaction(ctx, () => {
    const entry = claimedFromUs(ctx, input.id);
    const now = ctx.now();
    prepared(ctx.db, 'UPDATE ledger_entries SET dispute_comment = ?, dispute_at = ?, dispute_by = ?, dispute_clerk = ? WHERE id = ?').run(
      input.comment,
      now,
      ctx.libraryCode,
      ctx.clerk,
      entry.id,
    );
    appendOutbox(ctx, { type: 'ledger.dispute', entityId: entry.id, baseVersion: null, payload: { comment: input.comment, clerk: ctx.clerk } }, now);
    return logRow(ctx, entry.id);
  });
}

/** At most this many of each list: claims are answered as they come, so more means a backlog to clear first. */
const CLAIMS_SHOWN = 500;

/** The claimed entries still open (not withdrawn): ours to answer, and ours waiting for the other side. */
export function listClaims(ctx: DeskContext): LedgerClaims {
  const rows = (prepared(ctx.db, `${LOG_SELECT} WHERE e.state = 'claimed' AND NOT ${WITHDRAWN_SQL} ORDER BY e.created_at DESC, e.id`).all() as LogRow[]).map(
    (row) => toRow(ctx, row),
  );
  const us = ctx.libraryCode;
  return {
    toAccept: rows.filter((r) => payingParty(r) === us).slice(0, CLAIMS_SHOWN),
    awaiting: rows.filter((r) => r.madeBy === us && payingParty(r) !== us).slice(0, CLAIMS_SHOWN),
  };
}

/** The last day a `YYYY-MM-DD` date can name. */
const LAST_DAY = '9999-12-31';

/** The WHERE of the views: a reader, or a partner library (as payer or payee), between two calendar days. */
function filter(ctx: DeskContext, input: ParsedInputOf<'ledger.list'> | ParsedInputOf<'ledger.feeStats'>) {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (input.readerId) {
    where.push('e.reader_id = @readerId');
    params.readerId = input.readerId;
  }
  if (input.libraryCode) {
    where.push('(e.payer_code = @libraryCode OR e.payee_code = @libraryCode)');
    params.libraryCode = input.libraryCode;
  }
  if (input.from) {
    where.push('e.created_at >= @from');
    params.from = dayStartInstant(input.from);
  }
  // The last calendar day there is (9999-12-31) has no next day to end before: it is open-ended.
  if (input.to && input.to < LAST_DAY) {
    where.push('e.created_at < @to');
    params.to = dayStartInstant(addDays(input.to, 1));
  }
  if (input.from && input.to && input.from > input.to) throw new AppError('INVALID_INPUT', 'to: must not be before from.', 'to');
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params, us: ctx.libraryCode };
}

/** 帐务日志: every entry, newest first, with the request's title and author; signed for our library. Totals count entries in force only. */
export function listLedger(ctx: DeskContext, input: ParsedInputOf<'ledger.list'>): LedgerPage {
  const { sql, params, us } = filter(ctx, input);
  const rows = prepared(ctx.db, `${LOG_SELECT} ${sql} ORDER BY e.created_at DESC, e.id LIMIT @limit OFFSET @offset`).all({
    ...params,
    limit: input.limit,
    offset: input.offset,
  }) as LogRow[];
  const totals = prepared(
    ctx.db,
    `SELECT e.payer_code AS payer, e.payee_code AS payee, e.amount_fen AS amountFen, e.state AS state FROM ledger_entries e ${sql}`,
  ).all(params) as { payer: string; payee: string; amountFen: number; state: LedgerState }[];
  const inForce = totals.filter((t) => t.state === 'in_force');
  return {
    items: rows.map((row) => toRow(ctx, row)),
    total: totals.length,
    // By direction, as the statement counts them: a reversed fine we received lowers what we
    // received; it is not a payment.
    receivedFen: sumFen(inForce.filter((t) => t.payee === us && t.payer !== us).map((t) => t.amountFen)),
    paidFen: sumFen(inForce.filter((t) => t.payer === us && t.payee !== us).map((t) => t.amountFen)),
    netFen: sumFen(inForce.map((t) => netFor(us, t))),
    claimed: totals.length - inForce.length,
  };
}

/** 费用统计: per request, its entries summed (signed for our library), with the request's status and last processing day. */
export function feeStats(ctx: DeskContext, input: ParsedInputOf<'ledger.feeStats'>): FeeStats {
  const { sql, params, us } = filter(ctx, input);
  const rows = prepared(
    ctx.db,
    `SELECT e.request_id AS requestId, r.title AS title, r.author AS author, r.status AS status, r.status_at AS processedAt,
            e.payer_code AS payer, e.payee_code AS payee, e.amount_fen AS amountFen
       FROM ledger_entries e LEFT JOIN requests r ON r.id = e.request_id
       ${sql ? `${sql} AND` : 'WHERE'} e.request_id IS NOT NULL AND e.state = 'in_force'
      ORDER BY e.request_id`,
  ).all(params) as { requestId: string; title: string | null; author: string | null; status: string | null; processedAt: string | null; payer: string; payee: string; amountFen: number }[];
  const byRequest = new Map<string, FeeStats['rows'][number]>();
  for (const row of rows) {
    const signed = netFor(us, row);
    const current = byRequest.get(row.requestId);
    if (current) current.feeFen = sumFen([current.feeFen, signed]);
    else
      byRequest.set(row.requestId, {
        requestId: row.requestId,
        title: row.title,
        author: row.author,
        status: row.status as FeeStats['rows'][number]['status'],
        processedAt: row.processedAt,
        feeFen: signed,
      });
  }
  const list = [...byRequest.values()].sort((a, b) => ((b.processedAt ?? '') < (a.processedAt ?? '') ? -1 : 1));
  return { rows: list, totalFen: sumFen(list.map((r) => r.feeFen)) };
}

/** The entries a desk op of this type may have made for its entity, by id (returnShip's parcel cost is shared: kept). */
function entryIdsOfOp(type: string, entityId: string): string[] {
  switch (type) {
    case 'request.complete':
      return [`overdue_fine:${entityId}`];
    case 'request.lose':
      return [`lost_charge:${entityId}`];
    case 'request.ship':
      return [`courier_cost:${entityId}:out`, `subsidy:${entityId}`];
    case 'request.deliver':
      return [`subsidy:${entityId}`];
    case 'request.handOut':
      return [`service_fee:${entityId}`];
    case 'ledger.add':
    case 'ledger.reverse':
      return [entityId];
    default:
      return [];
  }
}

/**
 * The hub refused an op of this desk: the fees it made here never happened. Only entries made by
 * the op itself go (made at the op's own time, never confirmed by the hub): one the hub sent for
 * the same thing stays. A refused accept or dispute leaves the entry claimed, without our dispute.
 */
export function dropEntriesOfRejectedOp(ctx: DeskContext, op: { type: string; entity_id: string; client_time: string }): number {
  if (op.type === 'ledger.accept') {
    return prepared(ctx.db, "UPDATE ledger_entries SET state = 'claimed' WHERE id = ?").run(op.entity_id).changes;
  }
  if (op.type === 'ledger.dispute') {
    return prepared(
      ctx.db,
      'UPDATE ledger_entries SET dispute_comment = NULL, dispute_at = NULL, dispute_by = NULL, dispute_clerk = NULL WHERE id = ? AND dispute_at = ? AND dispute_by = ?',
    ).run(op.entity_id, op.client_time, ctx.libraryCode).changes;
  }
  let dropped = 0;
  for (const id of entryIdsOfOp(op.type, op.entity_id)) {
    dropped += prepared(ctx.db, 'DELETE FROM ledger_entries WHERE id = ? AND created_at = ? AND hub_version IS NULL').run(id, op.client_time).changes;
  }
  return dropped;
}
