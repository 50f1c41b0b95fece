// Slips read from a real store: each kind's HTML carries every field the clerk and reader need,
// escapes whatever a title or name holds, and refuses a job naming a request the desk lacks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderSlip, escapeHtml } from '../../main/printing/render';
import { maskCard, slipData } from '../../main/printing/slipData';
import { AppError } from '../../shared/errors';
import { call } from '../fixtures/calls';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

const HOSTILE = '<script>alert("x")</script> & 数据库';

/** A loan from 北航 checked in on 2026-11-04 (slot 1); returns its number. */
function checkedIn(title: string, barcode: string): string {
  const lender = desk.as(BUAA);
  const created = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title, author: '王珊 <萨师煊>', lenderCallNumber: 'TP311.13/W-2' });
  call(desk.ctx, 'request.forward', { id: created.id, lender: BUAA });
  call(lender, 'request.accept', { id: created.id });
  desk.clock.now = '2026-11-03T03:00:00.000Z';
  call(lender, 'request.ship', { id: created.id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: barcode });
  desk.clock.now = '2026-11-04T03:00:00.000Z';
  call(desk.ctx, 'request.checkIn', { scan: barcode });
  return created.id;
}

function expectAll(html: string, fields: string[]): void {
  for (const field of fields) expect(html, `slip lacks ${field}`).toContain(field);
}

describe('slip data', () => {
  it('masks the card number', () => {
    expect(maskCard('2008110001')).toBe('2008****01');
    expect(maskCard('123456')).toBe('****56');
    expect(maskCard(null)).toBe('—');
  });

  it('names the ref a job lacks', () => {
    expect(() => slipData(desk.ctx, { kind: 'pickup', refs: ['BY99999999'] })).toThrow(AppError);
    expect(() => slipData(desk.ctx, { kind: 'pickup', refs: ['BY99999999'] })).toThrow(/BY99999999/);
    expect(() => slipData(desk.ctx, { kind: 'packingList', refs: ['RS-none'] })).toThrow(/RS-none/);
    try {
      renderSlip(desk.ctx, { kind: 'dateDue', refs: ['BY99999998'] }, 'A4');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'refs.0' });
    }
  });
});

describe('rendered slips', () => {
  it('pickup: every field, the barcode, the slot, escaped text, both papers', () => {
    const id = checkedIn(HOSTILE, 'BH-0001');
    const data = slipData(desk.ctx, { kind: 'pickup', refs: [id] });
    expect(data).toMatchObject({
      kind: 'pickup',
      slips: [{ requestId: id, readerName: '王茜', cardMasked: '2008****01', lenderName: '北京航空航天大学', arrivalDate: '2026-11-04', pickUpBy: '2026-11-11', loanDays: 40, lenderLoanDays: 45, marginDays: 5, holdSlot: '1' }],
    });
    for (const paper of ['roll80', 'A4'] as const) {
      const html = renderSlip(desk.ctx, { kind: 'pickup', refs: [id] }, paper);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expectAll(html, [
        '取书单', id, '王茜', '2008****01', escapeHtml(HOSTILE), '王珊 &lt;萨师煊&gt;', '北京航空航天大学', '2026-11-04', '2026-11-11',
        '40 天', '不可续借 / No renewals', '二层流通台', '北京邮电大学', 'Noto Sans CJK SC', '<svg', `paper-${paper}`,
      ]);
      expect(html).not.toContain('2008110001');
      expect(html).not.toContain('<script>');
      expect(html).not.toMatch(/\{\{/);
    }
    expect(renderSlip(desk.ctx, { kind: 'pickup', refs: [id] }, 'roll80')).toContain('size: 80mm');
    expect(renderSlip(desk.ctx, { kind: 'pickup', refs: [id] }, 'A4')).toContain('size: A4');
  });

  it('pull: call number, title, author, borrower, number — one page per request', () => {
    const a = checkedIn('编译原理', 'BH-0002');
    const b = checkedIn('操作系统 "概念"', 'BH-0003');
    const html = renderSlip(desk.as(BUAA), { kind: 'pull', refs: [a, b] }, 'roll80');
    expectAll(html, ['索书单', 'TP311.13/W-2', '编译原理', '操作系统 &quot;概念&quot;', '王珊 &lt;萨师煊&gt;', '北京邮电大学', a, b]);
    expect(html.match(/<section class="slip slip-pull">/g)).toHaveLength(2);
  });

  it('date due and packing list: items with due dates, courier, tracking number, count', () => {
    const a = checkedIn(HOSTILE, 'BH-0004');
    const b = checkedIn('计算机网络', 'BH-0005');
    call(desk.ctx, 'request.handOut', { id: a });
    call(desk.ctx, 'request.handOut', { id: b });
    const due = renderSlip(desk.ctx, { kind: 'dateDue', refs: [a, b] }, 'roll80');
    expectAll(due, ['还书日期单', '王茜', '2008****01', a, b, escapeHtml(HOSTILE), '计算机网络', '2026-12-13', '不可续借 / No renewals']);
    expect(due).not.toContain('<script>');
    expect(due.match(/<section class="slip/g)).toHaveLength(1);

    call(desk.ctx, 'request.return', { scan: a });
    call(desk.ctx, 'request.return', { scan: b });
    const shipment = call(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [a, b], courier: '顺丰<b>', trackingNo: 'SF9876' });
    const list = renderSlip(desk.ctx, { kind: 'packingList', refs: [shipment.id] }, 'A4');
    expectAll(list, ['还书装箱单', '北京航空航天大学', '北京邮电大学', '顺丰&lt;b&gt;', 'SF9876', a, b, 'BH-0004', 'BH-0005', escapeHtml(HOSTILE), '共 2 册', '2026-11-04', '接收馆签字']);
    expect(list).not.toContain('<script>');
    expect(list).not.toContain('<b>');
  });
});
