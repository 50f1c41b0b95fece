// Issue 12, item 2 (DESIGN §7 "Trust between libraries"): money between libraries needs the
// payer's consent. Real desks of 北邮 (A), 北航 (B) and 北大 (C) against a real hub over HTTP: what
// one library claims from another is `claimed` — shown apart, counted nowhere — until the payer's
// desk accepts it (or the center approves it); the payer may dispute it and the maker sees the
// comment; only the maker (or the center) reverses an entry, so C cannot undo what A charged it and
// a borrower cannot undo the lender's lost-book charge; a reversal of a claimed entry withdraws it;
// amounts are positive fen, and ten million yuan claimed from another library counts for nothing
// until that library says yes.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox } from '../../main/requests/ops';
import { CONSORTIUM, type SyncLedgerEntry } from '../../shared/ledger';
import { A, B, C, registerReader, submitAsReader, type TestHub } from './hubFixture';
import { closeThreeDesks, openThreeDesks, refused, run, sync, syncClean, type SyncedDesk } from './syncedDesk';

const exec = promisify(execFile);

let hub: TestHub;
let deskA: SyncedDesk;
let deskB: SyncedDesk;
let deskC: SyncedDesk;
const desks = () => [deskA, deskB, deskC];

beforeEach(async () => {
  ({ hub, deskA, deskB, deskC } = await openThreeDesks());
  await hub.store.upsertLibrary(
    { code: B, name: '北京航空航天大学', shortName: '北航', prefix: 'BH', active: true, rules: { loanPeriodDays: 28, lostBookChargeFen: 8000 } },
    hub.clock.now.toISOString(),
  );
  for (const d of desks()) await syncClean(d);
});
afterEach(() => closeThreeDesks({ hub, deskA, deskB, deskC }));

const month = () => hub.clock.now.toISOString().slice(0, 7);
const hubEntry = (id: string): SyncLedgerEntry => hub.store.ledger.entry(id)!;
const deskEntry = (d: SyncedDesk, id: string) =>
  d.desk.db.prepare('SELECT state, made_by, dispute_comment, dispute_by, hub_version, amount_fen FROM ledger_entries WHERE id = ?').get(id) as
    | { state: string; made_by: string; dispute_comment: string | null; dispute_by: string | null; hub_version: number | null; amount_fen: number }
    | undefined;

/** An op put straight into a desk's outbox, as a confused or hostile desk would send it. */
function outboxOp(d: SyncedDesk, type: string, entityId: string, payload: Record<string, unknown>): void {
  const ctx = d.desk.ctx;
  d.desk.db.transaction(() => appendOutbox(ctx, { type: type as never, entityId, baseVersion: null, payload }, ctx.now()))();
}

/** The desk's sync problems as (op, code, field), cleared once read so the next syncClean sees only new ones. */
function problems(d: SyncedDesk): [string, string, string][] {
  const rows = d.desk.db.prepare('SELECT op_type, code, message FROM sync_problems ORDER BY desk_seq').all() as { op_type: string; code: string; message: string }[];
  d.desk.db.prepare('DELETE FROM sync_problems').run();
  return rows.map((p) => [p.op_type, p.code, p.message.split(':')[0]!]);
}

/** Each library's statement for the month, as the hub computes it now. */
async function statements(): Promise<Map<string, { lines: string[]; netFen: number }>> {
  const runs = await hub.store.computeStatements(month(), hub.clock.now.toISOString(), { force: true });
  return new Map(runs.map((r) => [r.libraryCode, { lines: r.data.lines.map((l) => l.id), netFen: r.data.totals.netFen }]));
}

/** The ledger changes a desk pulls, straight from the hub, as (id, version, state). */
async function ledgerFeed(d: SyncedDesk): Promise<[string, number, unknown][]> {
  const answer = await fetch(`${hub.url}/v1/sync/pull?limit=5000`, { headers: { authorization: `Bearer ${d.conn.token}` } });
  const body = (await answer.json()) as { changes: { kind: string; id: string; version: number; data: { state: unknown } }[] };
  return body.changes.filter((c) => c.kind === 'ledger').map((c) => [c.id, c.version, c.data.state]);
}

