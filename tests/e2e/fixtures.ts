// One desk per test worker: a fresh folder with its own demo store, served by the real browser
// host on 127.0.0.1 with a per-launch secret.
import { test as base, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../main/host/server';
import { ChromiumPdfPrinter } from '../../main/printing/chromiumPdf';
import { DeskRuntime } from '../../main/runtime';
import type { ScreenId } from '../../renderer/src/store/nav';

export interface DeskFixture {
  host: WebHost;
  dir: string;
  /** The desk behind the page: tests pick their requests through it (the store is shared by every test of the worker). */
  runtime: DeskRuntime;
}

/** A desk in a folder of its own, served by the browser host; `now` gives it a clock the test moves. */
export async function startDesk(options: {
  demoRequests?: number;
  signIn: boolean;
  now?: () => string;
  /**
   * Print the slips as the browser host does, as PDFs in <dir>/slips made by this Chromium (a
   * path, or true for the system's). Without it the slips stay queued: other specs need no PDFs.
   */
  chromium?: string | true;
}): Promise<DeskFixture & { stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ill-desk-e2e-'));
  const slipsDir = join(dir, 'slips');
  const runtime = DeskRuntime.open({
    dataDir: dir,
    ...(options.demoRequests ? { demo: { requests: options.demoRequests, readers: 60 } } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.chromium
      ? { printer: new ChromiumPdfPrinter({ dir: slipsDir, ...(options.chromium === true ? {} : { chromium: options.chromium }) }) }
      : {}),
  });
  if (options.signIn) runtime.signIn('by01', 'demo1234');
  const host = await startWebHost({ desk: runtime, rendererDir: resolve('out/renderer'), slipsDir });
  return {
    host,
    dir,
    runtime,
    stop: async () => {
      await host.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ freshDesk: DeskFixture }, { desk: DeskFixture }>({
  /** A desk of its own for one test, with a small demo and nobody signed in (sign-in, lock tests). */
  // eslint-disable-next-line no-empty-pattern
  freshDesk: async ({}, use) => {
    const fresh = await startDesk({ demoRequests: 200, signIn: false });
    await use(fresh);
    await fresh.stop();
  },
  desk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      // The demo's supervisor is signed in, as a clerk would be before a shift; tests/e2e/signin.spec.ts signs in by hand.
      const desk = await startDesk({ signIn: true });
      await use(desk);
      await desk.stop();
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
