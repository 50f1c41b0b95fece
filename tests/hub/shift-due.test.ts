// The supervisor's bulk due-date shift carried by sync (DESIGN §2 holidays): 北京邮电大学's desk (A)
// moves the due date of a loan it borrowed from 北京航空航天大学 (B); the hub applies the
// `request.shiftDue` op and B's desk receives the new date in its feed. The hub judges the op like
// any other: only the borrower, only a LOANED loan, a well-formed date.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox } from '../../main/requests/ops';
import { A, B, registerReader, submitAsReader, type TestHub } from './hubFixture';
import {
  closeThreeDesks,
  deskEvents,
  hubEvents,
  hubRequest,
  openThreeDesks,
  pendingOps,
  requestRow,
  run,
  sync,
  syncClean,
  tick,
  type SyncedDesk,
} from './syncedDesk';

let hub: TestHub;
let deskA: SyncedDesk;
let deskB: SyncedDesk;
let deskC: SyncedDesk;

beforeEach(async () => {
  ({ hub, deskA, deskB, deskC } = await openThreeDesks());
});
afterEach(() => closeThreeDesks({ hub, deskA, deskB, deskC }));

const desks = () => [deskA, deskB, deskC];


/** A reader of A holds a book lent by B: due to B on 2027-01-25, to the reader on 2027-01-22 (B's 3-day margin). */
async function loanedFromB(): Promise<string> {
  const registered = await registerReader(hub.url, A, 'shiftreader');
  await syncClean(deskA);
  run(deskA, 'reader.approve', { id: registered.body.readerId });
  await syncClean(deskA);
  const submitted = await submitAsReader(hub.url, 'shiftreader', 'secret123', { title: '寒假期间借阅的书' });
  expect(submitted.status).toBe(201);
  const id = submitted.body.id;
  await syncClean(deskA);
  await syncClean(deskB);
  run(deskA, 'request.forward', { id, lender: B });
  await syncClean(deskA);
  await syncClean(deskB);
  run(deskB, 'request.accept', { id });
  run(deskB, 'request.ship', { id, courier: '顺丰', trackingNo: 'SF3001', itemBarcode: 'BH0077001', lenderDueDate: '2027-01-25' });
  await syncClean(deskB);
  await syncClean(deskA);
  run(deskA, 'request.checkIn', { scan: 'BH0077001' });
  run(deskA, 'request.handOut', { id });
  await syncClean(deskA);
  await syncClean(deskB);
  for (const d of [deskA, deskB]) expect(requestRow(d, id)).toMatchObject({ status: 'LOANED', due_date: '2027-01-22' });
  return id;
}

const CLOSURE = { from: '2027-01-10', to: '2027-02-10', newDate: '2027-02-12' };

