// Two real desk stores of one library and a real hub: work done offline reaches the hub whole and
// in order, and two desks doing the same thing while cut off from each other end in agreement,
// with the clerk told where the hub's values differ from theirs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { leaseNumbers, syncOnce, type HubConnection } from '../../main/sync/client';
import type { CommandName, InputOf } from '../../shared/contract';
import { makeDesk, type TestDesk } from '../fixtures/desk';
import { A, B, registerReader, startHub, type DeskClient, type TestHub } from './hubFixture';

let hub: TestHub;
let lender: DeskClient;
const desks: { desk: TestDesk; conn: HubConnection }[] = [];

async function addDeskOfA(name: string) {
  const desk = makeDesk({ numbers: 0, now: hub.clock.now.toISOString() });
  const registered = await hub.addDesk(A, name);
  const entry = { desk, conn: { url: hub.url, token: registered.token, deskId: registered.deskId } };
  desks.push(entry);
  return entry;
}

function run<K extends CommandName>(desk: TestDesk, name: K, input: InputOf<K>) {
  const result = dispatch(desk.ctx, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as { id: string };
}

beforeEach(async () => {
  hub = await startHub({ rateLimit: { max: 100_000, timeWindowMs: 60_000 } });
  lender = await hub.addDesk(B, '北航馆际互借');
});
afterEach(async () => {
  for (const { desk } of desks.splice(0)) desk.close();
  await hub.close();
});

/** A request of A shipped by B, known to every desk of A. */
async function shippedRequest(first: { desk: TestDesk; conn: HubConnection }, login: string) {
  const registered = await registerReader(hub.url, A, login);
  await syncOnce(first.desk.ctx, first.conn);
  run(first.desk, 'reader.approve', { id: registered.body.readerId });
  await leaseNumbers(first.desk.ctx, first.conn, 10);
  const created = run(first.desk, 'request.create', { serviceType: 'loan', readerId: registered.body.readerId, title: '信号与系统' });
  run(first.desk, 'request.forward', { id: created.id, lender: B });
  await syncOnce(first.desk.ctx, first.conn);
  await lender.pull();
  await lender.apply(
    { type: 'request.accept', entityId: created.id },
    { type: 'request.ship', entityId: created.id, payload: { trackingNo: 'SF1', courier: '顺丰', itemBarcode: 'BH1', lenderDueDate: '2026-12-20' } },
  );
  return created.id;
}

describe('desks of one library through the hub', () => {
  it('sends 500 commands made offline, all of them, in order', async () => {
    const desk1 = await addDeskOfA('一层');
    const id = await shippedRequest(desk1, 'offlinereader');
    await syncOnce(desk1.desk.ctx, desk1.conn);
    // Offline: a check-in and 499 notes, nothing sent.
    run(desk1.desk, 'request.checkIn', { scan: id });
    for (let i = 1; i <= 499; i++) run(desk1.desk, 'request.note', { id, text: `备注 ${i}` });
    expect(desk1.desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 500 });

    await syncOnce(desk1.desk.ctx, desk1.conn);
    expect(desk1.desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 0 });
    expect(desk1.desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });
    // The hub's timeline, as pulled back, has every note in the clerk's order.
    const notes = (desk1.desk.db.prepare("SELECT detail_json FROM request_events WHERE request_id = ? AND type = 'request.note' ORDER BY id").all(id) as {
      detail_json: string;
    }[]).map((e) => (JSON.parse(e.detail_json) as { text: string }).text);
    expect(notes).toEqual(Array.from({ length: 499 }, (_, i) => `备注 ${i + 1}`));
    expect(desk1.desk.db.prepare('SELECT status FROM requests WHERE id = ?').get(id)).toEqual({ status: 'ON_HOLD' });
  });

  it('splits a push of long notes into batches under the hub\'s 1 MB limit', async () => {
    const desk1 = await addDeskOfA('一层');
    const id = await shippedRequest(desk1, 'longnotesreader');
    await syncOnce(desk1.desk.ctx, desk1.conn);
    // 400 notes of 1,000 汉字 (about 3 KB each): in one batch of 400 they would make a 1.3 MB body.
    for (let i = 1; i <= 400; i++) run(desk1.desk, 'request.note', { id, text: `${i}`.padEnd(1000, '馆') });
    await syncOnce(desk1.desk.ctx, desk1.conn, { pushBatch: 400 });
    expect(desk1.desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 0 });
    expect(desk1.desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });
    const pushes = hub.lines.filter((line) => line.includes('/v1/sync/push'));
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    expect(pushes.every((line) => !/ 413 /.test(line))).toBe(true);
  });

  it('lets two cut-off desks check in the same book: one applies, the other is told the hub\'s slot', async () => {
    const desk1 = await addDeskOfA('一层');
    const desk2 = await addDeskOfA('二层');
    const id = await shippedRequest(desk1, 'twodeskreader');
    await syncOnce(desk1.desk.ctx, desk1.conn);
    await syncOnce(desk2.desk.ctx, desk2.conn);
    // Desk 2 already has a book in slot 1 of its own shelf, so it will choose slot 2.
    const t = hub.clock.now.toISOString();
    desk2.desk.db
      .prepare(
        `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, title, hold_slot, checked_in_at, created_at, status_at, updated_at)
         VALUES ('BY09999999', 'loan', 'ON_HOLD', ?, ?, '架上的另一本书', '1', ?, ?, ?, ?)`,
      )
      .run(A, B, t, t, t, t);
    desk2.desk.db.prepare("INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (1, 'BY09999999', ?)").run(t);

    expect(run(desk1.desk, 'request.checkIn', { scan: 'BH1' })).toMatchObject({ holdSlot: '1' });
    const second = run(desk2.desk, 'request.checkIn', { scan: 'BH1' }) as unknown as { holdSlot: string };
    await syncOnce(desk1.desk.ctx, desk1.conn);
    await syncOnce(desk2.desk.ctx, desk2.conn);

    expect(second.holdSlot).toBe('2');
    const problems = desk2.desk.db.prepare('SELECT kind, code, message FROM sync_problems').all() as { kind: string; code: string; message: string }[];
    expect(problems).toEqual([expect.objectContaining({ kind: 'notice', code: 'NOOP_DIFFERS' })]);
    expect(problems[0]!.message).toContain('holdSlot');
    expect(desk1.desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });
    for (const { desk } of [desk1, desk2]) {
      expect(desk.db.prepare('SELECT status, hold_slot FROM requests WHERE id = ?').get(id)).toEqual({ status: 'ON_HOLD', hold_slot: '1' });
      expect(desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 0 });
    }
  });
});
