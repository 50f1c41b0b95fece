// Records as the screens and the services exchange them. Times are ISO-8601 UTC instants;
// due dates are calendar dates (YYYY-MM-DD). Money is integer fen.
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
  status: 'queued' | 'printed' | 'failed';
  error: string | null;
  clerk: string;
  createdAt: string;
  doneAt: string | null;
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
}
