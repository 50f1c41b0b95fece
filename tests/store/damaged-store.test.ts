// A damaged store at start (issue 12): garbage in the middle, cut short, zero bytes, from a newer
// version, locked by another process, unreadable, in a read-only folder. Each is opened the way
// the desk opens it (DeskShell → DeskRuntime.open): the file's bytes are the same afterwards, no
// demo is started in its place, and the recovery state names the file and the problem.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeskShell } from '../../main/recovery/shell';
import { DeskRuntime } from '../../main/runtime';
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations';
import type { StoreAlert, StoreHealth } from '../../shared/storeSafety';

const DEMO = { requests: 40, readers: 10, seed: 7, now: '2026-11-01T02:00:00.000Z' };
const silent = { error: () => undefined };
let template: string;
let scratch: string;
const shells: DeskShell[] = [];

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ill-damaged-'));
  chmodSync(scratch, 0o755);
  const made = join(scratch, 'template');
  const runtime = DeskRuntime.open({ dataDir: made, demo: DEMO, log: silent, backups: { off: true } });
  await runtime.close();
  template = join(scratch, 'template.sqlite');
  copyFileSync(join(made, 'demo.sqlite'), template);
});
afterEach(async () => {
  for (const shell of shells.splice(0)) await shell.close();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A data folder whose desk.sqlite is the template, damaged by `damage`. */
function folderWith(damage: (file: string) => void): { dir: string; file: string } {
  const dir = mkdtempSync(join(scratch, 'desk-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'desk.sqlite');
  copyFileSync(template, file);
  damage(file);
  return { dir, file };
}

function open(dir: string, extra: Partial<Parameters<typeof DeskShell.open>[0]> = {}): DeskShell {
  const shell = DeskShell.open({ dataDir: dir, demo: DEMO, log: silent, backups: { off: true }, ...extra });
  shells.push(shell);
  return shell;
}

/** What every damaged store must show: the recovery page, naming the file; no demo; nothing answered. */
async function expectRecovery(shell: DeskShell, dir: string, file: string, problem: StoreHealth['problem']): Promise<StoreHealth> {
  expect(shell.inRecovery).toBe(true);
  const health = await shell.dispatch('store.health', {});
  expect(health.ok).toBe(true);
  const value = (health as { value: StoreHealth }).value;
  expect(value).toMatchObject({ state: 'recovery', file, profile: 'live', problem });
  expect(value.detail).toBeTruthy();
  expect(existsSync(join(dir, 'demo.sqlite')), 'the demo must not start in its place').toBe(false);
  // A look leaves nothing beside the file either (SQLite's -wal/-shm made for it are removed).
  if (problem !== 'locked') expect(readdirSync(dir).filter((n) => n.startsWith('desk.sqlite-'))).toEqual([]);
  const refused = await shell.dispatch('queue.list', { side: 'borrowing' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
  const signIn = await shell.dispatch('clerk.signIn', { login: 'by01', password: 'demo1234' });
  expect(signIn).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
  return value;
}

/** Writes random bytes over whole pages in the middle of the file (not the header page). */
function garbageInTheMiddle(file: string): void {
  const size = statSync(file).size;
  const pageSize = 4096;
  const pages = size / pageSize;
  const fd = openSync(file, 'r+');
  try {
    for (const at of [Math.floor(pages / 2), Math.floor(pages / 2) + 1, Math.floor(pages / 3), Math.floor((pages * 2) / 3)]) {
      writeSync(fd, randomBytes(pageSize), 0, pageSize, at * pageSize);
    }
  } finally {
    closeSync(fd);
  }
}

/** Random bytes over leaf pages of one table, in the middle of its range (dbstat says which pages). */
function garbageInTable(table: string): (file: string) => void {
  return (file) => {
    const db = new Database(file, { readonly: true });
    const pages = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno").pluck().all(table) as number[];
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    expect(pages.length).toBeGreaterThan(4);
    const fd = openSync(file, 'r+');
    try {
      for (const page of pages.slice(Math.floor(pages.length / 2), Math.floor(pages.length / 2) + 3)) {
        writeSync(fd, randomBytes(pageSize), 0, pageSize, (page - 1) * pageSize);
      }
    } finally {
      closeSync(fd);
    }
  };
}

describe('a damaged store at start', () => {
  it('garbage in the middle: SQLite finds it at open, the file is not written to', async () => {
    const { dir, file } = folderWith(garbageInTheMiddle);
    const before = sha(file);
    const shell = open(dir);
    const health = await expectRecovery(shell, dir, file, 'corrupt');
    expect(health.detail).toMatch(/quick check|damaged|malformed/i);
    await shell.close();
    expect(sha(file)).toBe(before);
  });

  it('cut short (truncated to half): the header says more pages than the file has', async () => {
    const { dir, file } = folderWith((f) => truncateSync(f, Math.floor(statSync(f).size / 2 / 4096) * 4096));
    const before = sha(file);
    const health = await expectRecovery(open(dir), dir, file, 'truncated');
    expect(health.detail).toMatch(/header says \d+ pages/);
    expect(sha(file)).toBe(before);
  });

  it('zero bytes: the recovery page, not the demo profile', async () => {
    const { dir, file } = folderWith((f) => truncateSync(f, 0));
    await expectRecovery(open(dir), dir, file, 'empty');
    expect(statSync(file).size).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('demo'))).toEqual([]);
  });

  it('garbage at the start: not an SQLite store', async () => {
    const { dir, file } = folderWith((f) => {
      const fd = openSync(f, 'r+');
      writeSync(fd, Buffer.from('this is not a database, it is a shopping list\n'), 0, 46, 0);
      closeSync(fd);
    });
    const before = sha(file);
    await expectRecovery(open(dir), dir, file, 'not-a-store');
    expect(sha(file)).toBe(before);
  });

  it('from a newer version (user_version beyond this one): refused before anything is switched or migrated', async () => {
    const { dir, file } = folderWith((f) => {
      const db = new Database(f);
      db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
      db.close();
    });
    const before = sha(file);
    const health = await expectRecovery(open(dir), dir, file, 'too-new');
    expect(health.detail).toContain(`schema ${LATEST_SCHEMA_VERSION + 1}`);
    expect(sha(file)).toBe(before);
  });

  it('locked by another process holding an exclusive lock', async () => {
    const { dir, file } = folderWith(() => undefined);
    const before = sha(file);
    // A real second process: it takes SQLite's exclusive lock on the file and holds it until told.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
         const db = new D(${JSON.stringify(file)}, { timeout: 0 });
         db.pragma('locking_mode = EXCLUSIVE');
         db.exec('BEGIN EXCLUSIVE');
         console.log('locked');
         process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolveLocked, reject) => {
        holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolveLocked());
        holder.on('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
      });
      const shell = open(dir);
      const health = await expectRecovery(shell, dir, file, 'locked');
      expect(health.detail).toMatch(/lock/i);
      // Nothing is moved or restored while another program holds it.
      const restore = await shell.dispatch('recovery.freshStart', {});
      expect(restore).toMatchObject({ ok: false, error: { code: 'STORE_UNAVAILABLE' } });
      expect(existsSync(file)).toBe(true);
      // The other program lets go: "check again" opens the desk on its store.
      holder.stdin!.write('go\n');
      await new Promise((done) => holder.on('exit', done));
      expect(sha(file)).toBe(before);
      const again = await shell.dispatch('recovery.retry', {});
      // (This store has no hub settings, so the desk goes on to its demo profile, as it always has.)
      expect(again).toMatchObject({ ok: true, value: { state: 'ok' } });
      expect(shell.inRecovery).toBe(false);
    } finally {
      if (holder.exitCode === null) {
        holder.stdin!.write('go\n');
        await new Promise((done) => holder.on('exit', done));
      }
    }
  });

  it('a store the earlier full check found damaged stays refused at the next start', async () => {
    const { dir, file } = folderWith(() => undefined);
    writeFileSync(join(dir, 'store-health.json'), JSON.stringify({ 'desk.sqlite': { at: '2026-11-01T18:00:00.000Z', ok: false, message: 'row 12 missing from index x' } }));
    const before = sha(file);
    const health = await expectRecovery(open(dir), dir, file, 'corrupt');
    expect(health.detail).toContain('row 12 missing from index x');
    expect(sha(file)).toBe(before);
  });
});

// ---- unreadable and read-only: the operating system refuses ---------------------------------------

/**
 * Runs DeskShell.open in a child process as the user `nobody` when this runs as root (root reads
 * any file: chmod alone would not stop it), and prints what the desk says.
 */
function openAsAnotherUser(dir: string): { health: StoreHealth; demoExists: boolean } {
  const script = join(scratch, 'open-as-nobody.ts');
  writeFileSync(
    script,
    `import { existsSync } from 'node:fs';
     import { join } from 'node:path';
     import { DeskShell } from ${JSON.stringify(resolve('main/recovery/shell.ts'))};
     const dir = ${JSON.stringify(dir)};
     const shell = DeskShell.open({ dataDir: dir, demo: { requests: 40, readers: 10, seed: 7 }, log: { error: () => undefined }, backups: { off: true } });
     void shell.dispatch('store.health', {}).then(async (answer) => {
       console.log(JSON.stringify({ health: (answer as { value: unknown }).value, demoExists: existsSync(join(dir, 'demo.sqlite')) }));
       await shell.close();
     });`,
  );
  const asRoot = process.getuid?.() === 0;
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: resolve('.'),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, HOME: scratch },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) throw new Error(`the child did not answer: ${run.stdout} ${run.stderr}`);
  return JSON.parse(line) as { health: StoreHealth; demoExists: boolean };
}

