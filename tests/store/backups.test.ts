// Backups of the desk's store (issue 12): on demand through the contract, in a worker with SQLite's
// online backup API, each verified (integrity_check, user_version) and recorded; 14 kept, the
// oldest removed; progress as events; a copy before every migration; a backup that rotted is not
// restored; and the desk keeps answering scans while a backup runs.
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backupsDir } from '../../main/backup/files';
import { DeskShell } from '../../main/recovery/shell';
import { DeskRuntime } from '../../main/runtime';
import { openStore, schemaVersion } from '../../main/store/db';
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations';
import type { EventName } from '../../shared/contract';
import type { BackupProgress, BackupRecord, StoreHealth } from '../../shared/storeSafety';
import type { RequestDetail } from '../../shared/types';
import { seedDirectory } from '../fixtures/desk';
import { writeDeskIdentity } from '../../main/settings/store';

const DEMO = { requests: 40, readers: 10, seed: 7, now: '2026-11-01T02:00:00.000Z' };
const silent = { error: () => undefined };
let root: string;
const runtimes: DeskRuntime[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ill-backups-'));
});
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A demo desk whose clock moves a minute on every reading, so each backup has its own time. */
function openDesk(name: string, demo: Partial<typeof DEMO> = {}): { runtime: DeskRuntime; dir: string; events: { name: EventName; payload: unknown; at: number }[] } {
  const dir = join(root, name);
  let minute = 0;
  const now = () => new Date(Date.parse('2026-11-02T02:00:00.000Z') + minute++ * 60_000).toISOString();
  const runtime = DeskRuntime.open({ dataDir: dir, demo: { ...DEMO, ...demo }, log: silent, backups: { off: true }, now });
  const events: { name: EventName; payload: unknown; at: number }[] = [];
  runtime.onEvent((eventName, payload) => events.push({ name: eventName, payload, at: performance.now() }));
  runtime.signIn('by01', 'demo1234');
  runtimes.push(runtime);
  return { runtime, dir, events };
}

