// Whole requests carried only by sync between real desk stores of two libraries: a reader of
// 北京邮电大学 (A) registers and submits at the hub; A's desk approves and forwards; 北京航空航天大学's
// desk (B, its own store and identity) accepts and ships or delivers; each step made by clerk
// commands on one desk reaches the other desk through the hub. A desk of 北京大学 (C) is no party:
// it never receives the request and cannot touch it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox } from '../../main/requests/ops';
import { encodeCursor } from '../../hub/server';
import { A, B, registerReader, submitAsReader, type TestHub } from './hubFixture';
import {
  closeThreeDesks,
  count,
  deskEvents,
  dumpStore,
  hubEvents,
  hubRequest,
  openThreeDesks,
  pendingOps,
  refused,
  requestRow,
  run,
  sync,
  syncClean,
  syncProblems,
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
const PASSWORD = 'secret123';


/** A reader of A registered at the hub and approved by A's desk through sync. */
async function approvedReaderOfA(login: string): Promise<string> {
  const registered = await registerReader(hub.url, A, login, PASSWORD);
  expect(registered).toMatchObject({ status: 201, body: { status: 'PENDING' } });
  const readerId = registered.body.readerId;
  // Not approved yet: the portal refuses the reader's request.
  expect((await submitAsReader(hub.url, login, PASSWORD)).body).toMatchObject({ code: 'READER_NOT_APPROVED' });
  await syncClean(deskA);
  expect(deskA.desk.db.prepare('SELECT status, library_code FROM readers WHERE id = ?').get(readerId)).toEqual({ status: 'PENDING', library_code: A });
  run(deskA, 'reader.approve', { id: readerId });
  await syncClean(deskA);
  expect(hub.store.db.prepare('SELECT status FROM readers WHERE id = ?').get(readerId)).toEqual({ status: 'APPROVED' });
  return readerId;
}

/**
 * One clerk step: `act` on one desk, then that desk syncs and the other party's desk syncs. Both
 * stores must then hold the hub's copy: the new status, the hub's version, the step as the last
 * event of the timeline (stamped by the hub, naming the desk that acted), the hub's event count.
 */
async function step(actor: SyncedDesk, other: SyncedDesk, id: string, eventType: string, status: string, act: () => void): Promise<void> {
  tick(hub, desks(), 30);
  const versionBefore = hubRequest(hub, id)!.version;
  act();
  // Applied locally at once, before any sync.
  expect(requestRow(actor, id)!.status, `${eventType} at the acting desk`).toBe(status);
  await syncClean(actor);
  await syncClean(other);
  const hubCopy = hubRequest(hub, id)!;
  expect(hubCopy.status, eventType).toBe(status);
  expect(hubCopy.version, `${eventType}: one new version at the hub`).toBe(versionBefore + 1);
  const events = hubEvents(hub, id);
  expect(events[events.length - 1], eventType).toMatchObject({
    type: eventType,
    to_status: status,
    // Who acted: the clerk signed in at the desk (sent with the op), not just the desk's name.
    clerk: actor.desk.ctx.clerk,
    desk_id: actor.conn.deskId,
    library_code: actor.libraryCode,
    hub_time: hub.clock.now.toISOString(),
  });
  for (const d of [actor, other]) {
    const row = requestRow(d, id)!;
    expect({ at: d.libraryCode, status: row.status, version: row.version }).toEqual({ at: d.libraryCode, status, version: hubCopy.version });
    // The clerk sees the step in the request's timeline, as the hub recorded it.
    const detail = run(d, 'request.get', { id });
    expect(detail.status).toBe(status);
    expect(detail.events.length).toBe(events.length);
    expect(detail.events[detail.events.length - 1]).toMatchObject({
      type: eventType,
      toStatus: status,
      clerk: actor.desk.ctx.clerk,
      deskId: actor.conn.deskId,
      hubTime: hub.clock.now.toISOString(),
    });
  }
}

describe('a loan carried only by sync between the desks of two libraries', () => {
  it('goes from the reader portal to COMPLETED, each desk seeing every step of the other, and ends with both stores equal to the hub', async () => {
    const readerId = await approvedReaderOfA('syncloanreader');
    await syncClean(deskB);

    tick(hub, desks(), 10);
    const submitted = await submitAsReader(hub.url, 'syncloanreader', PASSWORD, {
      title: 'Теория информации',
      author: 'Шеннон',
      isbn: '9787115291028',
      remark: '急用',
    });
    expect(submitted).toMatchObject({ status: 201, body: { status: 'SUBMITTED' } });
    const id = submitted.body.id;
    expect(id).toMatch(/^BY\d{8}$/);

    // A's desk learns of the request from its pull, reader and all; B's does not (not a party yet).
    await syncClean(deskA);
    await syncClean(deskB);
    expect(requestRow(deskA, id)).toMatchObject({
      status: 'SUBMITTED',
      borrower_code: A,
      lender_code: null,
      reader_id: readerId,
      recipient_name: '王茜',
      remark: '急用',
      title: 'Теория информации',
      version: 1,
    });
    expect(deskEvents(deskA, id)).toEqual([expect.objectContaining({ type: 'request.create', to_status: 'SUBMITTED', clerk: 'reader', desk_id: 'reader-portal' })]);
    expect(requestRow(deskB, id)).toBeUndefined();

    await step(deskA, deskB, id, 'request.forward', 'SENT', () => run(deskA, 'request.forward', { id, lender: B, noteToLender: '请尽快' }));
    // The lender's copy: the book and the note, never the reader.
    expect(requestRow(deskB, id)).toMatchObject({
      borrower_code: A,
      lender_code: B,
      note_to_lender: '请尽快',
      reader_id: null,
      recipient_name: null,
      email: null,
      phone: null,
      remark: null,
    });
    expect(run(deskB, 'request.get', { id })).toMatchObject({ side: 'lender', readerId: null, reader: null, allowedOps: expect.arrayContaining(['request.accept']) });

    await step(deskB, deskA, id, 'request.accept', 'ACCEPTED', () => run(deskB, 'request.accept', { id }));

    // B's desk computes its due date from the rules the hub sent it (28 days), not the seeded 45.
    await step(deskB, deskA, id, 'request.ship', 'SHIPPED', () =>
      run(deskB, 'request.ship', { id, courier: '顺丰', trackingNo: 'SF1001', itemBarcode: 'BH0012345' }),
    );
    for (const d of [deskA, deskB]) {
      expect(requestRow(d, id)).toMatchObject({ lender_due_date: '2026-11-30', item_barcode: 'BH0012345', tracking_no: 'SF1001', courier: '顺丰' });
    }

    // A scans the barcode at the counter: on the hold shelf, slot 1.
    await step(deskA, deskB, id, 'request.checkIn', 'ON_HOLD', () => run(deskA, 'request.checkIn', { scan: 'BH0012345' }));
    expect(requestRow(deskA, id)!.hold_slot).toBe('1');
    expect(deskA.desk.db.prepare('SELECT slot FROM hold_shelf WHERE request_id = ?').get(id)).toEqual({ slot: 1 });

    // Reader's due date: the lender's date minus the lender's margin as the hub sent it (3 days).
    await step(deskA, deskB, id, 'request.handOut', 'LOANED', () => run(deskA, 'request.handOut', { id }));
    for (const d of [deskA, deskB]) expect(requestRow(d, id)).toMatchObject({ due_date: '2026-11-27', hold_slot: null });
    expect(deskA.desk.db.prepare('SELECT count(*) AS n FROM hold_shelf WHERE request_id = ?').get(id)).toEqual({ n: 0 });

    await step(deskA, deskB, id, 'request.return', 'RETURNED', () => run(deskA, 'request.return', { scan: 'BH0012345' }));

    let shipmentId = '';
    await step(deskA, deskB, id, 'request.returnShip', 'RETURN_SHIPPED', () => {
      shipmentId = run(deskA, 'shipment.create', { lenderCode: B, requestIds: [id], courier: '顺丰', trackingNo: 'SF2002' }).id;
    });
    const returnShip = hubEvents(hub, id).find((e) => e.type === 'request.returnShip')!;
    expect(JSON.parse((hub.store.db.prepare("SELECT detail_json FROM request_events WHERE request_id = ? AND type = 'request.returnShip'").get(id) as { detail_json: string }).detail_json)).toEqual({
      shipmentId,
      trackingNo: 'SF2002',
    });
    expect(returnShip.from_status).toBe('RETURNED');
    // The request keeps the lender's outbound tracking number everywhere; the return's is in the event.
    expect(hubRequest(hub, id)).toMatchObject({ tracking_no: 'SF1001' });
    for (const d of [deskA, deskB]) expect(requestRow(d, id)).toMatchObject({ tracking_no: 'SF1001' });

    // B scans the returned book: the loan is complete.
    await step(deskB, deskA, id, 'request.complete', 'COMPLETED', () => run(deskB, 'request.complete', { scan: 'BH0012345' }));

    // The end: both stores and the hub agree on everything that matters.
    const hubCopy = hubRequest(hub, id)!;
    expect(hubCopy).toMatchObject({ status: 'COMPLETED', version: 9, due_date: '2026-11-27', lender_due_date: '2026-11-30', borrower_code: A, lender_code: B });
    const timeline = hubEvents(hub, id);
    expect(timeline.map((e) => `${e.type} ${e.from_status ?? '-'}→${e.to_status} ${e.library_code} ${e.clerk}`)).toEqual([
      `request.create -→SUBMITTED ${A} reader`,
      `request.forward SUBMITTED→SENT ${A} by01`,
      `request.accept SENT→ACCEPTED ${B} bh01`,
      `request.ship ACCEPTED→SHIPPED ${B} bh01`,
      `request.checkIn SHIPPED→ON_HOLD ${A} by01`,
      `request.handOut ON_HOLD→LOANED ${A} by01`,
      `request.return LOANED→RETURNED ${A} by01`,
      `request.returnShip RETURNED→RETURN_SHIPPED ${A} by01`,
      `request.complete RETURN_SHIPPED→COMPLETED ${B} bh01`,
    ]);
    for (const d of [deskA, deskB]) {
      const row = requestRow(d, id)!;
      expect({
        status: row.status,
        version: row.version,
        due_date: row.due_date,
        lender_due_date: row.lender_due_date,
        item_barcode: row.item_barcode,
        status_at: row.status_at,
        created_at: row.created_at,
      }).toEqual({
        status: hubCopy.status,
        version: hubCopy.version,
        due_date: hubCopy.due_date,
        lender_due_date: hubCopy.lender_due_date,
        item_barcode: hubCopy.item_barcode,
        status_at: hubCopy.status_at,
        created_at: hubCopy.created_at,
      });
      // The whole timeline, event for event, as the hub holds it.
      expect(deskEvents(d, id)).toEqual(timeline);
      expect(count(d, "SELECT count(*) AS n FROM outbox WHERE state <> 'applied'")).toBe(0);
    }
    // Each desk's ops were settled once each at the hub: approve + 5 borrower ops; 3 lender ops.
    for (const [d, n] of [[deskA, 6], [deskB, 3]] as const) {
      expect(count(d, 'SELECT count(*) AS n FROM outbox')).toBe(n);
      expect(hub.store.db.prepare('SELECT count(*) AS n, max(desk_seq) AS last FROM desk_ops WHERE desk_id = ?').get(d.conn.deskId)).toEqual({ n, last: n });
    }
    // The reader's request no longer counts against the limit at A.
    expect(run(deskA, 'reader.get', { id: readerId }).openRequestCount).toBe(0);

    // Nothing of the reader ever reached the lender's store.
    const atLender = dumpStore(deskB);
    for (const secret of [readerId, 'syncloanreader', '王茜', 'syncloanreader@bupt.edu.cn', '62281970', '急用']) expect(atLender).not.toContain(secret);
    expect(atLender).toContain('Теория информации');
  });

  it('carries a copy request (原文传递) from the portal to DELIVERED, which ends it with no return leg', async () => {
    const readerId = await approvedReaderOfA('synccopyreader');
    tick(hub, desks(), 10);
    const submitted = await submitAsReader(hub.url, 'synccopyreader', PASSWORD, {
      serviceType: 'copy',
      title: 'A Mathematical Theory of Communication',
      author: 'Shannon',
      issn: '0005-8580',
      pages: '379-423',
    });
    expect(submitted).toMatchObject({ status: 201, body: { status: 'SUBMITTED' } });
    const id = submitted.body.id;
    await syncClean(deskA);
    await syncClean(deskB);
    expect(requestRow(deskA, id)).toMatchObject({ service_type: 'copy', status: 'SUBMITTED', pages: '379-423', reader_id: readerId });
    expect(run(deskA, 'reader.get', { id: readerId }).openRequestCount).toBe(1);

    await step(deskA, deskB, id, 'request.forward', 'SENT', () => run(deskA, 'request.forward', { id, lender: B }));
    expect(requestRow(deskB, id)).toMatchObject({ service_type: 'copy', pages: '379-423', issn: '0005-8580', reader_id: null });
    await step(deskB, deskA, id, 'request.accept', 'ACCEPTED', () => run(deskB, 'request.accept', { id }));

    // A copy is never shipped as a loan: B's desk refuses before anything is written.
    const before = dumpStore(deskB);
    expect(refused(deskB, 'request.ship', { id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: 'BH1' }).code).toBe('INVALID_TRANSITION');
    expect(dumpStore(deskB)).toBe(before);

    await step(deskB, deskA, id, 'request.deliver', 'DELIVERED', () => run(deskB, 'request.deliver', { id, note: '已发送PDF' }));

    // DELIVERED ends a copy: no check-in, no return, nothing left but notes, on either side.
    for (const d of [deskA, deskB]) expect(run(d, 'request.get', { id }).allowedOps).toEqual(['request.note']);
    expect(refused(deskA, 'request.checkIn', { scan: id }).code).toBe('INVALID_TRANSITION');
    expect(refused(deskA, 'request.return', { scan: id }).code).toBe('INVALID_TRANSITION');
    expect(refused(deskB, 'request.complete', { scan: id }).code).toBe('INVALID_TRANSITION');
    expect(run(deskA, 'reader.get', { id: readerId }).openRequestCount).toBe(0);

    const hubCopy = hubRequest(hub, id)!;
    expect(hubCopy).toMatchObject({ status: 'DELIVERED', version: 4, service_type: 'copy', item_barcode: null, due_date: null, lender_due_date: null });
    const timeline = hubEvents(hub, id);
    expect(timeline.map((e) => e.type)).toEqual(['request.create', 'request.forward', 'request.accept', 'request.deliver']);
    for (const d of [deskA, deskB]) {
      expect(requestRow(d, id)).toMatchObject({ status: 'DELIVERED', version: hubCopy.version, due_date: null, lender_due_date: null });
      expect(deskEvents(d, id)).toEqual(timeline);
    }
  });
});

describe('a third library', () => {
  it("never receives another pair's request and cannot change it: each op is answered NOT_FOUND, as for a number nobody has", async () => {
    const readerId = await approvedReaderOfA('thirdpartyreader');
    const submitted = await submitAsReader(hub.url, 'thirdpartyreader', PASSWORD, { title: '密码学原理' });
    const id = submitted.body.id;
    await syncClean(deskA);
    await step(deskA, deskB, id, 'request.forward', 'SENT', () => run(deskA, 'request.forward', { id, lender: B }));
    await syncClean(deskC);

    // C pulled past every change of the request without receiving one.
    const latest = (hub.store.db.prepare('SELECT max(seq) AS s FROM changes').get() as { s: number }).s;
    expect(deskC.desk.db.prepare('SELECT cursor FROM sync_state').get()).toEqual({ cursor: encodeCursor(latest) });
    expect(requestRow(deskC, id)).toBeUndefined();
    expect(refused(deskC, 'request.get', { id }).code).toBe('NOT_FOUND');

    // C's clerk cannot even make the op (no such request on C's desk), so the ops go into C's
    // outbox directly, as a tampered or confused desk would send them: a lender's, a borrower's
    // and either party's op, and the same for a number nobody has.
    const hubBefore = { request: hubRequest(hub, id), events: hubEvents(hub, id).length };
    const changesBefore = (hub.store.db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n;
    const ctx = deskC.desk.ctx;
    const now = ctx.now();
    deskC.desk.db.transaction(() => {
      appendOutbox(ctx, { type: 'request.accept', entityId: id, baseVersion: null, payload: {} }, now);
      appendOutbox(ctx, { type: 'request.cancel', entityId: id, baseVersion: null, payload: { reason: '试探' } }, now);
      appendOutbox(ctx, { type: 'request.note', entityId: id, baseVersion: null, payload: { text: '看看' } }, now);
      appendOutbox(ctx, { type: 'request.note', entityId: 'BY99999999', baseVersion: null, payload: { text: '看看' } }, now);
    })();
    await sync(deskC);

    expect(pendingOps(deskC)).toBe(0);
    const problems = deskC.desk.db.prepare('SELECT op_type, entity_id, code, message, hub_entity_json, local_entity_json FROM sync_problems ORDER BY desk_seq').all() as {
      op_type: string;
      entity_id: string;
      code: string;
      message: string;
      hub_entity_json: string | null;
      local_entity_json: string | null;
    }[];
    expect(problems.map((p) => [p.op_type, p.code, p.hub_entity_json, p.local_entity_json])).toEqual([
      ['request.accept', 'NOT_FOUND', null, null],
      ['request.cancel', 'NOT_FOUND', null, null],
      ['request.note', 'NOT_FOUND', null, null],
      ['request.note', 'NOT_FOUND', null, null],
    ]);
    // Word for word the answer for a number that does not exist: the refusal tells C nothing.
    expect(problems[2]!.message.replace(id, 'X')).toBe(problems[3]!.message.replace('BY99999999', 'X'));
    expect(count(deskC, "SELECT count(*) AS n FROM outbox WHERE state = 'rejected'")).toBe(4);

    // The hub changed nothing, recorded no change anyone would pull.
    expect({ request: hubRequest(hub, id), events: hubEvents(hub, id).length }).toEqual(hubBefore);
    expect((hub.store.db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n).toBe(changesBefore);

    // And C's store holds nothing of the request: no row, no event, not its title, not its reader.
    expect(count(deskC, 'SELECT count(*) AS n FROM requests WHERE id = ?', id)).toBe(0);
    expect(count(deskC, 'SELECT count(*) AS n FROM request_events WHERE request_id = ?', id)).toBe(0);
    const atC = dumpStore(deskC);
    for (const secret of ['密码学原理', readerId, 'thirdpartyreader', '王茜']) expect(atC).not.toContain(secret);

    // The parties go on undisturbed: B accepts, and A sees it.
    await step(deskB, deskA, id, 'request.accept', 'ACCEPTED', () => run(deskB, 'request.accept', { id }));
    await sync(deskC);
    expect(requestRow(deskC, id)).toBeUndefined();
    expect(syncProblems(deskC)).toBe(4);
  });
});