describe('a store the operating system will not let the desk use', () => {
  it('unreadable (no read permission for the desk user): the recovery page says so', () => {
    const { dir, file } = folderWith(() => undefined);
    const before = sha(file);
    if (process.getuid?.() === 0) chownSync(dir, 65534, 65534);
    chmodSync(file, 0o000);
    const { health, demoExists } = openAsAnotherUser(dir);
    expect(health).toMatchObject({ state: 'recovery', file, problem: 'unreadable' });
    expect(health.detail).toContain('EACCES');
    expect(demoExists).toBe(false);
    chmodSync(file, 0o600);
    expect(sha(file)).toBe(before);
  });

  it('in a folder the desk user cannot write: the recovery page says the folder is read-only', () => {
    const { dir, file } = folderWith(() => undefined);
    // Root owns the folder and the file (0755 / 0644): the desk's user may read, not write.
    chmodSync(file, 0o644);
    if (process.getuid?.() !== 0) chmodSync(dir, 0o555);
    const before = sha(file);
    try {
      const { health, demoExists } = openAsAnotherUser(dir);
      expect(health).toMatchObject({ state: 'recovery', file, problem: 'readonly' });
      expect(health.detail).toMatch(/cannot be written/);
      expect(demoExists).toBe(false);
    } finally {
      chmodSync(dir, 0o755);
    }
    expect(sha(file)).toBe(before);
  });
});

