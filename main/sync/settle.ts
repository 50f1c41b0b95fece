// Settling the outbox with the hub's answer to a push. Only the hub's answer settles an op: an op
// applied stays as it is; an op rejected gives way to the hub's copy and goes to the sync problems
// list with the hub's code and message, so nothing a clerk did disappears without a trace.
import { pushResponseSchema, syncRequestSchema, type OpResult, type PushResponse } from '../../shared/sync';
import type { DeskContext } from '../context';
import { dropEntriesOfRejectedOp } from '../ledger/services';
import { prepared } from '../store/prepared';
import { SyncPageError, takeHubCopy } from './apply';

interface OutboxRow {
  desk_seq: number;
  op_id: string;
  type: string;
  entity_id: string;
  payload_json: string;
  state: string;
  client_time: string;
}

export interface Settled {
  applied: number;
  rejected: number;
  notices: number;
}

/** Checks a raw push answer; a malformed one settles nothing. */
export function parsePushResponse(raw: unknown): PushResponse {
  const parsed = pushResponseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SyncPageError('INVALID_INPUT', `The hub's answer to a push is not valid: ${issue?.path.join('.') || 'answer'}: ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

function localCopy(ctx: DeskContext, entityId: string): string | null {
  const row = prepared(ctx.db, 'SELECT * FROM requests WHERE id = ?').get(entityId);
  return row === undefined ? null : JSON.stringify(row);
}

function addProblem(ctx: DeskContext, kind: 'rejected' | 'notice', op: OutboxRow, result: OpResult, code: string, message: string): void {
  prepared(
    ctx.db,
    `INSERT INTO sync_problems (kind, desk_seq, op_id, op_type, entity_id, code, message, hub_entity_json, local_entity_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    kind,
    op.desk_seq,
    op.op_id,
    op.type,
    op.entity_id,
    code,
    message,
    result.entity === undefined ? null : JSON.stringify(result.entity),
    localCopy(ctx, op.entity_id),
    ctx.now(),
  );
}

function localVersion(ctx: DeskContext, entityId: string): number {
  const row = prepared(ctx.db, 'SELECT version FROM requests WHERE id = ?').get(entityId) as { version: number } | undefined;
  return row?.version ?? 0;
}

/** The hub's copy of a request from a result, if it is one this desk can take. */
function hubRequest(result: OpResult, entityId: string) {
  if (result.entity === undefined) return null; // most results: applied, nothing to take
  const parsed = syncRequestSchema.safeParse(result.entity);
  return parsed.success && parsed.data.id === entityId ? parsed.data : null;
}

/** Payload values the hub's copy disagrees with (another desk's hold slot, say). */
function disagreements(payload: Record<string, unknown>, entity: Record<string, unknown>): string[] {
  return Object.entries(payload)
    .filter(([key, value]) => key in entity && entity[key] !== value)
    .map(([key, value]) => `${key}: ours ${JSON.stringify(value)}, hub ${JSON.stringify(entity[key])}`);
}

/**
 * Settles the ops a push answer speaks of, in one transaction. A result for an op the desk did not
 * send (or sent differently) refuses the whole answer: a hub that confuses ops cannot settle any.
 */
export function settlePush(ctx: DeskContext, response: PushResponse): Settled {
  return ctx.db.transaction(() => {
    const settled: Settled = { applied: 0, rejected: 0, notices: 0 };
    const now = ctx.now();
    for (const [index, result] of response.results.entries()) {
      const op = prepared(ctx.db, 'SELECT desk_seq, op_id, type, entity_id, payload_json, state, client_time FROM outbox WHERE desk_seq = ?').get(
        result.deskSeq,
      ) as OutboxRow | undefined;
      if (!op || op.op_id !== result.opId) {
        throw new SyncPageError('INVALID_INPUT', `The hub answered for an op this desk did not send (results.${index}: ${result.deskSeq} ${result.opId}).`, `results.${index}`);
      }
      if (op.state !== 'pending') continue;
      const outcome = result.outcome === 'duplicate' ? (result.firstOutcome ?? 'applied') : result.outcome;
      const hubCopy = hubRequest(result, op.entity_id);
      // Without a version from the hub, the record keeps the one it has.
      const version = () => hubCopy?.version ?? localVersion(ctx, op.entity_id);
      prepared(ctx.db, 'UPDATE outbox SET state = ?, settled_at = ?, result_json = ? WHERE desk_seq = ?').run(
        outcome === 'rejected' ? 'rejected' : 'applied',
        now,
        JSON.stringify({ outcome: result.outcome, firstOutcome: result.firstOutcome, code: result.code, message: result.message, noop: result.noop }),
        op.desk_seq,
      );
      if (outcome === 'rejected') {
        settled.rejected++;
        addProblem(ctx, 'rejected', op, result, result.code ?? 'REJECTED', result.message ?? 'The hub refused this change.');
        if (hubCopy) takeHubCopy(ctx, hubCopy, version());
        // The fees the refused step made here (a fine, a manual entry) did not happen either.
        dropEntriesOfRejectedOp(ctx, op);
      } else {
        settled.applied++;
        if (result.noop && hubCopy) {
          const differ = disagreements(JSON.parse(op.payload_json) as Record<string, unknown>, hubCopy as unknown as Record<string, unknown>);
          if (differ.length > 0) {
            settled.notices++;
            addProblem(ctx, 'notice', op, result, 'NOOP_DIFFERS', `Another desk had already done this; the hub keeps its values (${differ.join('; ')}).`);
          }
          takeHubCopy(ctx, hubCopy, version());
        }
      }
    }
    prepared(ctx.db, 'UPDATE sync_state SET acked_desk_seq = max(acked_desk_seq, ?), last_success_at = ?, last_error = NULL WHERE id = 1').run(
      response.ackedDeskSeq,
      now,
    );
    return settled;
  }).immediate();
}

/** The next ops to push, in deskSeq order (never skipping one, never reordering). */
export function pendingOps(ctx: DeskContext, limit: number) {
  const rows = prepared(
    ctx.db,
    "SELECT desk_seq, op_id, type, entity_id, base_version, client_time, payload_json FROM outbox WHERE state = 'pending' ORDER BY desk_seq LIMIT ?",
  ).all(limit) as { desk_seq: number; op_id: string; type: string; entity_id: string; base_version: number | null; client_time: string; payload_json: string }[];
  return rows.map((r) => ({
    opId: r.op_id,
    deskSeq: r.desk_seq,
    type: r.type,
    entityId: r.entity_id,
    baseVersion: r.base_version,
    clientTime: r.client_time,
    payload: JSON.parse(r.payload_json) as Record<string, unknown>,
  }));
}
