// The running desk with its sync engine against a real hub over HTTP: connecting a demo desk to a
// hub (and every way that can go wrong), rounds on their own after a clerk's command, going offline
// and coming back, a restart, a refused token, the clock warning, progress of a big first sync,
// leasing ahead and NO_NUMBERS from a real lease, and the sync problems list.
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashDeskToken, newDeskToken } from '../../hub/auth';
import { openStore } from '../../main/store/db';
import type { ClerkSession, DeskInfo, HubSettings, SyncProblem, SyncStatus } from '../../shared/types';
import { A, B, submitAsReader } from './hubFixture';
import { addDesk, approvedReader, connectHub, forget, LIBRARY_SUPERVISOR, ok, openRuntime, refused, serveHub, until, useRuntimeWorld, world, type Seen } from './runtimeFixture';

useRuntimeWorld('ill-runtime-');


describe('connecting a desk to a hub', () => {
  it('starts on the demo profile, refuses wrong settings with the field named, then switches to the library store', async () => {
    const seen: Seen = [];
    const runtime = openRuntime(join(world.dir, 'desk'), seen);
    expect((await ok<DeskInfo>(runtime, 'desk.info')).profile).toBe('demo');
    expect(await ok<SyncStatus>(runtime, 'sync.status')).toMatchObject({ connection: 'unconfigured', hubUrl: null });
    expect(await ok<HubSettings>(runtime, 'hub.get')).toEqual({ url: null, deskId: null, token: null });
    expect((await refused(runtime, 'sync.now', {})).code).toBe('NOT_CONFIGURED');

    const desk = await addDesk(A, '二层流通台');
    const wrongToken = await refused(runtime, 'hub.connect', { url: world.hub.url, deskId: desk.deskId, token: newDeskToken() });
    expect(wrongToken).toMatchObject({ code: 'HUB_REFUSED', field: 'token' });
    const wrongDesk = await refused(runtime, 'hub.connect', { url: world.hub.url, deskId: 'someone-else', token: desk.token });
    expect(wrongDesk).toMatchObject({ code: 'INVALID_INPUT', field: 'deskId' });
    expect(wrongDesk.message).toContain(desk.deskId);
    const nowhere = await refused(runtime, 'hub.connect', { url: 'http://127.0.0.1:9', deskId: desk.deskId, token: desk.token });
    expect(nowhere).toMatchObject({ code: 'HUB_UNREACHABLE', field: 'url' });
    const badUrl = await refused(runtime, 'hub.connect', { url: 'ftp://hub', deskId: desk.deskId, token: desk.token });
    expect(badUrl).toMatchObject({ code: 'INVALID_INPUT', field: 'url' });
    // Nothing of it stuck: still the demo, still no hub.
    expect((await ok<DeskInfo>(runtime, 'desk.info')).profile).toBe('demo');
    expect(await ok<HubSettings>(runtime, 'hub.get')).toEqual({ url: null, deskId: null, token: null });

    const settings = await connectHub(runtime, { url: `${world.hub.url}/`, deskId: desk.deskId, token: desk.token });
    expect(settings).toEqual({ url: world.hub.url, deskId: desk.deskId, token: 'plain' });
    expect(seen.some((e) => e.name === 'desk.changed' && (e.payload as { profile: string }).profile === 'live')).toBe(true);
    const info = await ok<DeskInfo>(runtime, 'desk.info');
    expect(info).toMatchObject({ profile: 'live', libraryCode: A, deskId: desk.deskId, deskName: '二层流通台' });

    // The first round runs on its own: the directory arrives, numbers are leased ahead.
    const status = await until(runtime, (s) => s.connection === 'online', 'the first round');
    expect(status.lastSuccessAt).not.toBeNull();
    expect(status.unusedNumbers).toBeGreaterThanOrEqual(100);
    expect(status.hubUrl).toBe(world.hub.url);
    expect((await ok<DeskInfo>(runtime, 'desk.info')).libraryName).toBe('北京邮电大学');
    // The demo's records are not in the library's store.
    expect((await ok<{ total: number }>(runtime, 'queue.list', {})).total).toBe(0);
    // Statuses went out as events: syncing, then online.
    const connections = seen.filter((e) => e.name === 'sync.status').map((e) => (e.payload as SyncStatus).connection);
    expect(connections).toContain('syncing');
    expect(connections.at(-1)).toBe('online');
  });

  it("brings none of the demo's accounts: by01/demo1234 is refused, the library's first supervisor is created and signs in", async () => {
    const seen: Seen = [];
    const runtime = openRuntime(join(world.dir, 'desk'), seen);
    const desk = await addDesk(A);
    await ok(runtime, 'hub.connect', { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    // Every window is told at once: nobody is signed in, and the store asks for its first supervisor.
    const told = seen.filter((e) => e.name === 'clerk.session').at(-1)?.payload;
    expect(told).toMatchObject({ clerk: null, locked: false, needsSetup: true });
    expect(await ok<ClerkSession>(runtime, 'clerk.session')).toMatchObject({ clerk: null, needsSetup: true });
    expect(runtime.ctx.db.prepare('SELECT count(*) AS n FROM clerks').get()).toEqual({ n: 0 });
    expect((await refused(runtime, 'queue.list', {})).code).toBe('NOT_SIGNED_IN');
    expect(await refused(runtime, 'clerk.signIn', { login: 'by01', password: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect(() => runtime.signIn('by01', 'demo1234')).toThrow(/login or the password is wrong/);
    // The first supervisor may not take a password that ships with ILL Desk either.
    expect(await refused(runtime, 'clerk.setup', { ...LIBRARY_SUPERVISOR, password: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });

    const session = await ok<ClerkSession>(runtime, 'clerk.setup', LIBRARY_SUPERVISOR);
    expect(session).toMatchObject({ needsSetup: false, locked: false, clerk: { login: LIBRARY_SUPERVISOR.login, role: 'supervisor' } });
    await ok(runtime, 'queue.list', {});
    await ok(runtime, 'clerk.signOut');
    expect((await ok<ClerkSession>(runtime, 'clerk.signIn', { login: LIBRARY_SUPERVISOR.login, password: LIBRARY_SUPERVISOR.password })).clerk?.login).toBe(LIBRARY_SUPERVISOR.login);
    await runtime.close();
    forget(runtime);

    // After a restart the library's store still knows only its own supervisor.
    const again = openRuntime(join(world.dir, 'desk'));
    expect((await ok<DeskInfo>(again, 'desk.info')).profile).toBe('live');
    expect(await refused(again, 'clerk.signIn', { login: 'by01', password: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect(again.ctx.db.prepare('SELECT login, role FROM clerks').all()).toEqual([{ login: LIBRARY_SUPERVISOR.login, role: 'supervisor' }]);
  });

  it('comes back after a restart on the library store, syncing, with the token kept', async () => {
    const desk = await addDesk(A);
    const first = openRuntime(join(world.dir, 'desk'));
    await connectHub(first, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    await until(first, (s) => s.connection === 'online', 'the first round');
    await first.close();
    forget(first);

    const again = openRuntime(join(world.dir, 'desk'));
    expect((await ok<DeskInfo>(again, 'desk.info')).profile).toBe('live');
    expect(await ok<HubSettings>(again, 'hub.get')).toEqual({ url: world.hub.url, deskId: desk.deskId, token: 'plain' });
    const status = await until(again, (s) => s.connection === 'online' && s.lastAttemptAt !== null, 'a round after restart');
    expect(status.lastError).toBeNull();
  });

  it('refuses a token for another library or desk on a store that already has its desk', async () => {
    const desk = await addDesk(A);
    const runtime = openRuntime(join(world.dir, 'desk'));
    await connectHub(runtime, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    const other = await addDesk(B);
    const error = await refused(runtime, 'hub.connect', { url: world.hub.url, deskId: other.deskId, token: other.token });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'token' });
    expect(error.message).toContain(A);
    const sibling = await addDesk(A);
    expect(await refused(runtime, 'hub.connect', { url: world.hub.url, deskId: sibling.deskId, token: sibling.token })).toMatchObject({ field: 'deskId' });
    expect((await ok<HubSettings>(runtime, 'hub.get')).deskId).toBe(desk.deskId);
  });
});

describe('the sync loop', () => {
  async function connected(seen: Seen = [], engine: Record<string, unknown> = {}) {
    const desk = await addDesk(A);
    const runtime = openRuntime(join(world.dir, 'desk'), seen, engine);
    await connectHub(runtime, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    await until(runtime, (s) => s.connection === 'online', 'the first round');
    return { runtime, desk };
  }

  it("sends a clerk's command soon after it, without being asked", async () => {
    const { runtime, desk } = await connected();
    const readerId = await approvedReader(desk.client, 'loopreader');
    await ok(runtime, 'sync.now');
    const created = await ok<{ id: string }>(runtime, 'request.create', { serviceType: 'loan', readerId, title: '通信原理' });
    await until(runtime, (s) => s.pendingOps === 0, 'the create to be pushed');
    const pulled = await desk.client.pull();
    const row = pulled.find((c) => c.kind === 'request' && c.id === created.id);
    expect(row?.data).toMatchObject({ status: 'SUBMITTED', title: '通信原理', borrowerCode: A });
  });

  it('keeps working offline, says so, and catches up when the network is back', async () => {
    const seen: Seen = [];
    const { runtime, desk } = await connected(seen, { backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
    const readerId = await approvedReader(desk.client, 'offlinereader');
    await ok(runtime, 'sync.now');
    const port = world.hub.port;
    await world.hub.app.close();

    const created = await ok<{ id: string }>(runtime, 'request.create', { serviceType: 'loan', readerId, title: '离线创建' });
    for (let i = 1; i <= 5; i++) await ok(runtime, 'request.note', { id: created.id, text: `离线备注 ${i}` });
    const offline = await ok<SyncStatus>(runtime, 'sync.now');
    expect(offline).toMatchObject({ connection: 'offline', lastErrorCode: 'HUB_UNREACHABLE', pendingOps: 6 });
    expect(offline.nextAttemptAt).not.toBeNull();
    expect(offline.lastError).toContain('cannot be reached');
    expect(seen.filter((e) => e.name === 'sync.status').some((e) => (e.payload as SyncStatus).connection === 'offline')).toBe(true);

    world.hub = await serveHub(world.hub.store, world.hub.clock, port);
    runtime.networkBack();
    const back = await until(runtime, (s) => s.connection === 'online' && s.pendingOps === 0, 'catching up');
    expect(back.lastErrorCode).toBeNull();
    const detail = await ok<{ status: string; events: { type: string }[] }>(runtime, 'request.get', { id: created.id });
    expect(detail.events.filter((e) => e.type === 'request.note')).toHaveLength(5);
  });

  it('stops trying with a token the hub no longer accepts, and says why', async () => {
    const desk = await addDesk(A);
    const runtime = openRuntime(join(world.dir, 'desk'));
    await connectHub(runtime, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    await until(runtime, (s) => s.connection === 'online', 'the first round');
    await runtime.close();
    forget(runtime);
    // The hub's administrator replaced the desk's token: the saved one is now wrong.
    world.hub.store.db.prepare('UPDATE desks SET token_hash = ? WHERE desk_id = ?').run(hashDeskToken(newDeskToken()), desk.deskId);

    const again = openRuntime(join(world.dir, 'desk'));
    const status = await until(again, (s) => s.connection === 'refused', 'the refusal');
    expect(status.lastErrorCode).toBe('UNAUTHORIZED');
    expect(status.nextAttemptAt).toBeNull();
  });

  it('stops and says so when the hub has lost ops this desk sent (restored from an older backup)', async () => {
    const { runtime, desk } = await connected();
    const readerId = await approvedReader(desk.client, 'backupreader');
    await ok(runtime, 'sync.now');
    const created = await ok<{ id: string }>(runtime, 'request.create', { serviceType: 'loan', readerId, title: '备份之前' });
    await ok(runtime, 'request.note', { id: created.id, text: '备份之前的备注' });
    await until(runtime, (s) => s.pendingOps === 0, 'the ops to be sent');
    // The hub goes back to a backup taken before this desk's two ops.
    world.hub.store.db.prepare('UPDATE desks SET last_desk_seq = 0 WHERE desk_id = ?').run(runtime.ctx.deskId);
    await ok(runtime, 'request.note', { id: created.id, text: '备份之后的备注' });
    const status = await until(runtime, (s) => s.connection === 'refused', 'the desk to stop');
    expect(status.lastErrorCode).toBe('HUB_BEHIND');
    expect(status.lastError).toContain('administrator');
    expect(status.nextAttemptAt).toBeNull();
    expect(status.pendingOps).toBe(1);
  });

  it('quits at once while the hub hangs on a call, recording no error', async () => {
    const { runtime } = await connected();
    // A "hub" that takes connections and never answers.
    const sockets: import('node:net').Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    runtime.ctx.db.prepare("UPDATE settings SET value_json = json_set(value_json, '$.url', ?) WHERE key = 'hub'").run(silentUrl);
    await runtime.close();
    forget(runtime);
    const again = openRuntime(join(world.dir, 'desk'), [], { sync: { timeoutMs: 30_000 } });
    await until(again, (s) => s.connection === 'syncing', 'the round to start');
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await again.close();
    forget(again);
    expect(Date.now() - started).toBeLessThan(5_000);
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
    const db = openStore(join(world.dir, 'desk', 'desk.sqlite'));
    expect(db.prepare('SELECT last_error FROM sync_state').get()).toEqual({ last_error: null });
    db.close();
  });

  it('warns when the desk clock is more than 5 minutes off the hub', async () => {
    world.hub.clock.now = new Date(Date.now() + 7 * 60_000);
    const { runtime } = await connected();
    const status = await ok<SyncStatus>(runtime, 'sync.now');
    expect(status.clockWarning).toBe(true);
    expect(status.clockSkewMs).toBeGreaterThan(6 * 60_000);
    world.hub.clock.now = new Date(Date.now() + 60_000);
    expect((await ok<SyncStatus>(runtime, 'sync.now')).clockWarning).toBe(false);
  });

  it('reports progress through a big first pull', async () => {
    const a = await addDesk(A);
    // 60 requests, three for each of 20 readers (the limit).
    const numbers = await a.client.lease(60);
    for (let r = 0; r < 20; r++) {
      const readerId = await approvedReader(a.client, `bulkreader${r}`);
      await a.client.apply(
        ...numbers.slice(r * 3, r * 3 + 3).map((id) => ({ type: 'request.create' as const, entityId: id, payload: { serviceType: 'loan', readerId, title: `书 ${id}` } })),
      );
    }
    const seen: Seen = [];
    const runtime = openRuntime(join(world.dir, 'bulk'), seen, { sync: { timeoutMs: 3000, pullLimit: 10 } });
    const fresh = await addDesk(A);
    await connectHub(runtime, { url: world.hub.url, deskId: fresh.deskId, token: fresh.token });
    await until(runtime, (s) => s.connection === 'online', 'the first pull');
    const pulled = seen
      .filter((e) => e.name === 'sync.status')
      .map((e) => (e.payload as SyncStatus).progress)
      .filter((p) => p?.phase === 'pull')
      .map((p) => p!.pulled);
    expect(pulled.length).toBeGreaterThanOrEqual(6);
    expect(pulled).toEqual([...pulled].sort((x, y) => x - y));
    expect(pulled.at(-1)).toBeGreaterThanOrEqual(60);
    expect((await ok<{ total: number }>(runtime, 'queue.list', {})).total).toBe(60);
  });
});

describe('request numbers leased ahead', () => {
  it('refuses to create a request offline once the leased numbers are gone, and leases more when back', async () => {
    const desk = await addDesk(A);
    const runtime = openRuntime(join(world.dir, 'desk'), [], { leaseLowWater: 2, leaseCount: 2, backoffBaseMs: 60_000, backoffMaxMs: 60_000 });
    await connectHub(runtime, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    await until(runtime, (s) => s.connection === 'online' && s.unusedNumbers === 2, 'the first lease');
    const readerId = await approvedReader(desk.client, 'numberreader');
    await ok(runtime, 'sync.now');
    const port = world.hub.port;
    await world.hub.app.close();

    const made: string[] = [];
    for (let i = 0; i < 2; i++) made.push((await ok<{ id: string }>(runtime, 'request.create', { serviceType: 'copy', readerId, title: `期刊 ${i}` })).id);
    expect(made.every((id) => id.startsWith('BY'))).toBe(true);
    const before = await ok<{ total: number }>(runtime, 'queue.list', {});
    const error = await refused(runtime, 'request.create', { serviceType: 'copy', readerId, title: '第三篇' });
    expect(error.code).toBe('NO_NUMBERS');
    expect((await ok<{ total: number }>(runtime, 'queue.list', {})).total).toBe(before.total);

    world.hub = await serveHub(world.hub.store, world.hub.clock, port);
    const back = await ok<SyncStatus>(runtime, 'sync.now');
    expect(back).toMatchObject({ connection: 'online', pendingOps: 0, unusedNumbers: 2 });
    const third = await ok<{ id: string }>(runtime, 'request.create', { serviceType: 'copy', readerId, title: '第三篇' });
    expect(made).not.toContain(third.id);
  });
});

describe('sync problems', () => {
  it('lists a rejected op with the hub reason until a clerk resolves it', async () => {
    const desk = await addDesk(A);
    const runtime = openRuntime(join(world.dir, 'desk'));
    await connectHub(runtime, { url: world.hub.url, deskId: desk.deskId, token: desk.token });
    await approvedReader(desk.client, 'problemreader');
    const submitted = await submitAsReader(world.hub.url, 'problemreader');
    await ok(runtime, 'sync.now');
    // Another desk of A rejects it first; ours, not yet told, forwards it.
    await desk.client.pull();
    await desk.client.apply({ type: 'request.reject', entityId: submitted.body.id, payload: { reason: '馆内有藏' } });
    const port = world.hub.port;
    await world.hub.app.close();
    await ok(runtime, 'request.forward', { id: submitted.body.id, lender: B });
    world.hub = await serveHub(world.hub.store, world.hub.clock, port);
    const status = await ok<SyncStatus>(runtime, 'sync.now');
    expect(status.openProblems).toBe(1);
    const [problem] = await ok<SyncProblem[]>(runtime, 'sync.problems', {});
    expect(problem).toMatchObject({ kind: 'rejected', opType: 'request.forward', entityId: submitted.body.id, code: 'INVALID_TRANSITION', hubStatus: 'REJECTED', resolvedAt: null });
    expect((await ok<{ status: string }>(runtime, 'request.get', { id: submitted.body.id })).status).toBe('REJECTED');

    const resolved = await ok<SyncProblem>(runtime, 'sync.resolveProblem', { id: problem!.id });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(await ok<SyncProblem[]>(runtime, 'sync.problems', {})).toEqual([]);
    expect(await ok<SyncProblem[]>(runtime, 'sync.problems', { includeResolved: true })).toHaveLength(1);
    expect((await ok<SyncStatus>(runtime, 'sync.status')).openProblems).toBe(0);
    expect((await refused(runtime, 'sync.resolveProblem', { id: 999 })).code).toBe('NOT_FOUND');
  });
});
