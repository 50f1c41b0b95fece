// The desk's sync client: pushes the outbox in deskSeq order and pulls the hub's changes by cursor.
// It never skips or reorders an op and settles one only on the hub's answer; a fault (network,
// time-out, 5xx) settles nothing and is retried with exponential backoff and jitter. Everything
// the hub sends is checked before it touches the store.
import { deskWhoamiSchema, hubErrorSchema, healthResponseSchema, leaseResponseSchema, type DeskWhoami, type PullResponse } from '../../shared/sync';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';
import { applyPullPage, lastAppliedSeq, parsePullResponse, SyncPageError } from './apply';
import { parsePushResponse, pendingOps, settlePush } from './settle';
import { finishRestore, mustLearnHubSeq, renumberAfterRestore } from './restore';

export interface HubConnection {
  /** The hub's base address, e.g. http://127.0.0.1:8470 */
  url: string;
  token: string;
  deskId: string;
}

/** The hub could not be reached or answered with a fault: nothing was settled; try again later. */
export class HubUnavailableError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'HubUnavailableError';
  }
}

/** The hub answered, and refused the desk or the call (wrong token, resync needed). */
export class HubRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HubRefusedError';
  }
}

/** fetch says only "fetch failed": the reason (ECONNREFUSED, a time-out, a reset) is in its cause. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause ? [cause.code, cause.message].filter((v) => typeof v === 'string' && v !== '').join(' ') : '';
  return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}

/** A protocol path under the hub's address, keeping the address's own path (a hub behind a proxy at /ill-hub). */
export function hubAddress(base: string, path: string): URL {
  return new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`);
}

function isStaleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}

const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

interface HubAnswer {
  status: number;
  body: unknown;
}

async function call(conn: HubConnection, method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number, stop?: AbortSignal): Promise<HubAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const send = () =>
    fetch(hubAddress(conn.url, path), {
      method,
      headers: { Authorization: `Bearer ${conn.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
      redirect: 'error',
    });
  let response: Response;
  try {
    try {
      response = await send();
    } catch (error) {
      // A kept-alive connection the hub closed (it restarted) fails at once: try once on a new one.
      // Every call of the protocol may be repeated (a push is settled once, a pull is by cursor).
      if (!isStaleConnection(error)) throw error;
      response = await send();
    }
  } catch (error) {
    throw new HubUnavailableError(`The hub at ${conn.url} cannot be reached: ${describeFetchError(error)}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new SyncPageError('INVALID_INPUT', `The hub's answer is ${declared} bytes, over the ${MAX_ANSWER_BYTES} the desk accepts.`);
  }
  let text: string;
  try {
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength > MAX_ANSWER_BYTES) {
      throw new SyncPageError('INVALID_INPUT', `The hub's answer is over the ${MAX_ANSWER_BYTES} bytes the desk accepts.`);
    }
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    if (error instanceof SyncPageError) throw error;
    throw new HubUnavailableError(`The hub's answer was cut off: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status >= 500) throw new HubUnavailableError(`The hub answered ${response.status}.`, response.status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SyncPageError('INVALID_INPUT', `The hub's answer to ${method} ${path} is not JSON (HTTP ${response.status}).`);
  }
  return { status: response.status, body: parsed };
}

function refusal(answer: HubAnswer, what: string): HubRefusedError {
  const error = hubErrorSchema.safeParse(answer.body);
  return error.success
    ? new HubRefusedError(answer.status, error.data.code, `${what}: ${error.data.message}`)
    : new HubRefusedError(answer.status, 'UNKNOWN', `${what}: HTTP ${answer.status}`);
}

export interface SyncOptions {
  timeoutMs?: number;
  /** Aborts the call in flight (the desk is quitting): it fails as HubUnavailableError, settling nothing. */
  signal?: AbortSignal;
  pushBatch?: number;
  pullLimit?: number;
  onProgress?: (pulled: number) => void;
  /** Called after each push batch the hub has answered, with the ops sent so far in this round. */
  onPushed?: (sent: number) => void;
  /** Lease more request numbers when fewer than `lowWater` are left unused. */
  lease?: { lowWater: number; count: number };
}

/** The hub refuses bodies over 1 MB: a batch stays well under it, whatever the ops carry. */
export const PUSH_BODY_BUDGET = 768 * 1024;

/** The leading ops whose JSON fits the budget (always at least one: a single op is far smaller). */
export function withinBytes<T>(ops: T[], budget: number): T[] {
  let bytes = 0;
  for (let i = 0; i < ops.length; i++) {
    bytes += Buffer.byteLength(JSON.stringify(ops[i])) + 1;
    if (bytes > budget && i > 0) return ops.slice(0, i);
  }
  return ops;
}

