// Issue 12, the hub's side of DESIGN §7 "Trust between libraries" over real HTTP: the rate limit
// keys an unknown token by address; failed reader passwords lock the login (and the address) for
// 15 minutes, kept in the store across a restart; an opId is settled once whatever deskSeq it
// comes with; a push for another desk is 403; a `__proto__` key is refused like any unknown key;
// a body that is not JSON is 415.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHub, listen } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/store';
import { syncRequestSchema } from '../../shared/sync';
import { A, B, approvedReader, basic, call, registerReader, startHub, submitAsReader, type TestHub } from './hubFixture';

let hub: TestHub;
afterEach(async () => {
  await hub.close();
});

const randomBearer = () => ({ authorization: `Bearer ${randomBytes(24).toString('base64url')}` });

describe('the rate limit keys an unknown token by address', () => {
  it('after 429 on /v1/health, 100 calls with random tokens are all 429, and so is POST /v1/readers; a known desk keeps its own bucket', async () => {
    hub = await startHub({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const desk = await hub.addDesk(A);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`${hub.url}/v1/health`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const withTokens = await Promise.all(Array.from({ length: 100 }, () => call(`${hub.url}/v1/health`, { headers: randomBearer() })));
    expect(withTokens.map((a) => a.status)).toEqual(Array(100).fill(429));
    expect(withTokens[0]!.body).toMatchObject({ code: 'RATE_LIMITED' });
    for (const headers of [{}, randomBearer()]) {
      const register = await call(`${hub.url}/v1/readers`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ libraryCode: A, login: `limited${randomBytes(3).toString('hex')}`, password: 'secret123', name: '王茜', cardNumber: '1', email: 'w@bupt.edu.cn', phone: '1' }),
      });
      expect(register.status).toBe(429);
    }
    expect(hub.store.db.prepare('SELECT count(*) FROM readers').pluck().get()).toBe(0);
    // The desk's own token is its own bucket, apart from the address's.
    expect((await call(`${hub.url}/v1/directory`, { headers: desk.headers() })).status).toBe(200);
  });

  it('allows an address only a few registrations (each a scrypt hash), on top of the general limit', async () => {
    hub = await startHub({ registrationLimit: { max: 2, timeWindowMs: 60_000 } });
    expect((await registerReader(hub.url, A, 'first1')).status).toBe(201);
    expect((await registerReader(hub.url, A, 'second2')).status).toBe(201);
    const third = await registerReader(hub.url, A, 'third3');
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(hub.store.db.prepare('SELECT count(*) FROM readers').pluck().get()).toBe(2);
    // Other calls from the address are not held up by it.
    expect((await call(`${hub.url}/v1/health`)).status).toBe(200);
  });
});

