// A disk that fills up or turns read-only under a running desk (issue 12): the command is refused
// with a message naming the store's file and disk (STORE_FULL / STORE_READONLY), nothing is
// half-written, the desk keeps serving reads, every screen gets an alert, and once the disk has
// room again the same command goes through. A store found damaged by a command takes no more
// changes and opens the recovery page at the next start.
//
// The full disk is real where the test may mount one (root here): the desk's data folder is a
// small tmpfs, filled with a file until the kernel answers ENOSPC. Elsewhere SQLite is told the
// store may not grow (`PRAGMA max_page_count`), which SQLite answers with the same SQLITE_FULL.
// A read-only disk cannot be made under a running process (Linux refuses to remount a file system
// read-only while a file on it is open for writing), so it is SQLite's `query_only`, which refuses
// every write with SQLITE_READONLY, the code a read-only file gives.
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeskRuntime } from '../../main/runtime';
import { DeskShell } from '../../main/recovery/shell';
import type { EventName } from '../../shared/contract';
import type { StoreAlert } from '../../shared/storeSafety';
import type { RequestDetail } from '../../shared/types';
import { snapshot } from '../fixtures/desk';

const DEMO = { requests: 40, readers: 10, seed: 7, now: '2026-11-01T02:00:00.000Z' };
const silent = { error: () => undefined };
let root: string;
let template: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ill-disk-'));
  const made = join(root, 'template');
  await DeskRuntime.open({ dataDir: made, demo: DEMO, log: silent, backups: { off: true } }).close();
  template = join(root, 'template.sqlite');
  copyFileSync(join(made, 'demo.sqlite'), template);
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function openOn(dir: string): { runtime: DeskRuntime; alerts: StoreAlert[] } {
  mkdirSync(dir, { recursive: true });
  copyFileSync(template, join(dir, 'demo.sqlite'));
  const runtime = DeskRuntime.open({ dataDir: dir, demo: DEMO, log: silent, backups: { off: true } });
  const alerts: StoreAlert[] = [];
  runtime.onEvent((name: EventName, payload) => name === 'store.alert' && alerts.push(payload as StoreAlert));
  runtime.signIn('by01', 'demo1234');
  closers.push(() => runtime.close());
  return { runtime, alerts };
}

/** A small tmpfs of our own, or null where this process may not mount one. */
function smallDisk(): string | null {
  const dir = mkdtempSync(join(root, 'tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  closers.push(async () => {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  });
  return dir;
}

/** Fills the disk holding `dir` with one file until the kernel refuses; returns a way to free it. */
function fill(dir: string): () => void {
  const filler = join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    expect((error as { code?: string }).code).toBe('ENOSPC');
  }
  // The last partial chunk too: not a byte left.
  try {
    for (;;) writeSync(fd, Buffer.alloc(512, 1));
  } catch {
    // full
  }
  closeSync(fd);
  return () => rmSync(filler);
}

async function firstBorrowingRequest(runtime: DeskRuntime): Promise<string> {
  const page = await runtime.dispatch('queue.list', { side: 'borrowing' });
  if (!page.ok) throw new Error(page.error.message);
  return (page.value as { rows: { id: string }[] }).rows[0]!.id;
}

describe('a full disk', () => {
  it('refuses the command naming the file and disk, writes nothing, keeps serving reads, and goes on once there is room', async () => {
    const disk = smallDisk();
    const dir = disk ?? join(root, 'maxpages');
    const { runtime, alerts } = openOn(dir);
    const file = join(dir, 'demo.sqlite');
    const id = await firstBorrowingRequest(runtime);
    let makeRoom: () => void;
    if (disk) {
      makeRoom = fill(disk);
      expect(statfsSync(disk).bavail).toBe(0);
    } else {
      const db = runtime.ctx.db;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      makeRoom = () => db.pragma('max_page_count = 1073741823');
    }
    console.log(`full disk simulated with ${disk ? 'a real tmpfs filled to ENOSPC' : 'PRAGMA max_page_count (no mount allowed here)'}`);
    // On the real full disk the first note is refused; under max_page_count the notes that still fit
    // in the store's last page go in, and the first that needs a new page is refused.
    let before = '';
    let refusal: { code: string; message: string } | null = null;
    for (let i = 0; i < 200 && refusal === null; i++) {
      before = snapshot(runtime.ctx.db);
      const result = await runtime.dispatch('request.note', { id, text: `磁盘满时的备注 ${i}` });
      if (!result.ok) refusal = result.error;
      else if (disk) throw new Error('a note went through on a full disk');
    }
    expect(refusal).toMatchObject({ code: 'STORE_FULL' });
    expect(refusal!.message).toContain(file);
    expect(refusal!.message).toMatch(/full/);
    // Nothing half-written: the store is as it was.
    expect(snapshot(runtime.ctx.db)).toBe(before);
    // Reads go on.
    const detail = await runtime.dispatch('request.get', { id });
    expect(detail.ok).toBe(true);
    expect((await runtime.dispatch('queue.list', { side: 'borrowing' })).ok).toBe(true);
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'full', file }));
    // Room again: the same command goes through.
    makeRoom();
    const after = await runtime.dispatch('request.note', { id, text: '有空间之后的备注' });
    expect(after.ok).toBe(true);
    expect(((after as { value: RequestDetail }).value.events.at(-1)!.detail as { text: string }).text).toBe('有空间之后的备注');
  });
});

