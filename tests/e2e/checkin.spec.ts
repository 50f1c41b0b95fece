// 到馆签收 in Chromium on the demo store: a shipped book scanned by keyboard goes on the hold
// shelf (slot shown, pickup slip queued, arrival notice queued), a wrong scan is refused loudly
// and changes nothing, and the scan field keeps the focus throughout.
import { expect, openScreen, test } from './fixtures';
import { expectNoSeriousA11yViolations, missingI18nKeys, run, scan } from './helpers';

const SCREEN = { include: ['[data-testid="screen-checkin"]'] };

test('a shipped book scanned in goes on the hold shelf, its reader told and its slip printing', async ({ page, desk }) => {
  const shipped = await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['SHIPPED'], sort: 'statusAt', order: 'asc', limit: 10 });
  const byNumber = shipped.rows[0]!;
  // The second one is scanned by its item barcode, as the book's own label reads.
  const byBarcode = await run(desk.runtime, 'request.get', { id: shipped.rows[1]!.id });
  expect(byBarcode.itemBarcode).toBeTruthy();

  await openScreen(page, desk.host.url, 'checkin');
  const field = page.getByTestId('checkin-scan');
  await expect(field).toBeFocused();
  // What is on its way is listed, and includes the book about to arrive.
  await expect(page.getByTestId('checkin-expected-row').filter({ hasText: byNumber.id })).toHaveCount(1);

  await scan(page, byNumber.id.toLowerCase());
  const result = page.getByTestId('checkin-result');
  await expect(result).toHaveAttribute('data-request-id', byNumber.id);
  const held = await run(desk.runtime, 'request.get', { id: byNumber.id });
  expect(held.status).toBe('ON_HOLD');
  expect(held.holdSlot).toMatch(/^\d+$/);
  await expect(page.getByTestId('checkin-slot')).toHaveText(held.holdSlot!);
  await expect(page.getByTestId('checkin-reader')).toContainText(held.reader!.name);
  await expect(page.getByTestId('checkin-reader')).toContainText(held.reader!.cardNumber);
  await expect(page.getByTestId('checkin-title')).toContainText(held.title);
  await expect(page.getByTestId('checkin-pickupby')).toContainText(held.pickUpBy!);

  // The pickup slip is queued for the printer and the arrival notice for the mail.
  const jobs = await run(desk.runtime, 'print.jobs', { openOnly: true });
  expect(jobs.some((job) => job.kind === 'pickup' && job.refs.includes(byNumber.id))).toBe(true);
  const notices = await run(desk.runtime, 'request.notices', { id: byNumber.id });
  expect(notices).toMatchObject([{ kind: 'arrival', status: 'queued' }]);
  await expect(page.getByTestId('checkin-slip')).toBeVisible();
  if (notices[0]!.toAddress) await expect(page.getByTestId('checkin-notice')).toContainText(notices[0]!.toAddress);

  // Ready for the next book at once: empty, focused, and the book has left the list of arrivals.
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');
  await expect(page.getByTestId('checkin-expected-row').filter({ hasText: byNumber.id })).toHaveCount(0);

  await scan(page, byBarcode.itemBarcode!);
  await expect(result).toHaveAttribute('data-request-id', byBarcode.id);
  const second = await run(desk.runtime, 'request.get', { id: byBarcode.id });
  expect(second.status).toBe('ON_HOLD');
  await expect(page.getByTestId('checkin-slot')).toHaveText(second.holdSlot!);
  // This session's list, the latest first.
  const log = page.getByTestId('checkin-log-row');
  await expect(log).toHaveCount(2);
  await expect(log.nth(0)).toHaveAttribute('data-request-id', byBarcode.id);
  await expect(log.nth(1)).toHaveAttribute('data-request-id', byNumber.id);
  await expect(field).toBeFocused();

  await expectNoSeriousA11yViolations(page, SCREEN);
  await page.screenshot({ path: test.info().outputPath('checkin-result.png'), fullPage: true });

  // In English too, with nothing missing.
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('checkin-slip')).toHaveText(/Pickup slip sent to print/);
  expect(await missingI18nKeys(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('checkin-result-en.png'), fullPage: true });
});

test('wrong scans are refused loudly, change nothing, and leave the field ready', async ({ page, desk }) => {
  const onHold = (await run(desk.runtime, 'holdShelf.list', { pastPickUpOnly: false }))[0]!;
  const heldBefore = await run(desk.runtime, 'request.get', { id: onHold.id });
  const lent = (await run(desk.runtime, 'queue.list', { side: 'lending', statuses: ['SHIPPED'], limit: 1 })).rows[0]!;
  const lentBefore = await run(desk.runtime, 'request.get', { id: lent.id });
  const lastJobBefore = (await run(desk.runtime, 'print.jobs', { openOnly: false }))[0]?.id ?? 0;

  await openScreen(page, desk.host.url, 'checkin');
  const field = page.getByTestId('checkin-scan');
  await expect(field).toBeFocused();
  const alert = page.getByRole('alert');

  await scan(page, 'NOSUCH-0001');
  await expect(alert).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(alert).toContainText('找不到该记录');
  await expect(page.getByTestId('checkin-error-scan')).toHaveText('NOSUCH-0001');
  await expect(field).toBeFocused();
  await expect(field).toHaveValue('');

  // Already on the hold shelf: refused by the status machine, and the screen says where it is.
  await scan(page, onHold.id);
  await expect(alert).toHaveAttribute('data-error-code', 'INVALID_TRANSITION');
  await expect(alert).toContainText('只有“已寄出”的图书可以到馆签收');
  await expect(page.getByTestId('checkin-error-current')).toContainText(`取书架位 ${heldBefore.holdSlot}`);
  await expect(page.getByTestId('checkin-result')).toHaveCount(0);
  await expect(field).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('checkin-wrong-scan.png'), fullPage: true });

  // A book we lent (lending side) is not ours to check in.
  await scan(page, lent.id);
  await expect(alert).toHaveAttribute('data-error-code', 'FORBIDDEN');
  await expect(field).toBeFocused();
  await expectNoSeriousA11yViolations(page, SCREEN);

  const heldAfter = await run(desk.runtime, 'request.get', { id: onHold.id });
  expect([heldAfter.status, heldAfter.version, heldAfter.holdSlot]).toEqual([heldBefore.status, heldBefore.version, heldBefore.holdSlot]);
  const lentAfter = await run(desk.runtime, 'request.get', { id: lent.id });
  expect([lentAfter.status, lentAfter.version]).toEqual([lentBefore.status, lentBefore.version]);
  expect((await run(desk.runtime, 'print.jobs', { openOnly: false }))[0]?.id ?? 0).toBe(lastJobBefore);

  // The next good scan clears the alarm.
  const next = (await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['SHIPPED'], limit: 1 })).rows[0]!;
  await scan(page, next.id);
  await expect(page.getByTestId('checkin-result')).toHaveAttribute('data-request-id', next.id);
  await expect(alert).toHaveCount(0);
});
