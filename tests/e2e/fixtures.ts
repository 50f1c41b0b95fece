// One desk per test worker: a fresh folder with its own demo store, served by the real browser
// host on 127.0.0.1 with a per-launch secret.
import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deskContext } from '../../main/context';
import { openDemoProfile } from '../../main/demo/profile';
import { startWebHost, type WebHost } from '../../main/host/server';

export interface DeskFixture {
  host: WebHost;
  dir: string;
}

export const test = base.extend<object, { desk: DeskFixture }>({
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-desk-e2e-'));
      const db = openDemoProfile(join(dir, 'demo.sqlite'), {});
      const host = await startWebHost({ ctx: deskContext(db), rendererDir: resolve('out/renderer') });
      await use({ host, dir });
      await host.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
