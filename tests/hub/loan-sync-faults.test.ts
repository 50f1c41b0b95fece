// The desk's sync client (main/sync/client.ts) against a real hub when things go wrong on the way:
// a wrong token, a push whose answer is lost after the hub committed it, a batch that reaches the
// hub with an op missing. Between the desk and the hub sits a small proxy on 127.0.0.1 that passes
// everything through unless told to break one push.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDeskToken } from '../../hub/auth';
import { HubRefusedError, HubUnavailableError, syncOnce } from '../../main/sync/client';
import { snapshot } from '../fixtures/desk';
import { A, B, registerReader, startHub, submitAsReader, type TestHub } from './hubFixture';
import { count, hubEvents, hubRequest, openSyncedDesk, pendingOps, requestRow, run, sync, syncProblems, tick, type SyncedDesk } from './syncedDesk';

interface Proxy {
  url: string;
  pushes: number;
  /** While set, every push reaches the hub and its answer is lost on the way back. */
  loseAnswers: boolean;
  /** The next push loses the op at this index of its batch (then pushes pass whole again). */
  dropOpOnce: number | null;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function startProxy(target: string): Promise<Proxy> {
  const proxy: Proxy = { url: '', pushes: 0, loseAnswers: false, dropOpOnce: null, close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      let body = await readBody(req);
      const isPush = req.method === 'POST' && req.url === '/v1/sync/push';
      const loseAnswer = isPush && proxy.loseAnswers;
      if (isPush) proxy.pushes++;
      if (isPush && proxy.dropOpOnce !== null) {
        const envelope = JSON.parse(body) as { deskId: string; ops: unknown[] };
        envelope.ops.splice(proxy.dropOpOnce, 1);
        proxy.dropOpOnce = null;
        body = JSON.stringify(envelope);
      }
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
      const text = await answer.text();
      if (loseAnswer) {
        // The hub has answered (and committed); the desk never hears it.
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(text);
    })().catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy;
}

let hub: TestHub;
let proxy: Proxy;
let deskA: SyncedDesk;
let deskB: SyncedDesk;

beforeEach(async () => {
  hub = await startHub({ rateLimit: { max: 100_000, timeWindowMs: 60_000 } });
  proxy = await startProxy(hub.url);
  deskA = await openSyncedDesk(hub, A, '北邮二层流通台', 'by01');
  deskB = await openSyncedDesk(hub, B, '北航馆际互借', 'bh01');
  // Desk A talks to the hub through the proxy.
  deskA.conn = { ...deskA.conn, url: proxy.url };
});
afterEach(async () => {
  deskA.desk.close();
  deskB.desk.close();
  await proxy.close();
  await hub.close();
});

/** A reader of A, approved, with one request submitted at the portal and pulled by A's desk. */
async function submittedRequest(login: string): Promise<string> {
  const registered = await registerReader(hub.url, A, login);
  await sync(deskA);
  run(deskA, 'reader.approve', { id: registered.body.readerId });
  await sync(deskA);
  const submitted = await submitAsReader(hub.url, login, undefined, { title: '编码理论' });
  expect(submitted.status).toBe(201);
  await sync(deskA);
  await sync(deskB);
  expect(requestRow(deskA, submitted.body.id)!.status).toBe('SUBMITTED');
  return submitted.body.id;
}

function syncState(d: SyncedDesk) {
  return d.desk.db.prepare('SELECT cursor, last_seq, acked_desk_seq, last_success_at, last_error FROM sync_state').get() as {
    cursor: string | null;
    last_seq: number;
    acked_desk_seq: number;
    last_success_at: string | null;
    last_error: string | null;
  };
}

function outboxStates(d: SyncedDesk): { desk_seq: number; type: string; state: string; outcome: string | null; firstOutcome: string | null }[] {
  return (d.desk.db.prepare('SELECT desk_seq, type, state, result_json FROM outbox ORDER BY desk_seq').all() as {
    desk_seq: number;
    type: string;
    state: string;
    result_json: string | null;
  }[]).map((o) => {
    const result = o.result_json ? (JSON.parse(o.result_json) as { outcome?: string; firstOutcome?: string }) : {};
    return { desk_seq: o.desk_seq, type: o.type, state: o.state, outcome: result.outcome ?? null, firstOutcome: result.firstOutcome ?? null };
  });
}

const hubOpsOf = (d: SyncedDesk): number =>
  (hub.store.db.prepare('SELECT count(*) AS n FROM desk_ops WHERE desk_id = ?').get(d.conn.deskId) as { n: number }).n;

describe('a wrong token through the desk client', () => {
  it('is refused with 401: the store is unchanged, the clerk is told why, and the desk learns nothing', async () => {
    const id = await submittedRequest('tokenreader');
    tick(hub, [deskA, deskB], 15);
    run(deskA, 'request.forward', { id, lender: B });
    const before = snapshot(deskA.desk.db);
    const stateBefore = syncState(deskA);
    const hubBefore = { request: hubRequest(hub, id), ops: hubOpsOf(deskA) };

    const wrong = { ...deskA.conn, token: newDeskToken() };
    const failure = await syncOnce(deskA.desk.ctx, wrong).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HubRefusedError);
    expect(failure).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

    // Nothing settled, nothing pulled: the forward still waits in the outbox, the cursor has not moved.
    expect(snapshot(deskA.desk.db)).toBe(before);
    expect(pendingOps(deskA)).toBe(1);
    const state = syncState(deskA);
    expect({ ...state, last_error: null }).toEqual({ ...stateBefore, last_error: null });
    expect(state.last_error).toBe('The hub refused the push: Missing or unknown credentials.');
    // The refusal names nothing of the hub's: no desk, no library, no request, no reader.
    const message = (failure as Error).message;
    for (const secret of [deskA.conn.deskId, deskB.conn.deskId, A, B, id, '编码理论', 'tokenreader', '北京']) expect(message).not.toContain(secret);
    // And the hub did nothing for it.
    expect({ request: hubRequest(hub, id), ops: hubOpsOf(deskA) }).toEqual(hubBefore);

    // The same desk with its own token again: the op goes through as it was.
    await sync(deskA);
    expect(pendingOps(deskA)).toBe(0);
    expect(syncState(deskA).last_error).toBeNull();
    expect(hubRequest(hub, id)).toMatchObject({ status: 'SENT', lender_code: B });
  });

  it('gives a desk that never synced nothing at all: not the directory, not a reader, not a request', async () => {
    await submittedRequest('tokenreader2');
    const fresh = await openSyncedDesk(hub, A, '北邮一层', 'by02');
    try {
      const directory = () => fresh.desk.db.prepare('SELECT code, name, prefix, rules_json FROM libraries ORDER BY code').all();
      const libraries = directory();
      const before = snapshot(fresh.desk.db);
      const wrong = { ...fresh.conn, token: newDeskToken() };
      // Nothing to push: the refusal comes from the pull.
      await expect(syncOnce(fresh.desk.ctx, wrong)).rejects.toMatchObject({ name: 'HubRefusedError', status: 401, code: 'UNAUTHORIZED' });
      expect(snapshot(fresh.desk.db)).toBe(before);
      expect(directory()).toEqual(libraries);
      expect(count(fresh, 'SELECT count(*) AS n FROM requests')).toBe(0);
      expect(count(fresh, "SELECT count(*) AS n FROM readers WHERE login = 'tokenreader2'")).toBe(0);
      expect(syncState(fresh)).toMatchObject({ cursor: null, last_seq: 0, last_success_at: null, last_error: 'The hub refused the pull: Missing or unknown credentials.' });

      // With its real token the same store receives the directory and A's request.
      await sync(fresh);
      expect(count(fresh, 'SELECT count(*) AS n FROM requests')).toBe(1);
      expect(count(fresh, "SELECT count(*) AS n FROM readers WHERE login = 'tokenreader2'")).toBe(1);
      expect(directory()).not.toEqual(libraries);
    } finally {
      fresh.desk.close();
    }
  });
});

