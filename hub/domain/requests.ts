// The hub's judgement of a desk's op on a request, pure: given the hub's copy and the caller's part
// in it, say whether the op is refused (and why), changes nothing (already there), or what it
// changes. The SQLite store calls it inside its transaction; a PostgreSQL store would call the same.
import { resolveRules, lenderDueDate, readerDueDate, type LibraryRules } from '../../shared/rules';
import { applyOp, OP_RULES, TransitionError, type RequestOpType, type ServiceType, type Status, type UnfilledReason } from '../../shared/status';
import type { SyncEvent, SyncRequest } from '../../shared/sync';
import type { OpPayload } from './schemas';

/** The hub's copy of a request, as the store holds it. */
export interface RequestRecord {
  id: string;
  serviceType: ServiceType;
  status: Status;
  borrowerCode: string;
  lenderCode: string | null;
  readerId: string | null;
  title: string;
  author: string | null;
  publisher: string | null;
  pubYear: string | null;
  isbn: string | null;
  issn: string | null;
  language: string | null;
  materialType: string | null;
  lenderCallNumber: string | null;
  preferredLender: string | null;
  pages: string | null;
  noteToLender: string | null;
  itemBarcode: string | null;
  holdSlot: string | null;
  courier: string | null;
  trackingNo: string | null;
  unfilledReason: UnfilledReason | null;
  lenderDueDate: string | null;
  dueDate: string | null;
  checkedInAt: string | null;
  recipientName: string | null;
  email: string | null;
  phone: string | null;
  customNo: string | null;
  remark: string | null;
  version: number;
  createdAt: string;
  statusAt: string;
  updatedAt: string;
}

/** A library's part in a request. A lender that answered UNFILLED and was replaced keeps read-only sight. */
export type PartyRole = 'borrower' | 'lender' | 'former_lender';

export interface LibraryInfo {
  code: string;
  active: boolean;
  rules: LibraryRules;
}

/** Columns an op may set besides status and the bookkeeping ones. */
export type RequestChanges = Partial<
  Pick<
    RequestRecord,
    'lenderCode' | 'noteToLender' | 'unfilledReason' | 'itemBarcode' | 'courier' | 'trackingNo' | 'lenderDueDate' | 'dueDate' | 'holdSlot' | 'checkedInAt'
  >
>;

export type Verdict =
  | { kind: 'reject'; code: string; message: string; field?: string }
  | { kind: 'noop' }
  | { kind: 'apply'; to: Status; changes: RequestChanges; detail: Record<string, unknown> };

const reject = (code: string, message: string, field?: string): Verdict => ({ kind: 'reject', code, message, ...(field ? { field } : {}) });

/** Drops the clerk (it goes into the event's own column) and undefined values from a payload. */
function detailOf(payload: Record<string, unknown>): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (key !== 'clerk' && value !== undefined) detail[key] = value;
  return detail;
}

