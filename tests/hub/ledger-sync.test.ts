// The fee ledger and monthly statements across a real hub (HTTP on 127.0.0.1, its own SQLite file)
// and real desk stores of two libraries (issue 6). The lender 北京航空航天大学 (B) charges 50 fen a
// day overdue and 8,000 fen for a lost book, and a parcel of it costs 1,200 fen; a parcel of the
// borrower 北京邮电大学 (A) costs 900; the consortium pays 500 fen per filled request. The hub makes
// the entries from the ops, each desk pulls the ones it is party to (never the others'), a desk's
// manual entry and reversal reach the hub, the hub's statement adds up to the fen and a desk
// confirms it once. A hub sending a ledger or statement change the desk must not take is refused,
// naming the field.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox } from '../../main/requests/ops';
import { syncOnce } from '../../main/sync/client';
import { CONSORTIUM, statementTotals, type LedgerEntry, type StatementData, type SyncLedgerEntry } from '../../shared/ledger';
import { resolveRules } from '../../shared/rules';
import { makeDesk, snapshot, type TestDesk } from '../fixtures/desk';
import { A, B, C, registerReader, submitAsReader, type TestHub } from './hubFixture';
import { closeThreeDesks, count, openThreeDesks, run, sync, syncClean, tick, type SyncedDesk } from './syncedDesk';

const exec = promisify(execFile);

let hub: TestHub;
let deskA: SyncedDesk;
let deskB: SyncedDesk;
let deskC: SyncedDesk;

const desks = () => [deskA, deskB, deskC];

beforeEach(async () => {
  ({ hub, deskA, deskB, deskC } = await openThreeDesks());
  const t = hub.clock.now.toISOString();
  await hub.store.upsertLibrary(
    { code: A, name: '北京邮电大学', shortName: '北邮', prefix: 'BY', active: true, rules: { courierCostFen: 900 } },
    t,
  );
  await hub.store.upsertLibrary(
    {
      code: B,
      name: '北京航空航天大学',
      shortName: '北航',
      prefix: 'BH',
      active: true,
      rules: { loanPeriodDays: 28, overdueFinePerDayFen: 50, courierCostFen: 1200, lostBookChargeFen: 8000 },
    },
    t,
  );
  await hub.store.setSubsidyFen(500, t);
});
afterEach(() => closeThreeDesks({ hub, deskA, deskB, deskC }));

/** The hub's ledger, as LedgerEntry values, by id. */
function hubLedger(): Map<string, SyncLedgerEntry> {
  const rows = hub.store.db.prepare('SELECT id FROM ledger_entries ORDER BY id').pluck().all() as string[];
  return new Map(rows.map((id) => [id, hub.store.ledger.entry(id)!]));
}

interface DeskEntryRow {
  id: string;
  kind: string;
  amount_fen: number;
  payer_code: string;
  payee_code: string;
  request_id: string | null;
  shipment_id: string | null;
  month: string;
  reverses_id: string | null;
  reason: string | null;
  source: string;
  state: string;
  made_by: string;
}