describe('a push whose answer is lost', () => {
  it('is sent again and applied once: the repeat is answered as a duplicate of the first outcome', async () => {
    const id = await submittedRequest('lostreader');
    tick(hub, [deskA, deskB], 15);
    run(deskA, 'request.forward', { id, lender: B });
    run(deskA, 'request.note', { id, text: '读者急需' });
    const pushesBefore = proxy.pushes;

    // Every answer is lost (however often the client tries within the round): the round fails.
    proxy.loseAnswers = true;
    await expect(syncOnce(deskA.desk.ctx, deskA.conn, { timeoutMs: 5000 })).rejects.toBeInstanceOf(HubUnavailableError);
    expect(proxy.pushes).toBeGreaterThan(pushesBefore);
    // The hub applied both the first time; the desk, never told, still holds them as pending.
    expect(hubRequest(hub, id)).toMatchObject({ status: 'SENT', version: 3 });
    expect(hubOpsOf(deskA)).toBe(3);
    expect(pendingOps(deskA)).toBe(2);
    expect(syncState(deskA).last_error).toContain('cannot be reached');

    proxy.loseAnswers = false;
    const pushesLost = proxy.pushes;
    await sync(deskA);
    expect(proxy.pushes - pushesLost).toBe(1);
    expect(outboxStates(deskA).slice(-2)).toEqual([
      { desk_seq: 2, type: 'request.forward', state: 'applied', outcome: 'duplicate', firstOutcome: 'applied' },
      { desk_seq: 3, type: 'request.note', state: 'applied', outcome: 'duplicate', firstOutcome: 'applied' },
    ]);
    expect(syncProblems(deskA)).toBe(0);
    expect(syncState(deskA)).toMatchObject({ acked_desk_seq: 3, last_error: null });
    // Applied once: one forward, one note, one new version each, one desk_ops row each.
    expect(hubRequest(hub, id)).toMatchObject({ status: 'SENT', version: 3 });
    expect(hubEvents(hub, id).map((e) => e.type)).toEqual(['request.create', 'request.forward', 'request.note']);
    expect(hubOpsOf(deskA)).toBe(3);
    await sync(deskB);
    for (const d of [deskA, deskB]) {
      expect(requestRow(d, id)).toMatchObject({ status: 'SENT', version: 3 });
      expect(count(d, "SELECT count(*) AS n FROM request_events WHERE request_id = ? AND type = 'request.note'", id)).toBe(1);
    }
  });

  it("lists a rejected op among the sync problems once, and the desk ends with the hub's copy", async () => {
    const id = await submittedRequest('lostrejected');
    run(deskA, 'request.forward', { id, lender: B });
    await sync(deskA);
    await sync(deskB);
    // B accepts at the hub while A's clerk, not yet told, cancels the request.
    tick(hub, [deskA, deskB], 15);
    run(deskB, 'request.accept', { id });
    await sync(deskB);
    run(deskA, 'request.cancel', { id, reason: '读者不再需要' });
    expect(requestRow(deskA, id)!.status).toBe('CANCELLED');

    proxy.loseAnswers = true;
    await expect(syncOnce(deskA.desk.ctx, deskA.conn, { timeoutMs: 5000 })).rejects.toBeInstanceOf(HubUnavailableError);
    expect(syncProblems(deskA)).toBe(0);
    expect(pendingOps(deskA)).toBe(1);
    proxy.loseAnswers = false;
    await sync(deskA);

    const problems = deskA.desk.db.prepare('SELECT kind, op_type, code FROM sync_problems').all();
    expect(problems).toEqual([{ kind: 'rejected', op_type: 'request.cancel', code: 'INVALID_TRANSITION' }]);
    expect(outboxStates(deskA).at(-1)).toMatchObject({ type: 'request.cancel', state: 'rejected', outcome: 'duplicate', firstOutcome: 'rejected' });
    const hubCopy = hubRequest(hub, id)!;
    expect(hubCopy).toMatchObject({ status: 'ACCEPTED' });
    expect(requestRow(deskA, id)).toMatchObject({ status: 'ACCEPTED', version: hubCopy.version });
    expect(hubEvents(hub, id).map((e) => e.type)).toEqual(['request.create', 'request.forward', 'request.accept']);
  });
});