describe('money claimed from another library waits for its consent', () => {
  it('10 million yuan claimed from B counts nowhere; B disputes one claim and accepts another; only accepted entries reach the statements', async () => {
    // A claims ten million yuan from B (straight to the hub, as the attack did: the desk takes at
    // most a million) and a fair 12.00 yuan at its desk.
    const huge = { id: randomUUID() };
    outboxOp(deskA, 'ledger.add', huge.id, { kind: 'lost_charge', amountFen: 1_000_000_000, payer: B, payee: A, reason: '天价赔偿' });
    const fair = run(deskA, 'ledger.add', { kind: 'overdue_fine', amountFen: 1200, direction: 'receive', counterparty: B, reason: '逾期 24 天' });
    expect(fair.state).toBe('claimed');
    // A negative amount cannot be entered at the desk …
    expect(refused(deskA, 'ledger.add', { kind: 'refund', amountFen: -500, direction: 'pay', counterparty: B, reason: '负数' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'amountFen',
    });
    // … nor pushed to the hub, nor 0.
    outboxOp(deskA, 'ledger.add', randomUUID(), { kind: 'refund', amountFen: -1_000_000_000, payer: B, payee: A, reason: '负数' });
    outboxOp(deskA, 'ledger.add', randomUUID(), { kind: 'refund', amountFen: 0, payer: A, payee: B, reason: '零' });
    await sync(deskA);
    expect(problems(deskA)).toEqual([
      ['ledger.add', 'INVALID_INPUT', 'payload.amountFen'],
      ['ledger.add', 'INVALID_INPUT', 'payload.amountFen'],
    ]);
    await syncClean(deskA);

    expect(hubEntry(huge.id)).toMatchObject({ state: 'claimed', madeBy: A, amountFen: 1_000_000_000, payer: B, payee: A, dispute: null });
    // Counted nowhere: not in A's totals, not in B's, not in the month's statements.
    expect(run(deskA, 'ledger.list', { libraryCode: B })).toMatchObject({ receivedFen: 0, paidFen: 0, netFen: 0, claimed: 2, total: 2 });
    expect((await statements()).get(A)).toEqual({ lines: [], netFen: 0 });
    expect((await statements()).get(B)).toEqual({ lines: [], netFen: 0 });
    expect(run(deskA, 'fees.summary', { from: month(), to: month() }).months[0]).toMatchObject({ receivedFen: 0, paidFen: 0 });

    // B's desk pulls both as claimed from it, to accept or dispute; A sees them waiting for B.
    await syncClean(deskB);
    expect(run(deskB, 'ledger.claims', {}).toAccept.map((e) => e.id).sort()).toEqual([huge.id, fair.id].sort());
    expect(run(deskB, 'ledger.claims', {}).awaiting).toEqual([]);
    expect(run(deskA, 'ledger.claims', {}).awaiting.map((e) => e.id).sort()).toEqual([huge.id, fair.id].sort());
    expect(run(deskB, 'ledger.list', { libraryCode: A })).toMatchObject({ paidFen: 0, netFen: 0, claimed: 2 });
    expect(run(deskB, 'ledger.feeStats', {}).totalFen).toBe(0);

    // Only the payer answers: A accepting its own claim is refused at its desk and at the hub.
    expect(refused(deskA, 'ledger.accept', { id: huge.id })).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    outboxOp(deskA, 'ledger.accept', huge.id, {});
    outboxOp(deskC, 'ledger.accept', huge.id, {});
    await sync(deskA);
    await sync(deskC);
    expect(problems(deskA)).toEqual([['ledger.accept', 'FORBIDDEN', 'entityId']]);
    expect(problems(deskC)).toEqual([['ledger.accept', 'NOT_FOUND', 'entityId']]);
    expect(hubEntry(huge.id).state).toBe('claimed');

    // B disputes the huge one (it stays claimed; A sees the comment) and accepts the fair one.
    run(deskB, 'ledger.dispute', { id: huge.id, comment: '未收到该书的丢失通知，不予确认' });
    run(deskB, 'ledger.accept', { id: fair.id });
    await syncClean(deskB);
    expect(hubEntry(huge.id)).toMatchObject({ state: 'claimed', dispute: { comment: '未收到该书的丢失通知，不予确认', by: B, clerk: 'bh01' } });
    expect(hubEntry(fair.id).state).toBe('in_force');
    // Each state change went out again with a higher version, to payer and payee.
    for (const d of [deskA, deskB]) {
      expect(await ledgerFeed(d)).toEqual(expect.arrayContaining([[huge.id, 2, 'claimed'], [fair.id, 2, 'in_force']]));
    }
    expect(await ledgerFeed(deskC)).toEqual([]);
    await syncClean(deskA);
    expect(deskEntry(deskA, huge.id)).toMatchObject({ state: 'claimed', dispute_comment: '未收到该书的丢失通知，不予确认', dispute_by: B, hub_version: 2 });
    expect(deskEntry(deskA, fair.id)).toMatchObject({ state: 'in_force', hub_version: 2 });
    expect(run(deskA, 'ledger.claims', {}).awaiting).toEqual([expect.objectContaining({ id: huge.id, dispute: expect.objectContaining({ comment: '未收到该书的丢失通知，不予确认' }) })]);
    expect(run(deskB, 'ledger.claims', {}).toAccept.map((e) => e.id)).toEqual([huge.id]);

    // Now the fair one counts, on both desks and in both statements; the huge one still does not.
    expect(run(deskA, 'ledger.list', { libraryCode: B })).toMatchObject({ receivedFen: 1200, netFen: 1200, claimed: 1 });
    expect(run(deskB, 'ledger.list', { libraryCode: A })).toMatchObject({ paidFen: 1200, netFen: -1200, claimed: 1 });
    const counted = await statements();
    expect(counted.get(A)).toEqual({ lines: [fair.id], netFen: 1200 });
    expect(counted.get(B)).toEqual({ lines: [fair.id], netFen: -1200 });
    // B's reconciliation matches the hub's statement line for line.
    await syncClean(deskB);
    expect(run(deskB, 'statement.get', { month: month() }).reconciliation.counts).toEqual({ matched: 1, onlyHub: 0, onlyHere: 0, differs: 0 });

    // An accepted entry cannot be disputed any more: the maker reverses it if it was wrong.
    outboxOp(deskB, 'ledger.dispute', fair.id, { comment: '晚了' });
    await sync(deskB);
    expect(problems(deskB)).toEqual([['ledger.dispute', 'INVALID_TRANSITION', 'entityId']]);
  });

  it('what a library pays is in force at once; what the consortium is to pay waits for the center (hub ledger approve / reverse, while serving)', async () => {
    const paying = run(deskA, 'ledger.add', { kind: 'refund', amountFen: 300, direction: 'pay', counterparty: B, reason: '退还多收运费' });
    const fromConsortium = run(deskA, 'ledger.add', { kind: 'courier_cost', amountFen: 1500, direction: 'receive', counterparty: CONSORTIUM, reason: '加急快递' });
    expect([paying.state, fromConsortium.state]).toEqual(['in_force', 'claimed']);
    await syncClean(deskA);
    expect(hubEntry(paying.id).state).toBe('in_force');
    expect(hubEntry(fromConsortium.id).state).toBe('claimed');
    expect((await statements()).get(A)!.lines).toEqual([paying.id]);

    const cli = (...args: string[]) => exec(process.execPath, ['--import', 'tsx', 'hub/cli.ts', ...args, '--db', hub.file], { cwd: process.cwd(), timeout: 60_000 });
    const approved = JSON.parse((await cli('ledger', 'approve', '--id', fromConsortium.id)).stdout) as SyncLedgerEntry;
    expect(approved).toMatchObject({ id: fromConsortium.id, state: 'in_force', madeBy: A });
    await expect(cli('ledger', 'approve', '--id', fromConsortium.id)).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('INVALID_TRANSITION') });
    await syncClean(deskA);
    expect(deskEntry(deskA, fromConsortium.id)).toMatchObject({ state: 'in_force', hub_version: 2 });
    expect((await statements()).get(A)!.lines.sort()).toEqual([paying.id, fromConsortium.id].sort());

    // The center reverses any entry, in force at once; the desks pull the reversal.
    const reversal = JSON.parse((await cli('ledger', 'reverse', '--id', paying.id, '--reason', '中心核定：重复退款')).stdout) as SyncLedgerEntry;
    expect(reversal).toMatchObject({ reversesId: paying.id, amountFen: -300, state: 'in_force', madeBy: CONSORTIUM, reason: '中心核定：重复退款' });
    await syncClean(deskA);
    await syncClean(deskB);
    expect(deskEntry(deskB, reversal.id)).toMatchObject({ state: 'in_force', made_by: CONSORTIUM, amount_fen: -300 });
    expect(run(deskB, 'ledger.list', { libraryCode: A })).toMatchObject({ receivedFen: 0, netFen: 0 });
    await expect(cli('ledger', 'reverse', '--id', paying.id)).rejects.toMatchObject({ code: 2 });
  });
});

