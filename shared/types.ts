// Records as the screens and the services exchange them. Times are ISO-8601 UTC instants;
// due dates are calendar dates (YYYY-MM-DD). Money is integer fen.
import type { Reconciliation, StatementData, SyncLedgerEntry } from './ledger';
import type { LibraryRules } from './rules';
import type { RequestOpType, ServiceType, Status, UnfilledReason } from './status';

export type Side = 'borrower' | 'lender';

export interface Library {
  code: string;
  name: string;
  shortName: string;
  prefix: string;
  active: boolean;
  rules: LibraryRules;
}

export type ReaderStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface Reader {
  id: string;
  libraryCode: string;
  login: string;
  name: string;
  cardNumber: string;
  email: string;
  phone: string;
  department: string | null;
  status: ReaderStatus;
  createdAt: string;
}

export interface ReaderDetail extends Reader {
  idType: string | null;
  gender: string | null;
  birthDate: string | null;
  title: string | null;
  education: string | null;
  postalCode: string | null;
  address: string | null;
  remark: string | null;
  openRequestCount: number;
  /** How many more requests the reader may open now under the library's limit. */
  mayRequestMore: number;
}

export interface RequestSummary {
  id: string;
  serviceType: ServiceType;
  status: Status;
  /** Our library's part in this request. */
  side: Side;
  borrowerCode: string;
  lenderCode: string | null;
  title: string;
  author: string | null;
  isbn: string | null;
  readerId: string | null;
  readerName: string | null;
  createdAt: string;
  statusAt: string;
  dueDate: string | null;
  lenderDueDate: string | null;
  holdSlot: string | null;
  overdue: boolean;
}

export interface RequestEvent {
  id: number;
  type: RequestOpType | 'request.create';
  fromStatus: Status | null;
  toStatus: Status;
  clerk: string;
  deskId: string;
  libraryCode: string;
  deskTime: string;
  hubTime: string | null;
  detail: Record<string, unknown>;
}

export interface RequestDetail extends RequestSummary {
  version: number;
  publisher: string | null;
  pubYear: string | null;
  issn: string | null;
  language: string | null;
  materialType: string | null;
  lenderCallNumber: string | null;
  pages: string | null;
  recipientName: string | null;
  email: string | null;
  phone: string | null;
  customNo: string | null;
  remark: string | null;
  noteToLender: string | null;
  itemBarcode: string | null;
  courier: string | null;
  trackingNo: string | null;
  unfilledReason: UnfilledReason | null;
  pickUpBy: string | null;
  borrowerName: string;
  lenderName: string | null;
  reader: Reader | null;
  events: RequestEvent[];
  /** The ops our library may perform now, from the status machine: the screen shows only these. */
  allowedOps: RequestOpType[];
}

/** A book on the hold shelf waiting for the reader at the handout desk. */
export interface ReaderDeskHold extends RequestSummary {
  /** The last day the reader may pick it up. */
  pickUpBy: string | null;
  /** The pick-up date has passed: the book is due to go back to the lender. */
  pastPickUp: boolean;
  /** The reader's due date if it is handed out now (the lender's date minus its return margin). */
  dueDateIfHandedOut: string;
}

/** The reader at the second-floor desk (借还书): who they are, what waits for them, what they have. */
export interface ReaderDesk {
  reader: ReaderDetail;
  holds: ReaderDeskHold[];
  /** LOANED, each with the reader's due date; `overdue` marks those past it. */
  loans: RequestSummary[];
  /** RECALLED by the lender: must come back now. */
  recalls: RequestSummary[];
  /** The desk's calendar day (Beijing). */
  today: string;
}

/** Holds handed out together: the loans and the one date-due slip that lists them. */
export interface HandOutBatch {
  loans: RequestDetail[];
  slip: PrintJob;
}

export interface ReturnShippingGroup {
  lenderCode: string;
  lenderName: string;
  items: RequestSummary[];
}

export interface Shipment {
  id: string;
  fromCode: string;
  toCode: string;
  courier: string;
  trackingNo: string;
  requestIds: string[];
  createdAt: string;
  clerk: string;
}

/** A book in a return shipment (or scanned into one being built): the request and its barcode. */
export interface ShipmentItem extends RequestSummary {
  itemBarcode: string | null;
}

export interface ShipmentDetail extends Shipment {
  items: ShipmentItem[];
}

/** A page of the shipment history, newest first. */
export interface ShipmentPage {
  rows: Shipment[];
  total: number;
}

export interface DeskInfo {
  libraryCode: string;
  libraryName: string;
  deskId: string;
  deskName: string;
  clerk: string;
  /** `demo` while the desk runs on its embedded demo store with no hub. */
  profile: 'demo' | 'live';
  appVersion: string;
  unusedNumbers: number;
}

export interface Statement {
  month: string;
  libraryCode: string;
  status: 'RECEIVED' | 'CONFIRMED' | 'DISPUTED';
  comment: string | null;
}

