// Applying a page of the hub's changes to the desk's store: the whole page and its cursor in one
// transaction, or nothing. Every change is checked first (a hostile or broken hub cannot write
// nonsense), and ops still waiting in the outbox are re-applied on top of the hub's copy, so a
// clerk's work stays on screen until the hub has judged it.
import { AppError } from '../../shared/errors';
import { applyOp, type RequestOpType, type Status } from '../../shared/status';
import {
  pullResponseSchema,
  syncLibrarySchema,
  syncReaderSchema,
  syncRequestSchema,
  type Change,
  type PullResponse,
  type SyncRequest,
} from '../../shared/sync';
import type { DeskContext } from '../context';
import { upsertLibrary } from '../libraries/store';
import { applyLedgerChange } from './applyLedger';
import { changeAssignments, type RequestChanges } from '../requests/ops';
import type { RequestRow } from '../requests/store';
import { prepared } from '../store/prepared';

/** What a page did to the store, for the sync state the clerk sees. */
export interface AppliedPage {
  applied: number;
  replayedOps: number;
  cursor: string;
}

/** A page the desk refuses as a whole: the store is left as it was. */
export class SyncPageError extends AppError {}

function refuse(message: string, field?: string): never {
  throw new SyncPageError('INVALID_INPUT', `The hub sent a change the desk cannot accept: ${message}`, field);
}

/** The hub sequence number the desk has applied up to. */
export function lastAppliedSeq(ctx: DeskContext): number {
  return (prepared(ctx.db, 'SELECT last_seq FROM sync_state WHERE id = 1').get() as { last_seq: number }).last_seq;
}

/** Checks a raw pull answer against the protocol before anything is written. */
export function parsePullResponse(raw: unknown, previousCursorSeq: number): PullResponse {
  const parsed = pullResponseSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`${issue?.path.join('.') || 'answer'}: ${issue?.message ?? 'not a pull answer'}`, issue?.path.join('.'));
  }
  let last = previousCursorSeq;
  for (const [index, change] of parsed.data.changes.entries()) {
    if (change.seq <= last) refuse(`changes.${index}.seq ${change.seq} does not follow ${last} (the hub's sequence went backwards)`, `changes.${index}.seq`);
    last = change.seq;
  }
  return parsed.data;
}

// The desk's request columns, in the order both writes below bind them.
const REQUEST_COLUMNS = [
  'id', 'service_type', 'status', 'borrower_code', 'lender_code', 'reader_id', 'title', 'author', 'publisher', 'pub_year',
  'isbn', 'issn', 'language', 'material_type', 'lender_call_number', 'preferred_lender', 'pages', 'recipient_name', 'email', 'phone',
  'custom_no', 'remark', 'note_to_lender', 'item_barcode', 'hold_slot', 'courier', 'tracking_no', 'unfilled_reason', 'lender_due_date',
  'due_date', 'checked_in_at', 'created_at', 'status_at', 'updated_at', 'version',
] as const;
// The columns the search indexes are built from (migration 0002's update trigger): they are
// written apart, and only where they differ, so a change of status does not re-index the request.
const SEARCH_COLUMNS: readonly string[] = ['title', 'author', 'isbn', 'issn', 'reader_id', 'recipient_name'];
const col = (name: string) => REQUEST_COLUMNS.indexOf(name as (typeof REQUEST_COLUMNS)[number]);

// Many rows per statement: the search index (FTS5) keeps what it is given in memory until a
// statement opens a savepoint, then writes it out as a new segment that must later be merged; one
// statement per request meant one segment per request.
const UPSERT_CHUNK = 100;
const upsertSql = new Map<number, string>();
function upsertRequestsSql(rows: number): string {
  let sql = upsertSql.get(rows);
  if (!sql) {
    const row = `(${REQUEST_COLUMNS.map(() => '?').join(', ')})`;
    sql = `INSERT INTO requests (${REQUEST_COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}
      ON CONFLICT(id) DO UPDATE SET ${REQUEST_COLUMNS.filter((c) => c !== 'id' && !SEARCH_COLUMNS.includes(c))
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`;
    upsertSql.set(rows, sql);
  }
  return sql;
}
// A page's stored requests whose search columns differ, in one statement (rows as a JSON array of value arrays).
const UPDATE_SEARCH_COLUMNS = `UPDATE requests SET ${SEARCH_COLUMNS.map((c) => `${c} = v.value ->> ${col(c)}`).join(', ')}
  FROM json_each(?) AS v
  WHERE requests.id = v.value ->> ${col('id')} AND (${SEARCH_COLUMNS.map((c) => `requests.${c} IS NOT v.value ->> ${col(c)}`).join(' OR ')})`;
