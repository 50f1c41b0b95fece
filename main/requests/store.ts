// The requests table and its event log: row types, mappers and the plain queries the services
// and screens share. Every write to a request goes through recordOp() in ./ops.ts.
import { allowedOps, BULK_ONLY_OPS, type RequestOpType, type ServiceType, type Status, type UnfilledReason } from '../../shared/status';
import { pickUpBy } from '../../shared/rules';
import type { Reader, RequestDetail, RequestEvent, RequestSummary, Side } from '../../shared/types';
import { getLibrary, rulesOf } from '../libraries/store';
import { getReader } from '../readers/store';
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';

export interface RequestRow {
  id: string;
  service_type: ServiceType;
  status: Status;
  borrower_code: string;
  lender_code: string | null;
  reader_id: string | null;
  title: string;
  author: string | null;
  publisher: string | null;
  pub_year: string | null;
  isbn: string | null;
  issn: string | null;
  language: string | null;
  material_type: string | null;
  lender_call_number: string | null;
  preferred_lender: string | null;
  pages: string | null;
  recipient_name: string | null;
  email: string | null;
  phone: string | null;
  custom_no: string | null;
  remark: string | null;
  note_to_lender: string | null;
  item_barcode: string | null;
  hold_slot: string | null;
  courier: string | null;
  tracking_no: string | null;
  unfilled_reason: UnfilledReason | null;
  lender_due_date: string | null;
  due_date: string | null;
  checked_in_at: string | null;
  created_at: string;
  status_at: string;
  updated_at: string;
  version: number;
}

const SUMMARY_FIELDS = [
  'id', 'service_type', 'status', 'borrower_code', 'lender_code', 'title', 'author', 'isbn', 'reader_id',
  'created_at', 'status_at', 'due_date', 'lender_due_date', 'hold_slot',
] as const satisfies readonly (keyof RequestRow)[];

/** What a list shows of a request, with the reader's name joined (lists read only these columns). */
export type RequestListRow = Pick<RequestRow, (typeof SUMMARY_FIELDS)[number]> & { reader_name: string | null; rowid_?: number };

export const LIST_COLUMNS = `${SUMMARY_FIELDS.map((f) => `r.${f}`).join(', ')}, r.rowid AS rowid_, rd.name AS reader_name`;
export const LIST_FROM = 'requests r LEFT JOIN readers rd ON rd.id = r.reader_id';

export function sideOf(row: Pick<RequestRow, 'borrower_code'>, libraryCode: string): Side {
  return row.borrower_code === libraryCode ? 'borrower' : 'lender';
}

/** Statuses in which a lent book is still away from the lender. */
export const AWAY_FROM_LENDER: readonly Status[] = ['SHIPPED', 'ON_HOLD', 'LOANED', 'RECALLED', 'RETURNED'];

/**
 * Overdue is not a status (DESIGN §3). For the borrower: the reader has the book past the reader's
 * due date. For the lender: its book is not on its way back by the lender's due date.
 */
export function isOverdue(row: Pick<RequestRow, 'status' | 'due_date' | 'lender_due_date'>, side: Side, today: string): boolean {
  if (side === 'borrower') return (row.status === 'LOANED' || row.status === 'RECALLED') && row.due_date !== null && row.due_date < today;
  return AWAY_FROM_LENDER.includes(row.status) && row.lender_due_date !== null && row.lender_due_date < today;
}

export function rowToSummary(row: RequestListRow, libraryCode: string, today: string): RequestSummary {
  // A lender never sees who the reader is (DESIGN §3).
  const personal = sideOf(row, libraryCode) === 'borrower';
  return {
    id: row.id,
    serviceType: row.service_type,
    status: row.status,
    side: sideOf(row, libraryCode),
    borrowerCode: row.borrower_code,
    lenderCode: row.lender_code,
    title: row.title,
    author: row.author,
    isbn: row.isbn,
    readerId: personal ? row.reader_id : null,
    readerName: personal ? row.reader_name : null,
    createdAt: row.created_at,
    statusAt: row.status_at,
    dueDate: row.due_date,
    lenderDueDate: row.lender_due_date,
    holdSlot: row.hold_slot,
    overdue: isOverdue(row, sideOf(row, libraryCode), today),
  };
}