/** Where the desk's sync stands, as the screens show it (a badge, the sync screen). */
export type SyncConnection =
  /** No hub configured: the desk runs on its own (demo profile). */
  | 'unconfigured'
  /** The last round reached the hub and finished. */
  | 'online'
  /** A round is running now. */
  | 'syncing'
  /** The hub could not be reached or failed (5xx, time-out): the desk works on and retries. */
  | 'offline'
  /** The hub answered and refused this desk (wrong token, desk removed, outbox out of step). */
  | 'refused'
  /** The hub's answer was malformed or hostile: nothing of it was applied; retried later. */
  | 'error';

export interface SyncStatus {
  connection: SyncConnection;
  hubUrl: string | null;
  pendingOps: number;
  openProblems: number;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** What went wrong in the last round, in the desk's words; null after a good round. */
  lastError: string | null;
  /** The hub's error code (or the desk's) for the last failure, e.g. UNAUTHORIZED, SEQ_CONFLICT. */
  lastErrorCode: string | null;
  /** The hub's clock minus ours, in ms; null before the first contact. */
  clockSkewMs: number | null;
  /** True when the desk's clock is more than 5 minutes off the hub's. */
  clockWarning: boolean;
  unusedNumbers: number;
  /** When the next automatic round is due (null while running or when none is planned). */
  nextAttemptAt: string | null;
  /** While a round pulls: changes applied so far in this round. */
  progress: { phase: 'push' | 'pull'; pushed: number; pulled: number } | null;
}

export interface SyncProblem {
  id: number;
  kind: 'rejected' | 'notice';
  deskSeq: number | null;
  opType: string | null;
  entityId: string | null;
  code: string;
  message: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** The hub's copy of the record when it sent one (status, version). */
  hubStatus: string | null;
  /** The hub's copy and ours, side by side, in the fields a clerk compares. */
  hub: ProblemCopy | null;
  ours: ProblemCopy | null;
  /** What this desk's clerk asked for (the op's payload, without the clerk's name). */
  payload: Record<string, unknown> | null;
}

/** The fields of a request a clerk compares when the hub and the desk disagree. */
export interface ProblemCopy {
  status: string | null;
  version: number | null;
  holdSlot: string | null;
  dueDate: string | null;
  lenderDueDate: string | null;
  lenderCode: string | null;
  trackingNo: string | null;
}

export interface HubSettings {
  url: string | null;
  deskId: string | null;
  /** Whether a token is kept, and how: `os` = the system keychain (Electron safeStorage), `plain` = in the store file. */
  token: 'os' | 'plain' | null;
}

// ---- clerks at this desk ---------------------------------------------------------------------

export const CLERK_ROLES = ['clerk', 'supervisor'] as const;
export type ClerkRole = (typeof CLERK_ROLES)[number];

export interface Clerk {
  login: string;
  name: string;
  role: ClerkRole;
  active: boolean;
  createdAt: string;
}

/** Who is at the desk. `locked`: the clerk stepped away; their password opens the desk again. */
export interface ClerkSession {
  clerk: Clerk | null;
  locked: boolean;
  /** No clerk account exists yet: the first one, a supervisor, is created at the desk. */
  needsSetup: boolean;
  /** Minutes without input before the desk locks itself. */
  lockAfterMinutes: number;
}

// ---- printing ---------------------------------------------------------------------------------

export const SLIP_KINDS = ['pickup', 'pull', 'packingList', 'dateDue'] as const;
export type SlipKind = (typeof SLIP_KINDS)[number];

export interface PrintJob {
  id: number;
  kind: SlipKind;
  /** Request numbers (pickup, pull, date due) or one shipment id (packing list). */
  refs: string[];
  /**
   * queued → printing → printed | failed. A failed slip (and one the desk stopped while printing)
   * is on the reprint list until it is printed again or dismissed by a clerk.
   */
  status: PrintJobStatus;
  /** The printer's answer (or why the slip could not be made) when it failed. */
  error: string | null;
  clerk: string;
  createdAt: string;
  doneAt: string | null;
  /** Where it went: the printer's name, or the PDF file it was saved as. */
  output: string | null;
  attempts: number;
}

export const PRINT_JOB_STATUSES = ['queued', 'printing', 'printed', 'failed', 'dismissed'] as const;
export type PrintJobStatus = (typeof PRINT_JOB_STATUSES)[number];

/** What the desk can print to: the system's printers (Electron), or PDF files only (the browser host). */
export interface PrintTargets {
  mode: 'printers' | 'pdf';
  /** The printers the system knows, by name (empty in PDF mode). */
  printers: string[];
  /** Where PDF files go (PDF mode, or the PDF choice in Electron). */
  pdfDir: string | null;
}

