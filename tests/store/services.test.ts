// Clerk commands through the same boundary the screens use (dispatch), on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/contract';
import { call, refuse } from '../fixtures/calls';
import { BUAA, BUPT, makeDesk, RUC, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

function outbox() {
  return desk.db.prepare('SELECT desk_seq, type, entity_id, base_version, payload_json FROM outbox ORDER BY desk_seq').all() as {
    desk_seq: number;
    type: string;
    entity_id: string;
    base_version: number | null;
    payload_json: string;
  }[];
}
function newRequest(readerId = 'r-wangqian', title = '网络环境下的资源共享 图书馆联盟实现机制与策略研究') {
  return call(desk.ctx, 'request.create', { serviceType: 'loan', readerId, title, author: '高凡著', isbn: '978-7-115-16424-7' });
}

describe('a whole borrowing and lending loop', () => {
  it('moves a loan through every step, with one event and one outbox op per step', () => {
    const lender = desk.as(BUAA);
    const created = newRequest();
    expect(created.id).toBe('BY00000061');
    expect(created.status).toBe('SUBMITTED');
    expect(created.allowedOps).toEqual(expect.arrayContaining(['request.forward', 'request.reject', 'request.cancel']));

    call(desk.ctx, 'request.forward', { id: created.id, lender: BUAA });
    expect(call(lender, 'request.get', { id: created.id }).allowedOps).toContain('request.accept');
    call(lender, 'request.accept', { id: created.id });
    desk.clock.now = '2026-11-03T01:00:00.000Z';
    const shipped = call(lender, 'request.ship', { id: created.id, courier: '顺丰', trackingNo: 'SF1234567890', itemBarcode: 'BH0012345' });
    expect(shipped.lenderDueDate).toBe('2026-12-18'); // 45 days, the lender's own loan period

    desk.clock.now = '2026-11-04T03:00:00.000Z';
    const held = call(desk.ctx, 'request.checkIn', { scan: 'BH0012345' });
    expect(held.status).toBe('ON_HOLD');
    expect(held.holdSlot).toBe('1');
    expect(held.pickUpBy).toBe('2026-11-11');

    const loaned = call(desk.ctx, 'request.handOut', { id: created.id });
    expect(loaned.status).toBe('LOANED');
    expect(loaned.dueDate).toBe('2026-12-13'); // lender's date minus the lender's 5-day margin
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: false })).toEqual([]);

    call(desk.ctx, 'request.return', { scan: created.id.toLowerCase() });
    expect(call(desk.ctx, 'returns.pending', {})).toMatchObject([{ lenderCode: BUAA, items: [{ id: created.id }] }]);
    const shipment = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [created.id], courier: '顺丰', trackingNo: 'SF9' });
    expect(shipment.requestIds).toEqual([created.id]);
    const done = call(lender, 'request.complete', { scan: 'BH0012345' });
    expect(done.status).toBe('COMPLETED');
    expect(done.allowedOps).toEqual(['request.note']);

    const types = done.events.map((e) => e.type);
    expect(types).toEqual([
      'request.create', 'request.forward', 'request.accept', 'request.ship', 'request.checkIn',
      'request.handOut', 'request.return', 'request.returnShip', 'request.complete',
    ]);
    expect(done.events.map((e) => e.clerk)).toEqual(['by01', 'by01', 'lender01', 'lender01', 'by01', 'by01', 'by01', 'by01', 'lender01']);
    const ops = outbox();
    expect(ops.map((o) => o.type)).toEqual(types);
    expect(ops.map((o) => o.desk_seq)).toEqual(types.map((_, i) => i + 1));
    expect(ops.map((o) => o.base_version)).toEqual([null, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(JSON.parse(ops[4]!.payload_json)).toEqual({ holdSlot: '1', clerk: 'by01' });
    expect(JSON.parse(ops[5]!.payload_json)).toEqual({ dueDate: '2026-12-13', clerk: 'by01' });
    // Each op names the clerk who made it, the lender's ops the lender's clerk.
    expect(ops.map((o) => (JSON.parse(o.payload_json) as { clerk: string }).clerk)).toEqual(done.events.map((e) => e.clerk));
    expect(done.version).toBe(9);
  });

  it('delivers a copy request and never ships it', () => {
    const lender = desk.as(BUAA);
    const copy = call(desk.ctx, 'request.create', { serviceType: 'copy', readerId: 'r-ivanov', title: 'Большой энциклопедический словарь', pages: '12-19' });
    call(desk.ctx, 'request.forward', { id: copy.id, lender: BUAA });
    const accepted = call(lender, 'request.accept', { id: copy.id });
    expect(accepted.allowedOps).toContain('request.deliver');
    expect(accepted.allowedOps).not.toContain('request.ship');
    const refused = refuse(lender, 'request.ship', { id: copy.id, courier: 'EMS', trackingNo: 'E1', itemBarcode: 'X1' });
    expect(refused.code).toBe('INVALID_TRANSITION');
    expect(call(lender, 'request.deliver', { id: copy.id }).status).toBe('DELIVERED');
  });

  it('lets the borrower forward again after the lender cannot supply', () => {
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    const unfilled = call(desk.as(BUAA), 'request.unfill', { id: r.id, reasonCode: 'OnLoan', note: '已借出' });
    expect(unfilled.unfilledReason).toBe('OnLoan');
    const again = call(desk.ctx, 'request.forward', { id: r.id, lender: RUC });
    expect(again.status).toBe('SENT');
    expect(again.lenderCode).toBe(RUC);
    expect(again.unfilledReason).toBeNull();
  });
});