const DELETE_EVENTS = 'DELETE FROM request_events WHERE request_id IN (SELECT value FROM json_each(?))';
const INSERT_EVENTS = `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time, detail_json)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, value ->> 9
  FROM json_each(?)`;

/** A request change that passed the checks, waiting to be written. */
interface CheckedRequest {
  request: SyncRequest;
  version: number;
}

/** The row the desk keeps for the hub's copy: the reader's fields only when we are the borrower. */
function requestValues(ctx: DeskContext, { request, version }: CheckedRequest): unknown[] {
  const isBorrower = request.borrowerCode === ctx.libraryCode;
  const mine = <T>(value: T | undefined): T | null => (isBorrower ? (value ?? null) : null);
  return [
    request.id, request.serviceType, request.status, request.borrowerCode, request.lenderCode, mine(request.readerId), request.title,
    request.author, request.publisher, request.pubYear, request.isbn, request.issn, request.language, request.materialType,
    request.lenderCallNumber, request.preferredLender, request.pages, mine(request.recipientName), mine(request.email), mine(request.phone),
    mine(request.customNo), mine(request.remark), request.noteToLender, request.itemBarcode, request.holdSlot, request.courier,
    request.trackingNo, request.unfilledReason, request.lenderDueDate, request.dueDate, request.checkedInAt, request.createdAt,
    request.statusAt, request.updatedAt, version,
  ];
}

/**
 * Writes the hub's copies (each request at most once in `batch`) with their timelines: the record,
 * its search columns where they changed, and its events replaced by the hub's. `stored` says which
 * of them the store may already hold (the others have no old values or events to replace).
 */
function writeRequests(ctx: DeskContext, batch: CheckedRequest[], stored: (id: string) => boolean = () => true): void {
  if (batch.length === 0) return;
  // Chunks of UPSERT_CHUNK rows, the rest in halving sizes: a handful of statement shapes in all.
  for (let at = 0; at < batch.length; ) {
    const size = batch.length - at >= UPSERT_CHUNK ? UPSERT_CHUNK : 2 ** Math.floor(Math.log2(batch.length - at));
    prepared(ctx.db, upsertRequestsSql(size)).run(batch.slice(at, at + size).flatMap((checked) => requestValues(ctx, checked)));
    at += size;
  }
  const old = batch.filter((c) => stored(c.request.id));
  if (old.length > 0) {
    prepared(ctx.db, UPDATE_SEARCH_COLUMNS).run(JSON.stringify(old.map((checked) => requestValues(ctx, checked))));
    prepared(ctx.db, DELETE_EVENTS).run(JSON.stringify(old.map((c) => c.request.id)));
  }
  const events: unknown[][] = [];
  for (const { request } of batch) {
    for (const e of request.events) {
      events.push([request.id, e.type, e.fromStatus, e.toStatus, e.clerk, e.deskId, e.libraryCode, e.deskTime, e.hubTime, JSON.stringify(e.detail)]);
    }
  }
  if (events.length > 0) prepared(ctx.db, INSERT_EVENTS).run(JSON.stringify(events));
}

/**
 * What the checks of one page have learnt so far: the requests earlier changes brought (checked,
 * not yet written), which of them the store held before, and the readers and libraries found.
 * Libraries and readers are written as they come, so the store answers for them.
 */
interface PageChecks {
  requests: Set<string>;
  stored: Set<string>;
  readers: Set<string>;
  libraries: Set<string>;
}