async function ok<T>(runtime: DeskRuntime, name: string, input: unknown = {}): Promise<T> {
  const result = await runtime.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('a backup on demand', () => {
  it('copies the store in a worker, checks the copy, records it, and reports progress', async () => {
    const { runtime, dir, events } = openDesk('one');
    const record = await ok<BackupRecord>(runtime, 'backup.create');
    expect(record).toMatchObject({ reason: 'manual', verified: true, check: 'ok', schemaVersion: LATEST_SCHEMA_VERSION, profile: 'demo' });
    expect(record.name).toMatch(/^demo-\d{8}T\d{6}\.\d{3}Z-manual\.sqlite$/);
    const file = join(backupsDir(dir), record.name);
    expect(record.sizeBytes).toBe(readFileSync(file).length);
    expect(JSON.parse(readFileSync(`${file}.json`, 'utf8'))).toEqual(record);
    // The copy is a whole store on its own: rollback journal, the same requests.
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT count(*) AS n FROM requests').get()).toEqual({ n: 40 });
    copy.close();
    expect(readdirSync(backupsDir(dir)).filter((n) => n.includes('.partial'))).toEqual([]);
    const phases = events.filter((e) => e.name === 'backup.progress').map((e) => (e.payload as BackupProgress).phase);
    expect(phases[0]).toBe('copy');
    expect(phases).toContain('verify');
    expect(phases.at(-1)).toBe('done');
    expect(await ok<BackupRecord[]>(runtime, 'backup.list')).toEqual([record]);
  });

  it('keeps 14, removing the oldest, newest first in the list', async () => {
    const { runtime, dir } = openDesk('fourteen');
    const made: BackupRecord[] = [];
    for (let i = 0; i < 16; i++) made.push(await ok<BackupRecord>(runtime, 'backup.create'));
    const listed = await ok<BackupRecord[]>(runtime, 'backup.list');
    expect(listed.map((r) => r.name)).toEqual(made.slice(2).reverse().map((r) => r.name));
    expect(existsSync(join(backupsDir(dir), made[0]!.name))).toBe(false);
    expect(existsSync(join(backupsDir(dir), `${made[1]!.name}.json`))).toBe(false);
    expect(readdirSync(backupsDir(dir))).toHaveLength(28);
  });

  it('is for a supervisor; a backup name is never a path', async () => {
    const { runtime } = openDesk('rules');
    await ok(runtime, 'clerk.signOut');
    runtime.signIn('by02', 'demo1234');
    for (const name of ['backup.create', 'backup.list']) {
      expect(await runtime.dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_ONLY' } });
    }
    runtime.signIn('by01', 'demo1234');
    for (const name of ['../desk.sqlite', '/etc/passwd', 'desk-20261102T020000.000Z-daily.sqlite/../../x']) {
      expect(await runtime.dispatch('backup.restore', { name })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'name' } });
    }
    expect(await runtime.dispatch('backup.restore', { name: 'demo-20261102T020000.000Z-daily.sqlite' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'name' } });
    // The recovery page's commands do nothing to a store that opened.
    expect(await runtime.dispatch('recovery.freshStart', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a backup that rotted in its folder is not restored, and the store is left as it was', async () => {
    const { runtime, dir } = openDesk('rotted');
    const record = await ok<BackupRecord>(runtime, 'backup.create');
    await ok(runtime, 'request.note', { id: (await ok<{ rows: { id: string }[] }>(runtime, 'queue.list', { side: 'borrowing' })).rows[0]!.id, text: '恢复前的备注' });
    const file = join(backupsDir(dir), record.name);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0x5a), 0, 4096 * 3, Math.floor(readFileSync(file).length / 2 / 4096) * 4096);
    closeSync(fd);
    const refused = await runtime.dispatch('backup.restore', { name: record.name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BACKUP_FAILED' } });
    const notes = runtime.ctx.db.prepare("SELECT count(*) AS n FROM request_events WHERE type = 'request.note' AND detail_json LIKE '%恢复前的备注%'").get();
    expect(notes).toEqual({ n: 1 });
    expect(existsSync(join(dir, 'set-aside'))).toBe(false);
  });

  it('restores a good one in Settings: the store in use is set aside, the backup takes its place', async () => {
    const { runtime, dir, events } = openDesk('restore');
    const record = await ok<BackupRecord>(runtime, 'backup.create');
    const id = (await ok<{ rows: { id: string }[] }>(runtime, 'queue.list', { side: 'borrowing' })).rows[0]!.id;
    await ok(runtime, 'request.note', { id, text: '备份之后的备注' });
    const health = await ok<StoreHealth>(runtime, 'backup.restore', { name: record.name });
    expect(health).toMatchObject({ state: 'ok', profile: 'demo' });
    expect(readdirSync(join(dir, 'set-aside'))).toEqual([expect.stringMatching(/^demo-.*-replaced\.sqlite$/)]);
    const aside = new Database(health.setAside!, { readonly: true });
    expect(aside.prepare("SELECT count(*) AS n FROM request_events WHERE detail_json LIKE '%备份之后的备注%'").get()).toEqual({ n: 1 });
    aside.close();
    const detail = await ok<RequestDetail>(runtime, 'request.get', { id });
    expect(detail.events.some((e) => JSON.stringify(e).includes('备份之后的备注'))).toBe(false);
    expect(events.some((e) => e.name === 'desk.changed')).toBe(true);
    // The backup stays in the list, to be restored again.
    expect((await ok<BackupRecord[]>(runtime, 'backup.list')).map((r) => r.name)).toContain(record.name);
    // The demo has no hub to catch up with: it goes on as before, numbers and all.
    expect(health.restoredFrom).toBeNull();
    const readerId = runtime.ctx.db
      .prepare("SELECT id FROM readers r WHERE status = 'APPROVED' AND NOT EXISTS (SELECT 1 FROM requests WHERE reader_id = r.id) LIMIT 1")
      .pluck()
      .get() as string;
    const created = await runtime.dispatch('request.create', { serviceType: 'copy', readerId, title: '恢复之后' });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: true });
  });
});

