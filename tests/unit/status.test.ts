// The status machine of shared/status.ts against DESIGN §3, written out here by hand so that an
// edit to the tables in shared/ (an edge added, a role swapped) is caught by a test.
import { describe, expect, it } from 'vitest';
import {
  CLOSED_STATUSES,
  OPEN_STATUSES,
  OP_RULES,
  REQUEST_OP_TYPES,
  ROLES,
  SERVICE_TYPES,
  STATUSES,
  TRANSITIONS,
  TransitionError,
  UNFILLED_REASONS,
  allowedOps,
  applyOp,
  isOpenStatus,
  opForTransition,
  transition,
  type RequestOpType,
  type Role,
  type ServiceType,
  type Status,
} from '../../shared/status';

// ---- DESIGN §3, copied by hand ----------------------------------------------------------------

const DESIGN_STATUSES = [
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
] as const satisfies readonly Status[];

/** The transition graph as DESIGN §3 draws it. */
const DESIGN_GRAPH: Record<Status, Status[]> = {
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

interface DesignOp {
  roles: Role[];
  from: Status[] | 'any';
  to: Status | null;
  serviceType?: ServiceType;
}

/** The "who may do what" table of DESIGN §3 (the reader may cancel too, within the hour). */
const DESIGN_OPS: Record<RequestOpType, DesignOp> = {
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
  // DESIGN §2 holidays: the supervisor's bulk due-date shift, one op per loan, status kept.
  'request.shiftDue': { roles: ['borrower'], from: ['LOANED'], to: null, serviceType: 'loan' },
};

const ALL_ROLES: Role[] = ['borrower', 'lender', 'reader'];
const PARTIES: Role[] = ['borrower', 'lender'];
const ALL_SERVICE_TYPES: (ServiceType | undefined)[] = [undefined, 'loan', 'copy'];

interface Edge {
  from: Status;
  to: Status;
  op: RequestOpType;
  roles: Role[];
  serviceType?: ServiceType;
}

/** Every edge of the DESIGN graph with the op (and so the roles) that owns it. */
const EDGES: Edge[] = (Object.keys(DESIGN_GRAPH) as Status[]).flatMap((from) =>
  DESIGN_GRAPH[from].map((to): Edge => {
    const owners = (Object.keys(DESIGN_OPS) as RequestOpType[]).filter((op) => {
      const rule = DESIGN_OPS[op];
      return rule.to === to && rule.from !== 'any' && rule.from.includes(from);
    });
    if (owners.length !== 1) throw new Error(`test data: edge ${from}→${to} has ${owners.length} owning ops`);
    const op = owners[0] as RequestOpType;
    const rule = DESIGN_OPS[op];
    return { from, to, op, roles: rule.roles, ...(rule.serviceType ? { serviceType: rule.serviceType } : {}) };
  }),
);
const isEdge = (from: Status, to: Status): boolean => DESIGN_GRAPH[from].includes(to);

const NON_EDGES: [Status, Status][] = DESIGN_STATUSES.flatMap((from) =>
  DESIGN_STATUSES.filter((to) => !isEdge(from, to)).map((to): [Status, Status] => [from, to]),
);

/** Service types under which an edge exists: ship only for loans, deliver only for copies. */
function serviceTypesFor(edge: Edge): (ServiceType | undefined)[] {
  return edge.serviceType ? [undefined, edge.serviceType] : ALL_SERVICE_TYPES;
}

function refusal(fn: () => unknown): TransitionError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected the move to be refused').toBeInstanceOf(TransitionError);
  return thrown as TransitionError;
}

/** The name as a whole word: SHIPPED must not be found inside RETURN_SHIPPED. */
function word(name: string): RegExp {
  return new RegExp(`(^|[^A-Za-z_])${name}($|[^A-Za-z_])`);
}

function expectNamed(err: TransitionError, from: Status, to: Status, role: Role): void {
  expect(err.message).toMatch(word(from));
  expect(err.message).toMatch(word(to));
  expect(err.message).toMatch(word(role));
  expect(err.from).toBe(from);
  expect(err.to).toBe(to);
  expect(err.role).toBe(role);
}

// ---- the tables themselves ---------------------------------------------------------------------