function newPageChecks(): PageChecks {
  return { requests: new Set(), stored: new Set(), readers: new Set(), libraries: new Set() };
}

function found(seen: Set<string>, key: string, lookUp: () => unknown): boolean {
  if (seen.has(key)) return true;
  if (lookUp() === undefined) return false;
  seen.add(key);
  return true;
}

/** Refuses a hub copy the desk must not take, as the store stands after the page's earlier changes. */
function checkRequest(ctx: DeskContext, request: SyncRequest, page: PageChecks = newPageChecks()): void {
  const ours = ctx.libraryCode;
  const isBorrower = request.borrowerCode === ours;
  const known = page.requests.has(request.id) || found(page.stored, request.id, () => prepared(ctx.db, 'SELECT 1 FROM requests WHERE id = ?').get(request.id));
  // We take part as borrower or lender; a lender that answered UNFILLED keeps what it saw.
  if (!isBorrower && request.lenderCode !== ours && !known) {
    refuse(`request ${request.id} is between ${request.borrowerCode} and ${request.lenderCode ?? 'no lender'}; this library is not a party`);
  }
  if (!isBorrower && (request.readerId || request.recipientName || request.email || request.phone)) {
    refuse(`request ${request.id} carries the reader's personal data to the lending library`);
  }
  const readerId = isBorrower ? (request.readerId ?? null) : null;
  if (readerId && !found(page.readers, readerId, () => prepared(ctx.db, 'SELECT 1 FROM readers WHERE id = ?').get(readerId))) {
    refuse(`request ${request.id} names reader ${readerId}, whom the hub has not sent`);
  }
  for (const code of [request.borrowerCode, request.lenderCode]) {
    if (code && !found(page.libraries, code, () => prepared(ctx.db, 'SELECT 1 FROM libraries WHERE code = ?').get(code))) {
      refuse(`request ${request.id} names library ${code}, which the hub has not sent`);
    }
  }
  page.requests.add(request.id);
}

/** Keeps the hold shelf in step with what the hub says is on it (another desk may have checked in). */
function syncHoldShelf(ctx: DeskContext, id: string): void {
  const row = prepared(ctx.db, 'SELECT status, hold_slot, checked_in_at, borrower_code FROM requests WHERE id = ?').get(id) as
    | Pick<RequestRow, 'status' | 'hold_slot' | 'checked_in_at' | 'borrower_code'>
    | undefined;
  prepared(ctx.db, 'UPDATE hold_shelf SET request_id = NULL, assigned_at = NULL WHERE request_id = ?').run(id);
  if (!row || row.status !== 'ON_HOLD' || row.borrower_code !== ctx.libraryCode || !row.hold_slot || !/^[1-9]\d{0,5}$/.test(row.hold_slot)) return;
  const slot = Number(row.hold_slot);
  const highest = (prepared(ctx.db, 'SELECT coalesce(max(slot), 0) AS n FROM hold_shelf').get() as { n: number }).n;
  for (let s = highest + 1; s <= slot; s++) prepared(ctx.db, 'INSERT INTO hold_shelf (slot) VALUES (?)').run(s);
  // If our own shelf has another book in that slot, both stay visible: the hub's word wins for
  // this request, and the clash is the clerk's to see in the sync problems.
  prepared(ctx.db, 'UPDATE hold_shelf SET request_id = ?, assigned_at = ? WHERE slot = ? AND request_id IS NULL').run(
    id,
    row.checked_in_at,
    slot,
  );
}

interface PendingOp {
  desk_seq: number;
  type: string;
  payload_json: string;
}

