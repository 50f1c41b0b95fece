// One desk per test worker: a fresh folder with its own demo store, served by the real browser
// host on 127.0.0.1 with a per-launch secret.
import { test as base, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../main/host/server';
import { DeskRuntime } from '../../main/runtime';
import type { ScreenId } from '../../renderer/src/store/nav';

export interface DeskFixture {
  host: WebHost;
  dir: string;
  /** The desk behind the page: tests pick their requests through it (the store is shared by every test of the worker). */
  runtime: DeskRuntime;
}

export const test = base.extend<object, { desk: DeskFixture }>({
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-desk-e2e-'));
      const desk = DeskRuntime.open({ dataDir: dir });
      // The demo's supervisor is signed in, as a clerk would be before a shift; tests/e2e/signin.spec.ts signs in by hand.
      desk.signIn('by01', 'demo1234');
      const host = await startWebHost({ desk, rendererDir: resolve('out/renderer') });
      await use({ host, dir, runtime: desk });
      await host.close();
      await desk.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

/** Opens the desk in the page and goes to one of its screens by the navigation rail. */
export async function openScreen(page: Page, url: string, screen: ScreenId): Promise<void> {
  await page.goto(url);
  await page.getByTestId(`nav-${screen}`).click();
  await page.getByTestId(`screen-${screen}`).or(page.getByTestId(`${screen}-screen`)).first().waitFor();
}
