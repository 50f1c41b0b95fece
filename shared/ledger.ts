// The fee ledger's rules (issue 6), pure, so the desk and the hub derive the same entries from the
// same event and agree to the fen. Money is integer fen, never a float: every amount is a rate in
// fen times a whole count (days, parcels), checked to stay a safe integer.
//
// Which events make entries:
// - a loan handed out: the reader's service fee (borrower's rule), reader → borrowing library
//   (the reader's account; never on a statement between libraries);
// - a lent book back at the lender (request.complete) after the lender's due date: the overdue
//   fine, days late × the lender's rate, borrowing library → lending library;
// - a book declared lost: the lender's lost-book charge, borrowing library → lending library;
// - a parcel sent (the lender's shipment, a return parcel): its courier cost, consortium →
//   the library that sent it;
// - a request filled (shipped or delivered by the lender): the consortium's subsidy, consortium →
//   lending library — only the hub knows the rate, so only the hub makes it (desks receive it).
// Entry ids are deterministic (kind and the record they belong to), so the hub's copy of an entry
// a desk made itself replaces it instead of doubling it; a parcel's courier cost is one entry
// whichever of its requests is recorded first.
import { calendarDay, daysOverdue, type LibraryRules } from './rules';

export const LEDGER_KINDS = ['service_fee', 'courier_cost', 'overdue_fine', 'lost_charge', 'subsidy', 'refund'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Who pays or is paid: a library by its code, the consortium, or a reader (their id is on the entry). */
export const CONSORTIUM = 'consortium';
export const READER = 'reader';

export interface LedgerEntry {
  id: string;
  kind: LedgerKind;
  /** Fen; a reversal carries the negative of what it reverses. */
  amountFen: number;
  payer: string;
  payee: string;
  requestId: string | null;
  shipmentId: string | null;
  readerId: string | null;
  operator: string;
  /** When the event happened (the desk's time of the clerk's action), ISO-8601 UTC. */
  createdAt: string;
  /** The consortium month it belongs to, `YYYY-MM` (Beijing). */
  month: string;
  reversesId: string | null;
  reason: string | null;
  source: 'event' | 'manual';
}

// ---- consent between libraries (DESIGN §7 "Trust between libraries"; issue 12) -------------------
//
// Money between libraries needs the consent of the library it takes money from. An entry is
// `in_force` (it counts: in the account log's totals, the charts, the statements) or `claimed`
// (shown apart, counting nowhere) until that library accepts it or the consortium's center
// approves it. Entries made by request events are in force at once: both libraries took part in
// the request. An entry is reversed only by the library that made it, or by the center.

export const LEDGER_STATES = ['claimed', 'in_force'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];

/** The payer's objection to a claimed entry, which stays claimed; the maker sees it. */
export interface LedgerDispute {
  comment: string;
  /** Hub time of the dispute (the desk's own time until the hub's copy comes back). */
  at: string;
  /** The library that disputed (the one the entry takes money from). */
  by: string;
  clerk: string | null;
}

/** An entry as the hub sends it (a `ledger` change's data) and as the desk keeps it. */
export interface SyncLedgerEntry extends LedgerEntry {
  state: LedgerState;
  /** The library that made the entry, or `consortium` for the center: the one that may reverse it. */
  madeBy: string;
  dispute: LedgerDispute | null;
}

/** Whether a party is a member library (not the consortium, not a reader). */
export function isLibraryParty(party: string): boolean {
  return party !== CONSORTIUM && party !== READER;
}

/**
 * Who made an entry a request event made: the library whose fee it is, i.e. the payee (also for
 * the consortium's courier cost and subsidy); a reader's service fee is the borrowing library's.
 * So a borrower that declared a book lost cannot reverse the lender's lost-book charge.
 */
export function makerOfEventEntry(entry: Pick<LedgerEntry, 'payer' | 'payee'>): string {
  return isLibraryParty(entry.payee) ? entry.payee : entry.payer;
}

/** The party whose balance an entry lowers: the payer, or for a negative amount (a reversal) the payee. */
export function payingParty(entry: Pick<LedgerEntry, 'payer' | 'payee' | 'amountFen'>): string {
  return entry.amountFen >= 0 ? entry.payer : entry.payee;
}

/**
 * The state a new manual entry or reversal starts in. In force at once when the library it takes
 * money from made it (or the center did, or a reader pays: a reader's fees stay with the library);
 * claimed otherwise. A reversal of a claimed entry withdraws it: both stay claimed and neither can
 * be accepted any more.
 */
export function stateOfNewEntry(entry: Pick<LedgerEntry, 'payer' | 'payee' | 'amountFen'>, maker: string, reversed?: Pick<SyncLedgerEntry, 'state'>): LedgerState {
  if (reversed?.state === 'claimed') return 'claimed';
  const paying = payingParty(entry);
  return maker === CONSORTIUM || paying === maker || paying === READER ? 'in_force' : 'claimed';
}

/** The consortium month (`YYYY-MM`, Beijing) of an instant or a calendar date. */
export function monthOf(isoDateOrInstant: string): string {
  return calendarDay(isoDateOrInstant).slice(0, 7);
}

/** rate × count in fen, refusing anything that is not a whole, safe amount. */
export function times(rateFen: number, count: number): number {
  if (!Number.isSafeInteger(rateFen) || !Number.isSafeInteger(count)) throw new RangeError(`Not whole fen: ${rateFen} × ${count}`);
  const amount = rateFen * count;
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Amount out of range: ${rateFen} × ${count}`);
  return amount;
}

/** Sums fen exactly (integers only; a float anywhere is a bug and throws). */
export function sumFen(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`Not whole fen: ${amount}`);
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('Total out of range');
  }
  return total;
}

/** `12.5` → 1250 fen: parses yuan as typed (at most 2 decimals) without floating point. */
export function yuanToFen(text: string): number | null {
  const match = /^(-)?(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

/** 1250 → `12.50`: fen shown as yuan with two decimals, exactly. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What the ledger needs to know of a request when one of its events happens. */
export interface LedgerRequest {
  id: string;
  serviceType: 'loan' | 'copy';
  borrowerCode: string;
  lenderCode: string | null;
  readerId: string | null;
  lenderDueDate: string | null;
}

export interface LedgerEvent {
  type: string;
  request: LedgerRequest;
  payload: Record<string, unknown>;
  /** The time of the clerk's action (the op's clientTime): the same on the desk and at the hub. */
  at: string;
  operator: string;
  rulesOf: (libraryCode: string) => LibraryRules;
  /** The consortium's subsidy per filled request, in fen: only the hub passes it. */
  subsidyFen?: number;
}

function entry(
  kind: LedgerKind,
  id: string,
  amountFen: number,
  payer: string,
  payee: string,
  event: LedgerEvent,
  extra: Partial<Pick<LedgerEntry, 'shipmentId' | 'readerId'>> = {},
): LedgerEntry {
  return {
    id,
    kind,
    amountFen,
    payer,
    payee,
    requestId: event.request.id,
    shipmentId: extra.shipmentId ?? null,
    readerId: extra.readerId ?? null,
    operator: event.operator,
    createdAt: event.at,
    month: monthOf(event.at),
    reversesId: null,
    reason: null,
    source: 'event',
  };
}

/** The entries one event makes (none where the fee is 0: the seed's "全部免费" makes no lines). */
export function entriesForEvent(event: LedgerEvent): LedgerEntry[] {
  const { request, type } = event;
  const lender = request.lenderCode;
  const out: LedgerEntry[] = [];
  const add = (e: LedgerEntry) => {
    if (e.amountFen !== 0) out.push(e);
  };
  switch (type) {
    case 'request.handOut': {
      const fee = event.rulesOf(request.borrowerCode).readerServiceFeeFen;
      add(entry('service_fee', `service_fee:${request.id}`, fee, READER, request.borrowerCode, event, { readerId: request.readerId }));
      break;
    }
    case 'request.complete': {
      if (!lender || !request.lenderDueDate) break;
      const late = daysOverdue(request.lenderDueDate, event.at);
      add(entry('overdue_fine', `overdue_fine:${request.id}`, times(event.rulesOf(lender).overdueFinePerDayFen, late), request.borrowerCode, lender, event));
      break;
    }
    case 'request.lose': {
      if (!lender) break;
      add(entry('lost_charge', `lost_charge:${request.id}`, event.rulesOf(lender).lostBookChargeFen, request.borrowerCode, lender, event));
      break;
    }
    case 'request.ship':
    case 'request.deliver': {
      if (!lender) break;
      if (type === 'request.ship') {
        add(entry('courier_cost', `courier_cost:${request.id}:out`, event.rulesOf(lender).courierCostFen, CONSORTIUM, lender, event));
      }
      if (event.subsidyFen !== undefined) add(entry('subsidy', `subsidy:${request.id}`, event.subsidyFen, CONSORTIUM, lender, event));
      break;
    }
    case 'request.returnShip': {
      const shipmentId = typeof event.payload['shipmentId'] === 'string' ? event.payload['shipmentId'] : null;
      if (!shipmentId) break;
      const cost = event.rulesOf(request.borrowerCode).courierCostFen;
      const e = entry('courier_cost', `courier_cost:${shipmentId}`, cost, CONSORTIUM, request.borrowerCode, event, { shipmentId });
      add({ ...e, requestId: null });
      break;
    }
  }
  return out;
}

/** Whether an entry is between libraries (and the consortium): a statement line, not a reader's fee. */
export function isStatementLine(entry: Pick<LedgerEntry, 'payer' | 'payee'>): boolean {
  return entry.payer !== READER && entry.payee !== READER;
}

/** The signed effect of an entry on a library's balance: + received, − paid, 0 not a party. */
export function netFor(libraryCode: string, entry: Pick<LedgerEntry, 'payer' | 'payee' | 'amountFen'>): number {
  if (entry.payee === libraryCode && entry.payer !== libraryCode) return entry.amountFen;
  if (entry.payer === libraryCode && entry.payee !== libraryCode) return -entry.amountFen;
  return 0;
}

// ---- monthly statements (the hub computes them; desks reconcile them) ----------------------------

/** One line of a statement: a ledger entry between libraries (or with the consortium). */
export type StatementLine = Pick<LedgerEntry, 'id' | 'kind' | 'amountFen' | 'payer' | 'payee' | 'requestId' | 'shipmentId' | 'createdAt' | 'reversesId'>;

export interface StatementTotals {
  subsidyFen: number;
  courierFen: number;
  /** Fines and lost-book charges this library receives from other libraries. */
  chargesReceivedFen: number;
  /** Fines and lost-book charges this library pays to other libraries. */
  chargesPaidFen: number;
  /** Everything else (refunds, manual entries), signed for this library. */
  otherFen: number;
  /** Received minus paid: what the month comes to for this library. */
  netFen: number;
}

export interface StatementData {
  month: string;
  libraryCode: string;
  /** The consortium's subsidy per filled request this month, in fen. */
  subsidyRateFen: number;
  /** Requests this library filled as lender (shipped or delivered) this month. */
  filledAsLender: number;
  /** Requests filled for this library's readers this month. */
  filledAsBorrower: number;
  lines: StatementLine[];
  totals: StatementTotals;
  computedAt: string;
}

/** The totals of a library's lines, each signed for the library (+ received, − paid). */
export function statementTotals(libraryCode: string, lines: readonly Pick<LedgerEntry, 'kind' | 'payer' | 'payee' | 'amountFen'>[]): StatementTotals {
  const totals: StatementTotals = { subsidyFen: 0, courierFen: 0, chargesReceivedFen: 0, chargesPaidFen: 0, otherFen: 0, netFen: 0 };
  for (const line of lines) {
    const signed = netFor(libraryCode, line);
    if (signed === 0) continue;
    if (line.kind === 'subsidy') totals.subsidyFen = sumFen([totals.subsidyFen, signed]);
    else if (line.kind === 'courier_cost') totals.courierFen = sumFen([totals.courierFen, signed]);
    else if (line.kind === 'overdue_fine' || line.kind === 'lost_charge') {
      // By direction, not by sign: a reversal (negative amount) lessens the side it reverses.
      if (line.payee === libraryCode) totals.chargesReceivedFen = sumFen([totals.chargesReceivedFen, signed]);
      else totals.chargesPaidFen = sumFen([totals.chargesPaidFen, -signed]);
    } else totals.otherFen = sumFen([totals.otherFen, signed]);
    totals.netFen = sumFen([totals.netFen, signed]);
  }
  return totals;
}

export type ReconciliationState = 'matched' | 'onlyHub' | 'onlyHere' | 'differs';

export interface ReconciliationRow {
  id: string;
  state: ReconciliationState;
  hub: StatementLine | null;
  here: StatementLine | null;
  /** Here minus hub, signed for this library (0 when matched). */
  differenceFen: number;
}

export interface Reconciliation {
  month: string;
  libraryCode: string;
  rows: ReconciliationRow[];
  hubTotals: StatementTotals;
  hereTotals: StatementTotals;
  counts: Record<ReconciliationState, number>;
}

/**
 * The hub's statement beside this library's own ledger for the month, line by line by entry id:
 * matched (same kind, parties and amount), only at the hub, only here, or amounts (or parties) that
 * differ. Reader fees never appear: they are not between libraries.
 */
export function reconcile(statement: Pick<StatementData, 'month' | 'libraryCode' | 'lines'>, local: readonly StatementLine[]): Reconciliation {
  const { libraryCode } = statement;
  const here = new Map(local.filter(isStatementLine).map((line) => [line.id, line]));
  const hub = new Map(statement.lines.map((line) => [line.id, line]));
  const rows: ReconciliationRow[] = [];
  const counts: Record<ReconciliationState, number> = { matched: 0, onlyHub: 0, onlyHere: 0, differs: 0 };
  for (const id of new Set([...hub.keys(), ...here.keys()])) {
    const h = hub.get(id) ?? null;
    const l = here.get(id) ?? null;
    const state: ReconciliationState = !l ? 'onlyHub' : !h ? 'onlyHere' : sameLine(h, l) ? 'matched' : 'differs';
    counts[state] += 1;
    const differenceFen = (l ? netFor(libraryCode, l) : 0) - (h ? netFor(libraryCode, h) : 0);
    rows.push({ id, state, hub: h, here: l, differenceFen });
  }
  // Problems first, then by time: the clerk reads what needs a look at the top.
  const order: Record<ReconciliationState, number> = { differs: 0, onlyHub: 1, onlyHere: 2, matched: 3 };
  rows.sort((a, b) => order[a.state] - order[b.state] || ((a.hub ?? a.here)!.createdAt < (b.hub ?? b.here)!.createdAt ? -1 : 1) || (a.id < b.id ? -1 : 1));
  return {
    month: statement.month,
    libraryCode,
    rows,
    hubTotals: statementTotals(libraryCode, statement.lines),
    hereTotals: statementTotals(libraryCode, [...here.values()]),
    counts,
  };
}

function sameLine(a: StatementLine, b: StatementLine): boolean {
  return a.kind === b.kind && a.amountFen === b.amountFen && a.payer === b.payer && a.payee === b.payee;
}