describe('a read-only store', () => {
  it('refuses the command naming the file and folder, writes nothing, keeps serving reads', async () => {
    const dir = join(root, 'readonly');
    const { runtime, alerts } = openOn(dir);
    const file = join(dir, 'demo.sqlite');
    const id = await firstBorrowingRequest(runtime);
    runtime.ctx.db.pragma('query_only = ON');
    const before = snapshot(runtime.ctx.db);
    const refused = await runtime.dispatch('request.note', { id, text: '只读时的备注' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_READONLY' } });
    expect((refused as { error: { message: string } }).error.message).toContain(file);
    expect((refused as { error: { message: string } }).error.message).toContain(dir);
    expect(snapshot(runtime.ctx.db)).toBe(before);
    expect((await runtime.dispatch('request.get', { id })).ok).toBe(true);
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'readonly', file }));
    runtime.ctx.db.pragma('query_only = OFF');
    expect((await runtime.dispatch('request.note', { id, text: '可写之后的备注' })).ok).toBe(true);
  });
});

describe('a store a command finds damaged', () => {
  it('takes no more changes, raises an alert, and opens the recovery page at the next start', async () => {
    const dir = join(root, 'damaged-at-work');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'demo.sqlite');
    copyFileSync(template, file);
    // Garbage over the timeline's pages, which opening the desk does not read.
    const Database = (await import('better-sqlite3')).default;
    const probe = new Database(file, { readonly: true });
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'request_events' AND pagetype = 'leaf' ORDER BY pageno").pluck().all() as number[];
    probe.close();
    const fd = openSync(file, 'r+');
    for (const page of pages) writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096);
    closeSync(fd);
    const runtime = DeskRuntime.open({ dataDir: dir, demo: DEMO, log: silent, backups: { off: true }, storeCheck: { quickCheckMaxBytes: 0 } });
    closers.push(() => runtime.close());
    const alerts: StoreAlert[] = [];
    runtime.onEvent((name, payload) => name === 'store.alert' && alerts.push(payload as StoreAlert));
    runtime.signIn('by01', 'demo1234');
    const ids = runtime.ctx.db.prepare('SELECT id FROM requests ORDER BY id').pluck().all() as string[];
    let damaged: { code: string; message: string } | null = null;
    for (const id of ids) {
      const answer = await runtime.dispatch('request.get', { id });
      if (!answer.ok) {
        damaged = answer.error;
        break;
      }
    }
    expect(damaged).toMatchObject({ code: 'STORE_DAMAGED' });
    expect(damaged!.message).toContain(file);
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'damaged', file }));
    // No more changes go into it.
    expect(await runtime.dispatch('request.note', { id: ids[0], text: '损坏之后' })).toMatchObject({ ok: false, error: { code: 'STORE_DAMAGED' } });
    await runtime.close();
    closers.pop();
    const shell = DeskShell.open({ dataDir: dir, demo: DEMO, log: silent, backups: { off: true }, storeCheck: { quickCheckMaxBytes: 0 } });
    closers.push(() => shell.close());
    expect(shell.health()).toMatchObject({ state: 'recovery', problem: 'corrupt', file });
  });
});