describe('roles and the status machine at the desk', () => {
  it('refuses a lender op from the borrower with FORBIDDEN and changes nothing', () => {
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    const error = refuse(desk.ctx, 'request.accept', { id: r.id });
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toContain('SENT');
    expect(error.message).toContain('ACCEPTED');
    expect(error.message).toContain('borrower');
  });

  it('refuses a wrong-status scan loudly and changes nothing', () => {
    const r = newRequest();
    const error = refuse(desk.ctx, 'request.checkIn', { scan: r.id });
    expect(error.code).toBe('INVALID_TRANSITION');
    expect(error.message).toContain('SUBMITTED');
    expect(error.message).toContain('ON_HOLD');
  });

  it('refuses unknown scans and requests of libraries we are not party to as NOT_FOUND', () => {
    expect(refuse(desk.ctx, 'request.checkIn', { scan: 'NOSUCHBARCODE' })).toMatchObject({ code: 'NOT_FOUND', field: 'scan' });
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    expect(refuse(desk.as(RUC), 'request.get', { id: r.id }).code).toBe('NOT_FOUND');
    expect(refuse(desk.as(RUC), 'request.accept', { id: r.id }).code).toBe('NOT_FOUND');
  });

  it('has no renewal: no such command, and a loan cannot be handed out twice', () => {
    expect(COMMAND_NAMES.some((n) => /renew/i.test(n))).toBe(false);
    expect(refuse(desk.ctx, 'request.renew', { id: 'BY00000061' }).code).toBe('UNKNOWN_COMMAND');
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    call(desk.as(BUAA), 'request.accept', { id: r.id });
    call(desk.as(BUAA), 'request.ship', { id: r.id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: 'B1' });
    call(desk.ctx, 'request.checkIn', { scan: r.id });
    call(desk.ctx, 'request.handOut', { id: r.id });
    expect(refuse(desk.ctx, 'request.handOut', { id: r.id }).code).toBe('INVALID_TRANSITION');
  });
});

