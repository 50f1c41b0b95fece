// Printing at the counter, in Chromium through the browser host, whose printer makes each slip a
// PDF with the system's Chromium. The "printer" here is a script in front of that Chromium: first
// it fails as a jammed printer would (its words on stderr, exit 1), then it is mended. A check-in
// with the printer failing still puts the book on the hold shelf; the clerk is told at once, the
// slip waits on the print queue with the printer's words, and prints when asked again; a reprint
// from the request's detail prints too, and the PDF opens from the queue.
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrintJob } from '../../shared/types';
import { expect, openScreen, startDesk, test } from './fixtures';
import { expectNoSeriousA11yViolations, run, scan } from './helpers';

const JAMMED = '#!/bin/sh\necho "二层热敏打印机：缺纸 (out of paper)" >&2\nexit 1\n';
const MENDED = `#!/bin/sh\nexec ${execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim()} "$@"\n`;

test('a check-in with the printer failing checks in, tells the clerk, keeps the slip to print again', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = test.info().outputPath('printer');
  execFileSync('mkdir', ['-p', dir]);
  const printer = join(dir, 'printer.sh');
  writeFileSync(printer, JAMMED);
  chmodSync(printer, 0o755);
  const desk = await startDesk({ demoRequests: 200, signIn: true, chromium: printer });
  try {
    const shipped = await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['SHIPPED'], sort: 'statusAt', order: 'asc', limit: 5 });
    const book = shipped.rows[0]!;
    await openScreen(page, desk.host.url, 'checkin');
    await scan(page, book.id);

    // The book is on the hold shelf whatever the printer does.
    const held = await run(desk.runtime, 'request.get', { id: book.id });
    expect(held.status).toBe('ON_HOLD');
    await expect(page.getByTestId('checkin-slot')).toHaveText(held.holdSlot!);

    // The clerk hears of the failure at once, in the printer's words, and the header counts it.
    const alert = page.getByTestId('print-failure-alert');
    await expect(alert).toContainText('取书单');
    await expect(alert).toContainText(book.id);
    await expect(alert).toContainText('缺纸');
    await expect(page.getByTestId('print-queue-button')).toHaveAccessibleName('打印队列：1 张打印失败');
    // The scan field still has the focus: the next book can be scanned while the alert shows.
    await expect(page.getByTestId('checkin-scan')).toBeFocused();
    // The check-in's own answer follows the slip: failed, see the print queue.
    await expect(page.getByTestId('checkin-slip')).toHaveText(/取书单打印失败/);
    await page.screenshot({ path: test.info().outputPath('printer-failed-alert.png'), fullPage: true });
    // The alert's button opens the print queue, and the alert is done with.
    await alert.getByRole('button', { name: '查看打印队列' }).click();
    await expect(page.getByRole('dialog', { name: '打印队列' })).toBeVisible();
    await page.getByRole('dialog', { name: '打印队列' }).getByRole('button', { name: '关闭' }).click();
    await expect(alert).toBeHidden();

    // 今日工作 counts it among the slips not printed, and its tile opens the print queue too.
    await openScreen(page, desk.host.url, 'today');
    await expect(page.getByTestId('today-unprintedSlips')).toHaveAttribute('data-count', '1');
    await page.getByTestId('today-unprintedSlips').click();
    const dialog = page.getByRole('dialog', { name: '打印队列' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: '关闭' }).click();

    // The print queue, from the header's printer button, shows the slip failed with what the printer said.
    await page.getByTestId('print-queue-button').click();
    const failedRow = dialog.locator('[data-testid^="print-job-"][data-status="failed"]');
    await expect(failedRow).toHaveCount(1);
    await expect(failedRow).toContainText(book.id);
    await expect(failedRow.getByTestId('print-job-error')).toHaveText('打印机回复：Chromium could not make the PDF: 二层热敏打印机：缺纸 (out of paper)');
    await expectNoSeriousA11yViolations(page, { include: ['[role="dialog"]'] });
    await page.screenshot({ path: test.info().outputPath('print-queue-failed.png'), fullPage: true });

    // The printer is mended; the clerk prints the slip again from the queue.
    writeFileSync(printer, MENDED);
    await failedRow.getByRole('button', { name: `重新打印取书单 ${book.id}` }).click();
    await expect(dialog.getByTestId('print-queue-empty')).toBeVisible({ timeout: 30_000 });
    const jobs = await run(desk.runtime, 'print.jobs', { openOnly: false });
    const pickup = jobs.find((job) => job.kind === 'pickup' && job.refs[0] === book.id)!;
    expect(pickup).toMatchObject({ status: 'printed', attempts: 2, error: null });
    expectPdfShows(pickup, [book.id, held.holdSlot!, '取书单']);

    // Printed slips are listed with their PDF, which opens from the page.
    await dialog.getByRole('tab', { name: '最近打印' }).click();
    const printedRow = dialog.locator(`[data-testid="print-job-${pickup.id}"]`);
    await expect(printedRow).toHaveAttribute('data-status', 'printed');
    const href = await printedRow.getByRole('link', { name: `打开取书单 ${book.id} 的PDF` }).getAttribute('href');
    const pdf = await page.request.get(new URL(href!, desk.host.url).toString());
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: test.info().outputPath('print-queue-printed.png'), fullPage: true });
    await dialog.getByRole('button', { name: '关闭' }).click();
    // Nothing failed any more: the header says so.
    await expect(page.getByTestId('print-queue-button')).toHaveAccessibleName('打印队列');

    // A reprint from the request's detail prints a new copy.
    await openScreen(page, desk.host.url, 'queue');
    const search = page.getByTestId('queue-search');
    await search.fill(book.id);
    await search.press('Enter');
    await page.locator(`[data-testid="queue-row"][data-request-id="${book.id}"]`).click();
    await page.getByTestId('reprint-pickup').click();
    await expect
      .poll(async () => (await run(desk.runtime, 'print.jobs', { openOnly: false })).filter((job) => job.refs[0] === book.id && job.status === 'printed').length, {
        timeout: 30_000,
      })
      .toBe(2);

    // Handed out at the desk: the date-due slip prints, and the desk says so once it has.
    const reader = await run(desk.runtime, 'reader.get', { id: held.reader!.id });
    await openScreen(page, desk.host.url, 'handout');
    await scan(page, reader.cardNumber);
    await page
      .locator(`[data-testid="handout-hold"][data-request-id="${book.id}"]`)
      .getByRole('button', { name: new RegExp(`借出 ${book.id}`) })
      .click();
    await expect(page.getByTestId('handout-slip')).toHaveAttribute('data-slip-status', 'printed', { timeout: 30_000 });
    await expect(page.getByTestId('handout-slip')).toHaveText('借期条已打印');
    const dateDue = (await run(desk.runtime, 'print.jobs', { openOnly: false })).find((job) => job.kind === 'dateDue' && job.refs.includes(book.id))!;
    expectPdfShows(dateDue, [book.id, '不可续借']);
  } finally {
    await desk.stop();
  }
});

/** The PDF the browser host saved shows these words (pdftotext, Debian's poppler-utils). */
function expectPdfShows(job: PrintJob, words: string[]): void {
  const text = execFileSync('pdftotext', [job.output!, '-'], { encoding: 'utf8' });
  for (const word of words) expect(text).toContain(word);
}