describe('request.shiftDue through the hub', () => {
  it('is applied by the hub and reaches the lender’s desk with the new date, in both timelines', async () => {
    const id = await loanedFromB();
    tick(hub, desks(), 30);
    const versionBefore = hubRequest(hub, id)!.version;

    expect(run(deskA, 'loans.shiftPreview', CLOSURE).loans.map((l) => l.id)).toEqual([id]);
    expect(run(deskA, 'loans.shiftDue', CLOSURE)).toEqual({ newDate: '2027-02-12', moved: [id] });
    expect(pendingOps(deskA)).toBe(1);
    await syncClean(deskA);

    expect(hubRequest(hub, id)).toMatchObject({ status: 'LOANED', due_date: '2027-02-12', lender_due_date: '2027-01-25', version: versionBefore + 1 });
    const events = hubEvents(hub, id);
    expect(events[events.length - 1]).toMatchObject({
      type: 'request.shiftDue',
      from_status: 'LOANED',
      to_status: 'LOANED',
      clerk: 'by01',
      library_code: A,
      desk_id: deskA.conn.deskId,
      hub_time: hub.clock.now.toISOString(),
    });
    const detail = hub.store.db.prepare("SELECT detail_json FROM request_events WHERE request_id = ? AND type = 'request.shiftDue'").get(id) as { detail_json: string };
    expect(JSON.parse(detail.detail_json)).toEqual({ dueDate: '2027-02-12', previousDueDate: '2027-01-22' });

    // The lender's desk learns the reader's new date from its feed; the third library learns nothing.
    await syncClean(deskB);
    await syncClean(deskC);
    for (const d of [deskA, deskB]) {
      expect(requestRow(d, id), d.libraryCode).toMatchObject({ status: 'LOANED', due_date: '2027-02-12', lender_due_date: '2027-01-25', version: versionBefore + 1 });
      expect(deskEvents(d, id).at(-1)).toMatchObject({ type: 'request.shiftDue', clerk: 'by01', library_code: A });
    }
    expect(run(deskB, 'request.get', { id }).events.at(-1)).toMatchObject({ type: 'request.shiftDue', detail: { dueDate: '2027-02-12' } });
    expect(requestRow(deskC, id)).toBeUndefined();
  });

  it('is refused when the lender recalled the book first: the desk keeps the recall and the old date, and lists the problem', async () => {
    const id = await loanedFromB();
    tick(hub, desks(), 30);
    run(deskA, 'loans.shiftDue', CLOSURE);
    run(deskB, 'request.recall', { id, reason: '本馆急需' });
    await syncClean(deskB);
    await sync(deskA);

    expect(hubRequest(hub, id)).toMatchObject({ status: 'RECALLED', due_date: '2027-01-22' });
    expect(requestRow(deskA, id)).toMatchObject({ status: 'RECALLED', due_date: '2027-01-22' });
    const problem = deskA.desk.db.prepare('SELECT op_type, entity_id, code, message FROM sync_problems').get() as Record<string, string>;
    expect(problem).toMatchObject({ op_type: 'request.shiftDue', entity_id: id, code: 'INVALID_TRANSITION' });
    expect(problem.message).toContain('RECALLED');
    expect(pendingOps(deskA)).toBe(0);
  });

  it('refuses the op from the lender, without a date, or with a date that is not one; repeats of the same date change nothing', async () => {
    const id = await loanedFromB();
    tick(hub, desks(), 30);
    const ctxA = deskA.desk.ctx;
    const ctxB = deskB.desk.ctx;
    deskB.desk.db.transaction(() => {
      appendOutbox(ctxB, { type: 'request.shiftDue', entityId: id, baseVersion: null, payload: { dueDate: '2027-03-01' } }, ctxB.now());
    })();
    deskA.desk.db.transaction(() => {
      appendOutbox(ctxA, { type: 'request.shiftDue', entityId: id, baseVersion: null, payload: {} }, ctxA.now());
      appendOutbox(ctxA, { type: 'request.shiftDue', entityId: id, baseVersion: null, payload: { dueDate: '2027-02-30' } }, ctxA.now());
      // Already the hub's date: applied as a noop, no new event or version.
      appendOutbox(ctxA, { type: 'request.shiftDue', entityId: id, baseVersion: null, payload: { dueDate: '2027-01-22' } }, ctxA.now());
    })();
    const before = hubRequest(hub, id)!;
    const eventsBefore = hubEvents(hub, id).length;
    await sync(deskB);
    await sync(deskA);

    const problems = (d: SyncedDesk) =>
      d.desk.db.prepare('SELECT op_type, code FROM sync_problems ORDER BY desk_seq').all() as { op_type: string; code: string }[];
    expect(problems(deskB)).toEqual([{ op_type: 'request.shiftDue', code: 'FORBIDDEN' }]);
    expect(problems(deskA)).toEqual([
      { op_type: 'request.shiftDue', code: 'INVALID_INPUT' },
      { op_type: 'request.shiftDue', code: 'INVALID_INPUT' },
    ]);
    const results = deskA.desk.db.prepare("SELECT result_json FROM outbox WHERE type = 'request.shiftDue' ORDER BY desk_seq").all() as { result_json: string }[];
    expect(results.map((r) => JSON.parse(r.result_json) as Record<string, unknown>).at(-1)).toMatchObject({ outcome: 'applied', noop: true });
    expect(hubRequest(hub, id)).toMatchObject({ due_date: '2027-01-22', version: before.version });
    expect(hubEvents(hub, id)).toHaveLength(eventsBefore);
  });
});