describe('failed reader passwords lock the login', () => {
  it('5 wrong → the right password is refused 429 with lockedUntil → 15 minutes later the right password works', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    await approvedReader(hub, desk, 'lockme');
    for (let i = 0; i < 5; i++) {
      const wrong = await submitAsReader(hub.url, 'lockme', `wrong-${i}-pw`);
      expect(wrong.status, `wrong try ${i + 1}`).toBe(401);
    }
    const lockedUntil = new Date(hub.clock.now.getTime() + 15 * 60_000).toISOString();
    const right = await submitAsReader(hub.url, 'lockme');
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', lockedUntil });
    expect((right.body as unknown as { message: string }).message).toContain(lockedUntil);
    // Also under another spelling of the login (logins are case-insensitive).
    expect((await submitAsReader(hub.url, 'LockMe')).status).toBe(429);
    expect(hub.store.db.prepare('SELECT count(*) FROM requests').pluck().get()).toBe(0);
    // One log line says so, with the login and until when, never a password.
    const lockouts = hub.lines.filter((l) => l.includes('LOCKOUT'));
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toContain('"lockme"');
    expect(lockouts[0]).toContain(lockedUntil);
    expect(hub.lines.join('\n')).not.toMatch(/wrong-\d-pw|secret123/);

    hub.clock.advanceMinutes(14);
    expect((await submitAsReader(hub.url, 'lockme')).status).toBe(429);
    hub.clock.advanceMinutes(1);
    expect((await submitAsReader(hub.url, 'lockme')).status).toBe(201);
  });

  it('a right password clears the count; the lock survives a restart of the hub', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    await approvedReader(hub, desk, 'restart');
    for (let i = 0; i < 4; i++) expect((await submitAsReader(hub.url, 'restart', 'nope-nope')).status).toBe(401);
    expect((await submitAsReader(hub.url, 'restart')).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await submitAsReader(hub.url, 'restart', 'nope-nope')).status).toBe(401);
    expect((await submitAsReader(hub.url, 'restart', 'nope-nope')).status).toBe(401);
    // A second hub process over the same file (a restart) still refuses the login.
    const store = openSqliteHubStore(hub.file);
    const app = await buildHub({ store, log: () => undefined, now: () => hub.clock.now });
    try {
      const url = await listen(app, { port: 0 });
      expect((await submitAsReader(url, 'restart')).status).toBe(429);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('tries sent side by side are counted before any password is checked: at most 5 are checked', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    await approvedReader(hub, desk, 'burst');
    const answers = await Promise.all(Array.from({ length: 12 }, () => submitAsReader(hub.url, 'burst', 'burst-wrong')));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('an address that fails 20 times across many logins is refused for every login, a right one too', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    await approvedReader(hub, desk, 'bystander');
    for (let i = 0; i < 20; i++) expect((await submitAsReader(hub.url, `guess${i}`, 'guess-pw')).status).toBe(401);
    const answer = await submitAsReader(hub.url, 'bystander');
    expect(answer.status).toBe(429);
    expect(answer.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(hub.lines.filter((l) => l.includes('LOCKOUT address'))).toHaveLength(1);
    hub.clock.advanceMinutes(15);
    expect((await submitAsReader(hub.url, 'bystander')).status).toBe(201);
  });
});

describe('an opId is settled once, ever', () => {
  it('a note sent again under the next deskSeq is a duplicate: one event, the version unchanged; the next op is taken', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    const readerId = await approvedReader(hub, desk, 'noter');
    const [id] = await desk.lease(1);
    await desk.apply({ type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: 'SICP' } });
    const [note] = desk.ops({ type: 'request.note', entityId: id!, payload: { text: '只记一次' } });
    expect((await desk.pushRaw([note])).body.results[0]).toMatchObject({ outcome: 'applied' });
    const version = () => hub.store.db.prepare('SELECT version FROM requests WHERE id = ?').pluck().get(id) as number;
    const before = version();
    const replay = { ...note!, deskSeq: ++desk.seq };
    const again = await desk.pushRaw([replay]);
    expect(again.status).toBe(200);
    expect(again.body.results[0]).toMatchObject({ opId: note!.opId, deskSeq: replay.deskSeq, outcome: 'duplicate', firstOutcome: 'applied' });
    expect(again.body.ackedDeskSeq).toBe(replay.deskSeq);
    expect(version()).toBe(before);
    const events = hub.store.db.prepare("SELECT count(*) FROM request_events WHERE request_id = ? AND type = 'request.note'").pluck().get(id);
    expect(events).toBe(1);
    // The same push repeated stays a duplicate; the desk's next op is applied.
    expect((await desk.pushRaw([replay])).body.results[0]).toMatchObject({ outcome: 'duplicate', firstOutcome: 'applied' });
    expect(await desk.apply({ type: 'request.note', entityId: id!, payload: { text: '第二条' } })).toHaveLength(1);
    const pulled = (await desk.pull()).filter((c) => c.kind === 'request');
    const last = syncRequestSchema.parse(pulled.at(-1)!.data);
    expect(last.events.filter((e) => e.type === 'request.note').map((e) => e.detail.text)).toEqual(['只记一次', '第二条']);
  });

  it('another desk sending a settled opId has it refused (ALREADY_EXISTS, opId), nothing applied', async () => {
    hub = await startHub();
    const deskA = await hub.addDesk(A);
    const other = await hub.addDesk(A);
    const readerId = await approvedReader(hub, deskA, 'twodesks');
    const [id] = await deskA.lease(1);
    await deskA.apply({ type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: 'SICP' } });
    const [note] = deskA.ops({ type: 'request.note', entityId: id!, payload: { text: '一次' } });
    await deskA.pushRaw([note]);
    const stolen = await other.pushRaw([{ ...note!, deskSeq: ++other.seq }]);
    expect(stolen.body.results[0]).toMatchObject({ outcome: 'rejected', code: 'ALREADY_EXISTS', field: 'opId' });
    expect(hub.store.db.prepare("SELECT count(*) FROM request_events WHERE type = 'request.note'").pluck().get()).toBe(1);
  });
});

