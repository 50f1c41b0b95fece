// Push semantics (DESIGN §5): duplicates answered from the settled record, gaps and conflicts,
// the noop of a second desk doing the same thing, malformed ops, numbers, and pull paging.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema, syncRequestSchema } from '../../shared/sync';
import { A, B, approvedReader, call, startHub, type DeskClient, type TestHub } from './hubFixture';

describe('push', () => {
  let hub: TestHub;
  let deskB: DeskClient;
  beforeAll(async () => {
    hub = await startHub();
    deskB = await hub.addDesk(B);
  });
  afterAll(async () => {
    await hub.close();
  });

  async function newRequest(desk: DeskClient, login: string): Promise<string> {
    const readerId = await approvedReader(hub, desk, login);
    const [id] = await desk.lease(1);
    await desk.apply({ type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: 'SICP' } });
    return id!;
  }

  it('answers the same ops pushed twice as duplicates, repeating the first outcome, applied once', async () => {
    const deskA = await hub.addDesk(A);
    const id = await newRequest(deskA, 'dupreader');
    const ops = deskA.ops(
      { type: 'request.note', entityId: id, payload: { text: '第一条' } },
      { type: 'request.accept', entityId: id },
      { type: 'request.forward', entityId: id, payload: { lender: B } },
    );
    const first = await deskA.pushRaw(ops);
    expect(first.status).toBe(200);
    expect(pushResponseSchema.parse(first.body).results.map((r) => [r.outcome, r.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'FORBIDDEN'],
      ['applied', undefined],
    ]);
    const before = await deskA.pull();
    const again = await deskA.pushRaw(ops);
    expect(again.status).toBe(200);
    expect(again.body.ackedDeskSeq).toBe(first.body.ackedDeskSeq);
    expect(again.body.results.map((r) => [r.opId, r.outcome, r.firstOutcome, r.code])).toEqual([
      [ops[0]!.opId, 'duplicate', 'applied', undefined],
      [ops[1]!.opId, 'duplicate', 'rejected', 'FORBIDDEN'],
      [ops[2]!.opId, 'duplicate', 'applied', undefined],
    ]);
    expect(again.body.results[1]!.message).toBe(first.body.results[1]!.message);
    // The repeated rejection carries the hub's copy as it is now (the first answer may have been lost);
    // repeated applications carry none.
    expect(again.body.results[1]!.entity).toMatchObject({ id, status: 'SENT', lenderCode: B });
    expect(again.body.results[0]!.entity).toBeUndefined();
    expect(await deskA.pull()).toEqual([]);
    const last = syncRequestSchema.parse(before[before.length - 1]!.data);
    expect(last.events.filter((e) => e.type === 'request.note')).toHaveLength(1);
    expect(last.status).toBe('SENT');
  });

  it('stops a batch at a gap with 409 SEQ_GAP, keeping the ops before it', async () => {
    const deskA = await hub.addDesk(A);
    const id = await newRequest(deskA, 'gapreader');
    const [n1, n2] = deskA.ops({ type: 'request.note', entityId: id, payload: { text: 'one' } }, { type: 'request.note', entityId: id, payload: { text: 'two' } });
    deskA.seq += 1; // an op lost from the outbox
    const [n4] = deskA.ops({ type: 'request.note', entityId: id, payload: { text: 'four' } });
    const answer = await deskA.pushRaw([n1, n2, n4]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'SEQ_GAP', ackedDeskSeq: n2!.deskSeq });
    expect(answer.body.results.map((r) => [r.deskSeq, r.outcome])).toEqual([
      [n1!.deskSeq, 'applied'],
      [n2!.deskSeq, 'applied'],
    ]);
    // The desk recovers by sending from the next number.
    const retry = await deskA.pushRaw([n2, { ...n4, deskSeq: n2!.deskSeq + 1 }]);
    expect(retry.status).toBe(200);
    expect(retry.body.results.map((r) => r.outcome)).toEqual(['duplicate', 'applied']);
  });

  it('answers 409 SEQ_CONFLICT for a settled deskSeq with another opId', async () => {
    const deskA = await hub.addDesk(A);
    const id = await newRequest(deskA, 'conflictreader');
    const settledSeq = deskA.seq;
    const stranger = { ...deskA.ops({ type: 'request.note', entityId: id, payload: { text: 'x' } })[0]!, deskSeq: settledSeq, opId: randomUUID() };
    const answer = await deskA.pushRaw([stranger]);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'SEQ_CONFLICT', ackedDeskSeq: settledSeq, results: [] });
  });

  it('applies a second check-in of the same book as a noop with the hub copy, no event and no new version', async () => {
    const deskA1 = await hub.addDesk(A, '一层');
    const deskA2 = await hub.addDesk(A, '二层');
    const id = await newRequest(deskA1, 'noopreader');
    await deskA1.apply({ type: 'request.forward', entityId: id, payload: { lender: B } });
    await deskB.apply({ type: 'request.accept', entityId: id }, { type: 'request.ship', entityId: id, payload: { trackingNo: 'SF9', courier: 'EMS', itemBarcode: 'B9' } });
    await deskA2.pull();
    expect((await deskA1.one({ type: 'request.checkIn', entityId: id, payload: { holdSlot: 'A-1' } })).outcome).toBe('applied');
    const afterFirst = (await deskA2.pull()).filter((c) => c.id === id);
    expect(afterFirst).toHaveLength(1);
    const versionAfterFirst = afterFirst[0]!.version;
    const second = await deskA2.one({ type: 'request.checkIn', entityId: id, payload: { holdSlot: 'B-7' } });
    expect(second).toMatchObject({ outcome: 'applied', noop: true });
    const entity = syncRequestSchema.parse(second.entity);
    expect(entity).toMatchObject({ status: 'ON_HOLD', holdSlot: 'A-1', version: versionAfterFirst });
    expect(entity.events.filter((e) => e.type === 'request.checkIn')).toHaveLength(1);
    expect(await deskA2.pull()).toEqual([]);
  });

  it('rejects a malformed op with INVALID_INPUT naming the field, and settles it', async () => {
    const deskA = await hub.addDesk(A);
    const id = await newRequest(deskA, 'shapereader');
    const [badType, badPayload, extraKey, badLender] = deskA.ops(
      { type: 'request.note', entityId: id, payload: { text: 'x' } },
      { type: 'request.unfill', entityId: id, payload: { reasonCode: 'Lazy' } },
      { type: 'request.note', entityId: id, payload: { text: 'x', colour: 'red' } },
      { type: 'request.forward', entityId: id, payload: { lender: '999999' } },
    );
    const answer = await deskA.pushRaw([{ ...badType, type: 'request.teleport' }, badPayload, extraKey, badLender]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.outcome, r.code, r.field])).toEqual([
      ['rejected', 'INVALID_INPUT', 'type'],
      ['rejected', 'INVALID_INPUT', 'payload.reasonCode'],
      ['rejected', 'INVALID_INPUT', 'payload.colour'],
      ['rejected', 'INVALID_INPUT', 'payload.lender'],
    ]);
    expect(answer.body.ackedDeskSeq).toBe(badLender!.deskSeq);

    // Without a usable opId or deskSeq an op cannot be settled: the whole push is a 400.
    const [next] = deskA.ops({ type: 'request.note', entityId: id, payload: { text: 'y' } });
    const noId = await deskA.pushRaw([{ ...next, opId: 'not-a-uuid' }]);
    expect(noId.status).toBe(400);
    expect(noId.body).toMatchObject({ code: 'INVALID_INPUT', field: 'ops.0.opId' });
    const wrongDesk = await call(`${hub.url}/v1/sync/push`, { method: 'POST', headers: deskA.headers(), body: JSON.stringify({ deskId: 'someone', ops: [] }) });
    expect(wrongDesk.status).toBe(403);
    expect(wrongDesk.body).toMatchObject({ code: 'FORBIDDEN', field: 'deskId' });
  });

  it('creates only under a number leased to this desk and unused', async () => {
    const deskA1 = await hub.addDesk(A);
    const deskA2 = await hub.addDesk(A);
    const readerId = await approvedReader(hub, deskA1, 'numberreader');
    const [mine] = await deskA1.lease(1);
    const payload = { serviceType: 'loan', readerId, title: 'TAOCP' };
    const notLeased = await deskA2.one({ type: 'request.create', entityId: mine!, payload });
    expect(notLeased).toMatchObject({ outcome: 'rejected', code: 'FORBIDDEN' });
    expect((await deskA1.one({ type: 'request.create', entityId: mine!, payload })).outcome).toBe('applied');
    const reused = await deskA1.one({ type: 'request.create', entityId: mine!, payload });
    expect(reused).toMatchObject({ outcome: 'rejected', code: 'ALREADY_EXISTS' });
  });

  it('holds desk-created requests to the reader limit too', async () => {
    const deskA = await hub.addDesk(A);
    const readerId = await approvedReader(hub, deskA, 'desklimit');
    const numbers = await deskA.lease(4);
    const results = [];
    for (const n of numbers) results.push(await deskA.one({ type: 'request.create', entityId: n, payload: { serviceType: 'copy', readerId, title: `Paper ${n}` } }));
    expect(results.map((r) => r.code ?? r.outcome)).toEqual(['applied', 'applied', 'applied', 'LIMIT_EXCEEDED']);
  });

  it('refuses a note once the timeline has 900 entries, so no request outgrows what a desk accepts', async () => {
    const deskA = await hub.addDesk(A);
    const id = await newRequest(deskA, 'notereader');
    const insert = hub.store.db.prepare(
      `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time, detail_json)
       VALUES (?, 'request.note', 'SUBMITTED', 'SUBMITTED', 'by01', ?, ?, ?, ?, '{"text":"旧"}')`,
    );
    const t = hub.clock.now.toISOString();
    hub.store.db.transaction(() => {
      for (let i = 1; i < 899; i++) insert.run(id, deskA.deskId, A, t, t);
    })();
    expect((await deskA.one({ type: 'request.note', entityId: id, payload: { text: '第 900 条' } })).outcome).toBe('applied');
    const refused = await deskA.one({ type: 'request.note', entityId: id, payload: { text: '第 901 条' } });
    expect(refused).toMatchObject({ outcome: 'rejected', code: 'LIMIT_EXCEEDED', field: 'payload.text' });
    expect((refused.entity as { events: unknown[] }).events).toHaveLength(900);
  });

  it('answers a statement op for a month the hub has no statement of NOT_FOUND, settled (tests/hub/ledger-sync.test.ts has the rest)', async () => {
    const deskA = await hub.addDesk(A);
    const result = await deskA.one({ type: 'statement.confirm', entityId: `${A}:2026-10` });
    expect(result).toMatchObject({ outcome: 'rejected', code: 'NOT_FOUND', field: 'entityId' });
  });
});

