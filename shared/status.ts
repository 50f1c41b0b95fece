// The request lifecycle of DESIGN §3 as data. Everything that moves a request — desk services,
// the hub, the screens deciding which buttons to show — asks this module, so the rules live once.

export const STATUSES = [
  'SUBMITTED',
  'CANCELLED',
  'REJECTED',
  'SENT',
  'ACCEPTED',
  'UNFILLED',
  'SHIPPED',
  'ON_HOLD',
  'LOANED',
  'RECALLED',
  'RETURNED',
  'RETURN_SHIPPED',
  'COMPLETED',
  'DELIVERED',
  'LOST',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses after which a request no longer counts against the reader's limit (DESIGN §2). */
export const CLOSED_STATUSES: readonly Status[] = ['COMPLETED', 'CANCELLED', 'REJECTED', 'DELIVERED', 'LOST'];
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));

export function isOpenStatus(status: Status): boolean {
  return !CLOSED_STATUSES.includes(status);
}

export const SERVICE_TYPES = ['loan', 'copy'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Who acts on a request: its borrowing library, its lending library, or the reader who asked. */
export const ROLES = ['borrower', 'lender', 'reader'] as const;
export type Role = (typeof ROLES)[number];

export const UNFILLED_REASONS = [
  'NotHeld',
  'NotOnShelf',
  'OnLoan',
  'NonCirculating',
  'NotAvailableForILL',
  'PoorCondition',
  'PolicyProblem',
  'Other',
] as const;
export type UnfilledReason = (typeof UNFILLED_REASONS)[number];

/** The transition graph exactly as DESIGN §3 draws it. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  SUBMITTED: ['CANCELLED', 'REJECTED', 'SENT'],
  SENT: ['ACCEPTED', 'UNFILLED', 'CANCELLED'],
  UNFILLED: ['SENT', 'CANCELLED'],
  ACCEPTED: ['SHIPPED', 'UNFILLED', 'DELIVERED'],
  SHIPPED: ['ON_HOLD', 'LOST'],
  ON_HOLD: ['LOANED', 'RETURNED', 'RECALLED'],
  LOANED: ['RETURNED', 'RECALLED', 'LOST'],
  RECALLED: ['RETURNED', 'LOST'],
  RETURNED: ['RETURN_SHIPPED'],
  RETURN_SHIPPED: ['COMPLETED', 'LOST'],
  CANCELLED: [],
  REJECTED: [],
  COMPLETED: [],
  DELIVERED: [],
  LOST: [],
};

export const REQUEST_OP_TYPES = [
  'request.forward',
  'request.reject',
  'request.cancel',
  'request.accept',
  'request.unfill',
  'request.ship',
  'request.deliver',
  'request.checkIn',
  'request.handOut',
  'request.recall',
  'request.return',
  'request.returnShip',
  'request.complete',
  'request.lose',
  'request.note',
  'request.shiftDue',
] as const;
export type RequestOpType = (typeof REQUEST_OP_TYPES)[number];

export interface OpRule {
  /** Roles allowed to perform the op; a reader only ever cancels (and only within the window). */
  readonly roles: readonly Role[];
  readonly from: readonly Status[] | 'any';
  /** Target status; `null` means the op leaves the status as it is (notes). */
  readonly to: Status | null;
  /** Restricts the op to one service type: loans ship, copies are delivered. */
  readonly serviceType?: ServiceType;
}

/** Who may do what (DESIGN §3, "op → role → from which statuses"). */
export const OP_RULES: Readonly<Record<RequestOpType, OpRule>> = {
  'request.forward': { roles: ['borrower'], from: ['SUBMITTED', 'UNFILLED'], to: 'SENT' },
  'request.reject': { roles: ['borrower'], from: ['SUBMITTED'], to: 'REJECTED' },
  'request.cancel': { roles: ['borrower', 'reader'], from: ['SUBMITTED', 'SENT', 'UNFILLED'], to: 'CANCELLED' },
  'request.accept': { roles: ['lender'], from: ['SENT'], to: 'ACCEPTED' },
  'request.unfill': { roles: ['lender'], from: ['SENT', 'ACCEPTED'], to: 'UNFILLED' },
  'request.ship': { roles: ['lender'], from: ['ACCEPTED'], to: 'SHIPPED', serviceType: 'loan' },
  'request.deliver': { roles: ['lender'], from: ['ACCEPTED'], to: 'DELIVERED', serviceType: 'copy' },
  'request.checkIn': { roles: ['borrower'], from: ['SHIPPED'], to: 'ON_HOLD' },
  'request.handOut': { roles: ['borrower'], from: ['ON_HOLD'], to: 'LOANED' },
  'request.recall': { roles: ['lender'], from: ['ON_HOLD', 'LOANED'], to: 'RECALLED' },
  'request.return': { roles: ['borrower'], from: ['ON_HOLD', 'LOANED', 'RECALLED'], to: 'RETURNED' },
  'request.returnShip': { roles: ['borrower'], from: ['RETURNED'], to: 'RETURN_SHIPPED' },
  'request.complete': { roles: ['lender'], from: ['RETURN_SHIPPED'], to: 'COMPLETED' },
  'request.lose': { roles: ['borrower', 'lender'], from: ['SHIPPED', 'LOANED', 'RECALLED', 'RETURN_SHIPPED'], to: 'LOST' },
  'request.note': { roles: ['borrower', 'lender'], from: 'any', to: null },
  // DESIGN §2 holidays: a supervisor moves the reader's due date of loans falling in a closure to
  // one date. Only a book the reader holds on an ordinary loan: a RECALLED one is wanted back now,
  // and the lender's recall wins over the closure.
  'request.shiftDue': { roles: ['borrower'], from: ['LOANED'], to: null, serviceType: 'loan' },
};

