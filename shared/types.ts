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