describe('rules', () => {
  it("refuses a reader's 4th open request and does not use up a number", () => {
    newRequest();
    newRequest();
    const third = newRequest();
    const error = refuse(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '赫尔岑传' });
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'readerId' });
    expect(error.message).toContain('3');
    // Closing one frees a place under the limit.
    call(desk.ctx, 'request.cancel', { id: third.id, reason: '读者撤销' });
    expect(newRequest().id).toBe('BY00000064');
  });

  it('counts only open requests against the limit', () => {
    for (let i = 0; i < 3; i++) call(desk.ctx, 'request.reject', { id: newRequest().id, reason: '超出合理使用范围' });
    expect(newRequest().status).toBe('SUBMITTED');
  });

  it('refuses requests for readers who are not approved or not ours', () => {
    expect(refuse(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-pending', title: '高等数学' }).code).toBe('FORBIDDEN');
    expect(refuse(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-ruc', title: '高等数学' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'readerId',
    });
  });

  it('says so when the desk has no leased numbers left, rather than invent one', () => {
    desk.db.prepare("UPDATE number_pool SET used_at = '2026-01-01T00:00:00Z'").run();
    expect(refuse(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '高等数学' }).code).toBe('NO_NUMBERS');
  });

  it('refuses a note once the timeline has 900 entries, so one request can never outgrow a sync page', () => {
    const { id } = newRequest();
    const insert = desk.db.prepare(
      `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, detail_json)
       VALUES (?, 'request.note', 'SUBMITTED', 'SUBMITTED', 'by01', 'desk-bupt-1', ?, ?, '{"text":"旧备注"}')`,
    );
    desk.db.transaction(() => {
      for (let i = 1; i < 899; i++) insert.run(id, BUPT, desk.clock.now);
    })();
    expect(call(desk.ctx, 'request.note', { id, text: '第 900 条' }).events).toHaveLength(900);
    const before = snapshot(desk.db);
    const error = refuse(desk.ctx, 'request.note', { id, text: '第 901 条' });
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', field: 'text' });
    expect(error.message).toContain('900');
    expect(snapshot(desk.db)).toBe(before);
  });

  it('assigns the lowest free hold-shelf slot and frees it when the book leaves the shelf', () => {
    const lender = desk.as(BUAA);
    const ids = ['r-wangqian', 'r-ivanov', 'r-wangqian'].map((reader) => {
      const r = newRequest(reader, `书 ${reader}`);
      call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
      call(lender, 'request.accept', { id: r.id });
      call(lender, 'request.ship', { id: r.id, courier: '顺丰', trackingNo: `SF${r.id}`, itemBarcode: `B${r.id}` });
      return r.id;
    });
    expect(ids.map((id) => call(desk.ctx, 'request.checkIn', { scan: id }).holdSlot)).toEqual(['1', '2', '3']);
    call(desk.ctx, 'request.handOut', { id: ids[1]! });
    call(desk.ctx, 'request.return', { scan: ids[0]! });
    const next = newRequest('r-ivanov', '另一本书');
    call(desk.ctx, 'request.forward', { id: next.id, lender: BUAA });
    call(lender, 'request.accept', { id: next.id });
    call(lender, 'request.ship', { id: next.id, courier: '顺丰', trackingNo: 'SFX', itemBarcode: 'BX' });
    expect(call(desk.ctx, 'request.checkIn', { scan: 'BX' }).holdSlot).toBe('1');
  });

  it('lists holds past their pick-up date and overdue loans', () => {
    const lender = desk.as(BUAA);
    const [a, b] = ['r-wangqian', 'r-ivanov'].map((reader) => {
      const r = newRequest(reader);
      call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
      call(lender, 'request.accept', { id: r.id });
      call(lender, 'request.ship', { id: r.id, courier: '顺丰', trackingNo: `SF${r.id}`, itemBarcode: `B${r.id}` });
      call(desk.ctx, 'request.checkIn', { scan: r.id });
      return r.id;
    }) as [string, string];
    call(desk.ctx, 'request.handOut', { id: b });
    // Checked in on 11-02 with 7 days to pick up: the last day is 11-09.
    expect(call(desk.ctx, 'request.get', { id: a }).pickUpBy).toBe('2026-11-09');
    desk.clock.now = '2026-11-09T15:00:00.000Z';
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: true })).toEqual([]);
    desk.clock.now = '2026-11-10T02:00:00.000Z';
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: true }).map((r) => r.id)).toEqual([a]);
    const due = call(desk.ctx, 'request.get', { id: b }).dueDate!;
    expect(call(desk.ctx, 'loans.overdue', {})).toEqual([]);
    desk.clock.now = `${due}T15:30:00.000Z`; // 23:30 in Beijing, still the due day
    expect(call(desk.ctx, 'loans.overdue', {})).toEqual([]);
    desk.clock.now = '2027-01-30T02:00:00.000Z';
    expect(call(desk.ctx, 'loans.overdue', {}).map((r) => [r.id, r.overdue])).toEqual([[b, true]]);
  });
});

