// The fee ledger's pure rules (shared/ledger.ts): integer fen only, fines that sum exactly over
// many days and many items, yuan typed and shown without floating point, the entries each event
// makes, statement totals, and reconciliation line by line. Expected figures are worked by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSORTIUM,
  READER,
  entriesForEvent,
  fenToYuan,
  isStatementLine,
  monthOf,
  netFor,
  reconcile,
  statementTotals,
  sumFen,
  times,
  yuanToFen,
  type LedgerEvent,
  type StatementLine,
} from '../../shared/ledger';
import { resolveRules, type LibraryRules } from '../../shared/rules';

const BORROWER = '211130';
const LENDER = '211060';

const rules: Record<string, LibraryRules> = {
  [BORROWER]: resolveRules({ readerServiceFeeFen: 300, courierCostFen: 900 }),
  [LENDER]: resolveRules({ overdueFinePerDayFen: 7, lostBookChargeFen: 8000, courierCostFen: 1200 }),
};

function event(type: string, overrides: Partial<LedgerEvent> = {}, request: Partial<LedgerEvent['request']> = {}): LedgerEvent {
  return {
    type,
    request: { id: 'BY00000001', serviceType: 'loan', borrowerCode: BORROWER, lenderCode: LENDER, readerId: 'r-1', lenderDueDate: '2026-11-10', ...request },
    payload: {},
    at: '2026-11-10T03:00:00.000Z',
    operator: 'bh01',
    rulesOf: (code) => rules[code] ?? resolveRules({}),
    ...overrides,
  };
}

describe('fines over many days and many items sum exactly', () => {
  it('37 items, each 123 days late at 7 fen a day, come to 31,857 fen (318.57 yuan), to the fen', () => {
    const fines = Array.from({ length: 37 }, (_, i) =>
      // Due 2026-11-10 (Beijing); back 123 days later: 2027-03-13, at 10:00 Beijing.
      entriesForEvent(event('request.complete', { at: '2027-03-13T02:00:00.000Z' }, { id: `BY${String(i + 1).padStart(8, '0')}` })),
    ).flat();
    expect(fines).toHaveLength(37);
    for (const fine of fines) expect(fine).toMatchObject({ kind: 'overdue_fine', amountFen: 861, payer: BORROWER, payee: LENDER, month: '2027-03' });
    expect(sumFen(fines.map((f) => f.amountFen))).toBe(31_857);
    expect(fenToYuan(sumFen(fines.map((f) => f.amountFen)))).toBe('318.57');
    expect(statementTotals(LENDER, fines)).toEqual({ subsidyFen: 0, courierFen: 0, chargesReceivedFen: 31_857, chargesPaidFen: 0, otherFen: 0, netFen: 31_857 });
    expect(statementTotals(BORROWER, fines)).toEqual({ subsidyFen: 0, courierFen: 0, chargesReceivedFen: 0, chargesPaidFen: 31_857, otherFen: 0, netFen: -31_857 });
  });

  it('amounts whose yuan would drift in floating point stay exact: 10,000 × 0.07 yuan is 700.00 yuan', () => {
    // In floating point 0.07 × 10000 summed one by one is not 700; in fen it is 70,000.
    let float = 0;
    for (let i = 0; i < 10_000; i++) float += 0.07;
    expect(float).not.toBe(700);
    expect(fenToYuan(sumFen(Array.from({ length: 10_000 }, () => yuanToFen('0.07')!)))).toBe('700.00');
  });

  it('any number of whole-fen fines sums to rate × days × items', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 1, max: 200 }), (rate, days, items) => {
        const each = times(rate, days);
        expect(sumFen(Array.from({ length: items }, () => each))).toBe(rate * days * items);
      }),
    );
  });

  it('refuses anything that is not whole fen, and totals past a safe integer', () => {
    expect(() => times(7.5, 3)).toThrow(RangeError);
    expect(() => times(7, 1.5)).toThrow(RangeError);
    expect(() => sumFen([1, 0.1])).toThrow(RangeError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => times(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });
});

