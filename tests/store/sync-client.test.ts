// The sync client against a hostile hub: a real HTTP server on 127.0.0.1 that answers badly on
// purpose. Whatever it sends, the store is unchanged, nothing is settled, and the sync state says
// what went wrong.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { backoffDelay, HubRefusedError, HubUnavailableError, syncOnce, type HubConnection } from '../../main/sync/client';
import { SyncPageError } from '../../main/sync/apply';
import { BUAA, makeDesk, RUC, snapshot, type TestDesk } from '../fixtures/desk';

type Reply = { status: number; body: string | Buffer; headers?: Record<string, string> };
let replies: Record<string, () => Reply> = {};
let server: Server;
let conn: HubConnection;
let desk: TestDesk;

const healthy = (): Reply => ({ status: 200, body: JSON.stringify({ ok: true, hubTime: new Date().toISOString() }) });
const json = (status: number, value: unknown): Reply => ({ status, body: JSON.stringify(value) });

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    const reply = (replies[path] ?? (() => json(404, { code: 'NOT_FOUND', message: 'no' })))();
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  conn = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't', deskId: 'desk-bupt-1' };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  desk = makeDesk();
  replies = { '/v1/health': healthy };
  const created = dispatch(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '赫尔岑传' });
  if (!created.ok) throw new Error(created.error.message);
});
afterEach(() => desk.close());

