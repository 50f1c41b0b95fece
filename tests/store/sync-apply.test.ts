// Applying the hub's pull pages to a desk's store: all of a page and its cursor, or nothing; a
// hostile page changes nothing and says why; pending ops stay on top of the hub's copy.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { applyPullPage, lastAppliedSeq, parsePullResponse, SyncPageError } from '../../main/sync/apply';
import type { SyncRequest } from '../../shared/sync';
import { BUAA, BUPT, makeDesk, RUC, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

const T = '2026-11-02T02:00:00.000Z';

function hubRequest(over: Partial<SyncRequest> = {}): SyncRequest {
  return {
    id: 'BY00000500',
    status: 'SHIPPED',
    serviceType: 'loan',
    borrowerCode: BUPT,
    lenderCode: BUAA,
    title: '网络环境下的资源共享 图书馆联盟实现机制与策略研究',
    author: '高凡著',
    publisher: null,
    pubYear: null,
    isbn: null,
    issn: null,
    language: null,
    materialType: null,
    lenderCallNumber: null,
    preferredLender: null,
    pages: null,
    noteToLender: null,
    itemBarcode: 'BH-77',
    holdSlot: null,
    courier: '顺丰',
    trackingNo: 'SF77',
    unfilledReason: null,
    lenderDueDate: '2026-12-17',
    dueDate: null,
    checkedInAt: null,
    createdAt: T,
    statusAt: T,
    updatedAt: T,
    events: [
      { type: 'request.create', fromStatus: null, toStatus: 'SUBMITTED', clerk: 'reader', deskId: 'web', libraryCode: BUPT, deskTime: T, hubTime: T, detail: {} },
      { type: 'request.ship', fromStatus: 'ACCEPTED', toStatus: 'SHIPPED', clerk: 'bh01', deskId: 'desk-bh', libraryCode: BUAA, deskTime: T, hubTime: T, detail: {} },
    ],
    readerId: 'r-wangqian',
    recipientName: '王茜',
    email: 'wangqian@bupt.edu.cn',
    phone: '62281970',
    customNo: null,
    remark: null,
    ...over,
  };
}

function page(changes: { seq: number; kind: string; id: string; version: number; data: unknown }[], cursor = 'c1') {
  return parsePullResponse({ changes, cursor, more: false, ackedDeskSeq: 0 }, lastAppliedSeq(desk.ctx));
}

function applyRaw(raw: unknown) {
  return applyPullPage(desk.ctx, parsePullResponse(raw, lastAppliedSeq(desk.ctx)));
}

describe('applying a pull page', () => {
  it('writes a library, a request with its hub timeline, and the cursor, in one go', () => {
    const result = applyPullPage(
      desk.ctx,
      page([
        { seq: 3, kind: 'library', id: '211999', version: 1, data: { code: '211999', name: '首都师范大学', shortName: '首师大', prefix: 'SS', active: true } },
        { seq: 7, kind: 'request', id: 'BY00000500', version: 4, data: hubRequest() },
      ]),
    );
    expect(result).toEqual({ applied: 2, replayedOps: 0, cursor: 'c1' });
    const detail = dispatch(desk.ctx, 'request.get', { id: 'BY00000500' });
    expect(detail).toMatchObject({ ok: true, value: { status: 'SHIPPED', version: 4, readerName: '王茜' } });
    expect((detail as { value: { events: unknown[] } }).value.events).toHaveLength(2);
    expect(desk.db.prepare('SELECT cursor, last_seq FROM sync_state').get()).toEqual({ cursor: 'c1', last_seq: 7 });
    // The check-in scan now works on what the hub brought.
    expect(dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-77' })).toMatchObject({ ok: true, value: { status: 'ON_HOLD' } });
  });

  it('keeps a pending check-in on top of a hub copy that has not seen it yet', () => {
    applyPullPage(desk.ctx, page([{ seq: 1, kind: 'request', id: 'BY00000500', version: 4, data: hubRequest() }]));
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BY00000500' });
    // The same hub copy arrives again (another field changed at the hub).
    const result = applyPullPage(
      desk.ctx,
      page([{ seq: 2, kind: 'request', id: 'BY00000500', version: 5, data: hubRequest({ noteToLender: '请尽快' }) }], 'c2'),
    );
    expect(result.replayedOps).toBe(1);
    const row = desk.db.prepare('SELECT status, hold_slot, note_to_lender FROM requests WHERE id = ?').get('BY00000500');
    expect(row).toEqual({ status: 'ON_HOLD', hold_slot: '1', note_to_lender: '请尽快' });
  });

  it("puts another desk's check-in on our hold shelf in the hub's slot", () => {
    applyPullPage(
      desk.ctx,
      page([{ seq: 1, kind: 'request', id: 'BY00000500', version: 5, data: hubRequest({ status: 'ON_HOLD', holdSlot: '3', checkedInAt: T }) }]),
    );
    expect(desk.db.prepare('SELECT slot, request_id FROM hold_shelf ORDER BY slot').all()).toEqual([
      { slot: 1, request_id: null },
      { slot: 2, request_id: null },
      { slot: 3, request_id: 'BY00000500' },
    ]);
  });

  it('keeps the reader away from a lending library and refuses a page that brings them', () => {
    const before = snapshot(desk.db);
    const lent = hubRequest({ id: 'RD00000001', borrowerCode: RUC, lenderCode: BUPT, readerId: 'r-ruc', recipientName: '李四' });
    expect(() => applyRaw({ changes: [{ seq: 1, kind: 'request', id: 'RD00000001', version: 1, data: lent }], cursor: 'x', more: false, ackedDeskSeq: 0 })).toThrow(
      /personal data/,
    );
    expect(snapshot(desk.db)).toBe(before);
  });

  it('refuses a request our library is not party to, and the rest of the page with it', () => {
    const before = snapshot(desk.db);
    const foreign = hubRequest({ id: 'RD00000002', borrowerCode: RUC, lenderCode: BUAA, readerId: undefined, recipientName: undefined, email: undefined, phone: undefined });
    const raw = {
      changes: [
        { seq: 1, kind: 'library', id: '211999', version: 1, data: { code: '211999', name: '首都师范大学', prefix: 'SS', active: true } },
        { seq: 2, kind: 'request', id: 'RD00000002', version: 1, data: foreign },
      ],
      cursor: 'x',
      more: false,
      ackedDeskSeq: 0,
    };
    expect(() => applyRaw(raw)).toThrow(SyncPageError);
    expect(snapshot(desk.db)).toBe(before);
    expect(desk.db.prepare('SELECT cursor FROM sync_state').get()).toEqual({ cursor: null });
  });

  it('refuses wrong types, a sequence going backwards, and an answer that is not a page', () => {
    expect(() => applyRaw({ changes: [{ seq: 1, kind: 'request', id: 'BY00000500', version: 1, data: hubRequest({ status: 'ARCHIVED' as never }) }], cursor: 'x', more: false, ackedDeskSeq: 0 })).toThrow(
      /status/,
    );
    applyPullPage(desk.ctx, page([{ seq: 9, kind: 'request', id: 'BY00000500', version: 1, data: hubRequest() }]));
    expect(() => applyRaw({ changes: [{ seq: 9, kind: 'request', id: 'BY00000500', version: 2, data: hubRequest() }], cursor: 'y', more: false, ackedDeskSeq: 0 })).toThrow(
      /backwards/,
    );
    expect(() => applyRaw('<html>502 Bad Gateway</html>')).toThrow(SyncPageError);
    expect(() => applyRaw({ changes: 'all of them', cursor: 1 })).toThrow(/changes/);
  });
});
