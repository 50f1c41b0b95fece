// One desk per test worker: a fresh folder with its own demo store, served by the real browser
// host on 127.0.0.1 with a per-launch secret.
import { test as base } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../main/host/server';
import { DeskRuntime } from '../../main/runtime';

export interface DeskFixture {
  host: WebHost;
  dir: string;
}

export const test = base.extend<object, { desk: DeskFixture }>({
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-desk-e2e-'));
      const desk = DeskRuntime.open({ dataDir: dir });
      const host = await startWebHost({ desk, rendererDir: resolve('out/renderer') });
      await use({ host, dir });
      await host.close();
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