describe('status tables match DESIGN §3', () => {
  it('has exactly the fifteen statuses of DESIGN §3', () => {
    expect([...STATUSES].sort()).toEqual([...DESIGN_STATUSES].sort());
    expect(new Set(STATUSES).size).toBe(STATUSES.length);
  });

  it('test data sanity: the graph has 24 edges and 201 non-edges', () => {
    expect(EDGES).toHaveLength(24);
    expect(NON_EDGES).toHaveLength(15 * 15 - 24);
  });

  it('TRANSITIONS has an entry for every status and no other key', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...DESIGN_STATUSES].sort());
  });

  it.each(DESIGN_STATUSES)('TRANSITIONS[%s] equals the DESIGN graph', (from) => {
    expect([...TRANSITIONS[from]].sort()).toEqual([...DESIGN_GRAPH[from]].sort());
    expect(new Set(TRANSITIONS[from]).size).toBe(TRANSITIONS[from].length);
  });

  it('iterating TRANSITIONS yields exactly the DESIGN edges', () => {
    const fromTable = (Object.keys(TRANSITIONS) as Status[]).flatMap((from) => TRANSITIONS[from].map((to) => `${from}→${to}`));
    const fromDesign = EDGES.map((e) => `${e.from}→${e.to}`);
    expect(fromTable.sort()).toEqual(fromDesign.sort());
  });

  it('has exactly the op types of DESIGN §3', () => {
    expect([...REQUEST_OP_TYPES].sort()).toEqual((Object.keys(DESIGN_OPS) as RequestOpType[]).sort());
    expect(Object.keys(OP_RULES).sort()).toEqual((Object.keys(DESIGN_OPS) as RequestOpType[]).sort());
  });

  it.each(Object.keys(DESIGN_OPS) as RequestOpType[])('OP_RULES[%s] matches the DESIGN op table', (op) => {
    const want = DESIGN_OPS[op];
    const got = OP_RULES[op];
    expect([...got.roles].sort()).toEqual([...want.roles].sort());
    expect(got.from === 'any' ? 'any' : [...got.from].sort()).toEqual(want.from === 'any' ? 'any' : [...want.from].sort());
    expect(got.to).toBe(want.to);
    expect(got.serviceType).toBe(want.serviceType);
  });

  it('every op with a target moves along edges of the graph only', () => {
    for (const op of REQUEST_OP_TYPES) {
      const rule = OP_RULES[op];
      if (rule.to === null || rule.from === 'any') continue;
      for (const from of rule.from) expect(isEdge(from, rule.to), `${op}: ${from}→${rule.to}`).toBe(true);
    }
  });

  it('UNFILLED reason codes are the ISO 18626 ones of DESIGN §3', () => {
    expect([...UNFILLED_REASONS].sort()).toEqual(
      ['NotHeld', 'NotOnShelf', 'OnLoan', 'NonCirculating', 'NotAvailableForILL', 'PoorCondition', 'PolicyProblem', 'Other'].sort(),
    );
  });

  it('roles and service types', () => {
    expect([...ROLES].sort()).toEqual(['borrower', 'lender', 'reader']);
    expect([...SERVICE_TYPES].sort()).toEqual(['copy', 'loan']);
  });
});

describe('open and closed statuses (DESIGN §2)', () => {
  const closed: Status[] = ['COMPLETED', 'CANCELLED', 'REJECTED', 'DELIVERED', 'LOST'];

  it('closed = COMPLETED, CANCELLED, REJECTED, DELIVERED, LOST', () => {
    expect([...CLOSED_STATUSES].sort()).toEqual([...closed].sort());
  });

  it.each(DESIGN_STATUSES)('isOpenStatus(%s)', (status) => {
    expect(isOpenStatus(status)).toBe(!closed.includes(status));
    expect(OPEN_STATUSES.includes(status)).toBe(!closed.includes(status));
  });

  it('the closed statuses are exactly the terminal ones of the graph', () => {
    const terminal = DESIGN_STATUSES.filter((s) => DESIGN_GRAPH[s].length === 0);
    expect([...terminal].sort()).toEqual([...closed].sort());
  });
});

// ---- transition() ------------------------------------------------------------------------------

