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

function eventRows(ctx: DeskContext, request: SyncRequest): void {
  prepared(ctx.db, 'DELETE FROM request_events WHERE request_id = ?').run(request.id);
  const insert = prepared(
    ctx.db,
    `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time, detail_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of request.events) {
    insert.run(request.id, e.type, e.fromStatus, e.toStatus, e.clerk, e.deskId, e.libraryCode, e.deskTime, e.hubTime, JSON.stringify(e.detail));
  }
}

function writeRequest(ctx: DeskContext, request: SyncRequest, version: number): void {
  const ours = ctx.libraryCode;
  const isBorrower = request.borrowerCode === ours;
  const known = prepared(ctx.db, 'SELECT 1 FROM requests WHERE id = ?').get(request.id) !== undefined;
  // We take part as borrower or lender; a lender that answered UNFILLED keeps what it saw.
  if (!isBorrower && request.lenderCode !== ours && !known) {
    refuse(`request ${request.id} is between ${request.borrowerCode} and ${request.lenderCode ?? 'no lender'}; this library is not a party`);
  }
  if (!isBorrower && (request.readerId || request.recipientName || request.email || request.phone)) {
    refuse(`request ${request.id} carries the reader's personal data to the lending library`);
  }
  const readerId = isBorrower ? (request.readerId ?? null) : null;
  if (readerId && prepared(ctx.db, 'SELECT 1 FROM readers WHERE id = ?').get(readerId) === undefined) {
    refuse(`request ${request.id} names reader ${readerId}, whom the hub has not sent`);
  }
  prepared(
    ctx.db,
    `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, reader_id, title, author, publisher, pub_year,
       isbn, issn, language, material_type, lender_call_number, preferred_lender, pages, recipient_name, email, phone,
       custom_no, remark, note_to_lender, item_barcode, hold_slot, courier, tracking_no, unfilled_reason, lender_due_date,
       due_date, checked_in_at, created_at, status_at, updated_at, version)
     VALUES (@id, @serviceType, @status, @borrowerCode, @lenderCode, @readerId, @title, @author, @publisher, @pubYear,
       @isbn, @issn, @language, @materialType, @lenderCallNumber, @preferredLender, @pages, @recipientName, @email, @phone,
       @customNo, @remark, @noteToLender, @itemBarcode, @holdSlot, @courier, @trackingNo, @unfilledReason, @lenderDueDate,
       @dueDate, @checkedInAt, @createdAt, @statusAt, @updatedAt, @version)
     ON CONFLICT(id) DO UPDATE SET service_type = excluded.service_type, status = excluded.status,
       borrower_code = excluded.borrower_code, lender_code = excluded.lender_code, reader_id = excluded.reader_id,
       title = excluded.title, author = excluded.author, publisher = excluded.publisher, pub_year = excluded.pub_year,
       isbn = excluded.isbn, issn = excluded.issn, language = excluded.language, material_type = excluded.material_type,
       lender_call_number = excluded.lender_call_number, preferred_lender = excluded.preferred_lender, pages = excluded.pages,
       recipient_name = excluded.recipient_name, email = excluded.email, phone = excluded.phone, custom_no = excluded.custom_no,
       remark = excluded.remark, note_to_lender = excluded.note_to_lender, item_barcode = excluded.item_barcode,
       hold_slot = excluded.hold_slot, courier = excluded.courier, tracking_no = excluded.tracking_no,
       unfilled_reason = excluded.unfilled_reason, lender_due_date = excluded.lender_due_date, due_date = excluded.due_date,
       checked_in_at = excluded.checked_in_at, created_at = excluded.created_at, status_at = excluded.status_at,
       updated_at = excluded.updated_at, version = excluded.version`,
  ).run({
    id: request.id,
    serviceType: request.serviceType,
    status: request.status,
    borrowerCode: request.borrowerCode,
    lenderCode: request.lenderCode,
    readerId,
    title: request.title,
    author: request.author,
    publisher: request.publisher,
    pubYear: request.pubYear,
    isbn: request.isbn,
    issn: request.issn,
    language: request.language,
    materialType: request.materialType,
    lenderCallNumber: request.lenderCallNumber,
    preferredLender: request.preferredLender,
    pages: request.pages,
    recipientName: isBorrower ? (request.recipientName ?? null) : null,
    email: isBorrower ? (request.email ?? null) : null,
    phone: isBorrower ? (request.phone ?? null) : null,
    customNo: isBorrower ? (request.customNo ?? null) : null,
    remark: isBorrower ? (request.remark ?? null) : null,
    noteToLender: request.noteToLender,
    itemBarcode: request.itemBarcode,
    holdSlot: request.holdSlot,
    courier: request.courier,
    trackingNo: request.trackingNo,
    unfilledReason: request.unfilledReason,
    lenderDueDate: request.lenderDueDate,
    dueDate: request.dueDate,
    checkedInAt: request.checkedInAt,
    createdAt: request.createdAt,
    statusAt: request.statusAt,
    updatedAt: request.updatedAt,
    version,
  });
  eventRows(ctx, request);
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

/**
 * Makes the hub's copy of a request ours, then re-applies our pending ops on top and puts the hold
 * shelf in step. Returns how many pending ops were re-applied. Call inside a transaction.
 */
export function takeHubCopy(ctx: DeskContext, request: SyncRequest, version: number): number {
  writeRequest(ctx, request, version);
  const replayed = replayPendingOps(ctx, request.id);
  syncHoldShelf(ctx, request.id);
  return replayed;
}

function applyChange(ctx: DeskContext, change: Change, index: number): number {
  const field = `changes.${index}.data`;
  switch (change.kind) {
    case 'library': {
      const lib = syncLibrarySchema.safeParse(change.data);
      if (!lib.success) refuse(`${field}: ${lib.error.issues[0]?.message ?? 'not a library'}`, field);
      upsertLibrary(ctx.db, { ...lib.data, shortName: lib.data.shortName ?? lib.data.name, rules: lib.data.rules ?? {} }, ctx.now());
      return 0;
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
         ON CONFLICT(id) DO UPDATE SET login = excluded.login, name = excluded.name, card_number = excluded.card_number,
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
      return 0;
    }
    case 'request': {
      const request = syncRequestSchema.safeParse(change.data);
      if (!request.success) {
        const issue = request.error.issues[0];
        refuse(`${field}.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not a request'}`, field);
      }
      if (request.data.id !== change.id) refuse(`${field}: the change is for ${change.id} but carries ${request.data.id}`, field);
      return takeHubCopy(ctx, request.data, change.version);
    }
    default:
      // Kinds this desk version does not store yet (shipments, ledger, statements) are skipped,
      // not refused: the cursor still moves past them.
      return 0;
  }
}

/** Applies one pull answer: every change and the new cursor in one transaction, or nothing. */
export function applyPullPage(ctx: DeskContext, page: PullResponse): AppliedPage {
  return ctx.db.transaction(() => {
    let replayedOps = 0;
    page.changes.forEach((change, index) => {
      replayedOps += applyChange(ctx, change, index);
    });
    const lastSeq = page.changes.length > 0 ? page.changes[page.changes.length - 1]!.seq : null;
    prepared(ctx.db, 'UPDATE sync_state SET cursor = ?, last_seq = coalesce(?, last_seq) WHERE id = 1').run(page.cursor, lastSeq);
    return { applied: page.changes.length, replayedOps, cursor: page.cursor };
  }).immediate();
}