describe('pull', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it("keeps each record's latest change in a library's feed: a late desk gets it once, an early one gets every later change", async () => {
    const deskA = await hub.addDesk(A);
    const early = await hub.addDesk(A);
    const readerId = await approvedReader(hub, deskA, 'compactreader');
    const [id] = await deskA.lease(1);
    await deskA.apply({ type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: '压缩' } });
    const first = (await early.pull()).filter((c) => c.id === id);
    expect(first.map((c) => c.version)).toEqual([1]);
    await deskA.apply({ type: 'request.note', entityId: id!, payload: { text: '一' } });
    await deskA.apply({ type: 'request.note', entityId: id!, payload: { text: '二' } });
    // The early desk gets the latest change (the record as it is now, timeline included).
    const later = (await early.pull()).filter((c) => c.id === id);
    expect(later.map((c) => c.version)).toEqual([3]);
    expect((later[0]!.data as { events: unknown[] }).events).toHaveLength(3);
    // A desk pulling from the beginning gets the request once, as it is now.
    const late = await hub.addDesk(A);
    const all = (await late.pull()).filter((c) => c.id === id);
    expect(all.map((c) => c.version)).toEqual([3]);
    // Superseded snapshots are dropped (the timeline is kept in request_events).
    expect(hub.store.db.prepare("SELECT count(*) AS n FROM changes WHERE kind = 'request' AND entity_id = ?").get(id)).toEqual({ n: 1 });
    expect(hub.store.db.prepare('SELECT count(*) AS n FROM request_events WHERE request_id = ?').get(id)).toEqual({ n: 3 });
  });

  it('pages with limit and cursor, in seq order, and answers 410 to a cursor it does not know', async () => {
    const deskA = await hub.addDesk(A);
    const numbers = await deskA.lease(6);
    for (let r = 0; r < 2; r++) {
      const readerId = await approvedReader(hub, deskA, `pagereader${r}`);
      for (const id of numbers.slice(r * 3, r * 3 + 3)) {
        await deskA.apply({ type: 'request.create', entityId: id, payload: { serviceType: 'loan', readerId, title: '分页' } });
        await deskA.apply({ type: 'request.note', entityId: id, payload: { text: `note of ${id}` } });
      }
    }

    const everything = await deskA.pull(1000);
    // Each of the six requests once, as it is now (with its note).
    const paging = everything.filter((c) => c.kind === 'request' && (c.data as { title: string }).title === '分页');
    expect(paging).toHaveLength(6);
    expect(paging.every((c) => (c.data as { events: unknown[] }).events.length === 2)).toBe(true);
    expect(everything.length).toBeGreaterThan(8);
    deskA.cursor = '';
    const pages = [];
    for (;;) {
      const page = await deskA.pullPage(deskA.cursor, 4);
      expect(page.status).toBe(200);
      const body = pullResponseSchema.parse(page.body);
      expect(body.changes.length).toBeLessThanOrEqual(4);
      pages.push(body);
      deskA.cursor = body.cursor;
      if (!body.more) break;
    }
    const paged = pages.flatMap((p) => p.changes);
    expect(paged).toEqual(everything);
    expect(pages.length).toBeGreaterThan(2);
    const seqs = paged.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(pages[pages.length - 1]!.ackedDeskSeq).toBe(deskA.seq);
    // A pull may be repeated: the same cursor brings the same page.
    const again = await deskA.pullPage(pages[0]!.cursor, 4);
    expect(again.body.changes).toEqual(pages[1]!.changes);

    for (const cursor of ['zzzzzzz', 'not a cursor', '-1']) {
      const gone = await deskA.pullPage(cursor);
      expect(gone.status, cursor).toBe(410);
      expect(gone.body).toMatchObject({ code: 'CURSOR_GONE' });
    }
    const badLimit = await call(`${hub.url}/v1/sync/pull?limit=abc`, { headers: deskA.headers() });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
  });
});