describe('only the library that made an entry reverses it', () => {
  it('C cannot reverse what A charged it (FORBIDDEN at the desk and at the hub); A can, and a claimed entry reversed is withdrawn', async () => {
    const charge = run(deskA, 'ledger.add', { kind: 'overdue_fine', amountFen: 900, direction: 'receive', counterparty: C, reason: '逾期 18 天' });
    await syncClean(deskA);
    await syncClean(deskC);
    run(deskC, 'ledger.accept', { id: charge.id });
    await syncClean(deskC);
    expect(hubEntry(charge.id).state).toBe('in_force');

    expect(refused(deskC, 'ledger.reverse', { id: charge.id, reason: '不认' })).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    outboxOp(deskC, 'ledger.reverse', randomUUID(), { reversesId: charge.id, reason: '不认' });
    await sync(deskC);
    expect(problems(deskC)).toEqual([['ledger.reverse', 'FORBIDDEN', 'payload.reversesId']]);
    expect(hub.store.db.prepare('SELECT count(*) FROM ledger_entries WHERE reverses_id = ?').pluck().get(charge.id)).toBe(0);
    expect((await statements()).get(C)).toEqual({ lines: [charge.id], netFen: -900 });

    // A reverses its own charge. A's desk has not pulled C's acceptance yet, so it takes the reversal
    // for a withdrawal; the hub judges it on the entry as it stands (accepted): undoing it takes money
    // from A only, so it is in force at once, and A's desk takes the hub's copy.
    const undo = run(deskA, 'ledger.reverse', { id: charge.id, reason: '记错了馆' });
    expect(undo.state).toBe('claimed');
    await syncClean(deskA);
    expect(hubEntry(undo.id).state).toBe('in_force');
    expect(deskEntry(deskA, undo.id)).toMatchObject({ state: 'in_force', hub_version: 1 });
    expect((await statements()).get(C)!.netFen).toBe(0);

    // A claimed entry A reverses is withdrawn: neither it nor its reversal can be accepted any more.
    const second = run(deskA, 'ledger.add', { kind: 'lost_charge', amountFen: 5000, direction: 'receive', counterparty: C, reason: '丢书' });
    await syncClean(deskA);
    await syncClean(deskC);
    // C accepts at its desk, but A withdraws the claim before C's accept reaches the hub.
    run(deskC, 'ledger.accept', { id: second.id });
    const withdrawal = run(deskA, 'ledger.reverse', { id: second.id, reason: '书找到了' });
    expect(withdrawal.state).toBe('claimed');
    await syncClean(deskA);
    await sync(deskC);
    expect(problems(deskC).at(-1)).toEqual(['ledger.accept', 'INVALID_TRANSITION', 'entityId']);
    // C's desk puts the entry back as claimed, sees the withdrawal, and has nothing left to answer.
    expect(deskEntry(deskC, second.id)!.state).toBe('claimed');
    expect(run(deskC, 'ledger.claims', {}).toAccept).toEqual([]);
    expect(run(deskC, 'ledger.list', { libraryCode: A }).items.find((e) => e.id === second.id)).toMatchObject({ withdrawn: true, reversedBy: withdrawal.id });
    expect(refused(deskC, 'ledger.accept', { id: second.id })).toMatchObject({ code: 'INVALID_TRANSITION' });
    // The withdrawal takes the money back from A, so only A could answer it, and it is withdrawn too.
    expect(refused(deskC, 'ledger.accept', { id: withdrawal.id })).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused(deskA, 'ledger.accept', { id: withdrawal.id })).toMatchObject({ code: 'INVALID_TRANSITION' });
    outboxOp(deskA, 'ledger.accept', withdrawal.id, {});
    await sync(deskA);
    expect(problems(deskA)).toEqual([['ledger.accept', 'INVALID_TRANSITION', 'entityId']]);
    expect([hubEntry(second.id).state, hubEntry(withdrawal.id).state]).toEqual(['claimed', 'claimed']);
    expect((await statements()).get(C)!.netFen).toBe(0);
  });

  it('a borrower that declared a book lost cannot reverse the lender’s lost-book charge; the lender can', async () => {
    const registered = await registerReader(hub.url, A, 'lostreader');
    await syncClean(deskA);
    run(deskA, 'reader.approve', { id: registered.body.readerId });
    await syncClean(deskA);
    const { id } = (await submitAsReader(hub.url, 'lostreader', 'secret123', { title: '丢失的书' })).body;
    await syncClean(deskA);
    run(deskA, 'request.forward', { id, lender: B });
    await syncClean(deskA);
    await syncClean(deskB);
    run(deskB, 'request.accept', { id });
    run(deskB, 'request.ship', { id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: 'BH-LOST-1' });
    await syncClean(deskB);
    await syncClean(deskA);
    run(deskA, 'request.lose', { id, reason: '读者丢失' });
    await syncClean(deskA);
    const charge = `lost_charge:${id}`;
    expect(hubEntry(charge)).toMatchObject({ amountFen: 8000, payer: A, payee: B, state: 'in_force', madeBy: B });

    expect(refused(deskA, 'ledger.reverse', { id: charge, reason: '不想付' })).toMatchObject({ code: 'FORBIDDEN', field: 'id' });
    outboxOp(deskA, 'ledger.reverse', randomUUID(), { reversesId: charge, reason: '不想付' });
    await sync(deskA);
    expect(problems(deskA)).toEqual([['ledger.reverse', 'FORBIDDEN', 'payload.reversesId']]);

    await syncClean(deskB);
    const waiver = run(deskB, 'ledger.reverse', { id: charge, reason: '书已找回，免收' });
    await syncClean(deskB);
    expect(hubEntry(waiver.id)).toMatchObject({ amountFen: -8000, state: 'in_force', madeBy: B });
  });
});
