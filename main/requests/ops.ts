// The one way a clerk's action reaches the store: inside one transaction, change the record,
// append the event (timeline and audit trail) and append the outbox op (DESIGN §5 shape). A crash
// leaves all three or none.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { applyOp, TransitionError, type RequestOpType, type Status } from '../../shared/status';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';
import { recordLedgerForOp } from '../ledger/services';
import { getRequestRow, sideOf, type OpTypeOrCreate, type RequestRow } from './store';

export interface OutboxOp {
  type: string;
  entityId: string;
  baseVersion: number | null;
  payload: Record<string, unknown>;
}

export function appendOutbox(ctx: DeskContext, op: OutboxOp, clientTime: string): number {
  // The clerk travels with the op: the hub writes it into the event, so the timeline every desk
  // pulls back still says who acted (without it the hub can only name the desk).
  const result = prepared(
    ctx.db,
    `INSERT INTO outbox (op_id, type, entity_id, base_version, client_time, payload_json)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(randomUUID(), op.type, op.entityId, op.baseVersion, clientTime, JSON.stringify({ ...op.payload, clerk: ctx.clerk }));
  return Number(result.lastInsertRowid);
}

export function appendEvent(
  ctx: DeskContext,
  event: { requestId: string; type: OpTypeOrCreate; from: Status | null; to: Status; detail: Record<string, unknown> },
  deskTime: string,
): void {
  prepared(
    ctx.db,
    `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(event.requestId, event.type, event.from, event.to, ctx.clerk, ctx.deskId, ctx.libraryCode, deskTime, JSON.stringify(event.detail));
}

/** Columns an op may set besides status and the bookkeeping ones. */
export type RequestChanges = Partial<
  Pick<
    RequestRow,
    | 'lender_code'
    | 'note_to_lender'
    | 'unfilled_reason'
    | 'item_barcode'
    | 'courier'
    | 'tracking_no'
    | 'lender_due_date'
    | 'due_date'
    | 'hold_slot'
    | 'checked_in_at'
  >
>;

/**
 * `, column = @column` for each change that is set, in a stable order (so the prepared statement is
 * reused), to append to an UPDATE that binds `changes` as named parameters.
 */
export function changeAssignments(changes: RequestChanges): string {
  return (Object.keys(changes) as (keyof RequestChanges)[])
    .filter((k) => changes[k] !== undefined)
    .sort()
    .map((k) => `, ${k} = @${k}`)
    .join('');
}

/** Runs `fn` in one IMMEDIATE transaction (takes the write lock up front, so no deadlock later). */
export function inTransaction<T>(ctx: DeskContext, fn: () => T): T {
  return ctx.db.transaction(fn).immediate();
}

export function requireRequest(ctx: DeskContext, id: string, field = 'id'): RequestRow {
  const row = getRequestRow(ctx.db, id, ctx.libraryCode);
  if (!row) throw new AppError('NOT_FOUND', `${field}: no request ${id} is known to this library.`, field);
  return row;
}

/** The status `op` leads to for our role in the request, or an AppError worded by the status machine. */
export function checkRequestOp(ctx: DeskContext, row: RequestRow, op: RequestOpType): Status {
  try {
    return applyOp(op, row.status, sideOf(row, ctx.libraryCode), row.service_type);
  } catch (error) {
    if (error instanceof TransitionError) throw new AppError(error.code, `${row.id}: ${error.message}`);
    throw error;
  }
}

/**
 * Checks `op` against the status machine for our role in the request, then writes the change,
 * the event and the outbox op. Call inside inTransaction(). Returns the status it moved to.
 */
export function recordRequestOp(
  ctx: DeskContext,
  row: RequestRow,
  op: RequestOpType,
  payload: Record<string, unknown>,
  changes: RequestChanges = {},
): Status {
  const to = checkRequestOp(ctx, row, op);
  const now = ctx.now();
  const setChanges = changeAssignments(changes);
  const statusMoves = to !== row.status;
  const result = prepared(
    ctx.db,
    `UPDATE requests SET status = @to, updated_at = @now, version = version + 1
       ${statusMoves ? ', status_at = @now' : ''}${setChanges}
     WHERE id = @id AND version = @version`,
  ).run({ ...changes, to, now, id: row.id, version: row.version });
  if (result.changes !== 1) {
    throw new AppError('INTERNAL', `${row.id} changed while it was being updated; try again.`);
  }
  appendEvent(ctx, { requestId: row.id, type: op, from: row.status, to, detail: payload }, now);
  appendOutbox(ctx, { type: op, entityId: row.id, baseVersion: row.version, payload }, now);
  // Fees the event makes (a fine, a lost-book charge, a parcel's courier cost), in the same step.
  recordLedgerForOp(ctx, row, op, payload, now);
  return to;
}
