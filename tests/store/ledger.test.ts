// The desk's fee ledger on a real store: the entries a loan's events make (a parcel's courier cost,
// an overdue fine when the lent book comes back late, a lost-book charge, a reader's service fee),
// exact to the fen; manual entries and reversals by a supervisor, never an edit; the account log
// and the fee statistics per reader and per partner library, between two days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sumFen, type LedgerEntry } from '../../shared/ledger';
import { addDays } from '../../shared/rules';
import { createClerk } from '../../main/clerks/store';
import { deskContext } from '../../main/context';
import { ensureDemoStore } from '../../main/demo/profile';
import { saveRulesOverrides } from '../../main/libraries/store';
import { DeskRuntime } from '../../main/runtime';
import { call, refuse } from '../fixtures/calls';
import { BUAA, BUPT, RUC, makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
  // 北航 fines 0.50 yuan a day, charges 80 yuan for a lost book and pays 12 yuan a parcel;
  // 北邮 pays 9 yuan a parcel and (this test's year) charges its readers 2 yuan a request.
  saveRulesOverrides(desk.db, BUAA, { overdueFinePerDayFen: 50, lostBookChargeFen: 8000, courierCostFen: 1200 }, desk.clock.now);
  // A high reader limit: these tests lend many books to one reader.
  saveRulesOverrides(desk.db, BUPT, { courierCostFen: 900, readerServiceFeeFen: 200, maxOpenRequestsPerReader: 50 }, desk.clock.now);
});
afterEach(() => desk.close());

function entries(): LedgerEntry[] {
  return call(desk.ctx, 'ledger.list', { limit: 1000 }).items.map(({ title: _t, author: _a, readerName: _r, signedFen: _s, reversedBy: _b, withdrawn: _w, ...entry }) => entry);
}

function later(days: number): void {
  desk.clock.now = new Date(Date.parse(desk.clock.now) + days * 86_400_000).toISOString();
}

let n = 0;
/** A loan from 北航 for 王茜, shipped, checked in and handed out. */
function onLoan(lender = BUAA): string {
  const r = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: `数据库系统概论 ${++n}`, author: '王珊' });
  call(desk.ctx, 'request.forward', { id: r.id, lender });
  call(desk.as(lender), 'request.accept', { id: r.id });
  call(desk.as(lender), 'request.ship', { id: r.id, courier: '顺丰速运', trackingNo: `SF${n}`, itemBarcode: `BH-${n}` });
  call(desk.ctx, 'request.checkIn', { scan: r.id });
  call(desk.ctx, 'request.handOut', { id: r.id });
  return r.id;
}