describe('a scan while a backup runs', () => {
  it('is answered in milliseconds: the copy runs on another thread and never holds up a check-in', async () => {
    const { runtime, events } = openDesk('busy', { requests: 20_000, readers: 500 });
    const shipped = runtime.ctx.db
      .prepare("SELECT item_barcode FROM requests WHERE status = 'SHIPPED' AND borrower_code = ? AND item_barcode IS NOT NULL ORDER BY id")
      .pluck()
      .all(runtime.ctx.libraryCode) as string[];
    expect(shipped.length).toBeGreaterThan(60);
    const checkIn = async (barcode: string): Promise<number> => {
      const started = performance.now();
      await ok(runtime, 'request.checkIn', { scan: barcode });
      return performance.now() - started;
    };
    const quiet: number[] = [];
    for (const barcode of shipped.slice(0, 20)) quiet.push(await checkIn(barcode));

    const during: { ms: number; at: number }[] = [];
    let done = false;
    const backup = ok<BackupRecord>(runtime, 'backup.create').finally(() => {
      done = true;
    });
    for (const barcode of shipped.slice(20)) {
      if (done) break;
      const ms = await checkIn(barcode);
      during.push({ ms, at: performance.now() });
      await new Promise((r) => setImmediate(r));
    }
    const record = await backup;
    expect(record.verified).toBe(true);
    const copying = events.filter((e) => e.name === 'backup.progress' && (e.payload as BackupProgress).phase === 'copy').map((e) => e.at);
    const inCopy = during.filter((d) => d.at > copying[0]! && d.at < copying.at(-1)!);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const worst = Math.max(...during.map((d) => d.ms));
    console.log(
      `check-in alone: median ${median(quiet).toFixed(2)} ms; during the backup (${record.sizeBytes} bytes): ${during.length} check-ins, ` +
        `median ${median(during.map((d) => d.ms)).toFixed(2)} ms, worst ${worst.toFixed(1)} ms, ${inCopy.length} while pages were being copied`,
    );
    // The scans went on while the pages were copied; none waited for the copy (generous bounds: a busy machine).
    expect(during.length).toBeGreaterThan(5);
    expect(worst).toBeLessThan(1000);
    // The copy is the store as it was when the backup began: the check-ins made meanwhile are not in it.
    const copy = new Database(join(backupsDir(join(root, 'busy')), record.name), { readonly: true });
    const onHoldInCopy = copy.prepare("SELECT count(*) AS n FROM requests WHERE status = 'ON_HOLD' AND item_barcode IN (SELECT value FROM json_each(?))").get(JSON.stringify(shipped.slice(0, 20))) as { n: number };
    copy.close();
    expect(onHoldInCopy.n).toBe(20);
  });
});