describe('transition: every allowed move, by the role that owns it', () => {
  it.each(EDGES.map((e) => [`${e.from} → ${e.to} (${e.op}, ${e.roles.join('/')})`, e] as const))('%s', (_label, edge) => {
    for (const role of edge.roles) {
      for (const st of serviceTypesFor(edge)) {
        expect(transition(edge.from, edge.to, role, st)).toBe(edge.to);
      }
    }
    expect(opForTransition(edge.from, edge.to, edge.serviceType)).toBe(edge.op);
  });
});

describe('transition: the same move by a role that does not own it is FORBIDDEN', () => {
  const cases = EDGES.flatMap((edge) =>
    ALL_ROLES.filter((role) => !edge.roles.includes(role)).map((role) => [`${edge.from} → ${edge.to} as ${role}`, edge, role] as const),
  );

  it('test data sanity: every edge owned by one party is refused to the other', () => {
    const singleOwner = EDGES.filter((e) => !(e.roles.includes('borrower') && e.roles.includes('lender')));
    const partyCases = cases.filter(([, , role]) => role !== 'reader');
    expect(partyCases).toHaveLength(singleOwner.length);
  });

  it.each(cases)('%s', (_label, edge, role) => {
    for (const st of serviceTypesFor(edge)) {
      const err = refusal(() => transition(edge.from, edge.to, role, st));
      expect(err.code).toBe('FORBIDDEN');
      expectNamed(err, edge.from, edge.to, role);
    }
  });
});

describe('transition: every pair not in the graph is INVALID_TRANSITION', () => {
  const cases = NON_EDGES.flatMap(([from, to]) => ALL_ROLES.map((role) => [`${from} → ${to} as ${role}`, from, to, role] as const));

  it.each(cases)('%s', (_label, from, to, role) => {
    for (const st of ALL_SERVICE_TYPES) {
      const err = refusal(() => transition(from, to, role, st));
      expect(err.code).toBe('INVALID_TRANSITION');
      expectNamed(err, from, to, role);
    }
    expect(opForTransition(from, to)).toBeUndefined();
  });

  it('covers both parties for all 201 pairs', () => {
    const partyCases = cases.filter(([, , , role]) => PARTIES.includes(role));
    expect(partyCases).toHaveLength(201 * 2);
  });
});

describe('loans ship, copies are delivered', () => {
  it('ACCEPTED → SHIPPED is allowed for a loan', () => {
    expect(transition('ACCEPTED', 'SHIPPED', 'lender', 'loan')).toBe('SHIPPED');
    expect(applyOp('request.ship', 'ACCEPTED', 'lender', 'loan')).toBe('SHIPPED');
  });

  it('ACCEPTED → SHIPPED is refused for a copy, naming both statuses and the service type', () => {
    for (const role of PARTIES) {
      const err = refusal(() => transition('ACCEPTED', 'SHIPPED', role, 'copy'));
      expect(err.code).toBe('INVALID_TRANSITION');
      expectNamed(err, 'ACCEPTED', 'SHIPPED', role);
      expect(err.message).toContain('copy');
    }
    expect(refusal(() => applyOp('request.ship', 'ACCEPTED', 'lender', 'copy')).code).toBe('INVALID_TRANSITION');
    expect(opForTransition('ACCEPTED', 'SHIPPED', 'copy')).toBeUndefined();
  });

  it('ACCEPTED → DELIVERED is allowed for a copy', () => {
    expect(transition('ACCEPTED', 'DELIVERED', 'lender', 'copy')).toBe('DELIVERED');
    expect(applyOp('request.deliver', 'ACCEPTED', 'lender', 'copy')).toBe('DELIVERED');
  });

  it('ACCEPTED → DELIVERED is refused for a loan', () => {
    for (const role of PARTIES) {
      const err = refusal(() => transition('ACCEPTED', 'DELIVERED', role, 'loan'));
      expect(err.code).toBe('INVALID_TRANSITION');
      expectNamed(err, 'ACCEPTED', 'DELIVERED', role);
      expect(err.message).toContain('loan');
    }
    expect(refusal(() => applyOp('request.deliver', 'ACCEPTED', 'lender', 'loan')).code).toBe('INVALID_TRANSITION');
    expect(opForTransition('ACCEPTED', 'DELIVERED', 'loan')).toBeUndefined();
  });

  it('never the other way: a shipped loan is not delivered, a delivered copy is not shipped', () => {
    expect(refusal(() => transition('SHIPPED', 'DELIVERED', 'lender', 'loan')).code).toBe('INVALID_TRANSITION');
    expect(refusal(() => transition('DELIVERED', 'SHIPPED', 'lender', 'copy')).code).toBe('INVALID_TRANSITION');
  });
});