describe('pushes that are not what they claim', () => {
  it('a push naming another desk is 403 FORBIDDEN and settles nothing', async () => {
    hub = await startHub();
    const deskA = await hub.addDesk(A);
    const deskB = await hub.addDesk(B);
    const answer = await call(`${hub.url}/v1/sync/push`, {
      method: 'POST',
      headers: deskA.headers(),
      body: JSON.stringify({ deskId: deskB.deskId, ops: deskA.ops({ type: 'request.note', entityId: 'BY00000001', payload: { text: 'x' } }) }),
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'FORBIDDEN', field: 'deskId' });
    expect(hub.store.db.prepare('SELECT count(*) FROM desk_ops').pluck().get()).toBe(0);
  });

  it('a __proto__ key in an op payload is refused, naming payload.__proto__; in a reader body, naming __proto__', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    const readerId = await approvedReader(hub, desk, 'protoreader');
    const [id] = await desk.lease(1);
    await desk.apply({ type: 'request.create', entityId: id!, payload: { serviceType: 'loan', readerId, title: 'SICP' } });
    const [op] = desk.ops({ type: 'request.note', entityId: id!, payload: { text: 'x' } });
    // Written by hand: JSON.stringify of an object literal would never carry the key.
    const opText = JSON.stringify(op).replace('"payload":{', '"payload":{"__proto__":{"text":"y"},');
    const answer = await call(`${hub.url}/v1/sync/push`, { method: 'POST', headers: desk.headers(), body: `{"deskId":${JSON.stringify(desk.deskId)},"ops":[${opText}]}` });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toEqual([expect.objectContaining({ outcome: 'rejected', code: 'INVALID_INPUT', field: 'payload.__proto__' })]);
    expect(hub.store.db.prepare("SELECT count(*) FROM request_events WHERE type = 'request.note'").pluck().get()).toBe(0);

    const body = JSON.stringify({ libraryCode: A, login: 'protoreg', password: 'secret123', name: '王', cardNumber: '1', email: 'p@bupt.edu.cn', phone: '1' });
    const registration = await call(`${hub.url}/v1/readers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body.replace('{', '{"__proto__":{"status":"APPROVED"},'),
    });
    expect(registration.status).toBe(400);
    expect(registration.body).toMatchObject({ code: 'INVALID_INPUT', field: '__proto__' });
  });

  it('a push that is not JSON is 415 UNSUPPORTED_MEDIA_TYPE, as hub/README says', async () => {
    hub = await startHub();
    const desk = await hub.addDesk(A);
    const body = JSON.stringify({ deskId: desk.deskId, ops: [] });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await call(`${hub.url}/v1/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${desk.token}`, 'content-type': type }, body });
      expect(answer.status, type).toBe(415);
      expect(answer.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const reader = await call(`${hub.url}/v1/requests`, { method: 'POST', headers: { authorization: basic('x', 'y'), 'content-type': 'text/plain' }, body: '{}' });
    expect(reader.status).toBe(415);
  });
});
