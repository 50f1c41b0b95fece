// A whole loan carried only by push and pull between a desk of library A (borrower) and a desk of
// library B (lender); a desk of library C sees none of it and can change none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRequestSchema, type Change } from '../../shared/sync';
import { A, B, C, approvedReader, startHub, submitAsReader, type DeskClient, type TestHub } from './hubFixture';

const PERSONAL = ['readerId', 'recipientName', 'email', 'phone', 'customNo', 'remark'];

function statusesOf(changes: Change[], id: string): string[] {
  return changes.filter((c) => c.kind === 'request' && c.id === id).map((c) => syncRequestSchema.parse(c.data).status);
}

describe('a loan carried by sync', () => {
  let hub: TestHub;
  let deskA: DeskClient;
  let deskB: DeskClient;
  let deskC: DeskClient;
  beforeAll(async () => {
    hub = await startHub();
    deskA = await hub.addDesk(A, '北邮二层流通台');
    deskB = await hub.addDesk(B, '北航馆际互借');
    deskC = await hub.addDesk(C, '北大馆际互借');
  });
  afterAll(async () => {
    await hub.close();
  });

  it('moves create → forward → accept → ship → checkIn → handOut → return → returnShip → complete, each side seeing every step', async () => {
    const readerId = await approvedReader(hub, deskA, 'loanreader');
    const [id] = await deskA.lease(1);
    await deskA.pull();
    await deskB.pull();
    await deskC.pull();
    const seenByA: Change[] = [];
    const seenByB: Change[] = [];
    const step = async (desk: DeskClient, type: Parameters<DeskClient['one']>[0]['type'], payload: Record<string, unknown> = {}) => {
      hub.clock.advanceMinutes(30);
      const result = await desk.one({ type, entityId: id!, payload });
      expect(result, type).toMatchObject({ outcome: 'applied' });
      expect(result.noop).toBeUndefined();
      seenByA.push(...(await deskA.pull()));
      seenByB.push(...(await deskB.pull()));
    };

    await step(deskA, 'request.create', {
      serviceType: 'loan',
      readerId,
      title: 'Теория информации',
      author: 'Шеннон',
      isbn: '9787115291028',
      recipientName: '王茜',
      email: 'wangqian@bupt.edu.cn',
      phone: '62281970',
      remark: '急用',
      clerk: 'by01',
    });
    await step(deskA, 'request.forward', { lender: B, noteToLender: '请尽快' });
    await step(deskB, 'request.accept');
    await step(deskB, 'request.ship', { trackingNo: 'SF1234567', courier: '顺丰', itemBarcode: 'BH0012345', lenderDueDate: '2026-12-01' });
    await step(deskA, 'request.checkIn', { holdSlot: 'A-12' });
    await step(deskA, 'request.handOut', {});
    await step(deskA, 'request.return', { fromStatus: 'LOANED' });
    await step(deskA, 'request.returnShip', { shipmentId: 'S-1', trackingNo: 'SF7654321' });
    await step(deskB, 'request.complete');

    expect(statusesOf(seenByA, id!)).toEqual(['SUBMITTED', 'SENT', 'ACCEPTED', 'SHIPPED', 'ON_HOLD', 'LOANED', 'RETURNED', 'RETURN_SHIPPED', 'COMPLETED']);
    // The lender joins at the forward and sees every step from there.
    expect(statusesOf(seenByB, id!)).toEqual(['SENT', 'ACCEPTED', 'SHIPPED', 'ON_HOLD', 'LOANED', 'RETURNED', 'RETURN_SHIPPED', 'COMPLETED']);

    const finalA = syncRequestSchema.parse(seenByA[seenByA.length - 1]!.data);
    const finalB = syncRequestSchema.parse(seenByB[seenByB.length - 1]!.data);
    expect(finalA).toMatchObject({ status: 'COMPLETED', borrowerCode: A, lenderCode: B, readerId, recipientName: '王茜', lenderDueDate: '2026-12-01' });
    // The reader's due date: the lender's date minus the default 3-day margin.
    expect(finalA.dueDate).toBe('2026-11-28');
    expect(finalA.events.map((e) => e.type)).toEqual([
      'request.create',
      'request.forward',
      'request.accept',
      'request.ship',
      'request.checkIn',
      'request.handOut',
      'request.return',
      'request.returnShip',
      'request.complete',
    ]);
    expect(finalA.events.every((e) => e.hubTime !== null)).toBe(true);
    expect(finalA.events[0]).toMatchObject({ clerk: 'by01', deskId: deskA.deskId, libraryCode: A });
    expect(finalB.events).toEqual(finalA.events);

    // A lender's pull never carries the reader's personal data.
    for (const change of seenByB.filter((c) => c.kind === 'request')) {
      for (const key of PERSONAL) expect(change.data as Record<string, unknown>).not.toHaveProperty(key);
    }
    const lenderText = JSON.stringify(seenByB);
    for (const secret of ['王茜', 'wangqian@bupt.edu.cn', '62281970', '急用', readerId, 'loanreader']) expect(lenderText).not.toContain(secret);

    // Library C: nothing in its pulls, NOT_FOUND on push (the same answer as for a number nobody has).
    expect((await deskC.pull()).filter((c) => c.kind === 'request')).toEqual([]);
    const probe = await deskC.one({ type: 'request.note', entityId: id!, payload: { text: '看看' } });
    expect(probe).toMatchObject({ outcome: 'rejected', code: 'NOT_FOUND' });
    expect(probe.entity).toBeUndefined();
    const nobody = await deskC.one({ type: 'request.note', entityId: 'BY99999999', payload: { text: '看看' } });
    expect({ ...nobody, opId: '', deskSeq: 0, message: nobody.message!.replace('BY99999999', id!) }).toEqual({ ...probe, opId: '', deskSeq: 0 });
  });

  it("routes a reader's own request: the borrower's desks get it with the reader, the lender without", async () => {
    const readerId = await approvedReader(hub, deskA, 'portalreader');
    await deskA.pull();
    await deskB.pull();
    const submitted = await submitAsReader(hub.url, 'portalreader', undefined, { title: '数字信号处理', remark: '第三版', customNo: 'K-17' });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id;
    const atA = syncRequestSchema.parse((await deskA.pull()).find((c) => c.id === id)!.data);
    expect(atA).toMatchObject({ status: 'SUBMITTED', borrowerCode: A, lenderCode: null, readerId, recipientName: '王茜', remark: '第三版', customNo: 'K-17' });
    expect(atA.events[0]).toMatchObject({ type: 'request.create', clerk: 'reader', hubTime: expect.any(String) });
    expect(await deskB.pull()).toEqual([]);

    await deskA.apply({ type: 'request.forward', entityId: id, payload: { lender: B } });
    const atB = (await deskB.pull()).filter((c) => c.id === id);
    expect(atB).toHaveLength(1);
    const lenderCopy = syncRequestSchema.parse(atB[0]!.data);
    expect(lenderCopy).toMatchObject({ status: 'SENT', title: '数字信号处理', borrowerCode: A, lenderCode: B });
    for (const key of PERSONAL) expect(lenderCopy).not.toHaveProperty(key);
    expect(JSON.stringify(atB)).not.toMatch(/王茜|portalreader|第三版|K-17/);
  });

  it('refuses the wrong role with FORBIDDEN and a wrong state with INVALID_TRANSITION, each with the hub copy', async () => {
    const readerId = await approvedReader(hub, deskA, 'rolereader');
    const [id] = await deskA.lease(1);
    await deskA.apply(
      { type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: '编码理论' } },
      { type: 'request.forward', entityId: id!, payload: { lender: B } },
    );
    const borrowerAccepts = await deskA.one({ type: 'request.accept', entityId: id! });
    expect(borrowerAccepts).toMatchObject({ outcome: 'rejected', code: 'FORBIDDEN' });
    expect(borrowerAccepts.entity).toMatchObject({ id, status: 'SENT', readerId });
    const lenderShipsEarly = await deskB.one({ type: 'request.ship', entityId: id!, payload: { trackingNo: 'SF1', courier: '顺丰', itemBarcode: 'B1' } });
    expect(lenderShipsEarly).toMatchObject({ outcome: 'rejected', code: 'INVALID_TRANSITION' });
    expect(lenderShipsEarly.message).toMatch(/SENT/);
    expect(lenderShipsEarly.entity).toMatchObject({ id, status: 'SENT' });
    expect(lenderShipsEarly.entity).not.toHaveProperty('readerId');
  });

  it('keeps a lender that answered UNFILLED as a read-only party when the request goes elsewhere', async () => {
    const readerId = await approvedReader(hub, deskA, 'unfillreader');
    const [id] = await deskA.lease(1);
    await deskA.apply(
      { type: 'request.create', entityId: id!, payload: { serviceType: 'copy', readerId, title: '论文一篇', pages: '12-20' } },
      { type: 'request.forward', entityId: id!, payload: { lender: B } },
    );
    await deskB.pull();
    await deskB.apply({ type: 'request.unfill', entityId: id!, payload: { reasonCode: 'NotHeld', note: '本馆无此刊' } });
    await deskA.apply({ type: 'request.forward', entityId: id!, payload: { lender: C } });
    await deskC.pull();
    await deskC.apply({ type: 'request.accept', entityId: id! }, { type: 'request.deliver', entityId: id! });

    expect(statusesOf(await deskB.pull(), id!)).toEqual(['UNFILLED']);
    const late = await deskB.one({ type: 'request.note', entityId: id!, payload: { text: '还需要吗' } });
    expect(late).toMatchObject({ outcome: 'rejected', code: 'FORBIDDEN' });
    expect(late.entity).toBeUndefined();
    const finalA = (await deskA.pull()).filter((c) => c.id === id);
    expect(syncRequestSchema.parse(finalA[finalA.length - 1]!.data)).toMatchObject({ status: 'DELIVERED', lenderCode: C });
  });
});
