// The command line as DESIGN §5 gives it: demo, serve, desk add while the hub serves, and a clean
// exit on SIGTERM. Runs the real CLI in child processes against one SQLite file.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryResponseSchema } from '../../shared/sync';
import { call, submitAsReader } from './hubFixture';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'hub/cli.ts'];

function hubCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [...CLI, ...args], { cwd: process.cwd(), timeout: 60_000 });
}

describe('hub command line', () => {
  let dir: string;
  let db: string;
  let server: ChildProcess | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ill-hub-cli-'));
    db = join(dir, 'hub.sqlite');
    const demo = await hubCli('demo', '--db', db);
    output = demo.stdout;
    const child = spawn(process.execPath, [...CLI, 'serve', '--port', '0', '--db', db], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    let log = '';
    url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`hub exited with ${code}: ${log}`)));
    });
  });

  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the demo directory and readers, adds a desk while serving, and stops cleanly on SIGTERM', async () => {
    expect(output).toMatch(/Loaded 43 libraries and \d+ approved demo readers/);
    const readerLine = output.split('\n').find((line) => line.startsWith('byreader1 '));
    expect(readerLine).toBeDefined();
    const [login, password] = readerLine!.split(' ');

    const added = await hubCli('desk', 'add', '--db', db, '--library', '211130', '--name', '二层流通台');
    const desk = JSON.parse(added.stdout) as { deskId: string; token: string };
    expect(desk).toEqual({ deskId: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    const directory = await call(`${url}/v1/directory`, { headers: { authorization: `Bearer ${desk.token}` } });
    expect(directory.status).toBe(200);
    const { libraries } = directoryResponseSchema.parse(directory.body);
    expect(libraries.find((l) => l.code === '211130')).toMatchObject({ name: '北京邮电大学', prefix: 'BY' });
    expect(libraries.find((l) => l.code === '211060')).toMatchObject({ name: '北京航空航天大学', prefix: 'BH' });

    const submitted = await submitAsReader(url, login!, password!);
    expect(submitted.status).toBe(201);

    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a desk for an unknown library', async () => {
    await expect(hubCli('desk', 'add', '--db', db, '--library', '999999', '--name', 'x')).rejects.toMatchObject({ code: 1 });
  });
});
