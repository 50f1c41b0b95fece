// Return shipments on a real store, through the boundary the screens use: checking each scan into
// the batch being built, sending it (with its packing list queued in the same transaction), and
// the shipment history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, refuse } from '../fixtures/calls';
import { BUAA, BUPT, makeDesk, RUC, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

function printJobs() {
  return desk.db.prepare('SELECT kind, refs_json, clerk FROM print_jobs ORDER BY id').all() as { kind: string; refs_json: string; clerk: string }[];
}

/** A book borrowed from `lenderCode` for a reader, handed out, and (unless `keep`) returned by the reader. */
function borrowed(lenderCode: string, barcode: string, reader = 'r-wangqian', keep = false) {
  const r = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: reader, title: `书 ${barcode}` });
  call(desk.ctx, 'request.forward', { id: r.id, lender: lenderCode });
  call(desk.as(lenderCode), 'request.accept', { id: r.id });
  call(desk.as(lenderCode), 'request.ship', { id: r.id, courier: '顺丰速运', trackingNo: `SF${r.id}`, itemBarcode: barcode });
  call(desk.ctx, 'request.checkIn', { scan: r.id });
  call(desk.ctx, 'request.handOut', { id: r.id });
  if (!keep) call(desk.ctx, 'request.return', { scan: barcode });
  return r.id;
}

describe('checking a scan into a return shipment', () => {
  it('takes a RETURNED book by request number or by barcode, and changes nothing', () => {
    const id = borrowed(BUAA, 'BH-0001');
    const before = snapshot(desk.db);
    const byNumber = call(desk.ctx, 'shipment.checkScan', { scan: id.toLowerCase(), lenderCode: BUAA });
    expect(byNumber).toMatchObject({ id, status: 'RETURNED', lenderCode: BUAA, itemBarcode: 'BH-0001', side: 'borrower' });
    expect(call(desk.ctx, 'shipment.checkScan', { scan: 'BH-0001', lenderCode: BUAA }).id).toBe(id);
    // Without a lender yet, the first scan names it.
    expect(call(desk.ctx, 'shipment.checkScan', { scan: 'BH-0001' }).lenderCode).toBe(BUAA);
    expect(snapshot(desk.db)).toBe(before);
  });

  it('refuses a book of another lender, one not returned, one we lent and an unknown scan', () => {
    const other = borrowed(RUC, 'RD-0001');
    const onLoan = borrowed(BUAA, 'BH-0002', 'r-ivanov', true);
    expect(refuse(desk.ctx, 'shipment.checkScan', { scan: other, lenderCode: BUAA })).toMatchObject({ code: 'INVALID_INPUT', field: 'lenderCode' });
    const notReturned = refuse(desk.ctx, 'shipment.checkScan', { scan: 'BH-0002', lenderCode: BUAA });
    expect(notReturned).toMatchObject({ code: 'INVALID_TRANSITION', field: 'scan' });
    expect(notReturned.message).toContain(onLoan);
    expect(notReturned.message).toContain('LOANED');
    expect(refuse(desk.ctx, 'shipment.checkScan', { scan: 'NO-SUCH-BOOK' })).toMatchObject({ code: 'NOT_FOUND', field: 'scan' });
    // A book we lent to 北航 is the lending desk's business.
    desk.db
      .prepare(
        `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, title, item_barcode, created_at, status_at, updated_at)
         VALUES ('RD00000001', 'loan', 'RETURNED', ?, ?, '我们借出的书', 'OURS-1', ?, ?, ?)`,
      )
      .run(RUC, BUPT, desk.clock.now, desk.clock.now, desk.clock.now);
    expect(refuse(desk.ctx, 'shipment.checkScan', { scan: 'OURS-1' })).toMatchObject({ code: 'FORBIDDEN', field: 'scan' });
    expect(refuse(desk.ctx, 'shipment.checkScan', { scan: '' })).toMatchObject({ code: 'INVALID_INPUT', field: 'scan' });
  });
});