/** Pushes pending ops in batches until none are left (or the hub stops the batch). */
export async function pushAll(ctx: DeskContext, conn: HubConnection, options: SyncOptions = {}): Promise<{ sent: number; rejected: number }> {
  let sent = 0;
  let rejected = 0;
  for (;;) {
    const ops = withinBytes(pendingOps(ctx, options.pushBatch ?? 200), PUSH_BODY_BUDGET);
    if (ops.length === 0) return { sent, rejected };
    const answer = await call(conn, 'POST', '/v1/sync/push', { deskId: conn.deskId, ops }, options.timeoutMs ?? 30_000, options.signal);
    if (answer.status === 200) {
      const settled = settlePush(ctx, parsePushResponse(answer.body));
      sent += ops.length;
      rejected += settled.rejected;
      options.onPushed?.(sent);
      if (settled.applied + settled.rejected === 0) return { sent, rejected };
      continue;
    }
    const error = hubErrorSchema.safeParse(answer.body);
    if (answer.status === 409 && error.success && error.data.code === 'SEQ_GAP') {
      // The ops before the gap were applied: settle them, then start again from the hub's count.
      const body = answer.body as { results?: unknown; ackedDeskSeq?: unknown };
      const settled = parsePushResponse({ results: body.results ?? [], ackedDeskSeq: body.ackedDeskSeq ?? 0, hubTime: new Date().toISOString() });
      settlePush(ctx, settled);
      const next = pendingOps(ctx, 1)[0];
      if (next && next.deskSeq > settled.ackedDeskSeq + 1) {
        // The hub knows fewer of our ops than we have settled (restored from an older backup, or the
        // desk registered anew): sending again cannot help, and the desk must not guess. IT must act.
        throw new HubRefusedError(
          409,
          'HUB_BEHIND',
          `The hub knows this desk's ops only up to ${settled.ackedDeskSeq}, but the desk's next op is ${next.deskSeq}: the hub has lost ops this desk sent, or the desk was registered anew. Ask the hub's administrator; nothing is sent until then.`,
        );
      }
      throw refusal(answer, 'The hub is missing earlier ops of this desk');
    }
    throw refusal(answer, 'The hub refused the push');
  }
}

/** Pulls pages until the hub has no more; each page is applied with its cursor in one transaction. */
export async function pullAll(ctx: DeskContext, conn: HubConnection, options: SyncOptions = {}): Promise<number> {
  const fetchPage = (cursor: string | null): Promise<HubAnswer> => {
    const query = new URLSearchParams({ limit: String(options.pullLimit ?? 500) });
    if (cursor) query.set('cursor', cursor);
    return call(conn, 'GET', `/v1/sync/pull?${query.toString()}`, undefined, options.timeoutMs ?? 60_000, options.signal);
  };
  let pulled = 0;
  let resynced = false;
  let cursor = (prepared(ctx.db, 'SELECT cursor FROM sync_state WHERE id = 1').get() as { cursor: string | null }).cursor;
  let next: Promise<HubAnswer> = fetchPage(cursor);
  for (;;) {
    const answer = await next;
    if (answer.status === 410) {
      // A hub that answers 410 to a pull from the beginning is broken: don't spin on it.
      if (resynced || !cursor) throw refusal(answer, 'The hub refused even a pull from the beginning');
      resynced = true;
      // The hub no longer knows our cursor: start again from the beginning (pending ops stay).
      prepared(ctx.db, 'UPDATE sync_state SET cursor = NULL, last_seq = 0 WHERE id = 1').run();
      cursor = null;
      next = fetchPage(null);
      continue;
    }
    if (answer.status !== 200) throw refusal(answer, 'The hub refused the pull');
    const page: PullResponse = parsePullResponse(answer.body, lastAppliedSeq(ctx));
    // The next page is asked for while this one is applied (the hub works while the desk writes);
    // it is used only if this one is applied, and its cursor is this page's.
    const prefetch = page.more ? fetchPage(page.cursor) : null;
    try {
      applyPullPage(ctx, page);
    } catch (error) {
      prefetch?.catch(() => undefined);
      throw error;
    }
    cursor = page.cursor;
    pulled += page.changes.length;
    try {
      options.onProgress?.(pulled);
    } catch (error) {
      prefetch?.catch(() => undefined);
      throw error;
    }
    if (!prefetch) return pulled;
    next = prefetch;
  }
}