/** Local column changes an op makes, from its payload (the same ones the services wrote). */
function changesOf(type: RequestOpType, payload: Record<string, unknown>): RequestChanges {
  const str = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  switch (type) {
    case 'request.forward':
      return { lender_code: str('lender'), unfilled_reason: null };
    case 'request.unfill':
      return { unfilled_reason: str('reasonCode') as RequestChanges['unfilled_reason'] };
    case 'request.ship':
      return { tracking_no: str('trackingNo'), courier: str('courier'), item_barcode: str('itemBarcode'), lender_due_date: str('lenderDueDate') };
    case 'request.checkIn':
      return { hold_slot: str('holdSlot') };
    case 'request.handOut':
      return { due_date: str('dueDate'), hold_slot: null };
    case 'request.shiftDue':
      return { due_date: str('dueDate') };
    case 'request.return':
    case 'request.lose':
      return { hold_slot: null };
    default:
      return {};
  }
}

/**
 * Re-applies this desk's pending ops for a request on top of the hub's copy. An op the hub's copy
 * no longer allows is left for the hub to judge (it will come back rejected, into sync problems).
 */
function replayPendingOps(ctx: DeskContext, id: string): number {
  const pending = prepared(
    ctx.db,
    "SELECT desk_seq, type, payload_json FROM outbox WHERE entity_id = ? AND state = 'pending' AND type LIKE 'request.%' ORDER BY desk_seq",
  ).all(id) as PendingOp[];
  let replayed = 0;
  for (const op of pending) {
    if (op.type === 'request.create') continue;
    const row = prepared(ctx.db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
    if (!row) break;
    const side = row.borrower_code === ctx.libraryCode ? 'borrower' : 'lender';
    let to: Status;
    try {
      to = applyOp(op.type as RequestOpType, row.status, side, row.service_type);
    } catch {
      continue;
    }
    const changes = changesOf(op.type as RequestOpType, JSON.parse(op.payload_json) as Record<string, unknown>);
    prepared(ctx.db, `UPDATE requests SET status = @to${changeAssignments(changes)} WHERE id = @id`).run({ ...changes, to, id });
    replayed++;
  }
  return replayed;
}

/** Writes one checked hub copy, re-applies our pending ops on top and puts the hold shelf in step. */
function takeChecked(ctx: DeskContext, checked: CheckedRequest): number {
  writeRequests(ctx, [checked]);
  const replayed = replayPendingOps(ctx, checked.request.id);
  syncHoldShelf(ctx, checked.request.id);
  return replayed;
}

/**
 * Makes the hub's copy of a request ours, then re-applies our pending ops on top and puts the hold
 * shelf in step. Returns how many pending ops were re-applied. Call inside a transaction.
 */
export function takeHubCopy(ctx: DeskContext, request: SyncRequest, version: number): number {
  checkRequest(ctx, request);
  return takeChecked(ctx, { request, version });
}

/**
 * Writes a page's checked request changes. A request our own work or the hold shelf is involved in
 * (ops pending in the outbox, a slot on the shelf, a change putting it on hold) takes each change
 * in turn, exactly as `takeHubCopy`. Any other request only needs the page's last copy of it: each
 * change replaces the whole record and timeline, and nothing else reads them in between. Those are
 * written together, in one statement each. Returns how many pending ops were re-applied.
 */
function writeCheckedRequests(ctx: DeskContext, checked: CheckedRequest[], page: PageChecks): number {
  if (checked.length === 0) return 0;
  const pending = prepared(ctx.db, "SELECT DISTINCT entity_id FROM outbox WHERE state = 'pending' AND type LIKE 'request.%'").pluck().all() as string[];
  const shelved = prepared(ctx.db, 'SELECT request_id FROM hold_shelf WHERE request_id IS NOT NULL').pluck().all() as string[];
  const stepwise = new Set([...pending, ...shelved]);
  for (const { request } of checked) if (request.status === 'ON_HOLD') stepwise.add(request.id);
  const latest = new Map<string, CheckedRequest>();
  for (const c of checked) if (!stepwise.has(c.request.id)) latest.set(c.request.id, c);
  writeRequests(ctx, [...latest.values()], (id) => page.stored.has(id));
  let replayed = 0;
  for (const c of checked) if (stepwise.has(c.request.id)) replayed += takeChecked(ctx, c);
  return replayed;
}

/** Checks one change and writes it if it is a library or a reader; a request comes back checked, to be written with the page. */
function applyChange(ctx: DeskContext, change: Change, index: number, page: PageChecks): CheckedRequest | undefined {
  const field = `changes.${index}.data`;
  switch (change.kind) {
    case 'library': {
      const lib = syncLibrarySchema.safeParse(change.data);
      if (!lib.success) refuse(`${field}: ${lib.error.issues[0]?.message ?? 'not a library'}`, field);
      upsertLibrary(ctx.db, { ...lib.data, shortName: lib.data.shortName ?? lib.data.name, rules: lib.data.rules ?? {} }, ctx.now());
      return undefined;
    }
    case 'reader': {
      const reader = syncReaderSchema.safeParse(change.data);
      if (!reader.success) refuse(`${field}: ${reader.error.issues[0]?.message ?? 'not a reader'}`, field);
      const r = reader.data;
      if (r.libraryCode !== ctx.libraryCode) refuse(`${field}: reader ${r.id} belongs to library ${r.libraryCode}, not ours`, field);
      prepared(
        ctx.db,
        `INSERT INTO readers (id, library_code, login, name, card_number, email, phone, id_type, gender, department, birth_date,
           title, education, postal_code, address, remark, status, created_at, updated_at, version)
         VALUES (@id, @libraryCode, @login, @name, @cardNumber, @email, @phone, @idType, @gender, @department, @birthDate,
           @title, @education, @postalCode, @address, @remark, @status, @createdAt, @now, @version)
         ON CONFLICT(id) DO UPDATE SET login = excluded.login, card_number = excluded.card_number,
           email = excluded.email, phone = excluded.phone, id_type = excluded.id_type, gender = excluded.gender,
           department = excluded.department, birth_date = excluded.birth_date, title = excluded.title,
           education = excluded.education, postal_code = excluded.postal_code, address = excluded.address,
           remark = excluded.remark, status = excluded.status, updated_at = excluded.updated_at, version = excluded.version`,
      ).run({
        idType: null, gender: null, department: null, birthDate: null, title: null, education: null, postalCode: null, address: null, remark: null,
        ...r,
        now: ctx.now(),
        version: change.version,
      });
      // The name apart, and only when it changed: renaming re-indexes the reader's requests for search.
      prepared(ctx.db, 'UPDATE readers SET name = ? WHERE id = ? AND name IS NOT ?').run(r.name, r.id, r.name);
      return undefined;
    }
    case 'request': {
      const request = syncRequestSchema.safeParse(change.data);
      if (!request.success) {
        const issue = request.error.issues[0];
        refuse(`${field}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a request'}`, field);
      }
      if (request.data.id !== change.id) refuse(`${field}: the change is for ${change.id} but carries ${request.data.id}`, field);
      checkRequest(ctx, request.data, page);
      return { request: request.data, version: change.version };
    }
    case 'ledger':
    case 'statement':
      applyLedgerChange(ctx, change, field, refuse);
      return undefined;
    default:
      // Kinds this desk version does not store yet (shipments) are skipped,
      // not refused: the cursor still moves past them.
      return undefined;
  }
}

/**
 * Applies one pull answer: every change and the new cursor in one transaction, or nothing. Every
 * change is checked in order, as it would be on its own; the requests are then written together.
 */
export function applyPullPage(ctx: DeskContext, page: PullResponse): AppliedPage {
  return ctx.db.transaction(() => {
    const checks = newPageChecks();
    const checked: CheckedRequest[] = [];
    page.changes.forEach((change, index) => {
      const request = applyChange(ctx, change, index, checks);
      if (request) checked.push(request);
    });
    const replayedOps = writeCheckedRequests(ctx, checked, checks);
    const lastSeq = page.changes.length > 0 ? page.changes[page.changes.length - 1]!.seq : null;
    prepared(ctx.db, 'UPDATE sync_state SET cursor = ?, last_seq = coalesce(?, last_seq) WHERE id = 1').run(page.cursor, lastSeq);
    return { applied: page.changes.length, replayedOps, cursor: page.cursor };
  }).immediate();
}