describe('entries from events', () => {
  it('a whole loan returned 7 days late: courier both ways, the reader’s fee and the fine, to the fen', () => {
    const shippedAt = desk.clock.now;
    const id = onLoan();
    const lenderDue = call(desk.ctx, 'request.get', { id }).lenderDueDate!;
    call(desk.ctx, 'request.return', { scan: `BH-${n}` });
    const parcel = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [id], courier: '顺丰速运', trackingNo: 'SF-BACK-1' });
    // The book reaches 北航 7 days after its due date.
    desk.clock.now = `${addDays(lenderDue, 7)}T03:00:00.000Z`;
    call(desk.as(BUAA), 'request.complete', { scan: `BH-${n}` });

    const byId = new Map(entries().map((e) => [e.id, e]));
    expect(byId.get(`courier_cost:${id}:out`)).toMatchObject({ kind: 'courier_cost', amountFen: 1200, payer: 'consortium', payee: BUAA, requestId: id, createdAt: shippedAt, month: '2026-11', source: 'event' });
    expect(byId.get(`service_fee:${id}`)).toMatchObject({ kind: 'service_fee', amountFen: 200, payer: 'reader', payee: BUPT, readerId: 'r-wangqian' });
    expect(byId.get(`courier_cost:${parcel.id}`)).toMatchObject({ kind: 'courier_cost', amountFen: 900, payer: 'consortium', payee: BUPT, shipmentId: parcel.id, requestId: null });
    expect(byId.get(`overdue_fine:${id}`)).toMatchObject({ kind: 'overdue_fine', amountFen: 7 * 50, payer: BUPT, payee: BUAA, requestId: id, operator: 'lender01' });
    expect(byId.size).toBe(4);
  });

  it('a book back on time makes no fine; fees of 0 (the seed’s 全部免费) make no lines at all', () => {
    saveRulesOverrides(desk.db, BUPT, { courierCostFen: 0, readerServiceFeeFen: 0, maxOpenRequestsPerReader: 50 }, desk.clock.now);
    saveRulesOverrides(desk.db, RUC, {}, desk.clock.now);
    const id = onLoan(RUC);
    call(desk.ctx, 'request.return', { scan: `BH-${n}` });
    call(desk.ctx, 'shipment.create', { lenderCode: RUC, requestIds: [id], courier: '顺丰速运', trackingNo: 'SF-BACK-2' });
    call(desk.as(RUC), 'request.complete', { scan: `BH-${n}` });
    expect(entries()).toEqual([]);
  });

  it('one parcel of three books is one courier cost; a lost book is the lender’s charge', () => {
    const ids = [onLoan(), onLoan(), onLoan()];
    for (let i = 0; i < 3; i++) call(desk.ctx, 'request.return', { scan: `BH-${n - 2 + i}` });
    const parcel = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: ids, courier: '顺丰速运', trackingNo: 'SF-BACK-3' });
    const lost = onLoan();
    call(desk.ctx, 'request.lose', { id: lost, reason: '读者遗失' });
    const all = entries();
    expect(all.filter((e) => e.shipmentId === parcel.id)).toHaveLength(1);
    expect(all.find((e) => e.id === `lost_charge:${lost}`)).toMatchObject({ amountFen: 8000, payer: BUPT, payee: BUAA });
  });

  it('fines over many days and many books sum exactly', () => {
    saveRulesOverrides(desk.db, BUAA, { overdueFinePerDayFen: 7, courierCostFen: 0 }, desk.clock.now);
    saveRulesOverrides(desk.db, BUPT, { courierCostFen: 0, readerServiceFeeFen: 0, maxOpenRequestsPerReader: 50 }, desk.clock.now);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(onLoan());
    for (let i = 0; i < 12; i++) call(desk.ctx, 'request.return', { scan: `BH-${n - 11 + i}` });
    call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: ids, courier: '顺丰速运', trackingNo: 'SF-BACK-4' });
    const due = call(desk.ctx, 'request.get', { id: ids[0]! }).lenderDueDate!;
    // Each book comes back a different number of days late: 1, 12, 23 … 122.
    ids.forEach((id, i) => {
      desk.clock.now = `${addDays(due, 1 + 11 * i)}T03:00:00.000Z`;
      call(desk.as(BUAA), 'request.complete', { scan: `BH-${n - 11 + i}` });
    });
    const fines = entries().filter((e) => e.kind === 'overdue_fine');
    expect(fines).toHaveLength(12);
    const expected = ids.reduce((sum, _id, i) => sum + 7 * (1 + 11 * i), 0);
    expect(sumFen(fines.map((f) => f.amountFen))).toBe(expected);
    expect(expected).toBe(7 * (12 + 11 * 66));
    expect(call(desk.ctx, 'ledger.feeStats', { libraryCode: BUAA }).totalFen).toBe(-expected);
  });
});