describe('yuan and fen', () => {
  it('parses what a clerk types, at most two decimals, without floating point', () => {
    expect(yuanToFen('12.5')).toBe(1250);
    expect(yuanToFen('12.50')).toBe(1250);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen(' 3 ')).toBe(300);
    expect(yuanToFen('-1.2')).toBe(-120);
    expect(yuanToFen('999999999.99')).toBe(99_999_999_999);
    expect(yuanToFen('0.1')! + yuanToFen('0.2')!).toBe(30);
    for (const bad of ['12.345', '1e3', '', '.5', '12.', 'abc', '１２', '1,000', '--1']) expect(yuanToFen(bad), bad).toBeNull();
  });

  it('shows fen as yuan with two decimals', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(fenToYuan(1250)).toBe('12.50');
    expect(fenToYuan(-31_857)).toBe('-318.57');
  });

  it('round-trips every amount: yuanToFen(fenToYuan(f)) = f', () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (f) => {
        expect(yuanToFen(fenToYuan(f))).toBe(f);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the entries each event makes', () => {
  it("a ship: the lender's courier cost (the consortium pays) and, at the hub only, the subsidy", () => {
    const atDesk = entriesForEvent(event('request.ship'));
    expect(atDesk).toEqual([
      expect.objectContaining({ id: 'courier_cost:BY00000001:out', kind: 'courier_cost', amountFen: 1200, payer: CONSORTIUM, payee: LENDER, source: 'event', operator: 'bh01' }),
    ]);
    const atHub = entriesForEvent(event('request.ship', { subsidyFen: 500 }));
    expect(atHub.map((e) => [e.id, e.amountFen, e.payer, e.payee])).toEqual([
      ['courier_cost:BY00000001:out', 1200, CONSORTIUM, LENDER],
      ['subsidy:BY00000001', 500, CONSORTIUM, LENDER],
    ]);
    // A copy delivered: the subsidy, no parcel.
    expect(entriesForEvent(event('request.deliver', { subsidyFen: 500 }, { serviceType: 'copy' })).map((e) => e.id)).toEqual(['subsidy:BY00000001']);
  });

  it('a book back on its due day or earlier makes no fine; a day late makes one day', () => {
    expect(entriesForEvent(event('request.complete', { at: '2026-11-10T15:59:59.000Z' }))).toEqual([]); // 23:59:59 Beijing, the due day
    expect(entriesForEvent(event('request.complete', { at: '2026-11-10T16:00:00.000Z' }))).toEqual([
      expect.objectContaining({ id: 'overdue_fine:BY00000001', amountFen: 7, payer: BORROWER, payee: LENDER, month: '2026-11' }),
    ]);
  });

  it("a lost book: the lender's charge; a return parcel: its courier cost, once per parcel; a loan handed out: the reader's fee", () => {
    expect(entriesForEvent(event('request.lose'))).toEqual([expect.objectContaining({ id: 'lost_charge:BY00000001', amountFen: 8000, payer: BORROWER, payee: LENDER })]);
    const parcel = entriesForEvent(event('request.returnShip', { payload: { shipmentId: 'shp-1' } }));
    expect(parcel).toEqual([expect.objectContaining({ id: 'courier_cost:shp-1', amountFen: 900, payer: CONSORTIUM, payee: BORROWER, shipmentId: 'shp-1', requestId: null })]);
    const fee = entriesForEvent(event('request.handOut'));
    expect(fee).toEqual([expect.objectContaining({ id: 'service_fee:BY00000001', amountFen: 300, payer: READER, payee: BORROWER, readerId: 'r-1' })]);
    expect(isStatementLine(fee[0]!)).toBe(false);
  });

  it('makes nothing where the fee is 0 (本年度12月31日之前全部免费)', () => {
    const free = () => resolveRules({});
    for (const type of ['request.ship', 'request.complete', 'request.lose', 'request.handOut', 'request.deliver']) {
      expect(entriesForEvent(event(type, { rulesOf: free, at: '2027-01-30T02:00:00.000Z' })), type).toEqual([]);
    }
  });

  it('counts the month in Beijing: 00:30 on 1 December Beijing is December', () => {
    expect(monthOf('2026-11-30T16:30:00.000Z')).toBe('2026-12');
    expect(monthOf('2026-11-30T15:59:59.000Z')).toBe('2026-11');
    expect(monthOf('2026-12-01')).toBe('2026-12');
  });
});

