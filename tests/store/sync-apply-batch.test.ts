// A pull page's requests are written together: the page's last copy of each request, in a few
// statements, with the search index rewritten only where a searched field changed. What the desk
// ends with must be what taking every change in turn gave: these cases pin that down.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { applyPullPage, lastAppliedSeq, parsePullResponse, SyncPageError } from '../../main/sync/apply';
import type { QueuePage } from '../../shared/contract';
import type { SyncRequest } from '../../shared/sync';
import { BUAA, BUPT, makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

const T = '2026-11-02T02:00:00.000Z';
const T2 = '2026-11-03T02:00:00.000Z';

function hubRequest(id: string, over: Partial<SyncRequest> = {}): SyncRequest {
  return {
    id,
    status: 'SUBMITTED',
    serviceType: 'loan',
    borrowerCode: BUPT,
    lenderCode: null,
    title: '数字图书馆资源共享研究',
    author: '张晓林',
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
    itemBarcode: null,
    holdSlot: null,
    courier: null,
    trackingNo: null,
    unfilledReason: null,
    lenderDueDate: null,
    dueDate: null,
    checkedInAt: null,
    createdAt: T,
    statusAt: T,
    updatedAt: T,
    events: [{ type: 'request.create', fromStatus: null, toStatus: 'SUBMITTED', clerk: 'by01', deskId: 'desk-by', libraryCode: BUPT, deskTime: T, hubTime: T, detail: {} }],
    readerId: 'r-wangqian',
    recipientName: '王茜',
    email: 'wangqian@bupt.edu.cn',
    phone: '62281970',
    customNo: null,
    remark: null,
    ...over,
  };
}

const forwarded = (id: string, over: Partial<SyncRequest> = {}): SyncRequest => {
  const base = hubRequest(id, over);
  return {
    ...base,
    status: 'SENT',
    lenderCode: BUAA,
    statusAt: T2,
    updatedAt: T2,
    events: [
      ...base.events,
      { type: 'request.forward', fromStatus: 'SUBMITTED', toStatus: 'SENT', clerk: 'by01', deskId: 'desk-by', libraryCode: BUPT, deskTime: T2, hubTime: T2, detail: { lender: BUAA } },
    ],
  };
};

let seq = 0;
function apply(changes: { kind: string; id: string; version: number; data: unknown }[]) {
  const page = parsePullResponse(
    { changes: changes.map((c) => ({ ...c, seq: ++seq })), cursor: `c${seq}`, more: false, ackedDeskSeq: 0 },
    lastAppliedSeq(desk.ctx),
  );
  return applyPullPage(desk.ctx, page);
}
const request = (data: SyncRequest, version: number) => ({ kind: 'request', id: data.id, version, data });

function search(q: string): string[] {
  const result = dispatch(desk.ctx, 'queue.list', { q, limit: 500 });
  if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`);
  return (result.value as QueuePage).rows.map((r) => r.id).sort();
}

function row(id: string) {
  return desk.db.prepare('SELECT status, lender_code, title, version FROM requests WHERE id = ?').get(id);
}
function events(id: string) {
  return desk.db.prepare('SELECT type FROM request_events WHERE request_id = ? ORDER BY id').all(id);
}

describe('a page written together', () => {
  beforeEach(() => {
    seq = 0;
  });

  it('keeps the last copy of a request the page brings twice, with its timeline, once', () => {
    const result = apply([request(hubRequest('BY00000501'), 1), request(hubRequest('BY00000502'), 1), request(forwarded('BY00000501'), 2)]);
    expect(result).toEqual({ applied: 3, replayedOps: 0, cursor: 'c3' });
    expect(row('BY00000501')).toEqual({ status: 'SENT', lender_code: BUAA, title: '数字图书馆资源共享研究', version: 2 });
    expect(events('BY00000501')).toEqual([{ type: 'request.create' }, { type: 'request.forward' }]);
    expect(row('BY00000502')).toMatchObject({ status: 'SUBMITTED', version: 1 });
    expect(search('资源共享')).toEqual(['BY00000501', 'BY00000502']);
  });

  it('re-indexes a request whose title changed, and finds it by the new title only', () => {
    apply([request(hubRequest('BY00000501'), 1)]);
    apply([request(forwarded('BY00000501'), 2)]);
    expect(search('资源共享')).toEqual(['BY00000501']);
    apply([request(forwarded('BY00000501', { title: '信息论基础', author: 'Cover' }), 3)]);
    expect(search('资源共享')).toEqual([]);
    expect(search('信息论')).toEqual(['BY00000501']);
    expect(search('Cover')).toEqual(['BY00000501']);
    expect(row('BY00000501')).toMatchObject({ title: '信息论基础', version: 3 });
    // The same page bringing it twice: the last title counts.
    apply([request(forwarded('BY00000501', { title: '通信原理' }), 4), request(forwarded('BY00000501', { title: '高等数学' }), 5)]);
    expect(search('通信原理')).toEqual([]);
    expect(search('高等数学')).toEqual(['BY00000501']);
  });

  it("finds requests by a reader's new name after a reader change renames them", () => {
    apply([request(hubRequest('BY00000501'), 1)]);
    expect(search('王茜')).toEqual(['BY00000501']);
    const reader = { id: 'r-wangqian', libraryCode: BUPT, login: 'wangqian830', name: '王倩', cardNumber: '2008110001', email: 'wangqian@bupt.edu.cn', phone: '62281970', status: 'APPROVED', createdAt: T };
    apply([{ kind: 'reader', id: 'r-wangqian', version: 2, data: reader }]);
    expect(search('王倩')).toEqual(['BY00000501']);
  });

  it('takes a request with pending ops change by change, and the others together, in one page', () => {
    apply([request(hubRequest('BY00000501'), 1), request(hubRequest('BY00000502'), 1)]);
    expect(dispatch(desk.ctx, 'request.forward', { id: 'BY00000501', lender: BUAA })).toMatchObject({ ok: true });
    const result = apply([
      request(hubRequest('BY00000501', { noteToLender: '请尽快' }), 2),
      request(forwarded('BY00000502'), 2),
      request(hubRequest('BY00000501', { noteToLender: '请尽快寄出' }), 3),
    ]);
    // The pending forward is put back on top of each hub copy of 501.
    expect(result.replayedOps).toBe(2);
    expect(row('BY00000501')).toMatchObject({ status: 'SENT', lender_code: BUAA, version: 3 });
    expect(row('BY00000502')).toMatchObject({ status: 'SENT', version: 2 });
  });

  it('refuses a request naming a library the hub has not sent, and writes nothing of the page', () => {
    const before = snapshot(desk.db);
    expect(() => apply([request(hubRequest('BY00000501'), 1), request({ ...forwarded('BY00000502'), lenderCode: '299999' }, 1)])).toThrow(SyncPageError);
    expect(snapshot(desk.db)).toBe(before);
  });
});