describe('the reader', () => {
  it('may cancel from SUBMITTED (the time window is the rules module’s job)', () => {
    expect(transition('SUBMITTED', 'CANCELLED', 'reader')).toBe('CANCELLED');
    expect(applyOp('request.cancel', 'SUBMITTED', 'reader', 'loan')).toBe('CANCELLED');
    expect(applyOp('request.cancel', 'SUBMITTED', 'reader', 'copy')).toBe('CANCELLED');
  });

  it('may not reject, forward or move the request in any other way', () => {
    for (const edge of EDGES.filter((e) => e.op !== 'request.cancel')) {
      expect(refusal(() => transition(edge.from, edge.to, 'reader', edge.serviceType)).code).toBe('FORBIDDEN');
    }
  });

  it('may not add a note', () => {
    const err = refusal(() => applyOp('request.note', 'SENT', 'reader', 'loan'));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(word('reader'));
  });

  it('cannot cancel what is already closed', () => {
    for (const from of ['CANCELLED', 'REJECTED', 'COMPLETED', 'DELIVERED', 'LOST'] as Status[]) {
      expect(refusal(() => applyOp('request.cancel', from, 'reader', 'loan')).code).toBe('INVALID_TRANSITION');
    }
  });
});

describe('TransitionError', () => {
  it('is an Error carrying code, both statuses and the role', () => {
    const err = refusal(() => transition('COMPLETED', 'SENT', 'borrower'));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TransitionError');
    expect(err.code).toBe('INVALID_TRANSITION');
    expectNamed(err, 'COMPLETED', 'SENT', 'borrower');
  });

  it('a FORBIDDEN message says who may do it instead', () => {
    const err = refusal(() => transition('SENT', 'ACCEPTED', 'borrower'));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toMatch(word('lender'));
  });
});

// ---- applyOp() ---------------------------------------------------------------------------------

describe('applyOp', () => {
  const transitionalOps = REQUEST_OP_TYPES.filter((op) => DESIGN_OPS[op].to !== null);

  it.each(transitionalOps)('%s: allowed from its DESIGN statuses for its roles, refused from any other', (op) => {
    const rule = DESIGN_OPS[op];
    const to = rule.to as Status;
    const from = rule.from as Status[];
    const serviceTypes: ServiceType[] = rule.serviceType ? [rule.serviceType] : ['loan', 'copy'];
    for (const status of DESIGN_STATUSES) {
      for (const st of serviceTypes) {
        for (const role of ALL_ROLES) {
          if (from.includes(status)) {
            if (rule.roles.includes(role)) {
              expect(applyOp(op, status, role, st), `${op} from ${status} as ${role}`).toBe(to);
            } else {
              const err = refusal(() => applyOp(op, status, role, st));
              expect(err.code, `${op} from ${status} as ${role}`).toBe('FORBIDDEN');
              expectNamed(err, status, to, role);
            }
          } else {
            const err = refusal(() => applyOp(op, status, role, st));
            expect(err.code, `${op} from ${status} as ${role}`).toBe('INVALID_TRANSITION');
            expectNamed(err, status, to, role);
          }
        }
      }
    }
  });

  it('request.shiftDue keeps LOANED for the borrower, and is refused from any other status, to the lender and for copies', () => {
    expect(applyOp('request.shiftDue', 'LOANED', 'borrower', 'loan')).toBe('LOANED');
    for (const status of DESIGN_STATUSES.filter((s) => s !== 'LOANED')) {
      const err = refusal(() => applyOp('request.shiftDue', status, 'borrower', 'loan'));
      expect(err.code, status).toBe('INVALID_TRANSITION');
      expect(err.message).toContain(status);
    }
    expect(refusal(() => applyOp('request.shiftDue', 'LOANED', 'lender', 'loan')).code).toBe('FORBIDDEN');
    expect(refusal(() => applyOp('request.shiftDue', 'LOANED', 'borrower', 'copy')).code).toBe('INVALID_TRANSITION');
  });

  it.each(DESIGN_STATUSES)('request.note keeps the status %s, for either party and both service types', (status) => {
    for (const role of PARTIES) {
      for (const st of SERVICE_TYPES) {
        expect(applyOp('request.note', status, role, st)).toBe(status);
      }
    }
  });
});

