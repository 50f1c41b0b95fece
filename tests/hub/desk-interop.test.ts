// The desk's own sync client (main/sync) against this hub, both real: a desk of library A with its
// SQLite store approves a reader, creates and forwards a request, and checks the book in; a desk
// of library B answers over the protocol. Both sides end with the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { leaseNumbers, syncOnce, type HubConnection } from '../../main/sync/client';
import type { CommandName, InputOf } from '../../shared/contract';
import { syncRequestSchema } from '../../shared/sync';
import { makeDesk, type TestDesk } from '../fixtures/desk';
import { A, B, registerReader, startHub, type DeskClient, type TestHub } from './hubFixture';

describe('the desk sync client against the hub', () => {
  let hub: TestHub;
  let desk: TestDesk;
  let conn: HubConnection;
  let lender: DeskClient;
  beforeAll(async () => {
    hub = await startHub();
    desk = makeDesk({ numbers: 0, now: hub.clock.now.toISOString() });
    const hubDesk = await hub.addDesk(A, '二层流通台');
    conn = { url: hub.url, token: hubDesk.token, deskId: hubDesk.deskId };
    lender = await hub.addDesk(B, '北航馆际互借');
  });
  afterAll(async () => {
    desk.close();
    await hub.close();
  });

  function run<K extends CommandName>(name: K, input: InputOf<K>) {
    const result = dispatch(desk.ctx, name, input);
    if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  it('carries a loan from the desk to the lender and back', async () => {
    const registered = await registerReader(hub.url, A, 'interopreader');
    await syncOnce(desk.ctx, conn);
    const readerId = registered.body.readerId;
    expect(desk.db.prepare('SELECT status FROM readers WHERE id = ?').get(readerId)).toEqual({ status: 'PENDING' });

    run('reader.approve', { id: readerId });
    expect(await leaseNumbers(desk.ctx, conn, 5)).toBe(5);
    const created = run('request.create', { serviceType: 'loan', readerId, title: '信号与系统', isbn: '9787040196023' }) as { id: string };
    run('request.forward', { id: created.id, lender: B });
    await syncOnce(desk.ctx, conn);
    expect(desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 0 });
    expect(desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });

    const atLender = (await lender.pull()).filter((c) => c.id === created.id);
    expect(syncRequestSchema.parse(atLender[atLender.length - 1]!.data)).toMatchObject({ status: 'SENT', borrowerCode: A, lenderCode: B });
    await lender.apply(
      { type: 'request.accept', entityId: created.id },
      { type: 'request.ship', entityId: created.id, payload: { trackingNo: 'SF100', courier: '顺丰', itemBarcode: 'BH777', lenderDueDate: '2026-12-20' } },
    );

    await syncOnce(desk.ctx, conn);
    expect(desk.db.prepare('SELECT status, item_barcode, lender_due_date FROM requests WHERE id = ?').get(created.id)).toEqual({
      status: 'SHIPPED',
      item_barcode: 'BH777',
      lender_due_date: '2026-12-20',
    });
    run('request.checkIn', { scan: created.id });
    await syncOnce(desk.ctx, conn);
    expect(desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });

    const last = (await lender.pull()).filter((c) => c.id === created.id);
    const hubCopy = syncRequestSchema.parse(last[last.length - 1]!.data);
    expect(hubCopy.status).toBe('ON_HOLD');
    const local = desk.db.prepare('SELECT status, version FROM requests WHERE id = ?').get(created.id) as { status: string; version: number };
    expect(local.status).toBe('ON_HOLD');
    expect(local.version).toBe(last[last.length - 1]!.version);
  });
});
