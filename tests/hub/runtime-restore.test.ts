// Restoring a backup of a live desk against a real hub (issue 12): work, back up, work more, sync,
// restore, sync — then the desk's records are the hub's, nothing lost or doubled. Ops of the backup
// the hub had already settled answer `duplicate` and change nothing; ops made after the restore
// are numbered past the hub's count (no SEQ_CONFLICT); numbers used since the backup are not
// handed out again; records changed since come back by pull. Work after the backup that never
// reached the hub is lost with the store: the desk says so, and the hub has none of it either.
import { existsSync, readdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskShell } from '../../main/recovery/shell';
import { DeskRuntime } from '../../main/runtime';
import type { BackupRecord, StoreHealth } from '../../shared/storeSafety';
import type { ClerkSession, RequestDetail, SyncStatus } from '../../shared/types';
import { A } from './hubFixture';
import { addDesk, approvedReader, ok, refused, serveHub, until, useRuntimeWorld, world } from './runtimeFixture';

useRuntimeWorld('ill-restore-');

const DEMO = { requests: 40, readers: 10, seed: 7, now: '2026-11-01T02:00:00.000Z' };
const ENGINE = { intervalMs: 60_000, pushDelayMs: 20, backoffBaseMs: 50, backoffMaxMs: 200, progressEveryMs: 0, sync: { timeoutMs: 3000 } };
const shells: DeskShell[] = [];
// Registered after the world's hooks, so it runs before them: the desks close before the hub does.
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
});

function openShell(dataDir: string, errors: unknown[] = []): DeskShell {
  const shell = DeskShell.open({
    dataDir,
    demo: DEMO,
    engine: ENGINE,
    backups: { off: true },
    log: { error: (message, error) => errors.push([message, String(error)]) },
  });
  shells.push(shell);
  return shell;
}

/** Signs a supervisor in: the demo's on the demo store, the library's own on a live one (made first if it has none). */
async function signInSupervisor(runtime: DeskRuntime | DeskShell): Promise<void> {
  const session = await ok<ClerkSession>(runtime as DeskRuntime, 'clerk.session');
  if (session.needsSetup) {
    await ok(runtime as DeskRuntime, 'clerk.setup', { login: 'wangjing', name: '王静', password: 'library-own-2026' });
    return;
  }
  // A live store has the library's own supervisor (the demo's accounts never come along); the demo has by01.
  const live = runtime.ctx.profile === 'live';
  const tried = await (runtime as DeskRuntime).dispatch('clerk.signIn', live ? { login: 'wangjing', password: 'library-own-2026' } : { login: 'by01', password: 'demo1234' });
  if (!tried.ok) throw new Error(`cannot sign in a supervisor: ${tried.error.code} ${tried.error.message}`);
}

/** A live desk of library A connected to the test's hub, signed in, after its first round. */
async function connectedDesk(name: string) {
  const registered = await addDesk(A, name);
  const dir = join(world.dir, name);
  const shell = openShell(dir);
  await signInSupervisor(shell);
  await ok(shell as unknown as DeskRuntime, 'hub.connect', { url: world.hub.url, deskId: registered.deskId, token: registered.token });
  await signInSupervisor(shell);
  await until(shell.desk, (s) => s.connection === 'online' && s.unusedNumbers > 0, 'the first round');
  return { shell, dir, registered };
}

const desk = (shell: DeskShell) => shell.desk;
const call = <T>(shell: DeskShell, name: string, input: unknown = {}) => ok<T>(shell as unknown as DeskRuntime, name, input);

async function synced(shell: DeskShell): Promise<SyncStatus> {
  const status = await call<SyncStatus>(shell, 'sync.now');
  expect(status, JSON.stringify(status)).toMatchObject({ connection: 'online', pendingOps: 0, lastErrorCode: null });
  return status;
}

async function stopHub(): Promise<number> {
  const port = world.hub.port;
  await world.hub.app.close();
  return port;
}

async function startHub(port: number): Promise<void> {
  world.hub = await serveHub(world.hub.store, world.hub.clock, port);
}

interface Side {
  requests: { id: string; status: string; version: number; lender: string | null; title: string }[];
  events: Record<string, string[]>;
}

/** The desk's requests and timelines, and the hub's for library A, side by side. */
function bothSides(shell: DeskShell): { desk: Side; hub: Side } {
  const deskDb = desk(shell).ctx.db;
  const hubDb = world.hub.store.db;
  const requests = (db: typeof deskDb) =>
    db
      .prepare('SELECT id, status, version, lender_code AS lender, title FROM requests WHERE borrower_code = ? OR lender_code = ? ORDER BY id')
      .all(A, A) as Side['requests'];
  const events = (db: typeof deskDb, ids: string[]) =>
    Object.fromEntries(
      ids.map((id) => [
        id,
        (db.prepare('SELECT type, to_status, clerk, detail_json FROM request_events WHERE request_id = ? ORDER BY id').all(id) as Record<string, string>[]).map(
          (e) => `${e['type']} ${e['to_status']} ${e['clerk']} ${JSON.parse(e['detail_json']!).text ?? ''}`,
        ),
      ]),
    );
  const deskRequests = requests(deskDb);
  const hubRequests = requests(hubDb);
  return {
    desk: { requests: deskRequests, events: events(deskDb, deskRequests.map((r) => r.id)) },
    hub: { requests: hubRequests, events: events(hubDb, hubRequests.map((r) => r.id)) },
  };
}

