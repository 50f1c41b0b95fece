// The desk shell (the browser host's and Electron's way in, issue 12) hands the caller's address
// to the runtime, so failed sign-ins are counted per address behind it as well as per login.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskShell } from '../../main/recovery/shell';

let dir: string;
let shell: DeskShell;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ill-shell-caller-'));
  shell = DeskShell.open({ dataDir: dir, demo: { requests: 40, readers: 10 } });
});
afterAll(async () => {
  await shell.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the desk shell', () => {
  it('counts failed sign-ins by the address the host reports, and only that address is refused', async () => {
    const from = (address: string, login: string, password: string) => shell.dispatch('clerk.signIn', { login, password }, { address });
    for (const login of ['guess1', 'guess2', 'guess3', 'guess4', 'guess5']) {
      for (let i = 0; i < 4; i++) expect((await from('10.0.0.9', login, 'wrong-password')).ok).toBe(false);
    }
    expect(await from('10.0.0.9', 'by01', 'demo1234')).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(await from('10.0.0.7', 'by01', 'demo1234')).toMatchObject({ ok: true });
  });
});