describe('readers', () => {
  it('approves a pending registration once, with an outbox op', () => {
    const approved = call(desk.ctx, 'reader.approve', { id: 'r-pending' });
    expect(approved.status).toBe('APPROVED');
    expect(outbox().map((o) => [o.type, o.entity_id])).toEqual([['reader.approve', 'r-pending']]);
    expect(refuse(desk.ctx, 'reader.reject', { id: 'r-pending', reason: '信息不全' }).code).toBe('INVALID_TRANSITION');
    expect(refuse(desk.ctx, 'reader.approve', { id: 'r-ruc' }).code).toBe('NOT_FOUND');
  });

  it('shows how many more requests a reader may make', () => {
    newRequest();
    expect(call(desk.ctx, 'reader.get', { id: 'r-wangqian' })).toMatchObject({ openRequestCount: 1, mayRequestMore: 2 });
    expect(call(desk.ctx, 'readers.search', { q: '王' }).map((r) => r.login)).toEqual(['wangqian830']);
    expect(call(desk.ctx, 'readers.search', { q: '2009110002' }).map((r) => r.login)).toEqual(['ivanov']);
  });
});

describe('the lender never sees the reader', () => {
  it('hides name, card, e-mail and phone from the lending library', () => {
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    const seen = call(desk.as(BUAA), 'request.get', { id: r.id });
    expect(seen.reader).toBeNull();
    expect(seen.readerId).toBeNull();
    expect(seen.readerName).toBeNull();
    expect(seen.email).toBeNull();
    expect(seen.phone).toBeNull();
    expect(seen.recipientName).toBeNull();
    expect(call(desk.ctx, 'request.get', { id: r.id }).reader?.name).toBe('王茜');
    expect(BUPT).toBe(desk.ctx.libraryCode);
  });
});