describe('the copy before a migration', () => {
  it('is taken before the store is migrated, verified at the old schema, and holds the old rows', () => {
    const dir = mkdtempSync(join(root, 'migrate-'));
    const file = join(dir, 'desk.sqlite');
    const old = openStore(file, { migrateTo: LATEST_SCHEMA_VERSION - 1 });
    seedDirectory(old, '2026-11-02T02:00:00.000Z');
    writeDeskIdentity(old, { libraryCode: '211130', deskId: 'desk-bupt-1', deskName: '二层流通台', clerk: 'by01', profile: 'live' });
    old.close();
    const migrated = openStore(file, { backupDir: backupsDir(dir), clock: () => '2026-11-03T01:00:00.000Z' });
    expect(schemaVersion(migrated)).toBe(LATEST_SCHEMA_VERSION);
    migrated.close();
    const [name] = readdirSync(backupsDir(dir)).filter((n) => n.endsWith('.sqlite'));
    expect(name).toBe('desk-20261103T010000.000Z-migration.sqlite');
    const record = JSON.parse(readFileSync(join(backupsDir(dir), `${name}.json`), 'utf8')) as BackupRecord;
    expect(record).toMatchObject({ reason: 'migration', verified: true, schemaVersion: LATEST_SCHEMA_VERSION - 1, profile: 'live', deskId: 'desk-bupt-1' });
    const copy = new Database(join(backupsDir(dir), name!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION - 1);
    expect(copy.prepare('SELECT count(*) AS n FROM libraries').get()).toEqual({ n: 3 });
    copy.close();
    // A store already at the latest version is not copied again.
    openStore(file, { backupDir: backupsDir(dir) }).close();
    expect(readdirSync(backupsDir(dir)).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1);
  });

  it('a store whose copy cannot be made is not migrated, and the desk says why on the recovery page', async () => {
    const dir = mkdtempSync(join(root, 'nocopy-'));
    const file = join(dir, 'desk.sqlite');
    const old = openStore(file, { migrateTo: LATEST_SCHEMA_VERSION - 1 });
    seedDirectory(old, '2026-11-02T02:00:00.000Z');
    writeDeskIdentity(old, { libraryCode: '211130', deskId: 'desk-bupt-1', deskName: '二层流通台', clerk: 'by01', profile: 'live' });
    old.close();
    // The backups folder's name is taken by a file: the copy cannot be written.
    writeFileSync(backupsDir(dir), 'not a folder');
    const shell = DeskShell.open({ dataDir: dir, demo: DEMO, log: silent, backups: { off: true } });
    try {
      expect(shell.health()).toMatchObject({ state: 'recovery', problem: 'backup-failed', file });
      expect(shell.health().detail).toContain('was not changed');
    } finally {
      await shell.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION - 1);
    db.close();
  });
});

describe('the daily work', () => {
  it('takes a backup and runs the full check when each is a day old, in the background', async () => {
    const dir = mkdtempSync(join(root, 'daily-'));
    const file = join(dir, 'desk.sqlite');
    const db = openStore(file);
    seedDirectory(db, '2026-11-02T02:00:00.000Z');
    writeDeskIdentity(db, { libraryCode: '211130', deskId: 'desk-bupt-1', deskName: '二层流通台', clerk: 'by01', profile: 'live' });
    const clock = { now: Date.parse('2026-11-02T02:00:00.000Z') };
    const runtime = DeskRuntime.forStore(db, {
      dataDir: dir,
      log: silent,
      now: () => new Date(clock.now).toISOString(),
      backups: { firstLookMs: 10, lookEveryMs: 30 },
    });
    runtimes.push(runtime);
    const progress: BackupProgress[] = [];
    runtime.onEvent((name, payload) => name === 'backup.progress' && progress.push(payload as BackupProgress));
    const waitFor = async (test: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(() => progress.filter((p) => p.phase === 'done').length >= 2, 'the first backup and check');
    expect(runtime.listBackups()).toEqual([expect.objectContaining({ reason: 'daily', verified: true, takenAt: '2026-11-02T02:00:00.000Z' })]);
    expect(runtime.storeHealth().lastFullCheck).toMatchObject({ ok: true, message: 'ok', at: '2026-11-02T02:00:00.000Z' });
    // Looked at again and again within the day: nothing new.
    const seen = progress.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(progress.length).toBe(seen);
    // A day later: the next backup and check.
    clock.now += 24 * 60 * 60 * 1000;
    await waitFor(() => runtime.listBackups().length === 2 && runtime.storeHealth().lastFullCheck?.at === '2026-11-03T02:00:00.000Z', 'the next day');
    expect(runtime.listBackups()[0]).toMatchObject({ reason: 'daily', takenAt: '2026-11-03T02:00:00.000Z' });
  });
});
