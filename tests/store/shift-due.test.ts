// The supervisor's bulk due-date shift for a closure (DESIGN §2 holidays), through the same
// boundary the screens use, on a real SQLite file: the preview lists exactly our readers' LOANED
// books due inside the closure, the shift moves exactly those with one event and one outbox op
// each, and a refused or failed shift leaves the store as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUPERVISOR_COMMANDS } from '../../shared/contract';
import type { DeskContext } from '../../main/context';
import { addDays } from '../../shared/rules';
import { call, quiet, refuse } from '../fixtures/calls';
import { BUAA, BUPT, makeDesk, RUC, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;

let barcode = 0;
/**
 * A loan of `readerId` handed out with the reader's due date `due`: 北航 lends with a 5-day
 * margin, so its own due date is five days later. Made with the real commands, step by step.
 */
function loan(readerId: string, due: string, title: string, borrower: DeskContext = desk.ctx, lender: DeskContext = desk.as(BUAA)): string {
  const id = call(borrower, 'request.create', { serviceType: 'loan', readerId, title }).id;
  call(borrower, 'request.forward', { id, lender: lender.libraryCode });
  call(lender, 'request.accept', { id });
  const itemBarcode = `ITEM${String(++barcode).padStart(5, '0')}`;
  const margin = lender.libraryCode === BUAA ? 5 : 3;
  call(lender, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${barcode}`, itemBarcode, lenderDueDate: addDays(due, margin) });
  call(borrower, 'request.checkIn', { scan: itemBarcode });
  const loaned = call(borrower, 'request.handOut', { id });
  expect(loaned.dueDate).toBe(due);
  return id;
}

// The closure: 2027-01-10 to 2027-02-10 (winter break); today is 2026-11-02.
const FROM = '2027-01-10';
const TO = '2027-02-10';
const NEW_DATE = '2027-02-12';

let inside: { first: string; middle: string; last: string };
let outside: { before: string; after: string; recalled: string; lentByUs: string };

beforeEach(() => {
  desk = makeDesk();
  inside = {
    first: loan('r-wangqian', FROM, '闭馆第一天到期'),
    middle: loan('r-wangqian', '2027-01-20', '闭馆期间到期'),
    last: loan('r-wangqian', TO, '闭馆最后一天到期'),
  };
  outside = {
    before: loan('r-ivanov', '2027-01-09', '闭馆前一天到期'),
    after: loan('r-ivanov', '2027-02-11', '开馆当天到期'),
    recalled: loan('r-ivanov', '2027-01-25', '已被召回'),
    // 人大 borrows from us: the due date is theirs to set, never ours to move.
    lentByUs: loan('r-ruc', '2027-01-25', '本馆借给人大', desk.as(RUC, 'rd01'), desk.ctx),
  };
  call(desk.as(BUAA), 'request.recall', { id: outside.recalled, reason: '本馆急需' });
});
afterEach(() => desk.close());

const row = (id: string) => desk.db.prepare('SELECT status, due_date, lender_due_date, version FROM requests WHERE id = ?').get(id) as {
  status: string;
  due_date: string;
  lender_due_date: string;
  version: number;
};

describe('loans.shiftPreview', () => {
  it('lists exactly our readers’ LOANED books due inside the closure, the first and last day included, and changes nothing', () => {
    const before = snapshot(desk.db);
    const preview = call(desk.ctx, 'loans.shiftPreview', { from: FROM, to: TO, newDate: NEW_DATE });
    expect(snapshot(desk.db)).toBe(before);
    expect(preview).toMatchObject({ from: FROM, to: TO, newDate: NEW_DATE });
    expect(preview.loans.map((l) => l.id)).toEqual([inside.first, inside.middle, inside.last]);
    expect(preview.loans.map((l) => [l.dueDate, l.lenderDueDate, l.pastLenderDue])).toEqual([
      [FROM, '2027-01-15', true],
      ['2027-01-20', '2027-01-25', true],
      // Due on the last day: the lender wants it on 02-15, after the new date.
      [TO, '2027-02-15', false],
    ]);
    expect(preview.loans.every((l) => l.status === 'LOANED' && l.side === 'borrower' && l.readerName === '王茜')).toBe(true);
  });

  it('finds nothing in a closure no loan falls in', () => {
    expect(call(desk.ctx, 'loans.shiftPreview', { from: '2027-03-01', to: '2027-03-31', newDate: '2027-04-01' }).loans).toEqual([]);
  });
});

describe('loans.shiftDue', () => {
  it('moves exactly the previewed loans, each with an event and an outbox op, in one go', () => {
    const versions = Object.fromEntries(Object.values(inside).map((id) => [id, row(id).version]));
    const untouched = Object.fromEntries(Object.values(outside).map((id) => [id, row(id)]));
    const outboxBefore = (desk.db.prepare('SELECT max(desk_seq) AS n FROM outbox').get() as { n: number }).n;

    const result = call(desk.ctx, 'loans.shiftDue', { from: FROM, to: TO, newDate: NEW_DATE });
    expect(result).toEqual({ newDate: NEW_DATE, moved: [inside.first, inside.middle, inside.last] });

    const previous: Record<string, string> = { [inside.first]: FROM, [inside.middle]: '2027-01-20', [inside.last]: TO };
    for (const id of Object.values(inside)) {
      // Still on loan, the reader's date moved, the lender's date as the lender set it.
      expect(row(id)).toMatchObject({ status: 'LOANED', due_date: NEW_DATE, version: versions[id]! + 1 });
      const detail = call(desk.ctx, 'request.get', { id });
      expect(detail.events[detail.events.length - 1]).toMatchObject({
        type: 'request.shiftDue',
        fromStatus: 'LOANED',
        toStatus: 'LOANED',
        clerk: 'by01',
        detail: { dueDate: NEW_DATE, previousDueDate: previous[id] },
      });
    }
    expect(row(inside.last).lender_due_date).toBe('2027-02-15');
    for (const [id, before] of Object.entries(untouched)) expect(row(id), id).toEqual(before);

    const ops = desk.db
      .prepare('SELECT type, entity_id, base_version, payload_json FROM outbox WHERE desk_seq > ? ORDER BY desk_seq')
      .all(outboxBefore) as { type: string; entity_id: string; base_version: number; payload_json: string }[];
    expect(ops.map((o) => [o.type, o.entity_id, o.base_version, JSON.parse(o.payload_json)])).toEqual(
      Object.values(inside).map((id) => ['request.shiftDue', id, versions[id], { dueDate: NEW_DATE, previousDueDate: previous[id], clerk: 'by01' }]),
    );

    // Nothing of the closure is left to move; the overdue list and the queue see the new dates.
    expect(call(desk.ctx, 'loans.shiftPreview', { from: FROM, to: TO, newDate: NEW_DATE }).loans).toEqual([]);
    expect(call(desk.ctx, 'queue.list', { readerId: 'r-wangqian', side: 'borrowing' }).rows.map((r) => r.dueDate)).toEqual([NEW_DATE, NEW_DATE, NEW_DATE]);
  });

  it('may move the dates to a day before the closure, as long as it is not in the past', () => {
    const result = call(desk.ctx, 'loans.shiftDue', { from: FROM, to: TO, newDate: '2027-01-08' });
    expect(result.moved).toHaveLength(3);
    expect(row(inside.middle).due_date).toBe('2027-01-08');
  });

  it.each([
    ['the first day of the closure', FROM],
    ['a day inside it', '2027-01-31'],
    ['its last day', TO],
  ])('refuses a new date on %s, naming the field', (_label, newDate) => {
    for (const name of ['loans.shiftPreview', 'loans.shiftDue']) {
      const error = refuse(desk.ctx, name, { from: FROM, to: TO, newDate });
      expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'newDate' });
      expect(error.message).toContain('closure');
    }
  });

  it('refuses a new date before today, and accepts today itself', () => {
    desk.clock.now = '2027-01-20T01:00:00.000Z'; // 09:00 in Beijing, 2027-01-20
    const error = refuse(desk.ctx, 'loans.shiftDue', { from: '2027-01-21', to: TO, newDate: '2027-01-19' });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'newDate' });
    expect(error.message).toContain('before today (2027-01-20)');
    expect(call(desk.ctx, 'loans.shiftDue', { from: '2027-01-21', to: TO, newDate: '2027-01-20' }).moved).toEqual([inside.last]);
  });

  it('refuses a closure that ends before it begins or lasts over a year, and dates that are not dates', () => {
    expect(refuse(desk.ctx, 'loans.shiftDue', { from: TO, to: FROM, newDate: '2027-03-01' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    expect(refuse(desk.ctx, 'loans.shiftDue', { from: '2027-01-01', to: '2028-01-02', newDate: '2028-02-01' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    expect(refuse(desk.ctx, 'loans.shiftDue', { from: FROM, to: '2027-02-30', newDate: '2027-03-01' })).toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    expect(refuse(desk.ctx, 'loans.shiftDue', { from: FROM, to: TO })).toMatchObject({ code: 'INVALID_INPUT', field: 'newDate' });
  });

  it('changes nothing when one loan of the batch cannot be written', () => {
    // The store refuses the second loan's update half-way through the batch.
    desk.db.exec(`CREATE TEMP TRIGGER refuse_one BEFORE UPDATE OF due_date ON requests WHEN OLD.id = '${inside.middle}'
      BEGIN SELECT RAISE(ABORT, 'disk said no'); END`);
    const error = refuse(desk.ctx, 'loans.shiftDue', { from: FROM, to: TO, newDate: NEW_DATE }, quiet);
    expect(error.code).toBe('INTERNAL');
    expect(row(inside.first).due_date).toBe(FROM);
  });

  it('is never offered as an action on one loan: it is the supervisor’s bulk step', () => {
    const { id } = desk.db.prepare("SELECT id FROM requests WHERE status = 'LOANED' AND borrower_code = ? LIMIT 1").get(BUPT) as { id: string };
    const detail = call(desk.ctx, 'request.get', { id });
    expect(detail.status).toBe('LOANED');
    expect(detail.allowedOps).not.toContain('request.shiftDue');
    expect(detail.allowedOps).toEqual(expect.arrayContaining(['request.return', 'request.note']));
  });

  it('is for a supervisor only; the preview is a query any clerk may run', () => {
    expect(SUPERVISOR_COMMANDS.has('loans.shiftDue')).toBe(true);
    expect(SUPERVISOR_COMMANDS.has('loans.shiftPreview')).toBe(false);
  });

  it('belongs to our library: another library’s desk sees none of our loans in its closure', () => {
    expect(call(desk.as(RUC, 'rd01'), 'loans.shiftPreview', { from: FROM, to: TO, newDate: NEW_DATE }).loans.map((l) => l.id)).toEqual([outside.lentByUs]);
    expect(desk.ctx.libraryCode).toBe(BUPT);
  });
});