describe('sending a return shipment', () => {
  it('moves the books to RETURN_SHIPPED and queues its packing list in the same transaction', () => {
    const a = borrowed(BUAA, 'BH-0011');
    const b = borrowed(BUAA, 'BH-0012', 'r-ivanov');
    const shipment = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [a, b, a], courier: '馆际互借专车', trackingNo: 'BALIS-1128' });
    expect(shipment.requestIds).toEqual([a, b]);
    expect(printJobs().filter((job) => job.kind === 'packingList')).toEqual([
      { kind: 'packingList', refs_json: JSON.stringify([shipment.id]), clerk: 'by01' },
    ]);
    expect(call(desk.ctx, 'request.get', { id: a }).status).toBe('RETURN_SHIPPED');
    expect(call(desk.ctx, 'returns.pending', {})).toEqual([]);
    // The same book cannot go twice, and a refused shipment queues no packing list.
    expect(refuse(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [a], courier: 'EMS', trackingNo: 'EA1' }).code).toBe('INVALID_TRANSITION');
    expect(refuse(desk.ctx, 'shipment.checkScan', { scan: 'BH-0011', lenderCode: BUAA }).code).toBe('INVALID_TRANSITION');
  });
});

describe('the shipment history', () => {
  it('lists our shipments newest first, a page at a time, by lender, and opens one with its books', () => {
    const ids: string[] = [];
    const shipments = [
      { at: '2026-11-05T07:00:00.000Z', lender: BUAA, barcode: 'BH-0021', reader: 'r-wangqian' },
      { at: '2026-11-06T07:00:00.000Z', lender: RUC, barcode: 'RD-0022', reader: 'r-wangqian' },
      { at: '2026-11-07T07:00:00.000Z', lender: BUAA, barcode: 'BH-0023', reader: 'r-ivanov' },
    ].map(({ at, lender, barcode, reader }) => {
      desk.clock.now = at;
      const id = borrowed(lender, barcode, reader);
      ids.push(id);
      return call(desk.ctx, 'shipment.create', { lenderCode: lender, requestIds: [id], courier: 'EMS', trackingNo: `EA${barcode.replace('-', '')}CN` });
    });
    const page = call(desk.ctx, 'shipments.list', {});
    expect(page.total).toBe(3);
    expect(page.rows.map((s) => s.id)).toEqual([shipments[2]!.id, shipments[1]!.id, shipments[0]!.id]);
    expect(page.rows[0]).toMatchObject({ toCode: BUAA, fromCode: BUPT, courier: 'EMS', trackingNo: 'EABH0023CN', clerk: 'by01', requestIds: [ids[2]] });

    const second = call(desk.ctx, 'shipments.list', { offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3, rows: [{ id: shipments[1]!.id }] });
    const toBuaa = call(desk.ctx, 'shipments.list', { lenderCode: BUAA });
    expect(toBuaa.total).toBe(2);
    expect(toBuaa.rows.map((s) => s.toCode)).toEqual([BUAA, BUAA]);

    const detail = call(desk.ctx, 'shipment.get', { id: shipments[0]!.id });
    expect(detail).toMatchObject({ id: shipments[0]!.id, toCode: BUAA, requestIds: [ids[0]], createdAt: '2026-11-05T07:00:00.000Z' });
    expect(detail.items).toMatchObject([{ id: ids[0], itemBarcode: 'BH-0021', status: 'RETURN_SHIPPED', title: '书 BH-0021' }]);

    // Another library's desk on the same store sees none of our shipments.
    expect(call(desk.as(BUAA), 'shipments.list', {}).total).toBe(0);
    expect(refuse(desk.as(BUAA), 'shipment.get', { id: shipments[0]!.id }).code).toBe('NOT_FOUND');
    expect(refuse(desk.ctx, 'shipment.get', { id: 'RS-20260101-211060' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('reprints a packing list for a shipment in the history', () => {
    const id = borrowed(BUAA, 'BH-0031');
    const shipment = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [id], courier: 'EMS', trackingNo: 'EA2' });
    const job = call(desk.ctx, 'print.slip', { kind: 'packingList', refs: [shipment.id] });
    expect(job).toMatchObject({ kind: 'packingList', refs: [shipment.id], status: 'queued' });
    expect(printJobs().filter((j) => j.kind === 'packingList')).toHaveLength(2);
  });
});
