// What the desk knows about its sync from its own store: pending ops, open problems, the last good
// round, the clock. The engine adds what lives only in memory (running now, next attempt, progress).
import { AppError } from '../../shared/errors';
import type { ProblemCopy, SyncProblem, SyncStatus } from '../../shared/types';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

/** DESIGN §5: the desk warns when its clock is more than 5 minutes off the hub's. */
export const CLOCK_WARNING_MS = 5 * 60_000;

interface StateRow {
  last_success_at: string | null;
  last_error: string | null;
  clock_skew_ms: number | null;
}

export function storedSyncStatus(ctx: DeskContext): Omit<SyncStatus, 'connection' | 'hubUrl' | 'lastAttemptAt' | 'lastErrorCode' | 'nextAttemptAt' | 'progress'> {
  const state = prepared(ctx.db, 'SELECT last_success_at, last_error, clock_skew_ms FROM sync_state WHERE id = 1').get() as StateRow;
  const count = (sql: string) => (prepared(ctx.db, sql).get() as { n: number }).n;
  return {
    pendingOps: count("SELECT count(*) AS n FROM outbox WHERE state = 'pending'"),
    openProblems: count('SELECT count(*) AS n FROM sync_problems WHERE resolved_at IS NULL'),
    unusedNumbers: count('SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL'),
    lastSuccessAt: state.last_success_at,
    lastError: state.last_error,
    clockSkewMs: state.clock_skew_ms,
    clockWarning: state.clock_skew_ms !== null && Math.abs(state.clock_skew_ms) > CLOCK_WARNING_MS,
  };
}

/** The status of a desk with no hub configured (the demo profile, or before setup). */
export function unconfiguredStatus(ctx: DeskContext): SyncStatus {
  return { ...storedSyncStatus(ctx), connection: 'unconfigured', hubUrl: null, lastAttemptAt: null, lastErrorCode: null, nextAttemptAt: null, progress: null };
}

interface ProblemRow {
  id: number;
  kind: 'rejected' | 'notice';
  desk_seq: number | null;
  op_type: string | null;
  entity_id: string | null;
  code: string;
  message: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  hub_entity_json: string | null;
  local_entity_json: string | null;
  payload_json: string | null;
}

/** The compared fields of a stored copy: the hub's (camelCase, as sent) or ours (a store row). */
function copyOf(json: string | null): ProblemCopy | null {
  if (json === null) return null;
  let entity: Record<string, unknown>;
  try {
    entity = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (entity === null || typeof entity !== 'object') return null;
  const text = (...keys: string[]) => {
    for (const key of keys) if (typeof entity[key] === 'string') return entity[key];
    return null;
  };
  const version = entity.version;
  return {
    status: text('status'),
    version: typeof version === 'number' ? version : null,
    holdSlot: text('holdSlot', 'hold_slot'),
    dueDate: text('dueDate', 'due_date'),
    lenderDueDate: text('lenderDueDate', 'lender_due_date'),
    lenderCode: text('lenderCode', 'lender_code', 'lender'),
    trackingNo: text('trackingNo', 'tracking_no'),
  };
}

function payloadOf(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const { clerk: _clerk, ...payload } = JSON.parse(json) as Record<string, unknown>;
    return payload;
  } catch {
    return null;
  }
}

function toProblem(row: ProblemRow): SyncProblem {
  const hub = copyOf(row.hub_entity_json);
  const hubStatus = hub?.status ?? null;
  return {
    id: row.id,
    kind: row.kind,
    deskSeq: row.desk_seq,
    opType: row.op_type,
    entityId: row.entity_id,
    code: row.code,
    message: row.message,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    hubStatus,
    hub,
    ours: copyOf(row.local_entity_json),
    payload: payloadOf(row.payload_json),
  };
}

const PROBLEM_COLUMNS = `id, kind, desk_seq, op_type, entity_id, code, message, created_at, resolved_at, resolved_by, hub_entity_json,
  local_entity_json, (SELECT o.payload_json FROM outbox o WHERE o.op_id = sync_problems.op_id) AS payload_json`;

/** Open problems first (newest first), then, if asked, the resolved ones; at most 500. */
export function listSyncProblems(ctx: DeskContext, includeResolved: boolean): SyncProblem[] {
  const rows = prepared(
    ctx.db,
    `SELECT ${PROBLEM_COLUMNS} FROM sync_problems ${includeResolved ? '' : 'WHERE resolved_at IS NULL'}
     ORDER BY resolved_at IS NOT NULL, id DESC LIMIT 500`,
  ).all() as ProblemRow[];
  return rows.map(toProblem);
}

/** A clerk has seen a problem and dealt with it: it leaves the open list, with who and when. */
export function resolveSyncProblem(ctx: DeskContext, id: number): SyncProblem {
  return ctx.db.transaction(() => {
    const row = prepared(ctx.db, `SELECT ${PROBLEM_COLUMNS} FROM sync_problems WHERE id = ?`).get(id) as ProblemRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `There is no sync problem ${id}.`, 'id');
    if (row.resolved_at === null) {
      prepared(ctx.db, 'UPDATE sync_problems SET resolved_at = ?, resolved_by = ? WHERE id = ?').run(ctx.now(), ctx.clerk, id);
    }
    return toProblem(prepared(ctx.db, `SELECT ${PROBLEM_COLUMNS} FROM sync_problems WHERE id = ?`).get(id) as ProblemRow);
  }).immediate();
}
