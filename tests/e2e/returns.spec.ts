// 还书寄送 in Chromium on the demo store: a parcel for one lender is packed by scanning its
// RETURNED books (keyboard scans ending in Enter), wrong scans are refused loudly and change
// nothing, "mark shipped" moves the books to RETURN_SHIPPED and queues the packing list, and the
// history shows the shipment with its books.
import type { Page } from '@playwright/test';
import type { ReturnShippingGroup } from '../../shared/types';
import type { DeskRuntime } from '../../main/runtime';
import { expect, openScreen, test } from './fixtures';
import { missingI18nKeys, run, scan, seriousViolations, storeState, WITHOUT_SHELL } from './helpers';

/** A lender with at least two RETURNED books of ours; returns loaned books to make one if the demo has none left. */
async function lenderWithTwoReturned(runtime: DeskRuntime): Promise<ReturnShippingGroup> {
  const groups = await run(runtime, 'returns.pending', {});
  const ready = groups.find((group) => group.items.length >= 2);
  if (ready) return ready;
  const loaned = await run(runtime, 'queue.list', { side: 'borrowing', statuses: ['LOANED'], limit: 200 });
  const byLender = new Map<string, string[]>();
  for (const row of loaned.rows) byLender.set(row.lenderCode ?? '', [...(byLender.get(row.lenderCode ?? '') ?? []), row.id]);
  const [lender, ids] = [...byLender.entries()].find(([, list]) => list.length >= 2) ?? [];
  if (!lender || !ids) throw new Error('the demo has no lender with two loans to return');
  for (const id of ids.slice(0, 2)) await run(runtime, 'request.return', { scan: id });
  const again = await run(runtime, 'returns.pending', {});
  return again.find((group) => group.lenderCode === lender)!;
}

/** A scan into the shipment's scan field. */
const scanIn = (page: Page, text: string) => scan(page.getByTestId('returns-scan'), text);

