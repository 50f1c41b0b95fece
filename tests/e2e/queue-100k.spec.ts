// The queue on a big library's store: 100,000 requests and 2,000 readers. The first rows must show
// within a second of opening the queue, and however far the clerk scrolls (Page Down, the mouse
// wheel, a jump to the end) the page holds only the rows in view and a few around them. The
// figures go to queue-100k.json in the test's output folder and to the log, for the README.
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../main/host/server';
import { DeskRuntime } from '../../main/runtime';

const REQUESTS = 100_000;
const READERS = 2000;
/** The bound on the DOM: a virtual list keeps far fewer, this only says it is not the whole list. */
const MAX_ROWS_IN_DOM = 200;

interface BigDesk {
  host: WebHost;
  runtime: DeskRuntime;
  /** How long making the 100,000-request demo store took. */
  generateMs: number;
}

const test = base.extend<object, { bigDesk: BigDesk }>({
  bigDesk: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-desk-e2e-100k-'));
      const started = Date.now();
      const runtime = DeskRuntime.open({ dataDir: dir, demo: { requests: REQUESTS, readers: READERS } });
      const generateMs = Date.now() - started;
      runtime.signIn('by01', 'demo1234');
      const host = await startWebHost({ desk: runtime, rendererDir: resolve('out/renderer') });
      await use({ host, runtime, generateMs });
      await host.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
    // Generating the store takes about 20 s on a quiet machine; a busy CI box may need longer.
    { scope: 'worker', timeout: 240_000 },
  ],
});

async function rowsInDom(page: Page): Promise<{ rows: number; placeholders: number; lastIndex: number }> {
  return page.evaluate(() => {
    const rows = document.querySelectorAll('[data-testid="queue-row"]');
    const placeholders = document.querySelectorAll('[data-testid="queue-row-loading"]').length;
    let lastIndex = -1;
    rows.forEach((row) => {
      lastIndex = Math.max(lastIndex, Number((row as HTMLElement).dataset.index));
    });
    return { rows: rows.length, placeholders, lastIndex };
  });
}

/** Clicks the rail's queue entry from inside the page and times, there, until the first row is in the DOM. */
async function timeToFirstRows(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolvePromise) => {
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="queue-row"]')) {
            observer.disconnect();
            resolvePromise(performance.now() - start);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        document.querySelector<HTMLElement>('[data-testid="nav-queue"]')!.click();
      }),
  );
}

test('100,000 requests: first rows within a second, and the DOM stays small while scrolling', async ({ page, bigDesk }) => {
  test.setTimeout(180_000);
  const counted = await bigDesk.runtime.dispatch('queue.statusCounts', { side: 'all' });
  expect(counted.ok).toBe(true);
  const total = Object.values(counted.ok ? (counted.value as Record<string, number>) : {}).reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThan(REQUESTS * 0.5);

  await page.goto(bigDesk.host.url);
  await expect(page.getByTestId('nav-queue')).toBeVisible();
  await page.waitForLoadState('networkidle');

  // From the click on 申请单查询 to the first rows, measured in the page; and as Playwright sees it.
  const wallStart = Date.now();
  const firstRowsMs = await timeToFirstRows(page);
  await expect(page.getByTestId('queue-row').first()).toBeVisible();
  const firstRowsVisibleMs = Date.now() - wallStart;
  await expect(page.getByTestId('queue-total')).toContainText('10000');
  const atOpen = await rowsInDom(page);

  // Page Down through the list from the first row, counting the rows in the DOM after each press.
  const pageDowns = 80;
  let maxRows = atOpen.rows + atOpen.placeholders;
  const firstRow = page.getByTestId('queue-row').first();
  await firstRow.focus();
  const pageDownStart = Date.now();
  for (let i = 0; i < pageDowns; i++) {
    await page.keyboard.press('PageDown');
    const now = await rowsInDom(page);
    maxRows = Math.max(maxRows, now.rows + now.placeholders);
  }
  // The focused row is deep in the list, read from main, and the DOM still small.
  const focusedIndex = Number(await page.locator(':focus').getAttribute('data-index'));
  expect(focusedIndex).toBeGreaterThan(pageDowns * 5);
  await expect(page.locator(`[data-testid="queue-row"][data-index="${focusedIndex}"]`)).toBeVisible();
  const pageDownMs = Date.now() - pageDownStart;

  // The mouse wheel, far and fast.
  const list = page.getByTestId('queue-table');
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const wheels = 60;
  for (let i = 0; i < wheels; i++) {
    await page.mouse.wheel(0, 4000);
    const now = await rowsInDom(page);
    maxRows = Math.max(maxRows, now.rows + now.placeholders);
  }
  // Once the wheel stops, the rows in view arrive from main.
  await expect(page.getByTestId('queue-row-loading')).toHaveCount(0);
  const afterWheel = await rowsInDom(page);
  expect(afterWheel.lastIndex).toBeGreaterThan(focusedIndex + 1000);
  maxRows = Math.max(maxRows, afterWheel.rows + afterWheel.placeholders);

  // A jump to the end of what is counted (End), and the time until those rows are read.
  await page.locator('[data-testid="queue-row"]').first().focus();
  const jumpStart = Date.now();
  await page.keyboard.press('End');
  const endIndex = Number(await page.locator(':focus').getAttribute('data-index'));
  await expect(page.locator(`[data-testid="queue-row"][data-index="${endIndex}"]`)).toBeVisible();
  const jumpToEndMs = Date.now() - jumpStart;
  expect(endIndex).toBeGreaterThanOrEqual(9999);
  const atEnd = await rowsInDom(page);
  maxRows = Math.max(maxRows, atEnd.rows + atEnd.placeholders);

  expect(maxRows).toBeLessThan(MAX_ROWS_IN_DOM);
  expect(firstRowsMs).toBeLessThan(1000);

  const figures = {
    requests: REQUESTS,
    readers: READERS,
    generateDemoMs: bigDesk.generateMs,
    firstRowsMs: Math.round(firstRowsMs),
    firstRowsVisibleMs,
    rowsInDomAtOpen: atOpen.rows,
    maxRowsInDomWhileScrolling: maxRows,
    pageDowns,
    rowReachedByPageDown: focusedIndex,
    pageDownMsPerPress: Math.round(pageDownMs / pageDowns),
    wheelSteps: wheels,
    rowReachedByWheel: afterWheel.lastIndex,
    jumpToEndRow: endIndex,
    jumpToEndMs,
  };
  writeFileSync(test.info().outputPath('queue-100k.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`queue-100k: ${JSON.stringify(figures)}`);
  await page.screenshot({ path: test.info().outputPath('queue-100k.png'), fullPage: true });
});