// ---- allowedOps() ------------------------------------------------------------------------------

describe('allowedOps', () => {
  const samples: [Status, Role, ServiceType, RequestOpType[]][] = [
    ['SUBMITTED', 'borrower', 'loan', ['request.forward', 'request.reject', 'request.cancel', 'request.note']],
    ['SUBMITTED', 'lender', 'loan', ['request.note']],
    ['SUBMITTED', 'reader', 'loan', ['request.cancel']],
    ['SENT', 'reader', 'copy', ['request.cancel']],
    ['SENT', 'borrower', 'loan', ['request.cancel', 'request.note']],
    ['SENT', 'lender', 'loan', ['request.accept', 'request.unfill', 'request.note']],
    ['UNFILLED', 'borrower', 'copy', ['request.forward', 'request.cancel', 'request.note']],
    ['ACCEPTED', 'lender', 'loan', ['request.unfill', 'request.ship', 'request.note']],
    ['ACCEPTED', 'lender', 'copy', ['request.unfill', 'request.deliver', 'request.note']],
    ['ACCEPTED', 'borrower', 'loan', ['request.note']],
    ['SHIPPED', 'borrower', 'loan', ['request.checkIn', 'request.lose', 'request.note']],
    ['SHIPPED', 'lender', 'loan', ['request.lose', 'request.note']],
    ['ON_HOLD', 'borrower', 'loan', ['request.handOut', 'request.return', 'request.note']],
    ['ON_HOLD', 'lender', 'loan', ['request.recall', 'request.note']],
    ['LOANED', 'borrower', 'loan', ['request.return', 'request.lose', 'request.note', 'request.shiftDue']],
    ['LOANED', 'lender', 'loan', ['request.recall', 'request.lose', 'request.note']],
    ['RECALLED', 'borrower', 'loan', ['request.return', 'request.lose', 'request.note']],
    ['RETURNED', 'borrower', 'loan', ['request.returnShip', 'request.note']],
    ['RETURN_SHIPPED', 'lender', 'loan', ['request.complete', 'request.lose', 'request.note']],
    ['COMPLETED', 'borrower', 'loan', ['request.note']],
    ['COMPLETED', 'lender', 'loan', ['request.note']],
    ['DELIVERED', 'reader', 'copy', []],
    ['LOANED', 'reader', 'loan', []],
  ];

  it.each(samples)('allowedOps(%s, %s, %s)', (status, role, st, want) => {
    expect([...allowedOps(status, role, st)].sort()).toEqual([...want].sort());
  });

  it('matches the DESIGN op table for every status, role and service type', () => {
    for (const status of DESIGN_STATUSES) {
      for (const role of ALL_ROLES) {
        for (const st of SERVICE_TYPES) {
          const want = (Object.keys(DESIGN_OPS) as RequestOpType[]).filter((op) => {
            const rule = DESIGN_OPS[op];
            if (!rule.roles.includes(role)) return false;
            if (rule.serviceType && rule.serviceType !== st) return false;
            return rule.from === 'any' || rule.from.includes(status);
          });
          expect([...allowedOps(status, role, st)].sort(), `${status} ${role} ${st}`).toEqual(want.sort());
        }
      }
    }
  });

  it('every op it offers is accepted by applyOp, and no other op is', () => {
    for (const status of DESIGN_STATUSES) {
      for (const role of ALL_ROLES) {
        for (const st of SERVICE_TYPES) {
          const offered = allowedOps(status, role, st);
          for (const op of REQUEST_OP_TYPES) {
            let ok = true;
            try {
              applyOp(op, status, role, st);
            } catch (e) {
              expect(e).toBeInstanceOf(TransitionError);
              ok = false;
            }
            expect(ok, `${op} from ${status} as ${role} (${st})`).toBe(offered.includes(op));
          }
        }
      }
    }
  });
});