function notesAtHub(id: string, text: string): number {
  return (
    world.hub.store.db.prepare("SELECT count(*) AS n FROM request_events WHERE request_id = ? AND type = 'request.note' AND json_extract(detail_json, '$.text') = ?").get(id, text) as {
      n: number;
    }
  ).n;
}

describe('restoring a backup of a live desk', () => {
  it('work, back up, work more, sync, restore, sync: the desk equals the hub, nothing lost or doubled', async () => {
    const { shell, registered } = await connectedDesk('bupt');
    const readerId = await approvedReader(registered.client, 'restorereader');
    const second = await approvedReader(registered.client, 'restorereader2');
    await synced(shell);
    const r1 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '信息论基础' });
    const r2 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '通信原理' });
    await synced(shell);

    // Offline, the desk does more (pending in its outbox), and then the backup is taken.
    const port = await stopHub();
    await call(shell, 'request.note', { id: r1.id, text: '备份前未上传的备注' });
    const r3 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'copy', readerId, title: '备份前离线创建' });
    const backup = await call<BackupRecord>(shell, 'backup.create');
    expect(backup).toMatchObject({ verified: true, check: 'ok', reason: 'manual', profile: 'live', deskId: registered.deskId });
    expect((await call<SyncStatus>(shell, 'sync.status')).pendingOps).toBe(2);

    // The hub comes back: the backup's pending ops reach it. Then more work, all synced.
    await startHub(port);
    await synced(shell);
    await call(shell, 'request.forward', { id: r2.id, lender: '211060' });
    await call(shell, 'request.note', { id: r3.id, text: '备份之后已上传的备注' });
    const r4 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId: second, title: '备份之后创建' });
    await synced(shell);
    // Another desk of the library changes a request too (it comes back by pull).
    await registered.client.apply({ type: 'request.note', entityId: r1.id, payload: { text: '另一台工作台的备注' } });
    const hubAcked = (world.hub.store.db.prepare('SELECT last_desk_seq AS n FROM desks WHERE desk_id = ?').get(registered.deskId) as { n: number }).n;
    expect(hubAcked).toBe(7);

    // Restore. The store in use is moved aside, never deleted.
    const restored = await call<StoreHealth>(shell, 'backup.restore', { name: backup.name });
    expect(restored).toMatchObject({ state: 'ok', restoredFrom: { name: backup.name, takenAt: backup.takenAt, reconciled: false } });
    expect(restored.setAside).toMatch(/set-aside[/\\]desk-.*-replaced\.sqlite$/);
    expect(existsSync(restored.setAside!)).toBe(true);
    // The clerk is working again at once: a note made before the desk reaches the hub.
    await signInSupervisor(shell);
    await call(shell, 'request.note', { id: r2.id, text: '恢复之后的备注' });
    // No number the hub saw used since the backup is handed out meanwhile.
    const usedSince = world.hub.store.db.prepare('SELECT id FROM requests WHERE borrower_code = ?').pluck().all(A) as string[];
    const free = desk(shell).ctx.db.prepare('SELECT number FROM number_pool WHERE used_at IS NULL').pluck().all() as string[];
    expect(free.filter((n) => usedSince.includes(n))).toEqual([]);

    const after = await synced(shell);
    expect(after.openProblems).toBe(0);
    expect((await call<StoreHealth>(shell, 'store.health')).restoredFrom).toMatchObject({ reconciled: true });

    // The desk's records and timelines are the hub's.
    const sides = bothSides(shell);
    expect(sides.desk.requests.map((r) => r.id)).toEqual([r1.id, r2.id, r3.id, r4.id].sort());
    expect(sides.desk).toEqual(sides.hub);
    // Nothing applied twice: each note once at the hub.
    expect(notesAtHub(r1.id, '备份前未上传的备注')).toBe(1);
    expect(notesAtHub(r3.id, '备份之后已上传的备注')).toBe(1);
    expect(notesAtHub(r1.id, '另一台工作台的备注')).toBe(1);
    expect(notesAtHub(r2.id, '恢复之后的备注')).toBe(1);
    // The backup's two pending ops were settled as duplicates; the new note went past the hub's count.
    const outbox = desk(shell).ctx.db.prepare('SELECT desk_seq, state, result_json FROM outbox ORDER BY desk_seq').all() as { desk_seq: number; state: string; result_json: string }[];
    expect(outbox.filter((o) => JSON.parse(o.result_json).outcome === 'duplicate').map((o) => o.desk_seq)).toEqual([3, 4]);
    expect(outbox.at(-1)).toMatchObject({ desk_seq: hubAcked + 1, state: 'applied' });
    expect(outbox.every((o) => o.state === 'applied')).toBe(true);
    const hubOps = world.hub.store.db.prepare('SELECT desk_seq, op_id FROM desk_ops WHERE desk_id = ? ORDER BY desk_seq').all(registered.deskId) as { desk_seq: number; op_id: string }[];
    expect(hubOps.map((o) => o.desk_seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(hubOps.map((o) => o.op_id)).size).toBe(hubOps.length);

    // A new request after the restore takes a number no one used.
    const r5 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId: second, title: '恢复之后创建' });
    expect([r1.id, r2.id, r3.id, r4.id]).not.toContain(r5.id);
    await synced(shell);
    expect((await call<SyncStatus>(shell, 'sync.status')).openProblems).toBe(0);
    const final = bothSides(shell);
    expect(final.desk).toEqual(final.hub);
  });

  it('work after the backup that never reached the hub is lost with the store, and the hub has none of it', async () => {
    const { shell, registered } = await connectedDesk('bupt2');
    const readerId = await approvedReader(registered.client, 'lostreader');
    await synced(shell);
    const r1 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '备份之前' });
    await synced(shell);
    const backup = await call<BackupRecord>(shell, 'backup.create');

    const port = await stopHub();
    await call(shell, 'request.note', { id: r1.id, text: '从未上传的备注' });
    const lost = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '从未上传的申请' });
    expect((await call<SyncStatus>(shell, 'sync.status')).pendingOps).toBe(2);

    const restored = await call<StoreHealth>(shell, 'backup.restore', { name: backup.name });
    expect(restored.restoredFrom).toMatchObject({ takenAt: backup.takenAt, reconciled: false });
    await signInSupervisor(shell);
    // Offline after a restore, the backup's unused numbers are held until the hub says which were used.
    expect((await refused(desk(shell), 'request.create', { serviceType: 'loan', readerId, title: '离线' })).code).toBe('NO_NUMBERS');
    expect((await call<RequestDetail>(shell, 'request.get', { id: r1.id })).events.map((e) => e.type)).toEqual(['request.create']);
    expect((await refused(desk(shell), 'request.get', { id: lost.id })).code).toBe('NOT_FOUND');

    await startHub(port);
    await synced(shell);
    const sides = bothSides(shell);
    expect(sides.desk).toEqual(sides.hub);
    expect(notesAtHub(r1.id, '从未上传的备注')).toBe(0);
    expect(world.hub.store.db.prepare('SELECT count(*) AS n FROM requests WHERE id = ?').get(lost.id)).toEqual({ n: 0 });
    // Its number was never used at the hub: it is given back and may be used again.
    const again = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '恢复之后' });
    expect(again.id).toBe(lost.id);
    await synced(shell);
    expect((await call<SyncStatus>(shell, 'sync.status')).openProblems).toBe(0);
  });

  it('a disk that lost the store: the recovery page starts a new store from the hub, and new work goes past the hub count', async () => {
    const { shell, dir, registered } = await connectedDesk('bupt3');
    const readerId = await approvedReader(registered.client, 'freshreader');
    await synced(shell);
    const r1 = await call<RequestDetail>(shell, 'request.create', { serviceType: 'loan', readerId, title: '磁盘坏之前' });
    await call(shell, 'request.note', { id: r1.id, text: '磁盘坏之前的备注' });
    await synced(shell);
    await shell.close();
    shells.splice(shells.indexOf(shell), 1);
    truncateSync(join(dir, 'desk.sqlite'), 0);

    const errors: unknown[] = [];
    const recovery = openShell(dir, errors);
    expect(recovery.health()).toMatchObject({ state: 'recovery', problem: 'empty', hubKnown: null });
    expect(await recovery.dispatch('recovery.freshStart', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'url' } });
    const fresh = await call<StoreHealth>(recovery, 'recovery.freshStart', { url: world.hub.url, deskId: registered.deskId, token: registered.token });
    expect(fresh.state).toBe('ok');
    expect(fresh.setAside).toMatch(/set-aside[/\\]desk-.*-empty\.sqlite$/);
    expect(readdirSync(join(dir, 'set-aside'))).toHaveLength(1);
    expect(recovery.inRecovery).toBe(false);
    // A new store has no clerks: the library's first supervisor is asked for.
    expect((await call<ClerkSession>(recovery, 'clerk.session')).needsSetup).toBe(true);
    await call(recovery, 'clerk.setup', { login: 'wangjing', name: '王静', password: 'library-own-2026' });
    await until(recovery.desk, (s) => s.connection === 'online' && s.unusedNumbers > 0, 'the first round of the new store');
    await call(recovery, 'request.note', { id: r1.id, text: '新存储的备注' });
    await synced(recovery);
    const sides = bothSides(recovery);
    expect(sides.desk).toEqual(sides.hub);
    expect(notesAtHub(r1.id, '新存储的备注')).toBe(1);
    expect((desk(recovery).ctx.db.prepare('SELECT max(desk_seq) AS n FROM outbox').get() as { n: number }).n).toBe(3);
  });
});
