// The browser host as a door into the clerk's data: loopback, the per-launch secret, Host and
// Origin checks, body limits, and the contract's answers over HTTP — against a real store.
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../main/host/server';
import { createClerk } from '../../main/clerks/store';
import { DeskRuntime } from '../../main/runtime';
import { makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
let host: WebHost;
const SLIP = 'desk-bupt-1-0000001-pickup.pdf';

beforeAll(async () => {
  desk = makeDesk();
  const rendererDir = join(desk.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ILL Desk</title>');
  writeFileSync(join(desk.dir, 'secret.txt'), 'not for the browser');
  mkdirSync(join(desk.dir, 'slips'));
  writeFileSync(join(desk.dir, 'slips', SLIP), '%PDF-1.4 a slip naming a reader');
  // A library's own store: its supervisor has a password of the library's own.
  createClerk(desk.db, { login: 'by01', name: '王静', role: 'supervisor', password: 'library-pass-1' }, null, desk.ctx.now());
  const runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now });
  runtime.signIn('by01', 'library-pass-1');
  host = await startWebHost({ desk: runtime, rendererDir, slipsDir: join(desk.dir, 'slips') });
});
afterAll(async () => {
  await host.close();
  desk.close();
});

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }) {
  return new Promise<{ status: number; body: string; headers: IncomingHttpHeaders }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'POST', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };
const authed = () => ({ ...json, 'X-Desk-Secret': host.secret });