export function judgeRequestOp(args: {
  type: RequestOpType;
  payload: OpPayload<RequestOpType>;
  request: RequestRecord;
  role: PartyRole;
  library: (code: string) => LibraryInfo | undefined;
  clientTime: string;
}): Verdict {
  const { type, request, role, clientTime } = args;
  const rule = OP_RULES[type];
  if (role === 'former_lender') {
    return reject('FORBIDDEN', `${request.id}: our library answered UNFILLED and the request went to another lender; it is read-only for us.`);
  }
  if (!rule.roles.includes(role)) {
    return reject('FORBIDDEN', `${request.id}: the ${role} may not perform ${type}; only the ${rule.roles.filter((r) => r !== 'reader').join(' or ')} may.`);
  }
  // A second desk doing what another desk of the same library already did (the same book checked
  // in twice): nothing changes, and the desk gets the hub's copy to compare with its own.
  if (rule.to !== null && rule.to === request.status) return { kind: 'noop' };
  let to: Status;
  try {
    to = applyOp(type, request.status, role, request.serviceType);
  } catch (error) {
    if (error instanceof TransitionError) return reject(error.code, `${request.id}: ${error.message}`);
    throw error;
  }
  const detail = detailOf(args.payload as Record<string, unknown>);
  const lenderRules = (): LibraryRules => (request.lenderCode ? args.library(request.lenderCode)?.rules : undefined) ?? resolveRules(null);

  switch (type) {
    case 'request.forward': {
      const p = args.payload as OpPayload<'request.forward'>;
      const lender = args.library(p.lender);
      if (!lender || !lender.active) return reject('INVALID_INPUT', `payload.lender: ${p.lender} is not an active member library.`, 'payload.lender');
      if (lender.code === request.borrowerCode) return reject('INVALID_INPUT', 'payload.lender: a request cannot be forwarded to its own borrowing library.', 'payload.lender');
      return {
        kind: 'apply',
        to,
        detail,
        changes: { lenderCode: lender.code, unfilledReason: null, ...(p.noteToLender !== undefined ? { noteToLender: p.noteToLender } : {}) },
      };
    }
    case 'request.unfill': {
      const p = args.payload as OpPayload<'request.unfill'>;
      return { kind: 'apply', to, detail, changes: { unfilledReason: p.reasonCode } };
    }
    case 'request.ship': {
      const p = args.payload as OpPayload<'request.ship'>;
      const due = p.lenderDueDate ?? lenderDueDate(clientTime, lenderRules());
      return {
        kind: 'apply',
        to,
        detail: { ...detail, lenderDueDate: due },
        changes: { trackingNo: p.trackingNo, courier: p.courier, itemBarcode: p.itemBarcode, lenderDueDate: due },
      };
    }
    case 'request.recall':
      if (!lenderRules().lenderMayRecall) return reject('FORBIDDEN', `${request.id}: the lending library's rules do not allow recalling a loan early.`);
      return { kind: 'apply', to, detail, changes: {} };
    case 'request.checkIn': {
      const p = args.payload as OpPayload<'request.checkIn'>;
      return { kind: 'apply', to, detail, changes: { holdSlot: p.holdSlot ?? null, checkedInAt: clientTime } };
    }
    case 'request.handOut': {
      const p = args.payload as OpPayload<'request.handOut'>;
      const due = p.dueDate ?? readerDueDate({ handedOutAt: clientTime, lenderDueDate: request.lenderDueDate, lenderRules: lenderRules() });
      return { kind: 'apply', to, detail: { ...detail, dueDate: due }, changes: { dueDate: due, holdSlot: null } };
    }
    case 'request.shiftDue': {
      const p = args.payload as OpPayload<'request.shiftDue'>;
      // Another desk of the library already moved this loan to the same date: nothing to change.
      if (request.dueDate === p.dueDate) return { kind: 'noop' };
      return { kind: 'apply', to, detail, changes: { dueDate: p.dueDate } };
    }
    case 'request.return':
    case 'request.lose':
      return { kind: 'apply', to, detail, changes: { holdSlot: null } };
    // The return's tracking number stays in the event (and the borrower's shipment): the request
    // keeps the lender's outbound number, as the desks do.
    default:
      return { kind: 'apply', to, detail, changes: {} };
  }
}

/** The reader's own fields: the borrowing library sees them, nobody else ever does. */
const BORROWER_ONLY = ['readerId', 'recipientName', 'email', 'phone', 'customNo', 'remark'] as const;

/** A request as desks receive it, with its events and the hub's version (the desk keeps it with the record). */
export function toSyncRequest(request: RequestRecord, events: SyncEvent[]): SyncRequest {
  return { ...request, events };
}

/** The copy a library may see of a request snapshot: the lender's copy has no reader in it. */
export function viewForLibrary(data: Record<string, unknown>, borrowerCode: string | null, libraryCode: string): Record<string, unknown> {
  if (borrowerCode === libraryCode) return data;
  const view = { ...data };
  for (const key of BORROWER_ONLY) delete view[key];
  return view;
}