export type TransitionErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN';

/** A refused move. The message names both statuses and the role, as the clerk needs to see it. */
export class TransitionError extends Error {
  constructor(
    readonly code: TransitionErrorCode,
    readonly from: Status,
    readonly to: Status,
    readonly role: Role,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionError';
  }
}

function opAllows(rule: OpRule, from: Status, to: Status, serviceType: ServiceType | undefined): boolean {
  if (rule.to !== to) return false;
  if (rule.from !== 'any' && !rule.from.includes(from)) return false;
  if (rule.serviceType && serviceType && rule.serviceType !== serviceType) return false;
  return true;
}

/** The op that moves a request from `from` to `to`, for any role; undefined when the graph has no such edge. */
export function opForTransition(from: Status, to: Status, serviceType?: ServiceType): RequestOpType | undefined {
  if (!TRANSITIONS[from].includes(to)) return undefined;
  return REQUEST_OP_TYPES.find((op) => opAllows(OP_RULES[op], from, to, serviceType));
}

/**
 * Checks one move of the status machine and returns the new status, or throws a TransitionError
 * naming both statuses and the role. Pure: time windows and limits are checked by the rules module.
 */
export function transition(from: Status, to: Status, role: Role, serviceType?: ServiceType): Status {
  const op = opForTransition(from, to, serviceType);
  if (!op) {
    const why =
      TRANSITIONS[from].includes(to) && serviceType
        ? ` (not for ${serviceType} requests)`
        : '';
    throw new TransitionError(
      'INVALID_TRANSITION',
      from,
      to,
      role,
      `A request cannot move from ${from} to ${to}${why} (role: ${role}).`,
    );
  }
  if (!OP_RULES[op].roles.includes(role)) {
    throw new TransitionError(
      'FORBIDDEN',
      from,
      to,
      role,
      `The ${role} may not move a request from ${from} to ${to}; only the ${OP_RULES[op].roles.join(' or ')} may.`,
    );
  }
  return to;
}

/**
 * Checks an op against a request's current status and returns the status it leads to (unchanged
 * for notes). Throws the same TransitionError as `transition`.
 */
export function applyOp(op: RequestOpType, from: Status, role: Role, serviceType: ServiceType): Status {
  const rule = OP_RULES[op];
  if (rule.to === null) {
    // An op that keeps the status (a note, a due-date shift) is still bound to its statuses.
    if ((rule.from !== 'any' && !rule.from.includes(from)) || (rule.serviceType && rule.serviceType !== serviceType)) {
      const allowed = rule.from === 'any' ? 'any status' : rule.from.join(' or ');
      const kind = rule.serviceType ? ` ${rule.serviceType}` : '';
      throw new TransitionError('INVALID_TRANSITION', from, from, role, `${op} applies only to a${kind} request in ${allowed}; this one is ${from} (role: ${role}).`);
    }
    if (!rule.roles.includes(role)) {
      throw new TransitionError('FORBIDDEN', from, from, role, `The ${role} may not perform ${op}; only the ${rule.roles.join(' or ')} may (status ${from}).`);
    }
    return from;
  }
  return transition(from, rule.to, role, serviceType);
}

/**
 * Ops a supervisor performs on many loans at once (the closure shift in Settings): allowed on a
 * request, never offered as an action on one request's detail.
 */
export const BULK_ONLY_OPS: ReadonlySet<RequestOpType> = new Set<RequestOpType>(['request.shiftDue']);

/** The ops a party may perform on a request right now: the screens show exactly these actions. */
export function allowedOps(status: Status, role: Role, serviceType: ServiceType): RequestOpType[] {
  return REQUEST_OP_TYPES.filter((op) => {
    const rule = OP_RULES[op];
    if (!rule.roles.includes(role)) return false;
    if (rule.serviceType && rule.serviceType !== serviceType) return false;
    if (rule.from === 'any') return true;
    return rule.from.includes(status) && (rule.to === null || TRANSITIONS[status].includes(rule.to));
  });
}