describe('entries by hand', () => {
  it('a supervisor’s refund goes to the hub; its reversal is a new entry, once, never an edit', () => {
    const id = onLoan();
    const before = entries().length;
    const refund = call(desk.ctx, 'ledger.add', { kind: 'refund', amountFen: 1250, direction: 'pay', counterparty: BUAA, requestId: id, reason: '多收的运费退还' });
    expect(refund).toMatchObject({ kind: 'refund', amountFen: 1250, payer: BUPT, payee: BUAA, source: 'manual', reason: '多收的运费退还', month: '2026-11' });
    const op = desk.db.prepare("SELECT type, entity_id, payload_json FROM outbox WHERE type LIKE 'ledger.%'").get() as { type: string; entity_id: string; payload_json: string };
    expect(op).toMatchObject({ type: 'ledger.add', entity_id: refund.id });
    expect(JSON.parse(op.payload_json)).toMatchObject({ kind: 'refund', amountFen: 1250, payer: BUPT, payee: BUAA, requestId: id, reason: '多收的运费退还' });

    later(1);
    const reversal = call(desk.ctx, 'ledger.reverse', { id: refund.id, reason: '录入错误' });
    expect(reversal).toMatchObject({ amountFen: -1250, reversesId: refund.id, payer: BUPT, payee: BUAA, reason: '录入错误' });
    // Our payment is in force at once (we pay); undoing it takes the money back from 北航, so the
    // reversal waits for 北航's consent (DESIGN §7) and counts nowhere until then.
    expect(refund.state).toBe('in_force');
    expect(reversal).toMatchObject({ state: 'claimed', madeBy: BUPT });
    // The refund itself is as it was, and the log says what reversed it.
    expect(entries().find((e) => e.id === refund.id)).toEqual(refund);
    const log = call(desk.ctx, 'ledger.list', {}).items;
    expect(log.find((e) => e.id === refund.id)!.reversedBy).toBe(reversal.id);
    expect(log.find((e) => e.id === reversal.id)!.reversedBy).toBeNull();
    expect(call(desk.ctx, 'ledger.list', { libraryCode: BUAA })).toMatchObject({ paidFen: 1250, netFen: -1250, claimed: 1 });
    // 北航 accepts (its desk, played here on the same store): we paid nothing in the end, and nothing was received.
    call(desk.as(BUAA), 'ledger.accept', { id: reversal.id });
    const withBuaa = call(desk.ctx, 'ledger.list', { libraryCode: BUAA });
    expect([withBuaa.receivedFen, withBuaa.netFen, withBuaa.claimed]).toEqual([0, 0, 0]);
    expect(withBuaa.paidFen).toBe(0);
    expect(entries()).toHaveLength(before + 2);

    const state = snapshot(desk.db);
    expect(refuse(desk.ctx, 'ledger.reverse', { id: refund.id, reason: '再来一次' })).toMatchObject({ code: 'ALREADY_EXISTS', field: 'id' });
    expect(refuse(desk.ctx, 'ledger.reverse', { id: reversal.id, reason: '再来一次' })).toMatchObject({ code: 'INVALID_TRANSITION', field: 'id' });
    expect(refuse(desk.ctx, 'ledger.reverse', { id: 'no-such-entry', reason: 'x' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(snapshot(desk.db)).toBe(state);
  });

  it('refuses a bad entry naming the field and the rule, and changes nothing', () => {
    const state = snapshot(desk.db);
    const good = { kind: 'refund', amountFen: 100, direction: 'pay', counterparty: BUAA, reason: '退款' } as const;
    expect(refuse(desk.ctx, 'ledger.add', { ...good, amountFen: 12.5 })).toMatchObject({ code: 'INVALID_INPUT', field: 'amountFen' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, amountFen: 0 })).toMatchObject({ code: 'INVALID_INPUT', field: 'amountFen' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, amountFen: -100 })).toMatchObject({ code: 'INVALID_INPUT', field: 'amountFen' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, reason: '' })).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, counterparty: '999999' })).toMatchObject({ code: 'NOT_FOUND', field: 'counterparty' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, counterparty: BUPT })).toMatchObject({ code: 'INVALID_INPUT', field: 'counterparty' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, counterparty: 'reader' })).toMatchObject({ code: 'INVALID_INPUT', field: 'readerId' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, counterparty: 'reader', readerId: 'r-ruc' })).toMatchObject({ code: 'NOT_FOUND', field: 'readerId' });
    expect(refuse(desk.ctx, 'ledger.add', { ...good, requestId: 'BY99999999' })).toMatchObject({ code: 'NOT_FOUND', field: 'requestId' });
    expect(snapshot(desk.db)).toBe(state);
  });

  it('a reader’s entry stays with the library: nothing for the hub', () => {
    const fine = call(desk.ctx, 'ledger.add', { kind: 'overdue_fine', amountFen: 300, direction: 'receive', counterparty: 'reader', readerId: 'r-ivanov', reason: '逾期三天' });
    expect(fine).toMatchObject({ payer: 'reader', payee: BUPT, readerId: 'r-ivanov' });
    expect(desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE type LIKE 'ledger.%'").get()).toEqual({ n: 0 });
  });
});

