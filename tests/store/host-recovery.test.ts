// The browser host (`npm run desk:web`, main/host/cli.ts) started on a damaged store (issue 12):
// it used to stop with a Node stack trace, or — for a zero-byte desk.sqlite — start the demo
// profile in its place. Now it starts, says in one line which file is wrong and why, serves the
// recovery page, and has written nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreHealth } from '../../shared/storeSafety';

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ill-host-recovery-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ILL Desk</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: URL;
  secret: string;
  stdout: string;
  stderr: string;
}

/** Starts the host as `npm run desk:web` does (tsx main/host/cli.ts) and waits for its address. */
function startHost(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('main/host/cli.ts'), '--data', dataDir, '--port', '0', '--renderer', rendererDir], {
    cwd: resolve('.'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start: ${stdout} ${stderr}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const open = /Open: (http:\/\/\S+)/.exec(stdout);
      if (open) {
        clearTimeout(timer);
        const url = new URL(open[1]!);
        resolveStarted({ child, url, secret: new URLSearchParams(url.hash.slice(1)).get('secret')!, stdout, stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited (${code}): ${stdout} ${stderr}`));
    });
  });
}

async function api(started: Started, name: string, input: unknown = {}): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  const response = await fetch(new URL(`/api/${name}`, started.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Desk-Secret': started.secret },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } } };
}

function stop(started: Started): Promise<void> {
  return new Promise((done) => {
    started.child.on('exit', () => done());
    started.child.kill('SIGTERM');
  });
}

describe('the browser host on a damaged store', () => {
  it('a zero-byte desk.sqlite: starts on the recovery page, not the demo, and says so in one line', async () => {
    const dir = join(root, 'zero');
    mkdirSync(dir);
    writeFileSync(join(dir, 'desk.sqlite'), '');
    const started = await startHost(dir);
    try {
      expect(started.stdout).toContain('recovery page');
      expect(started.stderr).toContain(`${join(dir, 'desk.sqlite')} cannot be opened (empty)`);
      expect(started.stderr).not.toMatch(/\n\s+at /);
      const health = await api(started, 'store.health');
      expect(health.body.value as StoreHealth).toMatchObject({ state: 'recovery', problem: 'empty', file: join(dir, 'desk.sqlite') });
      const refused = await api(started, 'queue.list', { side: 'borrowing' });
      expect(refused).toMatchObject({ status: 503, body: { ok: false, error: { code: 'STORE_UNAVAILABLE' } } });
      // The page itself is served, with the secret in the fragment as always.
      expect((await fetch(new URL('/', started.url))).status).toBe(200);
    } finally {
      await stop(started);
    }
    expect(readFileSync(join(dir, 'desk.sqlite')).length).toBe(0);
    expect(existsSync(join(dir, 'demo.sqlite'))).toBe(false);
  });

  it('garbage written into the middle of a real store: refused at start, the file unchanged', async () => {
    const dir = join(root, 'garbage');
    // A real store first: the host makes its demo store, then stops.
    const first = await startHost(dir);
    await stop(first);
    const file = join(dir, 'demo.sqlite');
    // Over pages of the requests table's b-tree (not blobs, whose bytes no check can judge).
    const probe = new Database(file, { readonly: true });
    const pages = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'requests' ORDER BY pageno").pluck().all() as number[];
    probe.close();
    // The probe's own read-only look made SQLite's empty index and log files: not the host's doing.
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    const fd = openSync(file, 'r+');
    for (const page of pages.slice(Math.floor(pages.length / 2), Math.floor(pages.length / 2) + 2)) writeSync(fd, Buffer.alloc(4096, 0xee), 0, 4096, (page - 1) * 4096);
    closeSync(fd);
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    const started = await startHost(dir);
    try {
      expect(started.stderr).not.toMatch(/\n\s+at /);
      const health = (await api(started, 'store.health')).body.value as StoreHealth;
      expect(health).toMatchObject({ state: 'recovery', problem: 'corrupt', profile: 'demo', file });
    } finally {
      await stop(started);
    }
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
    expect(readdirSync(dir).filter((n) => n.startsWith('demo.sqlite'))).toEqual(['demo.sqlite']);
  });
});