interface EventRow {
  id: number;
  type: RequestEvent['type'];
  from_status: Status | null;
  to_status: Status;
  clerk: string;
  desk_id: string;
  library_code: string;
  desk_time: string;
  hub_time: string | null;
  detail_json: string;
}

/** Event details that name the reader; a lender's timeline shows the events without them. */
const PERSONAL_DETAIL_KEYS = ['readerId', 'recipientName', 'email', 'phone'];

function withoutPersonalData(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !PERSONAL_DETAIL_KEYS.includes(key)));
}

export function listEvents(db: Db, requestId: string, personal = true): RequestEvent[] {
  const rows = prepared(db, 'SELECT * FROM request_events WHERE request_id = ? ORDER BY id').all(requestId) as EventRow[];
  return rows.map((e) => ({
    id: e.id,
    type: e.type,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    clerk: e.clerk,
    deskId: e.desk_id,
    libraryCode: e.library_code,
    deskTime: e.desk_time,
    hubTime: e.hub_time,
    detail: personal
      ? (JSON.parse(e.detail_json) as Record<string, unknown>)
      : withoutPersonalData(JSON.parse(e.detail_json) as Record<string, unknown>),
  }));
}

/** The row if our library is a party to it; a request of others is as good as absent. */
export function getRequestRow(db: Db, id: string, libraryCode: string): RequestRow | undefined {
  const row = prepared(db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
  if (!row || (row.borrower_code !== libraryCode && row.lender_code !== libraryCode)) return undefined;
  return row;
}

export function rowToDetail(db: Db, row: RequestRow, libraryCode: string, today: string): RequestDetail {
  const side = sideOf(row, libraryCode);
  // A lender never sees the reader's personal data (DESIGN §3).
  const reader: Reader | null = side === 'borrower' && row.reader_id ? (getReader(db, row.reader_id) ?? null) : null;
  const borrower = getLibrary(db, row.borrower_code);
  const lender = row.lender_code ? getLibrary(db, row.lender_code) : undefined;
  const personal = side === 'borrower';
  return {
    ...rowToSummary({ ...row, reader_name: reader?.name ?? null }, libraryCode, today),
    readerId: personal ? row.reader_id : null,
    version: row.version,
    publisher: row.publisher,
    pubYear: row.pub_year,
    issn: row.issn,
    language: row.language,
    materialType: row.material_type,
    lenderCallNumber: row.lender_call_number,
    pages: row.pages,
    recipientName: personal ? row.recipient_name : null,
    email: personal ? row.email : null,
    phone: personal ? row.phone : null,
    // The reader's own number and remark are written for their library, not for the lender.
    customNo: personal ? row.custom_no : null,
    remark: personal ? row.remark : null,
    noteToLender: row.note_to_lender,
    itemBarcode: row.item_barcode,
    courier: row.courier,
    trackingNo: row.tracking_no,
    unfilledReason: row.unfilled_reason,
    pickUpBy: row.status === 'ON_HOLD' && row.checked_in_at ? pickUpBy(row.checked_in_at, rulesOf(db, row.borrower_code)) : null,
    borrowerName: borrower?.name ?? row.borrower_code,
    lenderName: lender?.name ?? row.lender_code,
    reader,
    events: listEvents(db, row.id, personal),
    allowedOps: allowedOps(row.status, side, row.service_type).filter((op) => !BULK_ONLY_OPS.has(op)),
  };
}

export function countOpenRequestsOfReader(db: Db, readerId: string): number {
  const row = prepared(
    db,
    `SELECT count(*) AS n FROM requests
     WHERE reader_id = ? AND status NOT IN ('COMPLETED', 'CANCELLED', 'REJECTED', 'DELIVERED', 'LOST')`,
  ).get(readerId) as { n: number };
  return row.n;
}

export type OpTypeOrCreate = RequestOpType | 'request.create';