/** Asks the hub for request numbers and keeps them for offline use. */
export async function leaseNumbers(ctx: DeskContext, conn: HubConnection, count: number, options: SyncOptions = {}): Promise<number> {
  const answer = await call(conn, 'POST', '/v1/numbers/lease', { count }, options.timeoutMs ?? 30_000, options.signal);
  if (answer.status !== 200) throw refusal(answer, 'The hub refused to lease numbers');
  const parsed = leaseResponseSchema.safeParse(answer.body);
  if (!parsed.success) throw new SyncPageError('INVALID_INPUT', "The hub's lease answer is not a list of numbers.");
  const insert = prepared(ctx.db, 'INSERT OR IGNORE INTO number_pool (number, leased_at) VALUES (?, ?)');
  ctx.db.transaction(() => {
    for (const number of parsed.data.numbers) insert.run(number, ctx.now());
  })();
  return parsed.data.numbers.length;
}

/** Asks the hub which desk and library the token belongs to (used once, when the desk is set up). */
export async function whoami(conn: Omit<HubConnection, 'deskId'>, options: SyncOptions = {}): Promise<DeskWhoami> {
  const answer = await call({ ...conn, deskId: '' }, 'GET', '/v1/desk', undefined, options.timeoutMs ?? 10_000, options.signal);
  if (answer.status !== 200) throw refusal(answer, 'The hub did not accept this desk');
  const parsed = deskWhoamiSchema.safeParse(answer.body);
  if (!parsed.success) throw new SyncPageError('INVALID_INPUT', "The hub's answer about this desk is not valid.");
  return parsed.data;
}

/** The hub's clock against ours, in milliseconds (positive: the hub is ahead). */
export async function measureClockSkew(ctx: DeskContext, conn: HubConnection, options: SyncOptions = {}): Promise<number> {
  const sentAt = Date.now();
  const answer = await call(conn, 'GET', '/v1/health', undefined, options.timeoutMs ?? 10_000, options.signal);
  const receivedAt = Date.now();
  const health = healthResponseSchema.safeParse(answer.body);
  if (answer.status !== 200 || !health.success) throw new SyncPageError('INVALID_INPUT', "The hub's health answer is not valid.");
  const skew = Date.parse(health.data.hubTime) - (sentAt + receivedAt) / 2;
  prepared(ctx.db, 'UPDATE sync_state SET clock_skew_ms = ? WHERE id = 1').run(Math.round(skew));
  return skew;
}

/**
 * How many of this desk's ops the hub has settled: any pull answer says (`ackedDeskSeq`). Asked
 * for one change from the beginning, which every hub can answer.
 */
export async function hubAckedDeskSeq(conn: HubConnection, options: SyncOptions = {}): Promise<number> {
  const answer = await call(conn, 'GET', '/v1/sync/pull?limit=1', undefined, options.timeoutMs ?? 30_000, options.signal);
  if (answer.status !== 200) throw refusal(answer, "The hub refused to say how many of this desk's ops it has");
  const acked = (answer.body as { ackedDeskSeq?: unknown } | null)?.ackedDeskSeq;
  if (typeof acked !== 'number' || !Number.isSafeInteger(acked) || acked < 0) {
    throw new SyncPageError('INVALID_INPUT', "The hub's pull answer has no valid ackedDeskSeq.", 'ackedDeskSeq');
  }
  return acked;
}

export interface RoundResult {
  pushed: number;
  rejected: number;
  leased: number;
  pulled: number;
}

/** One round: clock, push, lease ahead, pull. What went wrong is kept in the sync state for the clerk. */
export async function syncOnce(ctx: DeskContext, conn: HubConnection, options: SyncOptions = {}): Promise<RoundResult> {
  try {
    await measureClockSkew(ctx, conn, options);
    // A restored store pushes nothing before it knows how far the hub has counted its ops (restore.ts).
    if (mustLearnHubSeq(ctx)) renumberAfterRestore(ctx, await hubAckedDeskSeq(conn, options));
    const pushed = await pushAll(ctx, conn, options);
    let leased = 0;
    if (options.lease) {
      const unused = (prepared(ctx.db, 'SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL').get() as { n: number }).n;
      if (unused < options.lease.lowWater) leased = await leaseNumbers(ctx, conn, options.lease.count, options);
    }
    const pulled = await pullAll(ctx, conn, options);
    finishRestore(ctx);
    prepared(ctx.db, 'UPDATE sync_state SET last_success_at = ?, last_error = NULL WHERE id = 1').run(ctx.now());
    return { pushed: pushed.sent, rejected: pushed.rejected, leased, pulled };
  } catch (error) {
    // A round stopped on purpose (the desk is quitting) is not an error to show the clerk.
    const stopped = options.signal?.aborted === true || (error instanceof Error && error.name === 'RoundStopped');
    if (!stopped) prepared(ctx.db, 'UPDATE sync_state SET last_error = ? WHERE id = 1').run(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … up to `maxMs`, each between half and all of it. */
export function backoffDelay(attempt: number, baseMs = 1000, maxMs = 5 * 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