function deskLedger(d: SyncedDesk): Map<string, DeskEntryRow> {
  const rows = d.desk.db.prepare('SELECT * FROM ledger_entries ORDER BY id').all() as DeskEntryRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each desk holds exactly the hub's entries its library pays or is paid, with the hub's figures. */
function expectDesksAgreeWithHub(): void {
  const all = [...hubLedger().values()];
  for (const d of desks()) {
    const mine = all.filter((e) => e.payer === d.libraryCode || e.payee === d.libraryCode);
    const held = deskLedger(d);
    expect([...held.keys()].sort(), `entries at ${d.libraryCode}`).toEqual(mine.map((e) => e.id).sort());
    for (const e of mine) {
      expect(held.get(e.id), e.id).toMatchObject({
        kind: e.kind,
        amount_fen: e.amountFen,
        payer_code: e.payer,
        payee_code: e.payee,
        request_id: e.requestId,
        shipment_id: e.shipmentId,
        month: e.month,
        reverses_id: e.reversesId,
        state: e.state,
        made_by: e.madeBy,
      });
    }
  }
}

async function syncAll(): Promise<void> {
  for (const d of desks()) await syncClean(d);
}

/** A reader of A, approved by A's desk, submits a loan request; A forwards it to B, B accepts and ships. */
async function shippedLoan(login: string, title: string): Promise<{ id: string; barcode: string }> {
  const registered = await registerReader(hub.url, A, login);
  await syncClean(deskA);
  run(deskA, 'reader.approve', { id: registered.body.readerId });
  await syncClean(deskA);
  const submitted = await submitAsReader(hub.url, login, 'secret123', { title });
  expect(submitted.status).toBe(201);
  const id = submitted.body.id;
  await syncClean(deskA);
  run(deskA, 'request.forward', { id, lender: B });
  await syncClean(deskA);
  await syncClean(deskB);
  run(deskB, 'request.accept', { id });
  const barcode = `BH${id.slice(-6)}`;
  run(deskB, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${id.slice(-6)}`, itemBarcode: barcode });
  await syncClean(deskB);
  await syncClean(deskA);
  return { id, barcode };
}

/** Moves every clock to a Beijing day and hour (the desks act at that time). */
function setDay(isoInstant: string): void {
  const minutes = (Date.parse(isoInstant) - hub.clock.now.getTime()) / 60_000;
  expect(minutes).toBeGreaterThan(0);
  tick(hub, desks(), minutes);
}

describe('the fee ledger made by the hub from the ops, pulled by the parties', () => {
  it('a loan back late, a lost book, manual entries and a reversal; the month statements add up; A confirms once', async () => {
    await syncAll();
    // The desks have the rules the hub holds (B's fine, charge and parcel cost; A's parcel cost).
    expect(resolveRules(JSON.parse((deskA.desk.db.prepare('SELECT rules_json FROM libraries WHERE code = ?').get(B) as { rules_json: string }).rules_json))).toMatchObject({
      overdueFinePerDayFen: 50,
      lostBookChargeFen: 8000,
      courierCostFen: 1200,
    });

    // ---- November: two loans shipped by B (2 × parcel 1,200 + 2 × subsidy 500 to B)
    const late = await shippedLoan('ledgerreader1', '信息论基础');
    const lost = await shippedLoan('ledgerreader2', '编码理论');
    expect(hub.store.db.prepare('SELECT lender_due_date FROM requests WHERE id = ?').pluck().get(late.id)).toBe('2026-11-30');

    // A's reader has the first book and gives it back; A sends it home in a parcel (900 fen, the consortium pays A).
    run(deskA, 'request.checkIn', { scan: late.barcode });
    run(deskA, 'request.handOut', { id: late.id });
    run(deskA, 'request.checkIn', { scan: lost.barcode });
    run(deskA, 'request.handOut', { id: lost.id });
    tick(hub, desks(), 60 * 24 * 10);
    run(deskA, 'request.return', { scan: late.barcode });
    const parcel = run(deskA, 'shipment.create', { lenderCode: B, requestIds: [late.id], courier: '顺丰', trackingNo: 'SF9001' });
    await syncAll();

    const november = hubLedger();
    expect([...november.values()].map((e) => [e.id, e.kind, e.amountFen, e.payer, e.payee, e.month]).sort()).toEqual(
      [
        [`courier_cost:${late.id}:out`, 'courier_cost', 1200, CONSORTIUM, B, '2026-11'],
        [`courier_cost:${lost.id}:out`, 'courier_cost', 1200, CONSORTIUM, B, '2026-11'],
        [`subsidy:${late.id}`, 'subsidy', 500, CONSORTIUM, B, '2026-11'],
        [`subsidy:${lost.id}`, 'subsidy', 500, CONSORTIUM, B, '2026-11'],
        [`courier_cost:${parcel.id}`, 'courier_cost', 900, CONSORTIUM, A, '2026-11'],
      ].sort(),
    );
    expect(november.get(`subsidy:${late.id}`)).toMatchObject({ operator: 'bh01', source: 'event', requestId: late.id, readerId: null });
    expect(november.get(`courier_cost:${parcel.id}`)).toMatchObject({ operator: 'by01', shipmentId: parcel.id, requestId: null });
    expectDesksAgreeWithHub();
    // C is no party to any of it.
    expect(count(deskC, 'SELECT count(*) AS n FROM ledger_entries')).toBe(0);

    // ---- December: the first book reaches B on 5 December (Beijing), 5 days after B's due date 30 November.
    setDay('2026-12-05T02:00:00.000Z');
    run(deskB, 'request.complete', { scan: late.barcode });
    await syncClean(deskB);
    // The second book is lost at A on 8 December.
    setDay('2026-12-08T02:00:00.000Z');
    run(deskA, 'request.lose', { id: lost.id, reason: '读者遗失' });
    await syncAll();
    const december = [...hubLedger().values()].filter((e) => e.month === '2026-12');
    expect(december.map((e) => [e.id, e.kind, e.amountFen, e.payer, e.payee, e.operator])).toEqual(
      expect.arrayContaining([
        [`overdue_fine:${late.id}`, 'overdue_fine', 5 * 50, A, B, 'bh01'],
        [`lost_charge:${lost.id}`, 'lost_charge', 8000, A, B, 'by01'],
      ]),
    );
    expect(december).toHaveLength(2);
    expectDesksAgreeWithHub();

    // Nothing counts twice: the same ship or completion again is a noop and makes no entry.
    const before = hubLedger().size;
    run(deskA, 'request.note', { id: late.id, text: '已结清' });
    await syncAll();
    expect(hubLedger().size).toBe(before);

    // ---- A manual entry from A's desk (A receives 1,500 fen from the consortium) and B waives the fine.
    const manual = randomEntryId();
    const waiver = randomEntryId();
    outboxOp(deskA, 'ledger.add', manual, { kind: 'courier_cost', amountFen: 1500, payer: CONSORTIUM, payee: A, reason: '补录十一月加急快递费' });
    outboxOp(deskB, 'ledger.reverse', waiver, { reversesId: `overdue_fine:${late.id}`, reason: '北航免收逾期费' });
    await syncClean(deskA);
    await syncClean(deskB);
    // The consortium is to pay A: claimed until the center approves it (DESIGN §7); B's waiver of its
    // own fine takes money from B only, so it is in force at once.
    expect(hub.store.ledger.entry(manual)).toMatchObject({ kind: 'courier_cost', amountFen: 1500, payer: CONSORTIUM, payee: A, source: 'manual', reason: '补录十一月加急快递费', operator: 'by01', month: '2026-12', state: 'claimed', madeBy: A });
    expect(hub.store.ledger.entry(waiver)).toMatchObject({ kind: 'overdue_fine', amountFen: -250, payer: A, payee: B, requestId: late.id, reversesId: `overdue_fine:${late.id}`, source: 'manual', operator: 'bh01', state: 'in_force', madeBy: B });
    expect((await hub.store.approveLedgerEntry(manual, hub.clock.now.toISOString())).state).toBe('in_force');

    // A tries to reverse B's fine (B made it): FORBIDDEN, into A's sync problems; nothing changes at the hub.
    const size = hubLedger().size;
    outboxOp(deskA, 'ledger.reverse', randomEntryId(), { reversesId: `overdue_fine:${late.id}`, reason: '重复' });
    // … and an entry between two other libraries, a float, a negative amount and a library that does not exist.
    outboxOp(deskA, 'ledger.add', randomEntryId(), { kind: 'refund', amountFen: 100, payer: B, payee: C, reason: '代人记账' });
    outboxOp(deskA, 'ledger.add', randomEntryId(), { kind: 'refund', amountFen: 12.5, payer: A, payee: B, reason: '小数' });
    outboxOp(deskA, 'ledger.add', randomEntryId(), { kind: 'refund', amountFen: -100, payer: B, payee: A, reason: '负数' });
    outboxOp(deskA, 'ledger.add', randomEntryId(), { kind: 'refund', amountFen: 100, payer: A, payee: '299999', reason: '不存在的馆' });
    // B reverses its fine a second time (ALREADY_EXISTS) and reverses its own reversal (INVALID_TRANSITION).
    outboxOp(deskB, 'ledger.reverse', randomEntryId(), { reversesId: `overdue_fine:${late.id}`, reason: '重复' });
    outboxOp(deskB, 'ledger.reverse', randomEntryId(), { reversesId: waiver, reason: '撤销免收' });
    await sync(deskA);
    await sync(deskB);
    const problemsOf = (d: SyncedDesk) =>
      (d.desk.db.prepare('SELECT op_type, code, message FROM sync_problems ORDER BY desk_seq').all() as { op_type: string; code: string; message: string }[]).map((p) => [
        p.op_type,
        p.code,
        p.message.split(':')[0],
      ]);
    expect(problemsOf(deskA)).toEqual([
      ['ledger.reverse', 'FORBIDDEN', 'payload.reversesId'],
      ['ledger.add', 'INVALID_INPUT', 'payload.payer'],
      ['ledger.add', 'INVALID_INPUT', 'payload.amountFen'],
      ['ledger.add', 'INVALID_INPUT', 'payload.amountFen'],
      ['ledger.add', 'INVALID_INPUT', 'payload.payee'],
    ]);
    expect(problemsOf(deskB)).toEqual([
      ['ledger.reverse', 'ALREADY_EXISTS', 'payload.reversesId'],
      ['ledger.reverse', 'INVALID_TRANSITION', 'payload.reversesId'],
    ]);
    expect(hubLedger().size).toBe(size);
    for (const d of [deskA, deskB]) d.desk.db.prepare('DELETE FROM sync_problems').run();
    await syncAll();
    expectDesksAgreeWithHub();

    // ---- The statements, computed by the hub (the CLI's function) for November and December.
    tick(hub, desks(), 60 * 24 * 30);
    const runs = [...(await hub.store.computeStatements('2026-11', hub.clock.now.toISOString())), ...(await hub.store.computeStatements('2026-12', hub.clock.now.toISOString()))];
    const statementOf = (code: string, month: string): StatementData => runs.find((r) => r.libraryCode === code && r.data.month === month)!.data;
    // Every active library gets one, even with nothing in it.
    expect(runs.filter((r) => r.data.month === '2026-11').map((r) => r.libraryCode).sort()).toEqual([A, B, C].sort());

    expect(statementOf(B, '2026-11')).toMatchObject({
      subsidyRateFen: 500,
      filledAsLender: 2,
      filledAsBorrower: 0,
      totals: { subsidyFen: 1000, courierFen: 2400, chargesReceivedFen: 0, chargesPaidFen: 0, otherFen: 0, netFen: 3400 },
    });
    expect(statementOf(B, '2026-11').lines).toHaveLength(4);
    expect(statementOf(A, '2026-11')).toMatchObject({
      filledAsLender: 0,
      filledAsBorrower: 2,
      totals: { subsidyFen: 0, courierFen: 900, chargesReceivedFen: 0, chargesPaidFen: 0, otherFen: 0, netFen: 900 },
    });
    // December: the fine 250 and its reversal −250, the lost book 8,000, A's manual parcel 1,500.
    expect(statementOf(A, '2026-12')).toMatchObject({
      filledAsLender: 0,
      filledAsBorrower: 0,
      totals: { subsidyFen: 0, courierFen: 1500, chargesReceivedFen: 0, chargesPaidFen: 250 - 250 + 8000, otherFen: 0, netFen: 1500 - 8000 },
    });
    expect(statementOf(B, '2026-12').totals).toEqual({ subsidyFen: 0, courierFen: 0, chargesReceivedFen: 8000, chargesPaidFen: 0, otherFen: 0, netFen: 8000 });
    expect(statementOf(C, '2026-12')).toMatchObject({ lines: [], totals: { netFen: 0 } });
    // What a library receives, another pays: between A and B the charges net to zero.
    expect(statementOf(A, '2026-12').lines.filter((l) => l.payer !== CONSORTIUM && l.payee !== CONSORTIUM).map((l) => l.id).sort()).toEqual(
      statementOf(B, '2026-12').lines.map((l) => l.id).sort(),
    );

    // ---- The desks pull their own statements (and only theirs).
    await syncAll();
    const stored = (d: SyncedDesk, month: string) =>
      d.desk.db.prepare('SELECT status, comment, data_json FROM statements WHERE library_code = ? AND month = ?').get(d.libraryCode, month) as
        | { status: string; comment: string | null; data_json: string }
        | undefined;
    for (const d of desks()) {
      expect(count(d, 'SELECT count(*) AS n FROM statements')).toBe(2);
      expect(count(d, 'SELECT count(*) AS n FROM statements WHERE library_code <> ?', d.libraryCode)).toBe(0);
      for (const month of ['2026-11', '2026-12']) {
        const s = stored(d, month)!;
        expect(s.status).toBe('RECEIVED');
        expect(JSON.parse(s.data_json)).toEqual(statementOf(d.libraryCode, month));
        // The desk's own ledger for the month, as statement lines, totals to the hub's to the fen.
        const local = [...deskLedger(d).values()]
          .filter((e) => e.month === month)
          .map((e) => ({ kind: e.kind as LedgerEntry['kind'], payer: e.payer_code, payee: e.payee_code, amountFen: e.amount_fen }));
        expect(statementTotals(d.libraryCode, local), `${d.libraryCode} ${month}`).toEqual(statementOf(d.libraryCode, month).totals);
        // The reconciliation screen's view: every line matched, both sides' totals equal to the fen.
        const view = run(d, 'statement.get', { month });
        expect(view.reconciliation.counts, `${d.libraryCode} ${month}`).toEqual({ matched: statementOf(d.libraryCode, month).lines.length, onlyHub: 0, onlyHere: 0, differs: 0 });
        expect(view.reconciliation.hereTotals).toEqual(view.reconciliation.hubTotals);
        expect(view.reconciliation.hubTotals).toEqual(statementOf(d.libraryCode, month).totals);
      }
    }

    // ---- A planted difference at A: a line the desk lost and an amount changed by hand in its store.
    {
      const lines = statementOf(A, '2026-12').lines;
      const lost = lines[0]!;
      const changed = lines[1]!;
      const saved = deskA.desk.db.prepare('SELECT * FROM ledger_entries WHERE id IN (?, ?)').all(lost.id, changed.id) as Record<string, unknown>[];
      deskA.desk.db.prepare('DELETE FROM ledger_entries WHERE id = ?').run(lost.id);
      deskA.desk.db.prepare('UPDATE ledger_entries SET amount_fen = amount_fen + 1 WHERE id = ?').run(changed.id);
      const view = run(deskA, 'statement.get', { month: '2026-12' });
      expect(view.reconciliation.counts).toEqual({ matched: lines.length - 2, onlyHub: 1, onlyHere: 0, differs: 1 });
      const rowOf = (id: string) => view.reconciliation.rows.find((r) => r.id === id)!;
      const sign = (l: { payer: string; payee: string }) => (l.payee === A ? 1 : l.payer === A ? -1 : 0);
      expect(rowOf(lost.id)).toMatchObject({ state: 'onlyHub', here: null, differenceFen: -sign(lost) * lost.amountFen });
      expect(rowOf(changed.id)).toMatchObject({ state: 'differs', differenceFen: sign(changed) * 1 });
      expect(view.reconciliation.hereTotals.netFen - view.reconciliation.hubTotals.netFen).toBe(-sign(lost) * lost.amountFen + sign(changed));
      // Put back as the hub has them (the next pull would too).
      deskA.desk.db.prepare('DELETE FROM ledger_entries WHERE id IN (?, ?)').run(lost.id, changed.id);
      const insert = deskA.desk.db.prepare(`INSERT INTO ledger_entries (${Object.keys(saved[0]!).join(', ')}) VALUES (${Object.keys(saved[0]!).map((k) => `@${k}`).join(', ')})`);
      for (const row of saved) insert.run(row);
      expect(run(deskA, 'statement.get', { month: '2026-12' }).reconciliation.counts.matched).toBe(lines.length);
    }

    // ---- A confirms December through its push; a second confirm or a dispute is refused.
    run(deskA, 'statement.confirm', { month: '2026-12' });
    await syncClean(deskA);
    expect(hub.store.ledger.statement(A, '2026-12')).toMatchObject({ status: 'CONFIRMED', comment: null });
    expect(stored(deskA, '2026-12')!.status).toBe('CONFIRMED');
    const entity = `${A}:2026-12`;
    outboxOp(deskA, 'statement.confirm', entity, { month: '2026-12' });
    outboxOp(deskA, 'statement.dispute', entity, { month: '2026-12', comment: '再议' });
    // B disputes its November statement (with a comment), which it may; and cannot touch A's.
    run(deskB, 'statement.dispute', { month: '2026-11', comment: '十一月补贴少算一笔' });
    outboxOp(deskB, 'statement.confirm', entity, { month: '2026-12' });
    await sync(deskA);
    await sync(deskB);
    const refusals = (d: SyncedDesk) => (d.desk.db.prepare('SELECT op_type, code FROM sync_problems ORDER BY desk_seq').all() as { op_type: string; code: string }[]).map((p) => [p.op_type, p.code]);
    expect(refusals(deskA)).toEqual([
      ['statement.confirm', 'INVALID_TRANSITION'],
      ['statement.dispute', 'INVALID_TRANSITION'],
    ]);
    expect(refusals(deskB)).toEqual([['statement.confirm', 'NOT_FOUND']]);
    expect(hub.store.ledger.statement(A, '2026-12')).toMatchObject({ status: 'CONFIRMED' });
    expect(hub.store.ledger.statement(B, '2026-11')).toMatchObject({ status: 'DISPUTED', comment: '十一月补贴少算一笔' });
    expect(stored(deskB, '2026-11')).toMatchObject({ status: 'DISPUTED', comment: '十一月补贴少算一笔' });

    // A recompute keeps A's confirmed December unless forced; B's disputed November is RECEIVED again with the new figures.
    const again = await hub.store.computeStatements('2026-12', hub.clock.now.toISOString());
    expect(again.find((r) => r.libraryCode === A)!.outcome).toBe('kept');
    const renewed = await hub.store.computeStatements('2026-11', hub.clock.now.toISOString());
    expect(renewed.find((r) => r.libraryCode === B)!.outcome).toBe('computed');
    await sync(deskB);
    expect(stored(deskB, '2026-11')).toMatchObject({ status: 'RECEIVED', comment: null });
    expect(hub.store.ledger.statement(A, '2026-12')).toMatchObject({ status: 'CONFIRMED' });
    // Forced, the confirmed one is computed again and goes back to RECEIVED, at the desk too.
    const forced = await hub.store.computeStatements('2026-12', hub.clock.now.toISOString(), { force: true });
    expect(forced.find((r) => r.libraryCode === A)!.outcome).toBe('computed');
    await sync(deskA);
    expect(stored(deskA, '2026-12')!.status).toBe('RECEIVED');
  });

  it('a decision on figures the hub has since computed again is refused; on the new figures it is applied', async () => {
    await syncAll();
    await shippedLoan('stalereader1', '过期的账单');
    const month = hub.clock.now.toISOString().slice(0, 7);
    await hub.store.computeStatements(month, hub.clock.now.toISOString());
    await syncClean(deskB);
    // The hub computes the month again (a late entry came in) before B's supervisor decides.
    tick(hub, desks(), 5);
    await hub.store.computeStatements(month, hub.clock.now.toISOString());
    run(deskB, 'statement.confirm', { month });
    await sync(deskB);
    const problem = deskB.desk.db.prepare("SELECT code, message FROM sync_problems WHERE op_type = 'statement.confirm'").get() as { code: string; message: string };
    expect(problem.code).toBe('INVALID_TRANSITION');
    expect(problem.message).toContain('payload.computedAt');
    expect(hub.store.ledger.statement(B, month)).toMatchObject({ status: 'RECEIVED' });
    // With the new figures pulled, the same decision goes through.
    await sync(deskB);
    run(deskB, 'statement.confirm', { month });
    await sync(deskB);
    expect(hub.store.ledger.statement(B, month)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('a supervisor’s fee table goes to the hub’s directory: every desk and the hub’s ledger use the new rate', async () => {
    await syncAll();
    run(deskB, 'rules.set', { courierCostFen: 1500, overdueFinePerDayFen: 80 });
    await syncClean(deskB);
    expect(hub.store.db.prepare('SELECT rules_json FROM libraries WHERE code = ?').pluck().get(B)).toBe(
      JSON.stringify({ loanPeriodDays: 28, overdueFinePerDayFen: 80, courierCostFen: 1500, lostBookChargeFen: 8000 }),
    );
    await syncClean(deskA);
    expect(run(deskA, 'rules.get', { libraryCode: B })).toMatchObject({ courierCostFen: 1500, overdueFinePerDayFen: 80, lostBookChargeFen: 8000 });
    // The next parcel B ships costs the new rate at the hub and on B's desk alike.
    const { id } = await shippedLoan('feereader1', '新费率');
    expect(hubLedger().get(`courier_cost:${id}:out`)).toMatchObject({ amountFen: 1500, payee: B });
    expect(deskLedger(deskB).get(`courier_cost:${id}:out`)).toMatchObject({ amount_fen: 1500 });
    // A desk cannot set another library's rules: refused by the hub, the directory unchanged.
    outboxOp(deskA, 'library.rules', B, { courierCostFen: 1 });
    await sync(deskA);
    expect(deskA.desk.db.prepare("SELECT code, message FROM sync_problems WHERE op_type = 'library.rules'").get()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('entityId') });
    expect(hub.store.db.prepare('SELECT rules_json FROM libraries WHERE code = ?').pluck().get(B)).toContain('"courierCostFen":1500');
  });

  it('the command line sets the subsidy and computes the statements while the hub serves; the desk pulls its statement', async () => {
    const cli = (...args: string[]) => exec(process.execPath, ['--import', 'tsx', 'hub/cli.ts', ...args, '--db', hub.file], { cwd: process.cwd(), timeout: 60_000 });
    expect(JSON.parse((await cli('config')).stdout)).toEqual({ subsidyFen: 500 });
    expect(JSON.parse((await cli('config', '--subsidy-fen', '700')).stdout)).toEqual({ subsidyFen: 700 });
    await expect(cli('config', '--subsidy-fen', '7.5')).rejects.toMatchObject({ code: 2 });
    const { id } = await shippedLoan('ledgercli', '纠错码');
    expect(hub.store.ledger.entry(`subsidy:${id}`)).toMatchObject({ amountFen: 700, payee: B });
    const out = (await cli('statement', '--month', '2026-11')).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out.find((r) => r.libraryCode === B)).toEqual({ libraryCode: B, outcome: 'computed', lines: 2, filledAsLender: 1, filledAsBorrower: 0, netFen: 1200 + 700 });
    await syncClean(deskB);
    const data = JSON.parse(deskB.desk.db.prepare("SELECT data_json FROM statements WHERE month = '2026-11'").pluck().get() as string) as StatementData;
    expect(data).toMatchObject({ subsidyRateFen: 700, filledAsLender: 1, totals: { subsidyFen: 700, courierFen: 1200, netFen: 1900 } });
  });

  it('the hub refuses a statement op for a month with no statement, for another library, or with a name that is not <library>:<month>', async () => {
    outboxOp(deskA, 'statement.confirm', `${A}:2026-10`, { month: '2026-10' });
    outboxOp(deskA, 'statement.confirm', '2026-10', { month: '2026-10' });
    outboxOp(deskA, 'statement.dispute', `${A}:2026-10`, { month: '2026-09', comment: '月份不符' });
    await sync(deskA);
    const problems = deskA.desk.db.prepare('SELECT code, message FROM sync_problems ORDER BY desk_seq').all() as { code: string; message: string }[];
    expect(problems.map((p) => [p.code, p.message.split(':')[0]])).toEqual([
      ['NOT_FOUND', 'entityId'],
      ['INVALID_INPUT', 'entityId'],
      ['INVALID_INPUT', 'payload.month'],
    ]);
  });
});

function randomEntryId(): string {
  return crypto.randomUUID();
}

/** An op put straight into a desk's outbox, as its services (or a confused desk) would send it. */
function outboxOp(d: SyncedDesk, type: string, entityId: string, payload: Record<string, unknown>): void {
  const ctx = d.desk.ctx;
  d.desk.db.transaction(() => appendOutbox(ctx, { type: type as never, entityId, baseVersion: null, payload }, ctx.now()))();
}

// ---- a hostile hub -------------------------------------------------------------------------------

describe('a hostile hub sending ledger and statement changes', () => {
  let server: Server;
  let desk: TestDesk;
  let page: unknown;

  beforeEach(async () => {
    desk = makeDesk();
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      req.resume();
      req.on('end', () => {
        const body =
          path === '/v1/health'
            ? { ok: true, hubTime: new Date().toISOString() }
            : path === '/v1/sync/push'
              ? { results: [], ackedDeskSeq: 0, hubTime: new Date().toISOString() }
              : path === '/v1/sync/pull'
                ? page
                : { numbers: [] };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    desk.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const OURS = '211130';
  const entry = (over: Record<string, unknown> = {}) => ({
    id: 'overdue_fine:BY00000070',
    kind: 'overdue_fine',
    amountFen: 250,
    payer: OURS,
    payee: '211060',
    requestId: 'BY00000070',
    shipmentId: null,
    readerId: null,
    operator: 'bh01',
    createdAt: '2026-12-05T02:00:00.000Z',
    month: '2026-12',
    reversesId: null,
    reason: null,
    source: 'event',
    state: 'in_force',
    madeBy: '211060',
    dispute: null,
    ...over,
  });
  const line = { id: 'overdue_fine:BY00000070', kind: 'overdue_fine', amountFen: 250, payer: OURS, payee: '211060', requestId: 'BY00000070', shipmentId: null, createdAt: '2026-12-05T02:00:00.000Z', reversesId: null };
  const statement = (over: Record<string, unknown> = {}) => ({
    month: '2026-12',
    libraryCode: OURS,
    subsidyRateFen: 500,
    filledAsLender: 0,
    filledAsBorrower: 1,
    lines: [line],
    totals: { subsidyFen: 0, courierFen: 0, chargesReceivedFen: 0, chargesPaidFen: 250, otherFen: 0, netFen: -250 },
    computedAt: '2027-01-01T02:00:00.000Z',
    status: 'RECEIVED',
    comment: null,
    updatedAt: '2027-01-01T02:00:00.000Z',
    ...over,
  });
  const pageOf = (kind: string, id: string, data: unknown) => ({ changes: [{ seq: 1, kind, id, version: 1, data }], cursor: 'c1', more: false, ackedDeskSeq: 0 });
  const conn = () => ({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', deskId: 'desk-bupt-1' });

  it('takes a good ledger entry and statement (the control)', async () => {
    page = { ...pageOf('ledger', entry().id, entry()), changes: [pageOf('ledger', entry().id, entry()).changes[0], { seq: 2, kind: 'statement', id: `${OURS}:2026-12`, version: 1, data: statement() }] };
    await syncOnce(desk.ctx, conn(), { timeoutMs: 2000 });
    expect(desk.db.prepare('SELECT amount_fen, payer_code, payee_code, month FROM ledger_entries WHERE id = ?').get(entry().id)).toEqual({ amount_fen: 250, payer_code: OURS, payee_code: '211060', month: '2026-12' });
    expect(desk.db.prepare('SELECT status FROM statements WHERE library_code = ? AND month = ?').get(OURS, '2026-12')).toEqual({ status: 'RECEIVED' });
  });

  const hostile: [string, () => unknown, string][] = [
    ['an entry between two other libraries', () => pageOf('ledger', entry().id, entry({ payer: '211010' })), 'changes.0.data.payer'],
    ['an amount that is not whole fen', () => pageOf('ledger', entry().id, entry({ amountFen: 12.5 })), 'changes.0.data.amountFen'],
    ['an amount as text', () => pageOf('ledger', entry().id, entry({ amountFen: '250' })), 'changes.0.data.amountFen'],
    ['a reader named on an entry between libraries', () => pageOf('ledger', entry().id, entry({ readerId: 'r-wangqian' })), 'changes.0.data.readerId'],
    ['a month that is not the entry’s', () => pageOf('ledger', entry().id, entry({ month: '2026-11' })), 'changes.0.data.month'],
    ['an unknown key', () => pageOf('ledger', entry().id, entry({ colour: 'red' })), 'changes.0.data.colour'],
    ['an entry under another id', () => pageOf('ledger', 'other', entry()), 'changes.0.data.id'],
    ['an entry in no known state', () => pageOf('ledger', entry().id, entry({ state: 'paid' })), 'changes.0.data.state'],
    ['an entry made by a library that is no party to it', () => pageOf('ledger', entry().id, entry({ madeBy: '211010' })), 'changes.0.data.madeBy'],
    ['a dispute by the library that is paid', () => pageOf('ledger', entry().id, entry({ state: 'claimed', dispute: { comment: '不认', at: '2026-12-06T02:00:00.000Z', by: '211060', clerk: null } })), 'changes.0.data.dispute.by'],
    ['another library’s statement', () => pageOf('statement', `211060:2026-12`, statement({ libraryCode: '211060' })), 'changes.0.data.libraryCode'],
    ['a statement whose totals do not add up', () => pageOf('statement', `${OURS}:2026-12`, statement({ totals: { ...statement().totals, netFen: 250 } })), 'changes.0.data.totals.netFen'],
    ['a statement line between other libraries', () => pageOf('statement', `${OURS}:2026-12`, statement({ lines: [{ ...line, payer: '211010' }] })), 'changes.0.data.lines.0.payer'],
    ['a statement with an unknown status', () => pageOf('statement', `${OURS}:2026-12`, statement({ status: 'PAID' })), 'changes.0.data.status'],
    ['a statement with a negative filled count', () => pageOf('statement', `${OURS}:2026-12`, statement({ filledAsLender: -1 })), 'changes.0.data.filledAsLender'],
  ];

  it('takes a later copy of an entry that moves only its state and dispute; refuses one that changes its amount; an older copy changes nothing', async () => {
    let seq = 0;
    const claim = (version: number, over: Record<string, unknown> = {}) => ({
      ...pageOf('ledger', entry().id, entry({ source: 'manual', state: 'claimed', reason: '逾期', ...over })),
      changes: [{ seq: ++seq, kind: 'ledger', id: entry().id, version, data: entry({ source: 'manual', state: 'claimed', reason: '逾期', ...over }) }],
    });
    const held = () => desk.db.prepare('SELECT state, amount_fen, dispute_comment, hub_version FROM ledger_entries WHERE id = ?').get(entry().id);
    page = claim(1);
    await syncOnce(desk.ctx, conn(), { timeoutMs: 2000 });
    expect(held()).toEqual({ state: 'claimed', amount_fen: 250, dispute_comment: null, hub_version: 1 });
    page = claim(2, { dispute: { comment: '不认', at: '2026-12-06T02:00:00.000Z', by: OURS, clerk: 'by01' } });
    await syncOnce(desk.ctx, conn(), { timeoutMs: 2000 });
    expect(held()).toEqual({ state: 'claimed', amount_fen: 250, dispute_comment: '不认', hub_version: 2 });
    page = claim(3, { state: 'in_force' });
    await syncOnce(desk.ctx, conn(), { timeoutMs: 2000 });
    expect(held()).toEqual({ state: 'in_force', amount_fen: 250, dispute_comment: null, hub_version: 3 });
    for (const [key, value] of [
      ['amountFen', 2_500_000],
      ['requestId', 'BY00000071'],
      ['reason', '改了原因'],
    ] as const) {
      page = claim(4, { state: 'in_force', [key]: value });
      const before = snapshot(desk.db);
      await expect(syncOnce(desk.ctx, conn(), { timeoutMs: 2000 }), key).rejects.toMatchObject({ field: `changes.0.data.${key}` });
      expect(snapshot(desk.db)).toBe(before);
    }
    // A copy older than the one held (a stale page of the feed) changes nothing.
    page = claim(2);
    await syncOnce(desk.ctx, conn(), { timeoutMs: 2000 });
    expect(held()).toEqual({ state: 'in_force', amount_fen: 250, dispute_comment: null, hub_version: 3 });
  });

  for (const [what, make, field] of hostile) {
    it(`refuses ${what}, naming ${field}; the store is unchanged`, async () => {
      page = make();
      const before = snapshot(desk.db);
      await expect(syncOnce(desk.ctx, conn(), { timeoutMs: 2000 })).rejects.toMatchObject({ field });
      expect(snapshot(desk.db)).toBe(before);
    });
  }
});
