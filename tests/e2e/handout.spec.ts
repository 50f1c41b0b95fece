// 借还书 in Chromium on the demo store: a reader's card scanned by keyboard shows their holds,
// loans and recalls; a hold handed out gets its due date (and a date-due slip), all holds go out
// together, a book scanned back waits for return shipping, a book past its pick-up date goes back
// from the shelf, and wrong scans change nothing.
import type { RequestSummary } from '../../shared/types';
import { expect, openScreen, test, type DeskFixture } from './fixtures';
import { expectNoSeriousA11yViolations, row, run, scan } from './helpers';

const SCREEN = { include: ['[data-testid="screen-handout"]'] };

/** Holds on the shelf (not past pick-up) grouped by reader, the readers with most holds first. */
async function readersWithHolds(desk: DeskFixture): Promise<{ readerId: string; holds: RequestSummary[] }[]> {
  const past = new Set((await run(desk.runtime, 'holdShelf.list', { pastPickUpOnly: true })).map((r) => r.id));
  const byReader = new Map<string, RequestSummary[]>();
  for (const hold of await run(desk.runtime, 'holdShelf.list', { pastPickUpOnly: false })) {
    if (hold.readerId === null || past.has(hold.id)) continue;
    byReader.set(hold.readerId, [...(byReader.get(hold.readerId) ?? []), hold]);
  }
  return [...byReader.entries()].map(([readerId, holds]) => ({ readerId, holds })).sort((a, b) => b.holds.length - a.holds.length);
}

test('a reader picks up a hold with its due date, and brings a book back by scan', async ({ page, desk }) => {
  const candidates = await readersWithHolds(desk);
  // A reader with a single hold: the one-button hand-out (the multi-hold readers are for the next test).
  const { readerId, holds } = candidates.at(-1)!;
  const hold = holds[0]!;
  const reader = await run(desk.runtime, 'reader.get', { id: readerId });
  const before = await run(desk.runtime, 'reader.desk', { card: reader.cardNumber });

  await openScreen(page, desk.host.url, 'handout');
  const cardField = page.getByTestId('handout-card');
  await expect(cardField).toBeFocused();
  await scan(page, reader.cardNumber);

  await expect(page.getByTestId('handout-reader-name')).toHaveText(reader.name);
  await expect(page.getByTestId('handout-reader-card')).toContainText(reader.cardNumber);
  await expect(page.getByTestId('handout-may-request')).toHaveAttribute('data-count', String(before.reader.mayRequestMore));
  await expect(page.getByTestId('handout-hold')).toHaveCount(before.holds.length);
  await expect(page.getByTestId('handout-loan')).toHaveCount(before.loans.length);
  await expect(page.getByTestId('handout-recall')).toHaveCount(before.recalls.length);
  const holdRow = page.locator(`[data-testid="handout-hold"][data-request-id="${hold.id}"]`);
  await expect(holdRow.getByTestId('handout-hold-slot')).toHaveText(hold.holdSlot!);
  const expectedDue = before.holds.find((h) => h.id === hold.id)!.dueDateIfHandedOut;
  await expect(holdRow.getByTestId('handout-hold-due')).toHaveText(expectedDue);
  await expect(page.getByTestId('handout-no-renewals')).toContainText('不可续借');
  await expectNoSeriousA11yViolations(page, SCREEN);

  const jobsBefore = await run(desk.runtime, 'print.jobs', { openOnly: false });
  await holdRow.getByRole('button', { name: new RegExp(`借出 ${hold.id}`) }).click();
  const done = page.getByTestId('handout-done-item').filter({ hasText: hold.id });
  await expect(done.getByTestId('handout-done-due')).toHaveText(expectedDue);
  const loaned = await run(desk.runtime, 'request.get', { id: hold.id });
  expect(loaned.status).toBe('LOANED');
  expect(loaned.dueDate).toBe(expectedDue);
  expect(loaned.holdSlot).toBeNull();
  // One new print job (the list is newest first): the date-due slip for this book.
  const jobsAfter = await run(desk.runtime, 'print.jobs', { openOnly: false });
  expect(jobsAfter.filter((job) => job.id > (jobsBefore[0]?.id ?? 0))).toMatchObject([{ kind: 'dateDue', refs: [hold.id] }]);
  // The book moved from the shelf to the reader's loans, with its due date; focus is back for the next card.
  await expect(page.getByTestId('handout-hold').filter({ hasText: hold.id })).toHaveCount(0);
  const loanRow = page.locator(`[data-testid="handout-loan"][data-request-id="${hold.id}"]`);
  await expect(loanRow.getByTestId('handout-loan-due')).toHaveText(expectedDue);
  await expect(cardField).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('handout-handed-out.png'), fullPage: true });

  // The reader brings it back: scanned into the returns field, it waits for return shipping.
  const returnField = page.getByTestId('handout-return');
  await returnField.focus();
  await scan(page, loaned.itemBarcode ?? hold.id);
  await expect(page.getByTestId('handout-return-done')).toHaveAttribute('data-request-id', hold.id);
  await expect(returnField).toBeFocused();
  const returned = await run(desk.runtime, 'request.get', { id: hold.id });
  expect(returned.status).toBe('RETURNED');
  await expect(row(page, 'handout-return', hold.id)).toHaveAttribute('data-status', 'RETURNED');
  expect((await run(desk.runtime, 'returns.pending', {})).some((group) => group.items.some((item) => item.id === hold.id))).toBe(true);
  // It left the reader's loans, which were read again.
  await expect(page.locator(`[data-testid="handout-loan"][data-request-id="${hold.id}"]`)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, SCREEN);
  await page.screenshot({ path: test.info().outputPath('handout-returned.png'), fullPage: true });
});