test('a return shipment is packed by scanning, refuses wrong books, ships and shows in the history', async ({ page, desk }) => {
  const { runtime } = desk;
  const group = await lenderWithTwoReturned(runtime);
  const [first, second] = group.items;
  const secondBarcode = (await run(runtime, 'shipment.checkScan', { scan: second!.id })).itemBarcode;
  expect(secondBarcode).toBeTruthy();

  // A RETURNED book of another lender, and one of this lender's books not returned yet.
  const groups = await run(runtime, 'returns.pending', {});
  const otherLenders = groups.find((g) => g.lenderCode !== group.lenderCode)!.items[0]!;
  const notReturned = (
    await run(runtime, 'queue.list', { side: 'borrowing', statuses: ['LOANED', 'ON_HOLD', 'SHIPPED'], limit: 1 })
  ).rows[0]!;

  await openScreen(page, desk.host.url, 'returns');
  const groupRow = page.locator(`[data-testid="returns-group"][data-lender-code="${group.lenderCode}"]`);
  await expect(groupRow.getByTestId('returns-group-count')).toContainText(String(group.items.length));
  await groupRow.getByTestId('returns-group-build').click();
  const field = page.getByTestId('returns-scan');
  await expect(field).toBeFocused();

  // Scan one by request number, the other by its barcode; the first again does not add twice.
  await scanIn(page, first!.id);
  await expect(page.getByTestId('returns-scan-ok')).toContainText(first!.id);
  await scanIn(page, secondBarcode!);
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(2);
  await scanIn(page, first!.id.toLowerCase());
  await expect(page.getByTestId('returns-scan-duplicate')).toContainText(first!.id);
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(2);
  await expect(field).toHaveValue('');
  await expect(field).toBeFocused();

  // Wrong scans: loud, nothing changes, focus stays for the next book.
  const before = await storeState(runtime);
  await scanIn(page, otherLenders.id);
  const error = page.getByTestId('returns-scan-error');
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_INPUT');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('这本书来自另一个借出馆');
  await expect(field).toBeFocused();
  await scanIn(page, notReturned.id);
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_TRANSITION');
  await expect(error).toContainText('读者还没有归还');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(2);
  expect(await storeState(runtime)).toBe(before);
  await page.screenshot({ path: test.info().outputPath('returns-wrong-scan.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);

  // Courier and tracking number, then mark shipped.
  const trackingNo = `SF${Date.now()}`;
  await page.getByTestId('returns-courier').fill('顺丰');
  await page.getByRole('option', { name: '顺丰速运' }).click();
  await expect(page.getByTestId('returns-courier')).toHaveValue('顺丰速运');
  await page.getByTestId('returns-tracking').fill(trackingNo);
  await page.getByTestId('returns-tracking').press('Enter');
  await expect(page.getByTestId('returns-ship')).toBeFocused();
  await page.getByTestId('returns-ship').click();
  const shipped = page.getByTestId('returns-shipped');
  await expect(shipped).toContainText(trackingNo);
  await expect(shipped).toContainText('装箱单已送打印机');
  const shipmentId = await shipped.getAttribute('data-shipment-id');
  expect(shipmentId).toBeTruthy();
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(0);

  for (const item of [first!, second!]) {
    const detail = await run(runtime, 'request.get', { id: item.id });
    expect(detail.status).toBe('RETURN_SHIPPED');
  }
  const packingLists = (await run(runtime, 'print.jobs', { openOnly: false })).filter(
    (job) => job.kind === 'packingList' && job.refs[0] === shipmentId,
  );
  expect(packingLists).toHaveLength(1);

  // The history: newest first, with the lender, courier, tracking number, books and clerk.
  const historyRow = page.locator(`[data-testid="returns-history-row"][data-shipment-id="${shipmentId}"]`);
  await expect(historyRow).toContainText(trackingNo);
  await expect(historyRow).toContainText('顺丰速运');
  await expect(historyRow).toContainText('by01');
  await expect(page.getByTestId('returns-history-row').first()).toHaveAttribute('data-shipment-id', shipmentId!);
  await historyRow.getByTestId('returns-history-view').click();
  const dialog = page.getByTestId('shipment-dialog');
  await expect(dialog.getByTestId('shipment-dialog-item')).toHaveCount(2);
  await expect(dialog).toContainText(first!.id);
  await expect(dialog).toContainText(secondBarcode!);
  await page.screenshot({ path: test.info().outputPath('returns-shipment-dialog.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);
  // The packing list printed again from the shipment, then from the history row.
  const packingListsOf = async () =>
    (await run(runtime, 'print.jobs', { openOnly: false })).filter((job) => job.kind === 'packingList' && job.refs[0] === shipmentId);
  await dialog.getByTestId('shipment-dialog-reprint').click();
  await expect(dialog.getByTestId('shipment-dialog-reprinted')).toContainText(trackingNo);
  expect(await packingListsOf()).toHaveLength(2);
  await dialog.getByRole('button', { name: '关闭' }).click();
  await historyRow.getByTestId('returns-history-reprint').click();
  await expect(page.getByTestId('returns-reprinted')).toContainText(trackingNo);
  expect(await packingListsOf()).toHaveLength(3);
  await page.screenshot({ path: test.info().outputPath('returns.png'), fullPage: true });
});

test('the first scan chooses the lender when none is picked', async ({ page, desk }) => {
  const groups = await run(desk.runtime, 'returns.pending', {});
  test.skip(groups.length < 2, 'needs RETURNED books of two lenders');
  const [a, b] = groups;
  await openScreen(page, desk.host.url, 'returns');
  await scanIn(page, a!.items[0]!.id);
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(1);
  await expect(page.getByTestId('returns-lender')).toContainText(a!.lenderCode);
  await scanIn(page, b!.items[0]!.id);
  await expect(page.getByTestId('returns-scan-error')).toHaveAttribute('data-error-code', 'INVALID_INPUT');
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(1);
  // Switched to English, the screen has every word.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByRole('heading', { name: 'Return shipping' })).toBeVisible();
  expect(await missingI18nKeys(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('returns-en.png'), fullPage: true });
  expect(await seriousViolations(page, WITHOUT_SHELL)).toEqual([]);
  await page.getByRole('button', { name: 'Clear shipment' }).click();
  await expect(page.getByTestId('returns-scanned-row')).toHaveCount(0);
});