describe('what review found', () => {
  function loanedFrom(lenderCode: string, barcode: string, reader = 'r-wangqian') {
    const r = newRequest(reader, `书 ${barcode}`);
    call(desk.ctx, 'request.forward', { id: r.id, lender: lenderCode });
    call(desk.as(lenderCode), 'request.accept', { id: r.id });
    call(desk.as(lenderCode), 'request.ship', { id: r.id, courier: '顺丰', trackingNo: `SF${r.id}`, itemBarcode: barcode });
    call(desk.ctx, 'request.checkIn', { scan: r.id });
    return call(desk.ctx, 'request.handOut', { id: r.id });
  }

  it('keeps the reader out of the lender\'s lists, searches and timeline', () => {
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    const lender = desk.as(BUAA);
    const rows = call(lender, 'queue.list', { side: 'lending' }).rows;
    expect(rows.map((row) => [row.id, row.readerId, row.readerName])).toEqual([[r.id, null, null]]);
    expect(call(lender, 'queue.list', { side: 'lending', q: '王茜' }).rows).toEqual([]);
    expect(call(lender, 'queue.list', { side: 'lending', readerId: 'r-wangqian' }).rows).toEqual([]);
    expect(call(desk.ctx, 'queue.list', { side: 'borrowing', q: '王茜' }).rows.map((row) => row.id)).toEqual([r.id]);
    const seen = call(lender, 'request.get', { id: r.id });
    expect(JSON.stringify(seen.events)).not.toContain('r-wangqian');
    expect(seen.remark).toBeNull();
  });

  it('finds a scanned barcode on the scan\'s own side when a lent book carries the same one', () => {
    const borrowed = loanedFrom(BUAA, 'C0001');
    // A book of ours, lent to RUC, with the same barcode, touched later.
    desk.db
      .prepare(
        `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, title, item_barcode, created_at, status_at, updated_at)
         VALUES ('RD00000001', 'loan', 'LOANED', ?, ?, '我们借出的书', 'C0001', ?, ?, '2099-01-01T00:00:00Z')`,
      )
      .run(RUC, BUPT, desk.clock.now, desk.clock.now);
    expect(call(desk.ctx, 'request.return', { scan: 'C0001' }).id).toBe(borrowed.id);
  });

  it("refuses a recall when the lender's rules do not allow one", () => {
    const loaned = loanedFrom(BUAA, 'C0002');
    desk.db.prepare('UPDATE libraries SET rules_json = ? WHERE code = ?').run(JSON.stringify({ loanPeriodDays: 45, returnMarginDays: 5, lenderMayRecall: false }), BUAA);
    expect(refuse(desk.as(BUAA), 'request.recall', { id: loaned.id }).code).toBe('FORBIDDEN');
  });

  it('names the listed entry a shipment refuses, by its place in the list', () => {
    const loaned = loanedFrom(BUAA, 'C0003');
    call(desk.ctx, 'request.return', { scan: loaned.id });
    const error = refuse(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [loaned.id, loaned.id, 'BY00000099'], courier: '顺丰', trackingNo: 'SF1' });
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'requestIds.2' });
    const other = newRequest('r-ivanov');
    const wrongStatus = refuse(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [loaned.id, other.id], courier: '顺丰', trackingNo: 'SF1' });
    expect(wrongStatus.field).toBe('requestIds.1');
  });

  it('clears the hold slot from a request that has left the shelf', () => {
    const loaned = loanedFrom(BUAA, 'C0004');
    expect(loaned.holdSlot).toBeNull();
    expect(refuse(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-ivanov', title: 'x', preferredLender: BUPT })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'preferredLender',
    });
  });

  it('passes over a leased number that already names a request', () => {
    desk.db
      .prepare(
        `INSERT INTO requests (id, service_type, status, borrower_code, title, created_at, status_at, updated_at)
         VALUES ('BY00000061', 'loan', 'SUBMITTED', ?, '恢复的备份', ?, ?, ?)`,
      )
      .run(BUPT, desk.clock.now, desk.clock.now, desk.clock.now);
    expect(newRequest().id).toBe('BY00000062');
  });

  it("measures a lender's overdue by the lender's due date, the borrower's by the reader's", () => {
    const loaned = loanedFrom(BUAA, 'C0008');
    const lenderDue = loaned.lenderDueDate!;
    const readerDue = loaned.dueDate!;
    expect(readerDue < lenderDue).toBe(true);
    const overdueIds = (ctx: typeof desk.ctx, side: 'borrowing' | 'lending') =>
      call(ctx, 'queue.list', { side, overdueOnly: true }).rows.map((r) => [r.id, r.overdue]);
    desk.clock.now = `${lenderDue}T02:00:00.000Z`; // past the reader's date, on the lender's
    expect(overdueIds(desk.ctx, 'borrowing')).toEqual([[loaned.id, true]]);
    expect(overdueIds(desk.as(BUAA), 'lending')).toEqual([]);
    desk.clock.now = `${lenderDue}T17:00:00.000Z`; // the next Beijing day
    expect(overdueIds(desk.as(BUAA), 'lending')).toEqual([[loaned.id, true]]);
  });

  it('counts days in Beijing for the hold shelf and the date filters', () => {
    const r = newRequest();
    call(desk.ctx, 'request.forward', { id: r.id, lender: BUAA });
    call(desk.as(BUAA), 'request.accept', { id: r.id });
    call(desk.as(BUAA), 'request.ship', { id: r.id, courier: '顺丰', trackingNo: 'SF7', itemBarcode: 'C0007' });
    desk.clock.now = '2026-11-04T20:00:00.000Z'; // 04:00 on 11-05 in Beijing
    expect(call(desk.ctx, 'request.checkIn', { scan: r.id }).pickUpBy).toBe('2026-11-12');
    desk.clock.now = '2026-11-12T02:00:00.000Z'; // 10:00 on the last pick-up day
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: true })).toEqual([]);
    desk.clock.now = '2026-11-12T16:30:00.000Z'; // 00:30 the day after
    expect(call(desk.ctx, 'holdShelf.list', { pastPickUpOnly: true }).map((x) => x.id)).toEqual([r.id]);
    // Created 2026-11-02T02:00Z = 10:00 Beijing on 11-02.
    expect(call(desk.ctx, 'queue.list', { createdFrom: '2026-11-02', createdTo: '2026-11-02' }).rows.map((x) => x.id)).toEqual([r.id]);
    expect(call(desk.ctx, 'queue.list', { createdTo: '2026-11-01' }).rows).toEqual([]);
  });
});