test('all of a reader’s holds go out together with one date-due slip', async ({ page, desk }) => {
  const { readerId, holds } = (await readersWithHolds(desk))[0]!;
  const reader = await run(desk.runtime, 'reader.get', { id: readerId });
  const ids = holds.map((h) => h.id).sort();

  await openScreen(page, desk.host.url, 'handout');
  await expect(page.getByTestId('handout-card')).toBeFocused();
  await scan(page, reader.cardNumber);
  await expect(page.getByTestId('handout-hold')).toHaveCount(holds.length);
  await page.screenshot({ path: test.info().outputPath('handout-reader.png'), fullPage: true });

  const jobsBefore = await run(desk.runtime, 'print.jobs', { openOnly: false });
  await page.getByTestId('handout-all').click();
  await expect(page.getByTestId('handout-done-item')).toHaveCount(holds.length);
  await expect(page.getByTestId('handout-hold')).toHaveCount(0);
  for (const id of ids) {
    const loan = await run(desk.runtime, 'request.get', { id });
    expect(loan.status).toBe('LOANED');
    await expect(page.getByTestId('handout-done-item').filter({ hasText: id }).getByTestId('handout-done-due')).toHaveText(loan.dueDate!);
  }
  const newJobs = (await run(desk.runtime, 'print.jobs', { openOnly: false })).filter((job) => job.id > (jobsBefore[0]?.id ?? 0));
  expect(newJobs).toHaveLength(1);
  expect(newJobs[0]!.kind).toBe('dateDue');
  expect([...newJobs[0]!.refs].sort()).toEqual(ids);
});

test('wrong cards and wrong return scans show why and change nothing', async ({ page, desk }) => {
  const shipped = (await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['SHIPPED'], limit: 1 })).rows[0]!;
  const shippedBefore = await run(desk.runtime, 'request.get', { id: shipped.id });
  const lent = (await run(desk.runtime, 'queue.list', { side: 'lending', statuses: ['SHIPPED'], limit: 1 })).rows[0]!;
  const lentBefore = await run(desk.runtime, 'request.get', { id: lent.id });

  await openScreen(page, desk.host.url, 'handout');
  const cardField = page.getByTestId('handout-card');
  await expect(cardField).toBeFocused();

  await scan(page, '99999999999');
  const cardError = page.getByTestId('handout-card-error');
  await expect(cardError).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(cardError).toHaveAttribute('role', 'alert');
  await expect(cardError).toContainText('没有这个证件号码的本馆读者');
  await expect(page.getByTestId('handout-reader')).toHaveCount(0);
  await expect(cardField).toBeFocused();
  await expect(cardField).toHaveValue('');

  const returnField = page.getByTestId('handout-return');
  await returnField.focus();
  const returnError = page.getByTestId('handout-return-error');
  await scan(page, 'NOSUCH-0002');
  await expect(returnError).toHaveAttribute('data-error-code', 'NOT_FOUND');
  await expect(returnField).toBeFocused();
  // Still on its way from the lender: it cannot come back from a reader.
  await scan(page, shipped.id);
  await expect(returnError).toHaveAttribute('data-error-code', 'INVALID_TRANSITION');
  await expect(returnError).toContainText(`${shipped.id} 当前状态：已寄出`);
  await expect(returnField).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('handout-wrong-scans.png'), fullPage: true });
  // A book we lent comes back at the lending desk, not here.
  await scan(page, lent.id);
  await expect(returnError).toHaveAttribute('data-error-code', 'FORBIDDEN');
  await expect(returnField).toBeFocused();
  await expectNoSeriousA11yViolations(page, SCREEN);

  const shippedAfter = await run(desk.runtime, 'request.get', { id: shipped.id });
  expect([shippedAfter.status, shippedAfter.version]).toEqual([shippedBefore.status, shippedBefore.version]);
  const lentAfter = await run(desk.runtime, 'request.get', { id: lent.id });
  expect([lentAfter.status, lentAfter.version]).toEqual([lentBefore.status, lentBefore.version]);
  await expect(page.getByTestId('handout-return-done')).toHaveCount(0);
});

test('a book past its pick-up date is taken off the shelf to go back to the lender', async ({ page, desk }) => {
  const past = await run(desk.runtime, 'holdShelf.list', { pastPickUpOnly: true });
  expect(past.length).toBeGreaterThan(0);
  const book = past[0]!;

  await openScreen(page, desk.host.url, 'handout');
  await expect(page.getByTestId('handout-past')).toHaveCount(past.length);
  await page.screenshot({ path: test.info().outputPath('handout-past-pickup.png'), fullPage: true });
  await page.locator(`[data-testid="handout-past"][data-request-id="${book.id}"]`).getByTestId('handout-send-back').click();
  await expect(page.locator(`[data-testid="handout-past"][data-request-id="${book.id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('handout-return-done')).toHaveAttribute('data-request-id', book.id);
  const sent = await run(desk.runtime, 'request.get', { id: book.id });
  expect(sent.status).toBe('RETURNED');
  expect(sent.holdSlot).toBeNull();
  await expect(row(page, 'handout-return', book.id)).toHaveAttribute('data-status', 'RETURNED');
});