describe('the browser host', () => {
  it('listens on 127.0.0.1 and puts the secret only in the address fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#secret=[0-9a-f]{64}$`));
  });

  it('serves the contract to a caller with the secret', async () => {
    const res = await send({ path: '/api/request.create', headers: authed(), body: JSON.stringify({ serviceType: 'loan', readerId: 'r-wangqian', title: '赫尔岑传' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { id: 'BY00000061', status: 'SUBMITTED' } });
  });

  it('turns refusals into HTTP statuses with the error as data, and changes nothing', async () => {
    const before = snapshot(desk.db);
    const bad = await send({ path: '/api/request.create', headers: authed(), body: JSON.stringify({ serviceType: 'loan', readerId: 'r-wangqian', title: 'x', isbn: '978-7-115-16424-8' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'isbn' } });
    const missing = await send({ path: '/api/request.get', headers: authed(), body: JSON.stringify({ id: 'BY99999999' }) });
    expect(missing.status).toBe(404);
    const unknown = await send({ path: '/api/drop.everything', headers: authed(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const notJson = await send({ path: '/api/queue.list', headers: authed(), body: '{"side":' });
    expect(notJson.status).toBe(400);
    const big = await send({ path: '/api/request.note', headers: authed(), body: Buffer.alloc(1024 * 1024 + 10, 0x20) });
    expect(big.status).toBe(413);
    expect(snapshot(desk.db)).toBe(before);
  });

  it('refuses a caller without the right secret', async () => {
    expect((await send({ path: '/api/queue.list', headers: json, body: '{}' })).status).toBe(401);
    expect((await send({ path: '/api/queue.list', headers: { ...json, 'X-Desk-Secret': 'a'.repeat(64) }, body: '{}' })).status).toBe(401);
    expect((await send({ method: 'GET', path: '/api/events' })).status).toBe(401);
  });

  it('refuses another Host (DNS rebinding) and another Origin (a web page the clerk visits)', async () => {
    expect((await send({ path: '/api/queue.list', headers: { ...authed(), Host: `evil.example:${host.port}` }, body: '{}' })).status).toBe(403);
    expect((await send({ path: '/api/queue.list', headers: { ...authed(), Origin: 'https://evil.example' }, body: '{}' })).status).toBe(403);
    expect((await send({ path: '/api/queue.list', headers: { ...authed(), Origin: `http://127.0.0.1:${host.port}` }, body: '{}' })).status).toBe(200);
    expect((await send({ method: 'GET', path: '/', headers: { Host: 'localhost' } })).status).toBe(403);
  });

  it('answers malformed addresses with 400 and keeps serving', async () => {
    expect((await send({ method: 'GET', path: '/%E0%A4%A' })).status).toBe(400);
    expect((await send({ method: 'GET', path: '/%zz' })).status).toBe(400);
    expect((await send({ method: 'GET', path: 'http://[' })).status).toBe(400);
    expect((await send({ method: 'GET', path: '/' })).status).toBe(200);
  });

  it('stops at once though a page keeps its connections open (event stream, keep-alive)', async () => {
    const other = await startWebHost({ desk: DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now }), rendererDir: join(desk.dir, 'renderer') });
    const agent = new Agent({ keepAlive: true });
    // An event stream that stays open, and an idle kept-alive connection, as a browser tab holds them.
    const stream = request({ host: '127.0.0.1', port: other.port, path: '/api/events', headers: { 'X-Desk-Secret': other.secret }, agent });
    stream.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      stream.on('response', (res) => {
        res.on('error', () => undefined);
        res.once('data', () => resolve());
      });
      stream.end();
    });
    await new Promise<void>((resolve) => {
      const call = request({ host: '127.0.0.1', port: other.port, path: '/', agent }, (res) => res.resume().on('end', resolve));
      call.end();
    });
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2000);
    agent.destroy();
  });

  it('serves the renderer and nothing outside it', async () => {
    const index = await send({ method: 'GET', path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('ILL Desk');
    expect((await send({ method: 'GET', path: '/../secret.txt' })).status).toBe(404);
    expect((await send({ method: 'GET', path: '/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await send({ method: 'GET', path: '/api/queue.list', headers: { 'X-Desk-Secret': host.secret } })).status).toBe(405);
  });

  it('never takes the secret from an address: ?secret= is refused on events, slips and calls', async () => {
    const inAddress = `secret=${host.secret}`;
    for (const [method, path] of [
      ['GET', `/api/events?${inAddress}`],
      ['GET', `/slips/${SLIP}?${inAddress}`],
      ['POST', `/api/queue.list?${inAddress}`],
      ['POST', `/api/session?${inAddress}`],
    ] as const) {
      const res = await send({ method, path, headers: json, body: method === 'POST' ? '{}' : undefined });
      expect(res.status, path).toBe(400);
      expect(JSON.parse(res.body), path).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'secret' } });
    }
    // With the header as well, the address still may not carry it.
    expect((await send({ method: 'GET', path: `/slips/${SLIP}?${inAddress}`, headers: { 'X-Desk-Secret': host.secret } })).status).toBe(400);
  });

  it('gives a page that proves the secret once a session cookie: random, HttpOnly, SameSite=Strict, for /api and /slips only', async () => {
    expect((await send({ path: '/api/session', body: '' })).status).toBe(401);
    expect((await send({ path: '/api/session', headers: { 'X-Desk-Secret': 'b'.repeat(64) }, body: '' })).status).toBe(401);
    expect((await send({ method: 'GET', path: '/api/session', headers: { 'X-Desk-Secret': host.secret } })).status).toBe(405);
    const session = await send({ path: '/api/session', headers: { 'X-Desk-Secret': host.secret }, body: '' });
    expect(session.status).toBe(204);
    const cookies = session.headers['set-cookie'] ?? [];
    expect(cookies).toHaveLength(2);
    const name = `ill_desk_session_${host.port}`;
    const parsed = cookies.map((cookie) => new RegExp(`^${name}=([0-9a-f]{64}); Path=(/api|/slips); HttpOnly; SameSite=Strict$`).exec(cookie));
    expect(parsed.every((match) => match !== null), cookies.join('\n')).toBe(true);
    expect(parsed.map((match) => match![2]).sort()).toEqual(['/api', '/slips']);
    const value = parsed[0]![1]!;
    expect(parsed[1]![1]).toBe(value);
    expect(value).not.toBe(host.secret);

    // The cookie opens the event stream, slips and calls; a wrong one, or another port's, opens nothing.
    const withCookie = (cookie: string) => ({ Cookie: `other=1; ${cookie}` });
    const events = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: withCookie(`${name}=${value}`) }, (res) => {
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] });
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toEqual({ status: 200, type: 'text/event-stream' });
    const slip = await send({ method: 'GET', path: `/slips/${SLIP}`, headers: withCookie(`${name}=${value}`) });
    expect(slip.status).toBe(200);
    expect(slip.body).toContain('%PDF');
    expect((await send({ path: '/api/queue.list', headers: { ...json, ...withCookie(`${name}=${value}`) }, body: '{}' })).status).toBe(200);
    expect((await send({ method: 'GET', path: `/slips/${SLIP}`, headers: { 'X-Desk-Secret': host.secret } })).status).toBe(200);
    for (const cookie of [`${name}=${'0'.repeat(64)}`, `ill_desk_session_1=${value}`, `${name}=${host.secret}`]) {
      expect((await send({ method: 'GET', path: `/slips/${SLIP}`, headers: withCookie(cookie) })).status, cookie).toBe(401);
      expect((await send({ method: 'GET', path: '/api/events', headers: withCookie(cookie) })).status, cookie).toBe(401);
      expect((await send({ path: '/api/queue.list', headers: { ...json, ...withCookie(cookie) }, body: '{}' })).status, cookie).toBe(401);
    }
  });

  // Last: it leaves this caller's address refused for 15 minutes.
  it("counts failed sign-ins by the caller's address: after 20, the right password is refused too (429)", async () => {
    const signIn = (login: string, password: string) =>
      send({ path: '/api/clerk.signIn', headers: authed(), body: JSON.stringify({ login, password }) });
    const statuses: number[] = [];
    for (const login of ['guess1', 'guess2', 'guess3', 'guess4', 'guess5']) {
      for (let i = 0; i < 4; i++) statuses.push((await signIn(login, 'not-the-password')).status);
    }
    expect(statuses.slice(0, 19).every((status) => status === 400)).toBe(true);
    expect(statuses[19]).toBe(429);
    const right = await signIn('by01', 'library-pass-1');
    expect(right.status).toBe(429);
    expect(JSON.parse(right.body)).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });
    expect((await send({ path: '/api/clerk.session', headers: authed(), body: '{}' })).status).toBe(200);
  });
});