describe('the account log and the fee statistics', () => {
  it('per reader and per library, between two days, with titles and exact totals', () => {
    const first = onLoan();
    later(40);
    const second = onLoan();
    const log = call(desk.ctx, 'ledger.list', { readerId: 'r-wangqian' });
    expect(log.items.map((i) => [i.id, i.signedFen, i.title, i.author, i.readerName])).toEqual([
      [`service_fee:${second}`, 200, `数据库系统概论 ${n}`, '王珊', '王茜'],
      [`service_fee:${first}`, 200, `数据库系统概论 ${n - 1}`, '王珊', '王茜'],
    ]);
    expect(log).toMatchObject({ total: 2, receivedFen: 400, paidFen: 0, netFen: 400 });
    // Only the first month's.
    const november = call(desk.ctx, 'ledger.list', { readerId: 'r-wangqian', from: '2026-11-01', to: '2026-11-30' });
    expect(november.items.map((i) => i.id)).toEqual([`service_fee:${first}`]);
    // With 北航: the consortium paid it for its parcels (we are no party: 0 for us).
    const buaa = call(desk.ctx, 'ledger.list', { libraryCode: BUAA });
    expect(buaa.items.map((i) => [i.kind, i.signedFen])).toEqual([
      ['courier_cost', 0],
      ['courier_cost', 0],
    ]);
    const stats = call(desk.ctx, 'ledger.feeStats', { readerId: 'r-wangqian' });
    expect(stats.rows.map((r) => [r.requestId, r.status, r.feeFen])).toEqual([
      [second, 'LOANED', 200],
      [first, 'LOANED', 200],
    ]);
    expect(stats.totalFen).toBe(400);
    expect(refuse(desk.ctx, 'ledger.list', { from: '2026-12-01', to: '2026-11-01' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });
});

describe('the charts’ figures', () => {
  it('counts requests filled per month both ways and sums the money, per month and per partner', () => {
    const a = onLoan(); // 北邮 borrows from 北航 in November
    call(desk.ctx, 'request.return', { scan: `BH-${n}` });
    call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [a], courier: '顺丰速运', trackingNo: 'SF-SUM-1' });
    // 北邮 lends to 人大 in December.
    later(35);
    const lent = call(desk.as(RUC), 'request.create', { serviceType: 'loan', readerId: 'r-ruc', title: '操作系统' });
    call(desk.as(RUC), 'request.forward', { id: lent.id, lender: BUPT });
    call(desk.ctx, 'request.accept', { id: lent.id });
    call(desk.ctx, 'request.ship', { id: lent.id, courier: '顺丰速运', trackingNo: 'SF-SUM-2', itemBarcode: 'BY-SUM-2' });

    const summary = call(desk.ctx, 'fees.summary', { from: '2026-10', to: '2026-12' });
    expect(summary.months).toEqual([
      { month: '2026-10', borrowed: 0, lent: 0, receivedFen: 0, paidFen: 0 },
      // The reader's 2-yuan fee and the return parcel's 9 yuan from the consortium.
      { month: '2026-11', borrowed: 1, lent: 0, receivedFen: 200 + 900, paidFen: 0 },
      // Our parcel to 人大: 9 yuan from the consortium.
      { month: '2026-12', borrowed: 0, lent: 1, receivedFen: 900, paidFen: 0 },
    ]);
    // The busiest partners first; equally busy ones by code.
    expect(summary.partners.map((p) => [p.code, p.borrowed, p.lent])).toEqual([
      [RUC, 0, 1],
      [BUAA, 1, 0],
    ]);
    expect(refuse(desk.ctx, 'fees.summary', { from: '2026-12', to: '2026-10' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    expect(refuse(desk.ctx, 'fees.summary', { from: '2020-01', to: '2026-10' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
  });
});

describe('the demo’s money', () => {
  it('has last month’s statement with one difference of each kind, and the month before confirmed and agreeing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ill-demo-ledger-'));
    const db = ensureDemoStore(join(dir, 'demo.sqlite'), { now: '2026-11-28T06:00:00.000Z', seed: 7 });
    try {
      const ctx = deskContext(db);
      expect(call(ctx, 'statements.list', {}).map((s) => [s.month, s.status])).toEqual([
        ['2026-10', 'RECEIVED'],
        ['2026-09', 'CONFIRMED'],
      ]);
      const october = call(ctx, 'statement.get', { month: '2026-10' });
      expect(october.reconciliation.counts).toMatchObject({ onlyHub: 1, onlyHere: 1, differs: 1 });
      expect(october.reconciliation.counts.matched).toBeGreaterThan(10);
      const september = call(ctx, 'statement.get', { month: '2026-09' });
      expect(september.reconciliation.counts).toMatchObject({ onlyHub: 0, onlyHere: 0, differs: 0 });
      expect(september.reconciliation.hubTotals).toEqual(september.reconciliation.hereTotals);
      expect(september.statement!.totals).toEqual(september.reconciliation.hubTotals);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who may touch the money', () => {
  it('a clerk who is not a supervisor cannot add or reverse an entry, or confirm or dispute a statement; a supervisor can', async () => {
    const now = desk.clock.now;
    createClerk(desk.db, { login: 'wangjing', name: '王静', role: 'supervisor', password: 'supervisor-1' }, null, now);
    createClerk(desk.db, { login: 'liming', name: '李明', role: 'clerk', password: 'clerk-pass-2' }, 'wangjing', now);
    desk.db
      .prepare("INSERT INTO statements (month, library_code, status, data_json, updated_at) VALUES ('2026-10', ?, 'RECEIVED', '{}', ?)")
      .run(BUPT, now);
    const runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: () => desk.clock.now });
    try {
      runtime.signIn('liming', 'clerk-pass-2');
      const entry = { kind: 'refund', amountFen: 500, direction: 'pay', counterparty: BUAA, reason: '退款' };
      const before = snapshot(desk.db);
      for (const [name, input] of [
        ['ledger.add', entry],
        ['ledger.reverse', { id: 'any', reason: '冲销' }],
        ['statement.confirm', { month: '2026-10' }],
        ['statement.dispute', { month: '2026-10', comment: '补贴少算' }],
      ] as const) {
        expect(await runtime.dispatch(name, input), name).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_ONLY' } });
      }
      expect(snapshot(desk.db)).toBe(before);
      // The clerk still reads the account log and the statement.
      expect(await runtime.dispatch('ledger.list', {})).toMatchObject({ ok: true });
      expect(await runtime.dispatch('statement.get', { month: '2026-10' })).toMatchObject({ ok: true });

      await runtime.dispatch('clerk.signOut', {});
      runtime.signIn('wangjing', 'supervisor-1');
      expect(await runtime.dispatch('ledger.add', entry)).toMatchObject({ ok: true, value: { operator: 'wangjing', amountFen: 500 } });
      expect(await runtime.dispatch('statement.confirm', { month: '2026-10' })).toMatchObject({ ok: true, value: { status: 'CONFIRMED' } });
    } finally {
      await runtime.close();
      desk = makeDesk(); // the runtime closed the store; afterEach closes this one
    }
  });
});