/** Paper a slip prints on: the counter's 80 mm receipt roll, or A4 sheets. */
export const PAPER_SIZES = ['roll80', 'A4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** The printer name that means "save as a PDF file" instead of printing (Electron; the browser host always saves PDFs). */
export const PDF_PRINTER = '@pdf';

/** Where each kind of slip goes: a printer by name ('' = the system's default printer) and its paper. */
export type PrinterSettings = Record<SlipKind, { printer: string; paper: PaperSize }>;

// ---- bulk due-date shift (DESIGN §2 holidays) ---------------------------------------------------

/** The loans a shift would move: our readers' LOANED books due inside the closure. */
export interface ShiftDuePreview {
  from: string;
  to: string;
  newDate: string;
  loans: (RequestSummary & { /** The new date is later than the lender's own due date. */ pastLenderDue: boolean })[];
}

export interface ShiftDueResult {
  newDate: string;
  /** The request numbers whose due date moved. */
  moved: string[];
}

export const NOTICE_KINDS = ['arrival', 'recall', 'courtesy', 'overdue1', 'overdue7', 'overdue14'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface Notice {
  id: number;
  kind: NoticeKind;
  requestId: string;
  readerId: string | null;
  toAddress: string | null;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** When a queued notice that failed is tried again (null: at the next round). */
  nextAttemptAt: string | null;
}

/** The library's mail server for reader notices, as the settings screen sees it (never the password). */
export interface SmtpSettings {
  host: string | null;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  /** Whether a password is kept (it is never sent to a screen). */
  passwordSet: boolean;
  from: string;
  deskPhone: string;
  deskLocation: string;
}

/** What needs a clerk now, for the Today screen: each count is the length of a list behind it. */
export interface TodayCounts {
  /** Readers' new requests to review (borrowing, SUBMITTED). */
  newRequests: number;
  /** Other libraries' requests waiting for our answer (lending, SENT). */
  incoming: number;
  /** Accepted lending requests to pull and ship (lending, ACCEPTED). */
  toShip: number;
  /** Books a lender has shipped to us (borrowing, SHIPPED). */
  arrivalsExpected: number;
  /** On our hold shelf past the pick-up date. */
  pastPickUp: number;
  /** Our readers' loans past their due date. */
  overdue: number;
  /** Loans a lender recalled (borrowing, RECALLED). */
  recalls: number;
  /** Returned by the reader, waiting to go back to the lender (borrowing, RETURNED). */
  awaitingReturnShipping: number;
  /** Our books on their way back to us (lending, RETURN_SHIPPED). */
  returnsInTransit: number;
  /** Reader registrations waiting for approval. */
  pendingReaders: number;
  /** Sync problems not yet resolved. */
  syncProblems: number;
  /** Slips queued or failed, not printed yet. */
  unprintedSlips: number;
}

// ---- the fee ledger (issue 6; shared/ledger.ts has the rules) ------------------------------------

/** An entry of the account log (帐务日志) with the request's title and author, signed for our library. */
export interface LedgerRow extends SyncLedgerEntry {
  title: string | null;
  author: string | null;
  readerName: string | null;
  /** The entry that reversed this one, if any (an entry is reversed once at most). */
  reversedBy: string | null;
  /** + we receive, − we pay, 0 we are not a party (a reader's fee to us is +). */
  signedFen: number;
  /** A claimed entry its maker reversed, or that reversal: it counts nowhere and can no longer be accepted. */
  withdrawn: boolean;
}

export interface LedgerPage {
  items: LedgerRow[];
  total: number;
  /** In force only: a claimed entry is shown, and counted here, apart. */
  receivedFen: number;
  paidFen: number;
  netFen: number;
  /** Claimed entries under the filter (withdrawn ones included). */
  claimed: number;
}

/** Entries claimed and waiting (DESIGN §7): ours to accept or dispute, and ours waiting for the other side. */
export interface LedgerClaims {
  /** Claimed from our library: a supervisor accepts or disputes them. */
  toAccept: LedgerRow[];
  /** Made by our library and waiting for the library they take money from (待对方确认), with any dispute. */
  awaiting: LedgerRow[];
}

/** 费用统计: per request, what its entries come to for our library. */
export interface FeeStats {
  rows: { requestId: string; title: string | null; author: string | null; status: Status | null; processedAt: string | null; feeFen: number }[];
  totalFen: number;
}

/** A month on the reconciliation screen (statement.get). */
export interface StatementView {
  month: string;
  /** The hub's statement as received, or null when none has come for the month. */
  statement: (StatementData & { status: Statement['status']; comment: string | null; receivedAt: string }) | null;
  /** The hub's lines beside ours (all "only here" when no statement has come). */
  reconciliation: Reconciliation;
}

export interface StatementSummary {
  month: string;
  status: Statement['status'];
  comment: string | null;
  netFen: number | null;
  lines: number;
  receivedAt: string;
}

/** The fee screen's charts (fees.summary): per month and per partner library. */
export interface FeeSummary {
  months: { month: string; borrowed: number; lent: number; receivedFen: number; paidFen: number }[];
  partners: { code: string; name: string; borrowed: number; lent: number; netFen: number }[];
}
