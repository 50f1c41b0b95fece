// One scan does it all: a check-in writes the pickup slip's print job and the reader's arrival
// notice in the same transaction as the status change — and a refused scan writes neither.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { noticesOf } from '../../main/notices/outbox';
import { call } from '../fixtures/calls';
import { BUAA, makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

function shippedToUs(barcode: string): string {
  const lender = desk.as(BUAA);
  const created = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' });
  call(desk.ctx, 'request.forward', { id: created.id, lender: BUAA });
  call(lender, 'request.accept', { id: created.id });
  call(lender, 'request.ship', { id: created.id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: barcode });
  return created.id;
}

function printJobs() {
  return desk.db.prepare('SELECT kind, refs_json, status, clerk FROM print_jobs ORDER BY id').all();
}

describe('check-in', () => {
  it('queues the pickup slip and the arrival notice with the status change', () => {
    const id = shippedToUs('BH-0001');
    call(desk.ctx, 'request.checkIn', { scan: 'BH-0001' });
    expect(printJobs()).toEqual([{ kind: 'pickup', refs_json: JSON.stringify([id]), status: 'queued', clerk: 'by01' }]);
    expect(noticesOf(desk.ctx, id)).toEqual([
      expect.objectContaining({ kind: 'arrival', requestId: id, readerId: 'r-wangqian', toAddress: 'wangqian@bupt.edu.cn', status: 'queued', attempts: 0 }),
    ]);
  });

  it('writes neither when the scan is refused', () => {
    const id = shippedToUs('BH-0002');
    call(desk.ctx, 'request.checkIn', { scan: id });
    const before = snapshot(desk.db);
    const jobs = printJobs();
    const again = dispatch(desk.ctx, 'request.checkIn', { scan: id });
    expect(again.ok).toBe(false);
    const unknown = dispatch(desk.ctx, 'request.checkIn', { scan: 'BY99999999' });
    expect(unknown.ok).toBe(false);
    expect(snapshot(desk.db)).toBe(before);
    expect(printJobs()).toEqual(jobs);
    expect(noticesOf(desk.ctx, id)).toHaveLength(1);
  });
});