function syncState() {
  return desk.db.prepare('SELECT cursor, last_error FROM sync_state').get() as { cursor: string | null; last_error: string | null };
}
const pending = () => (desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;

async function expectNothingChanged(error: RegExp | (new (...args: never[]) => Error)) {
  const before = snapshot(desk.db);
  await expect(syncOnce(desk.ctx, conn, { timeoutMs: 2000 })).rejects.toThrow(error as RegExp);
  expect(snapshot(desk.db)).toBe(before);
  expect(pending()).toBe(1);
  expect(syncState().last_error).toBeTruthy();
}

describe('a hostile or broken hub', () => {
  it('answers a push with something that is not JSON', async () => {
    replies['/v1/sync/push'] = () => ({ status: 200, body: '<html>hello</html>' });
    await expectNothingChanged(/not JSON/);
  });

  it('answers a push with the wrong types', async () => {
    replies['/v1/sync/push'] = () => json(200, { results: [{ opId: 1, deskSeq: 'one', outcome: 'sure' }], ackedDeskSeq: 1, hubTime: 'now' });
    await expectNothingChanged(SyncPageError);
  });

  it('answers about an op the desk never sent', async () => {
    replies['/v1/sync/push'] = () =>
      json(200, { results: [{ opId: '00000000-0000-4000-8000-000000000000', deskSeq: 1, outcome: 'applied' }], ackedDeskSeq: 1, hubTime: new Date().toISOString() });
    await expectNothingChanged(/did not send/);
  });

  it('sends a huge body', async () => {
    replies['/v1/sync/push'] = () => ({ status: 200, body: Buffer.alloc(33 * 1024 * 1024, 0x20) });
    await expectNothingChanged(/over the/);
  });

  it('fails with a 5xx: nothing settled, to be retried', async () => {
    replies['/v1/sync/push'] = () => json(503, { code: 'UNAVAILABLE', message: 'busy' });
    await expectNothingChanged(HubUnavailableError);
  });

  it('cannot be reached at all', async () => {
    const closed = { ...conn, url: 'http://127.0.0.1:9' };
    const before = snapshot(desk.db);
    await expect(syncOnce(desk.ctx, closed, { timeoutMs: 2000 })).rejects.toThrow(HubUnavailableError);
    expect(snapshot(desk.db)).toBe(before);
  });

  it('refuses our token: the clerk is told, nothing else happens', async () => {
    replies['/v1/sync/push'] = () => json(401, { code: 'UNAUTHORIZED', message: 'Unknown desk token.' });
    await expectNothingChanged(HubRefusedError);
    expect(syncState().last_error).toContain('Unknown desk token');
  });

  describe('pulls', () => {
    beforeEach(() => {
      // The push itself goes well; the pull is where the hub misbehaves.
      replies['/v1/sync/push'] = () => {
        const op = desk.db.prepare("SELECT desk_seq, op_id FROM outbox WHERE state = 'pending'").get() as { desk_seq: number; op_id: string };
        return json(200, { results: [{ opId: op.op_id, deskSeq: op.desk_seq, outcome: 'applied' }], ackedDeskSeq: op.desk_seq, hubTime: new Date().toISOString() });
      };
    });

    const foreign = {
      id: 'RD00000002', status: 'SENT', serviceType: 'loan', borrowerCode: RUC, lenderCode: BUAA, title: '别人的书', author: null,
      publisher: null, pubYear: null, isbn: null, issn: null, language: null, materialType: null, lenderCallNumber: null,
      preferredLender: null, pages: null, noteToLender: null, itemBarcode: null, holdSlot: null, courier: null, trackingNo: null,
      unfilledReason: null, lenderDueDate: null, dueDate: null, checkedInAt: null, createdAt: '2026-11-01T00:00:00Z',
      statusAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', events: [],
    };

    it('brings a change for a library we are not party to', async () => {
      replies['/v1/sync/pull'] = () => json(200, { changes: [{ seq: 1, kind: 'request', id: foreign.id, version: 1, data: foreign }], cursor: 'c1', more: false, ackedDeskSeq: 1 });
      await expect(syncOnce(desk.ctx, conn, { timeoutMs: 2000 })).rejects.toThrow(/not a party/);
      expect(desk.db.prepare("SELECT count(*) AS n FROM requests WHERE id = 'RD00000002'").get()).toEqual({ n: 0 });
      expect(syncState()).toMatchObject({ cursor: null });
      expect(syncState().last_error).toContain('not a party');
    });

    it('moves its cursor backwards', async () => {
      let first = true;
      replies['/v1/sync/pull'] = () => {
        const page = first
          ? { changes: [{ seq: 5, kind: 'library', id: '211999', version: 1, data: { code: '211999', name: '首都师范大学', prefix: 'SS', active: true } }], cursor: 'c5', more: false, ackedDeskSeq: 1 }
          : { changes: [{ seq: 3, kind: 'library', id: '211998', version: 1, data: { code: '211998', name: '某学院', prefix: 'MX', active: true } }], cursor: 'c3', more: false, ackedDeskSeq: 1 };
        first = false;
        return json(200, page);
      };
      await syncOnce(desk.ctx, conn, { timeoutMs: 2000 });
      expect(syncState()).toEqual({ cursor: 'c5', last_error: null });
      await expect(syncOnce(desk.ctx, conn, { timeoutMs: 2000 })).rejects.toThrow(/backwards/);
      expect(syncState().cursor).toBe('c5');
      expect(desk.db.prepare("SELECT count(*) AS n FROM libraries WHERE code = '211998'").get()).toEqual({ n: 0 });
    });

    it('forgets our cursor (410): the desk starts again from the beginning', async () => {
      let calls = 0;
      replies['/v1/sync/pull'] = () => {
        calls++;
        return calls === 1 ? json(410, { code: 'CURSOR_GONE', message: 'unknown cursor' }) : json(200, { changes: [], cursor: 'fresh', more: false, ackedDeskSeq: 1 });
      };
      desk.db.prepare("UPDATE sync_state SET cursor = 'old', last_seq = 9").run();
      await syncOnce(desk.ctx, conn, { timeoutMs: 2000 });
      expect(desk.db.prepare('SELECT cursor, last_seq FROM sync_state').get()).toEqual({ cursor: 'fresh', last_seq: 0 });
    });

    it('answers 410 even to a pull from the beginning: the desk stops instead of spinning', async () => {
      let calls = 0;
      replies['/v1/sync/pull'] = () => {
        calls++;
        return json(410, { code: 'CURSOR_GONE', message: 'unknown cursor' });
      };
      desk.db.prepare("UPDATE sync_state SET cursor = 'old', last_seq = 9").run();
      await expect(syncOnce(desk.ctx, conn, { timeoutMs: 2000 })).rejects.toBeInstanceOf(HubRefusedError);
      expect(calls).toBe(2);
      expect(syncState().last_error).toContain('from the beginning');
    });
  });
});

describe('backoff', () => {
  it('doubles up to the ceiling, with jitter between half and all of it', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 1000, 60_000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(3, 1000, 60_000, () => 0)).toBe(4000);
  });
});
