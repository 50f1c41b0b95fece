// The second-floor desk on a real store: the reader by card (reader.desk), handing out one hold or
// all of them (request.handOutAll, one transaction, one date-due slip), and the arrival notice a
// check-in queues (request.notices).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, refuse } from '../fixtures/calls';
import { BUAA, BUPT, RUC, makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk({ now: '2026-11-02T02:00:00.000Z' });
});
afterEach(() => desk.close());

/** A loan for the reader, forwarded to 北航 and shipped by it with this barcode. */
function shipped(readerId: string, barcode: string, title = '网络环境下的资源共享'): string {
  const { id } = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId, title });
  call(desk.ctx, 'request.forward', { id, lender: BUAA });
  const lender = desk.as(BUAA);
  call(lender, 'request.accept', { id });
  call(lender, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${barcode}`, itemBarcode: barcode });
  return id;
}

function printJobs() {
  return desk.db.prepare('SELECT kind, refs_json, status FROM print_jobs ORDER BY id').all() as { kind: string; refs_json: string; status: string }[];
}

describe('reader.desk', () => {
  it('shows the reader by card with holds, loans (due date, overdue) and recalls, and how many more they may request', () => {
    const held = shipped('r-wangqian', 'BH001', '赫尔岑传');
    const loaned = shipped('r-wangqian', 'BH002', '高等数学');
    const recalled = shipped('r-wangqian', 'BH003', 'Математический анализ');
    desk.clock.now = '2026-11-03T03:00:00.000Z';
    for (const scan of ['BH001', 'BH002', 'BH003']) call(desk.ctx, 'request.checkIn', { scan });
    call(desk.ctx, 'request.handOut', { id: loaned });
    call(desk.ctx, 'request.handOut', { id: recalled });
    call(desk.as(BUAA), 'request.recall', { id: recalled });

    const view = call(desk.ctx, 'reader.desk', { card: ' 2008110001 ' });
    expect(view.reader).toMatchObject({ id: 'r-wangqian', name: '王茜', cardNumber: '2008110001', openRequestCount: 3, mayRequestMore: 0 });
    expect(view.today).toBe('2026-11-03');
    expect(view.holds).toHaveLength(1);
    // 北航 lends for 45 days from shipping (11-02) and keeps a 5-day margin: 12-17 − 5 = 12-12.
    expect(view.holds[0]).toMatchObject({ id: held, status: 'ON_HOLD', holdSlot: '1', pickUpBy: '2026-11-10', pastPickUp: false, dueDateIfHandedOut: '2026-12-12' });
    expect(view.loans).toMatchObject([{ id: loaned, status: 'LOANED', dueDate: '2026-12-12', overdue: false }]);
    expect(view.recalls).toMatchObject([{ id: recalled, status: 'RECALLED', dueDate: '2026-12-12' }]);

    // Past the pick-up date and the due date: the hold is marked past pick-up, the loan overdue.
    desk.clock.now = '2026-12-13T03:00:00.000Z';
    const later = call(desk.ctx, 'reader.desk', { card: '2008110001' });
    expect(later.holds[0]).toMatchObject({ pastPickUp: true });
    expect(later.loans[0]).toMatchObject({ overdue: true });
    expect(later.recalls[0]).toMatchObject({ overdue: true });
    // The past-pick-up hold is on the shelf's send-back list too.
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: true }).map((r) => r.id)).toEqual([held]);
  });

  it('shows a reader with nothing at the desk and their remaining requests', () => {
    const view = call(desk.ctx, 'reader.desk', { card: '2009110002' });
    expect(view.reader.name).toBe('Иван Петров');
    expect(view).toMatchObject({ holds: [], loans: [], recalls: [] });
    expect(view.reader.mayRequestMore).toBe(3);
  });

  it('refuses an unknown card, another library’s reader and a scanned request number, naming the card', () => {
    expect(refuse(desk.ctx, 'reader.desk', { card: '9999999999' })).toMatchObject({ code: 'NOT_FOUND', field: 'card' });
    // 李四 is a reader of 人大, not ours.
    expect(refuse(desk.ctx, 'reader.desk', { card: '2010220004' })).toMatchObject({ code: 'NOT_FOUND', field: 'card' });
    const book = refuse(desk.ctx, 'reader.desk', { card: 'BY00000061' });
    expect(book.message).toContain('request number');
    expect(refuse(desk.ctx, 'reader.desk', { card: '' })).toMatchObject({ code: 'INVALID_INPUT', field: 'card' });
    expect(refuse(desk.ctx, 'reader.desk', { card: '1'.repeat(15) })).toMatchObject({ code: 'INVALID_INPUT', field: 'card' });
  });
});

describe('handing out', () => {
  it('hands out every listed hold in one go, with one date-due slip naming them', () => {
    const a = shipped('r-wangqian', 'BH101');
    const b = shipped('r-wangqian', 'BH102');
    desk.clock.now = '2026-11-03T03:00:00.000Z';
    call(desk.ctx, 'request.checkIn', { scan: a });
    call(desk.ctx, 'request.checkIn', { scan: b });
    const jobsBefore = printJobs().length;

    const batch = call(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [a, b.toLowerCase()] });
    expect(batch.loans.map((l) => [l.id, l.status, l.dueDate, l.holdSlot])).toEqual([
      [a, 'LOANED', '2026-12-12', null],
      [b, 'LOANED', '2026-12-12', null],
    ]);
    expect(batch.slip).toMatchObject({ kind: 'dateDue', refs: [a, b], status: 'queued', clerk: 'by01' });
    const jobs = printJobs();
    expect(jobs).toHaveLength(jobsBefore + 1);
    expect(jobs.at(-1)).toMatchObject({ kind: 'dateDue', refs_json: JSON.stringify([a, b]) });
    // Both slots are free again, each hand-out an event and an outbox op of its own.
    expect(desk.db.prepare('SELECT count(*) AS n FROM hold_shelf WHERE request_id IS NOT NULL').get()).toEqual({ n: 0 });
    const ops = desk.db.prepare("SELECT entity_id, payload_json FROM outbox WHERE type = 'request.handOut' ORDER BY desk_seq").all() as {
      entity_id: string;
      payload_json: string;
    }[];
    expect(ops.map((o) => [o.entity_id, JSON.parse(o.payload_json)])).toEqual([
      [a, { dueDate: '2026-12-12', clerk: 'by01' }],
      [b, { dueDate: '2026-12-12', clerk: 'by01' }],
    ]);
    expect(call(desk.ctx, 'reader.desk', { card: '2008110001' }).holds).toEqual([]);
  });

  it('queues a date-due slip for a single hand-out too', () => {
    const a = shipped('r-wangqian', 'BH201');
    call(desk.ctx, 'request.checkIn', { scan: 'BH201' });
    call(desk.ctx, 'request.handOut', { id: a });
    expect(printJobs().at(-1)).toMatchObject({ kind: 'dateDue', refs_json: JSON.stringify([a]) });
  });

  it('is all or nothing: a foreign, unknown, lent or already handed-out request refuses the whole batch', () => {
    const mine = shipped('r-wangqian', 'BH301');
    const other = shipped('r-ivanov', 'BH302');
    const gone = shipped('r-wangqian', 'BH303');
    for (const scan of ['BH301', 'BH302', 'BH303']) call(desk.ctx, 'request.checkIn', { scan });
    call(desk.ctx, 'request.handOut', { id: gone });

    // Another reader's hold: the first (good) one is not handed out either.
    const foreign = refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [mine, other] });
    expect(foreign).toMatchObject({ code: 'FORBIDDEN', field: 'ids.1' });
    expect(foreign.message).toContain(other);
    expect(foreign.message).toContain('王茜');

    expect(refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [mine, 'BY00009999'] })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'ids.1',
    });
    // Already LOANED: the status machine refuses it, and says which one.
    const twice = refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [mine, gone] });
    expect(twice).toMatchObject({ code: 'INVALID_TRANSITION', field: 'ids.1' });
    expect(twice.message).toContain(gone);

    // A request 人大 borrows from us is no hold of our reader.
    const ruc = desk.as(RUC, 'rd01');
    const { id: lent } = call(ruc, 'request.create', { serviceType: 'loan', readerId: 'r-ruc', title: '高等数学' });
    call(ruc, 'request.forward', { id: lent, lender: BUPT });
    expect(refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [lent] })).toMatchObject({ code: 'FORBIDDEN', field: 'ids.0' });

    expect(refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-nobody', ids: [mine] })).toMatchObject({ code: 'NOT_FOUND', field: 'readerId' });
    expect(refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [mine, mine] })).toMatchObject({ code: 'INVALID_INPUT', field: 'ids' });
    expect(refuse(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [] })).toMatchObject({ code: 'INVALID_INPUT', field: 'ids' });

    // After all that, the good hold still waits on the shelf and goes out alone.
    expect(call(desk.ctx, 'request.get', { id: mine })).toMatchObject({ status: 'ON_HOLD', holdSlot: '1' });
    expect(call(desk.ctx, 'request.handOutAll', { readerId: 'r-wangqian', ids: [mine] }).loans[0]!.status).toBe('LOANED');
  });
});

describe('request.notices', () => {
  it('lists the arrival notice a check-in queued, addressed to the reader', () => {
    const id = shipped('r-wangqian', 'BH401');
    expect(call(desk.ctx, 'request.notices', { id })).toEqual([]);
    call(desk.ctx, 'request.checkIn', { scan: 'BH401' });
    expect(call(desk.ctx, 'request.notices', { id })).toMatchObject([
      { kind: 'arrival', requestId: id, readerId: 'r-wangqian', toAddress: 'wangqian@bupt.edu.cn', status: 'queued' },
    ]);
    // The lender sees no notices to our reader; a stranger does not see the request at all.
    expect(call(desk.as(BUAA), 'request.notices', { id })).toEqual([]);
    expect(refuse(desk.as(RUC), 'request.notices', { id }).code).toBe('NOT_FOUND');
  });
});