// ---- a big store: the damage is found by the background check ------------------------------------

describe('a store too big for the quick check at open', () => {
  it('opens after the header and schema checks; the full check in a worker finds the garbage, raises an alert, and the next start shows the recovery page', async () => {
    // Garbage in the timeline's pages, which the desk does not read to open.
    const { dir, file } = folderWith(garbageInTable('request_events'));
    // The demo's store, moved into the live store's place: the desk opens demo.sqlite here.
    rmSync(join(dir, 'demo.sqlite'), { force: true });
    const demoFile = join(dir, 'demo.sqlite');
    copyFileSync(file, demoFile);
    rmSync(file);
    const first = open(dir, { storeCheck: { quickCheckMaxBytes: 0 } });
    expect(first.inRecovery, JSON.stringify(first.health())).toBe(false);
    const alerts: StoreAlert[] = [];
    first.onEvent((name, payload) => name === 'store.alert' && alerts.push(payload as StoreAlert));
    const result = await first.desk.fullCheck();
    expect(result.ok).toBe(false);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'integrity', file: demoFile })]);
    // Nothing more is written to it.
    first.desk.signIn('by01', 'demo1234');
    const id = first.desk.ctx.db.prepare('SELECT id FROM requests LIMIT 1').pluck().get() as string;
    expect(await first.dispatch('request.note', { id, text: '检查之后' })).toMatchObject({ ok: false, error: { code: 'STORE_DAMAGED' } });
    await first.close();
    const before = sha(demoFile);
    const second = open(dir, { storeCheck: { quickCheckMaxBytes: 0 } });
    expect(second.inRecovery).toBe(true);
    expect(second.health()).toMatchObject({ state: 'recovery', file: demoFile, profile: 'demo', problem: 'corrupt' });
    expect(second.health().lastFullCheck).toMatchObject({ ok: false });
    expect(sha(demoFile)).toBe(before);
  });
});