describe('a batch that reaches the hub with a gap', () => {
  it('is stopped with 409 SEQ_GAP, the ops before the gap are settled, and the next sync sends the rest once each', async () => {
    const id = await submittedRequest('gapreader');
    const seqBefore = count(deskA, 'SELECT count(*) AS n FROM outbox');
    for (let i = 1; i <= 5; i++) run(deskA, 'request.note', { id, text: `第 ${i} 条` });

    // The third op of the batch is lost on the way: the hub sees 1, 2, 4, 5 (of this batch).
    proxy.dropOpOnce = 2;
    const failure = await syncOnce(deskA.desk.ctx, deskA.conn).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HubRefusedError);
    expect(failure).toMatchObject({ status: 409, code: 'SEQ_GAP' });
    expect(syncState(deskA).last_error).toContain('missing earlier ops');
    // The two ops before the gap were applied at the hub and are settled at the desk.
    expect(outboxStates(deskA).slice(seqBefore).map((o) => o.state)).toEqual(['applied', 'applied', 'pending', 'pending', 'pending']);
    expect(syncState(deskA).acked_desk_seq).toBe(seqBefore + 2);
    expect(hubEvents(hub, id).filter((e) => e.type === 'request.note')).toHaveLength(2);

    // The next round (nothing lost this time) sends the third op on, and the rest after it.
    await sync(deskA);
    expect(pendingOps(deskA)).toBe(0);
    expect(syncProblems(deskA)).toBe(0);
    expect(syncState(deskA)).toMatchObject({ acked_desk_seq: seqBefore + 5, last_error: null });
    const notes = (hub.store.db.prepare("SELECT detail_json FROM request_events WHERE request_id = ? AND type = 'request.note' ORDER BY id").all(id) as {
      detail_json: string;
    }[]).map((e) => (JSON.parse(e.detail_json) as { text: string }).text);
    expect(notes).toEqual(['第 1 条', '第 2 条', '第 3 条', '第 4 条', '第 5 条']);
    expect(hubOpsOf(deskA)).toBe(seqBefore + 5);
    expect(requestRow(deskA, id)).toMatchObject({ version: hubRequest(hub, id)!.version });
    expect(count(deskA, "SELECT count(*) AS n FROM request_events WHERE request_id = ? AND type = 'request.note'", id)).toBe(5);
  });
});