describe('netFor and statementTotals', () => {
  it('signs each entry for a library: + received, − paid, 0 when not a party', () => {
    const e = { payer: BORROWER, payee: LENDER, amountFen: 861 };
    expect(netFor(LENDER, e)).toBe(861);
    expect(netFor(BORROWER, e)).toBe(-861);
    expect(netFor('211010', e)).toBe(0);
  });

  it('sorts the lines into subsidy, courier, charges each way and the rest; the net is their sum', () => {
    const lines = [
      { kind: 'subsidy' as const, payer: CONSORTIUM, payee: LENDER, amountFen: 500 },
      { kind: 'subsidy' as const, payer: CONSORTIUM, payee: LENDER, amountFen: 500 },
      { kind: 'courier_cost' as const, payer: CONSORTIUM, payee: LENDER, amountFen: 1200 },
      { kind: 'overdue_fine' as const, payer: BORROWER, payee: LENDER, amountFen: 350 },
      { kind: 'lost_charge' as const, payer: LENDER, payee: '211010', amountFen: 8000 },
      { kind: 'refund' as const, payer: LENDER, payee: BORROWER, amountFen: 200 },
      // A reversal of a fine: the negative amount.
      { kind: 'overdue_fine' as const, payer: BORROWER, payee: LENDER, amountFen: -350 },
    ];
    // The reversed fine lessens what the lender received; it is not a charge the lender paid.
    expect(statementTotals(LENDER, lines)).toEqual({ subsidyFen: 1000, courierFen: 1200, chargesReceivedFen: 350 - 350, chargesPaidFen: 8000, otherFen: -200, netFen: 1000 + 1200 + 350 - 8000 - 200 - 350 });
    expect(statementTotals(BORROWER, lines)).toEqual({ subsidyFen: 0, courierFen: 0, chargesReceivedFen: 0, chargesPaidFen: 350 - 350, otherFen: 200, netFen: 200 });
  });
});

describe('reconcile: the hub statement beside the local ledger', () => {
  const line = (id: string, amountFen: number, over: Partial<StatementLine> = {}): StatementLine => ({
    id,
    kind: 'overdue_fine',
    amountFen,
    payer: BORROWER,
    payee: LENDER,
    requestId: 'BY00000001',
    shipmentId: null,
    createdAt: `2026-11-${id.slice(-2)}T02:00:00.000Z`,
    reversesId: null,
    ...over,
  });

  it('finds a missing line, a changed amount, a line only here and the matched ones, with both totals', () => {
    const hub = [line('m-01', 350), line('m-02', 500, { kind: 'subsidy', payer: CONSORTIUM, payee: LENDER }), line('x-03', 700), line('h-04', 1200, { kind: 'courier_cost', payer: CONSORTIUM, payee: LENDER })];
    const here = [
      line('m-01', 350),
      line('m-02', 500, { kind: 'subsidy', payer: CONSORTIUM, payee: LENDER }),
      line('x-03', 770), // a changed amount
      line('l-05', 200, { kind: 'refund', payer: BORROWER, payee: LENDER }), // only here
      // A reader's fee never reaches a statement: ignored, not "only here".
      line('r-06', 300, { kind: 'service_fee', payer: READER, payee: LENDER }),
    ];
    const result = reconcile({ month: '2026-11', libraryCode: LENDER, lines: hub }, here);
    expect(result.counts).toEqual({ matched: 2, onlyHub: 1, onlyHere: 1, differs: 1 });
    expect(result.rows.map((r) => [r.id, r.state, r.differenceFen])).toEqual([
      ['x-03', 'differs', 70],
      ['h-04', 'onlyHub', -1200],
      ['l-05', 'onlyHere', 200],
      ['m-01', 'matched', 0],
      ['m-02', 'matched', 0],
    ]);
    expect(result.hubTotals).toEqual({ subsidyFen: 500, courierFen: 1200, chargesReceivedFen: 1050, chargesPaidFen: 0, otherFen: 0, netFen: 2750 });
    expect(result.hereTotals).toEqual({ subsidyFen: 500, courierFen: 0, chargesReceivedFen: 1120, chargesPaidFen: 0, otherFen: 200, netFen: 1820 });
    // The differences add up to the difference of the nets.
    expect(sumFen(result.rows.map((r) => r.differenceFen))).toBe(result.hereTotals.netFen - result.hubTotals.netFen);
  });

  it('a line whose parties differ (same amount) is a difference too; everything equal is all matched', () => {
    const hub = [line('m-01', 350)];
    const swapped = reconcile({ month: '2026-11', libraryCode: LENDER, lines: hub }, [line('m-01', 350, { payer: LENDER, payee: BORROWER })]);
    expect(swapped.rows).toEqual([expect.objectContaining({ id: 'm-01', state: 'differs', differenceFen: -700 })]);
    const same = reconcile({ month: '2026-11', libraryCode: LENDER, lines: hub }, [line('m-01', 350)]);
    expect(same.counts).toEqual({ matched: 1, onlyHub: 0, onlyHere: 0, differs: 0 });
    expect(same.hubTotals).toEqual(same.hereTotals);
  });
});
