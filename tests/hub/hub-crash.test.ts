// The hub killed with SIGKILL in the middle of a desk's push, then restarted on the same file: the
// desk's retry settles every op exactly once (the hub keeps each op's result in the transaction
// that applied it, and answers a repeat as a duplicate).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { HubUnavailableError, syncOnce, type HubConnection } from '../../main/sync/client';
import { makeDesk, type TestDesk } from '../fixtures/desk';
import { submitAsReader } from './hubFixture';

const CLI = ['--import', 'tsx', 'hub/cli.ts'];
const run = promisify(execFile);

let dir: string;
let db: string;
let desk: TestDesk;
let hub: ChildProcess | undefined;
let conn: HubConnection;
let requestId: string;
let first: { child: ChildProcess; url: string; pushes: () => number };

function serve(): Promise<{ child: ChildProcess; url: string; pushes: () => number }> {
  const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) resolve({ child, url: match[1]!, pushes: () => (log.match(/POST \/v1\/sync\/push 200/g) ?? []).length });
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${log}`)));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ill-hub-crash-'));
  db = join(dir, 'hub.sqlite');
  const demo = await run(process.execPath, [...CLI, 'demo', '--db', db], { timeout: 60_000 });
  const [login, password] = demo.stdout.split('\n').find((l) => l.startsWith('byreader1 '))!.split(' ');
  const added = await run(process.execPath, [...CLI, 'desk', 'add', '--db', db, '--library', '211130', '--name', '二层流通台'], { timeout: 60_000 });
  const credentials = JSON.parse(added.stdout) as { deskId: string; token: string };
  first = await serve();
  hub = first.child;
  const submitted = await submitAsReader(first.url, login!, password!, { title: '在崩溃中幸存' });
  desk = makeDesk({ numbers: 0 });
  conn = { url: first.url, token: credentials.token, deskId: credentials.deskId };
  requestId = submitted.body.id;
  await syncOnce(desk.ctx, conn);
  // 600 notes made offline: three pushes of 200.
  for (let i = 1; i <= 600; i++) {
    const noted = dispatch(desk.ctx, 'request.note', { id: submitted.body.id, text: `第 ${i} 条` });
    if (!noted.ok) throw new Error(noted.error.message);
  }
}, 120_000);

afterAll(() => {
  if (hub && hub.exitCode === null) hub.kill('SIGKILL');
  desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the hub killed during a push', () => {
  it('settles every op exactly once after the restart', async () => {
    // Kill the hub as soon as it has answered the first batch, while the desk sends the next.
    const syncing = syncOnce(desk.ctx, conn, { pushBatch: 200, timeoutMs: 5000 });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (first.pushes() >= 1) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 1);
    });
    await expect(syncing).rejects.toThrow(HubUnavailableError);
    const pendingAfterCrash = (desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
    expect(pendingAfterCrash).toBeGreaterThan(0);
    expect(pendingAfterCrash).toBeLessThan(600);

    const second = await serve();
    hub = second.child;
    await syncOnce(desk.ctx, { ...conn, url: second.url });
    expect(desk.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 0 });
    expect(desk.db.prepare('SELECT count(*) AS n FROM sync_problems').get()).toEqual({ n: 0 });
    const notes = (desk.db.prepare("SELECT detail_json FROM request_events WHERE request_id = ? AND type = 'request.note' ORDER BY id").all(requestId) as {
      detail_json: string;
    }[]).map((e) => (JSON.parse(e.detail_json) as { text: string }).text);
    expect(notes).toEqual(Array.from({ length: 600 }, (_, i) => `第 ${i + 1} 条`));
  }, 120_000);
});
