// 借出处理 in Chromium on the demo store: a new request from another library is accepted, the
// pull slips of every accepted request go to the printer as one job, a loan is shipped with a
// tracking number (SHIPPED); a book coming back is scanned in (RETURN_SHIPPED → COMPLETED) and a
// wrong scan changes nothing; a request is answered "cannot supply"; a loan is recalled.
import type { InputOf } from '../../shared/contract';
import { addDays, calendarDay } from '../../shared/rules';
import type { Status } from '../../shared/status';
import type { RequestSummary } from '../../shared/types';
import type { DeskRuntime } from '../../main/runtime';
import { expect, openScreen, test } from './fixtures';
import { missingI18nKeys, row, run, scan, seriousViolations, storeState, WITHOUT_SHELL } from './helpers';

async function lending(runtime: DeskRuntime, statuses: Status[], extra: Partial<InputOf<'queue.list'>> = {}): Promise<RequestSummary[]> {
  return (await run(runtime, 'queue.list', { side: 'lending', statuses, limit: 500, ...extra })).rows;
}

async function status(runtime: DeskRuntime, id: string): Promise<Status> {
  return (await run(runtime, 'request.get', { id })).status;
}

test('a new loan request is accepted, all pull slips print as one job, and the book ships', async ({ page, desk }) => {
  const { runtime } = desk;
  // The oldest new loan request: the first row of the tab (first come, first served).
  const sent = (await lending(runtime, ['SENT'], { sort: 'createdAt', order: 'asc', serviceType: 'loan', limit: 1 }))[0]!;

  await openScreen(page, desk.host.url, 'lending');
  await expect(page.getByTestId('lending-tab-incoming')).toHaveAttribute('aria-selected', 'true');
  const incoming = row(page, 'lending-incoming', sent.id);
  await expect(incoming).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('lending-incoming.png'), fullPage: true });
  await incoming.getByTestId('lending-accept').click();
  await expect(page.getByTestId('lending-notice')).toContainText(sent.id);
  await expect(incoming).toHaveCount(0);
  expect(await status(runtime, sent.id)).toBe('ACCEPTED');

  // Every accepted request's pull slip, in one print job.
  await page.getByTestId('lending-tab-accepted').click();
  const accepted = await lending(runtime, ['ACCEPTED'], { sort: 'statusAt', order: 'asc' });
  expect(accepted.map((r) => r.id)).toContain(sent.id);
  await expect(page.getByTestId('lending-print-all')).toContainText(String(accepted.length));
  await page.getByTestId('lending-print-all').click();
  await expect(page.getByTestId('lending-notice')).toContainText(`${accepted.length} 张索书单已送打印机`);
  const pull = (await run(runtime, 'print.jobs', { openOnly: false })).find((job) => job.kind === 'pull');
  expect(pull?.refs).toEqual(accepted.map((r) => r.id));

  // One slip by itself.
  const acceptedRow = row(page, 'lending-accepted', sent.id);
  await acceptedRow.getByTestId('lending-print-one').click();
  await expect(page.getByTestId('lending-notice')).toContainText('1 张索书单已送打印机');
  const single = (await run(runtime, 'print.jobs', { openOnly: false })).find((job) => job.kind === 'pull');
  expect(single?.refs).toEqual([sent.id]);

  // Ship it: barcode scanned, courier, tracking number; our due date from our loan period.
  await acceptedRow.getByTestId('lending-ship').click();
  const dialog = page.getByTestId('ship-dialog');
  const rules = await run(runtime, 'rules.get', {});
  await expect(page.getByTestId('ship-due')).toHaveValue(addDays(calendarDay(new Date().toISOString()), rules.loanPeriodDays));
  const barcode = page.getByTestId('ship-barcode');
  await expect(barcode).toBeFocused();
  await barcode.pressSequentially('BUPT-E2E-0001');
  await barcode.press('Enter');
  await expect(page.getByTestId('ship-courier')).toBeFocused();
  await page.getByTestId('ship-courier').fill('EMS');
  await page.getByTestId('ship-courier').press('Escape');
  const trackingNo = `EA${Date.now()}CN`;
  await page.getByTestId('ship-tracking').fill(trackingNo);
  await page.screenshot({ path: test.info().outputPath('lending-ship-dialog.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);
  await dialog.getByTestId('ship-dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('lending-notice')).toContainText(trackingNo);
  const shipped = await run(runtime, 'request.get', { id: sent.id });
  expect(shipped).toMatchObject({ status: 'SHIPPED', trackingNo, courier: 'EMS', itemBarcode: 'BUPT-E2E-0001' });
  expect(shipped.lenderDueDate).toBe(addDays(calendarDay(new Date().toISOString()), rules.loanPeriodDays));
  await expect(row(page, 'lending-accepted', sent.id)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('lending-accepted.png'), fullPage: true });
});

test('a book sent back is scanned in and completed; wrong scans change nothing', async ({ page, desk }) => {
  const { runtime } = desk;
  const [back, alsoBack] = await lending(runtime, ['RETURN_SHIPPED']);
  const outOnLoan = (await lending(runtime, ['LOANED'], { limit: 1 }))[0]!;
  const borrowed = (await run(runtime, 'queue.list', { side: 'borrowing', statuses: ['LOANED'], limit: 1 })).rows[0]!;

  await openScreen(page, desk.host.url, 'lending');
  await page.getByTestId('lending-tab-returns').click();
  const field = page.getByTestId('lending-return-scan');
  await expect(field).toBeFocused();
  await expect(row(page, 'lending-returns', back!.id)).toBeVisible();

  await scan(field, back!.id);
  await expect(page.getByTestId('lending-return-ok')).toContainText(back!.id);
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();
  expect(await status(runtime, back!.id)).toBe('COMPLETED');
  await expect(row(page, 'lending-returns', back!.id)).toHaveCount(0);

  // Wrong scans: the same book again, a book still on loan, a book we borrowed, nonsense.
  const before = await storeState(runtime);
  const error = page.getByTestId('lending-return-error');
  await scan(field, back!.id);
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_TRANSITION');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('不在寄回途中');
  await scan(field, outOnLoan.id);
  await expect(error).toContainText(outOnLoan.id);
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_TRANSITION');
  await scan(field, borrowed.id);
  await expect(error).toHaveAttribute('data-error-code', 'FORBIDDEN');
  await expect(error).toContainText('这不是本馆借出的图书');
  await scan(field, 'NOSUCHBOOK42');
  await expect(error).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');
  expect(await storeState(runtime)).toBe(before);
  expect(await status(runtime, outOnLoan.id)).toBe('LOANED');
  await page.screenshot({ path: test.info().outputPath('lending-returns-wrong-scan.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);

  // The next good scan clears the alarm.
  if (alsoBack) {
    await scan(field, alsoBack.id);
    await expect(page.getByTestId('lending-return-ok')).toContainText(alsoBack.id);
    await expect(error).toHaveCount(0);
    await expect(page.getByTestId('lending-completed').locator('li')).toHaveCount(2);
  }
  await page.screenshot({ path: test.info().outputPath('lending-returns.png'), fullPage: true });
});

test('a request answered "cannot supply" with a reason, and a loan recalled with one', async ({ page, desk }) => {
  const { runtime } = desk;
  const sent = (await lending(runtime, ['SENT'], { sort: 'createdAt', order: 'asc', limit: 1 }))[0]!;
  const loaned = (await lending(runtime, ['LOANED'], { sort: 'statusAt', order: 'asc', limit: 1 }))[0]!;

  await openScreen(page, desk.host.url, 'lending');
  await row(page, 'lending-incoming', sent.id).getByTestId('lending-unfill').click();
  const unfill = page.getByTestId('unfill-dialog');
  await expect(unfill.getByTestId('unfill-dialog-submit')).toBeDisabled();
  await page.locator('#unfill-reason').click();
  await page.getByRole('option', { name: '已被借出' }).click();
  await page.getByLabel('给借入馆的说明（可选）').fill('预计下月归还');
  await unfill.getByTestId('unfill-dialog-submit').click();
  await expect(unfill).toHaveCount(0);
  await expect(page.getByTestId('lending-notice')).toContainText('已被借出');
  const unfilled = await run(runtime, 'request.get', { id: sent.id });
  expect(unfilled).toMatchObject({ status: 'UNFILLED', unfilledReason: 'OnLoan' });

  await page.getByTestId('lending-tab-out').click();
  const out = row(page, 'lending-out', loaned.id);
  await out.getByTestId('lending-recall').click();
  const recall = page.getByTestId('recall-dialog');
  await expect(recall.getByTestId('recall-dialog-submit')).toBeDisabled();
  await page.getByTestId('recall-reason').fill('本馆教师急需');
  await page.screenshot({ path: test.info().outputPath('lending-recall-dialog.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);
  await recall.getByTestId('recall-dialog-submit').click();
  await expect(recall).toHaveCount(0);
  await expect(page.getByTestId('lending-notice')).toContainText(loaned.id);
  const recalled = await run(runtime, 'request.get', { id: loaned.id });
  expect(recalled.status).toBe('RECALLED');
  expect(recalled.events.at(-1)?.detail).toMatchObject({ reason: '本馆教师急需' });
  // Recalled now, it is no longer offered for a recall.
  await expect(out.getByTestId('lending-recall')).toHaveCount(0);

  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { name: 'Lending desk' })).toBeVisible();
  expect(await missingI18nKeys(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('lending-out-en.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);
});
