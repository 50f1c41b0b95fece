// The queue's actions as a clerk works them, by mouse and by keyboard, on the real demo store:
// forward, reject, accept and ship on the lending side, a note, a refused ship that changes
// nothing, a reprint, and a request entered at the desk for a reader. Each result is checked in
// the store through the desk itself, not only on screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { QueuePage } from '../../shared/contract';
import type { PrintJob, ReaderDetail, Reader, RequestDetail, RequestSummary } from '../../shared/types';
import { expect, openScreen, test, type DeskFixture } from './fixtures';

const BUAA = '211060'; // 北京航空航天大学

async function value<T>(desk: DeskFixture, name: string, input: unknown): Promise<T> {
  const result = await desk.runtime.dispatch(name, input);
  if (!result.ok) throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Requests chosen by this file, so no two tests work on the same one. */
const taken = new Set<string>();

async function pickRequest(desk: DeskFixture, input: Record<string, unknown>, accept: (row: RequestSummary) => boolean = () => true): Promise<RequestSummary> {
  const page = await value<QueuePage>(desk, 'queue.list', { limit: 200, ...input });
  const row = page.rows.find((r) => !taken.has(r.id) && accept(r));
  if (!row) throw new Error(`no request for ${JSON.stringify(input)}`);
  taken.add(row.id);
  return row;
}

const requestOf = (desk: DeskFixture, id: string) => value<RequestDetail>(desk, 'request.get', { id });

async function seriousViolations(page: Page, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(include).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Finds a request in the queue by its number and opens it with the mouse. */
async function openByMouse(page: Page, id: string): Promise<void> {
  const search = page.getByTestId('queue-search');
  await search.fill(id);
  await search.press('Enter');
  const row = page.locator(`[data-testid="queue-row"][data-request-id="${id}"]`);
  await row.click();
  await expect(page.getByTestId('request-detail')).toHaveAttribute('data-request-id', id);
  await expect(page.getByTestId('detail-title')).toContainText(id);
}

/** Finds a request by its number and opens it from the keyboard: into the list, Enter. */
async function openByKeyboard(page: Page, id: string): Promise<void> {
  const search = page.getByTestId('queue-search');
  await search.fill(id);
  await search.press('Enter');
  const row = page.locator(`[data-testid="queue-row"][data-request-id="${id}"]`);
  await expect(row).toBeVisible();
  // Arrow down from the search box into the results, Enter opens.
  await search.press('ArrowDown');
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('request-detail')).toHaveAttribute('data-request-id', id);
}

test.describe.configure({ mode: 'serial' });

test('the list: tabs, status counts, sort, and the arrow keys move through rows', async ({ page, desk }) => {
  await openScreen(page, desk.host.url, 'queue');
  const rows = page.getByTestId('queue-row');
  await expect(rows.first()).toBeVisible();

  // Copies: both sides, document delivery only.
  await page.getByTestId('side-tab-copies').click();
  await expect(rows.first()).toBeVisible();
  const services = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-service-type')));
  expect(services.length).toBeGreaterThan(5);
  expect(new Set(services)).toEqual(new Set(['copy']));

  // Borrowing, SUBMITTED: the filter offers each status with its count, the same as main's.
  await page.getByTestId('side-tab-borrowing').click();
  const counts = await value<Record<string, number>>(desk, 'queue.statusCounts', { side: 'borrowing' });
  await page.getByTestId('status-filter').click();
  const submitted = page.locator('li[data-status="SUBMITTED"]');
  await expect(submitted).toContainText(`（${counts.SUBMITTED}）`);
  await submitted.click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('queue-total')).toContainText(String(counts.SUBMITTED));
  const statuses = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
  expect(new Set(statuses)).toEqual(new Set(['SUBMITTED']));

  // Sorted by request date, oldest first: the order main gives.
  await page.getByTestId('queue-order').click();
  const expected = await value<QueuePage>(desk, 'queue.list', { side: 'borrowing', statuses: ['SUBMITTED'], sort: 'createdAt', order: 'asc', limit: 5 });
  await expect(rows.first()).toHaveAttribute('data-request-id', expected.rows[0]!.id);

  // The keyboard: into the list, down three rows, Enter opens the fourth request.
  await rows.first().focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus')).toHaveAttribute('data-request-id', expected.rows[3]!.id);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('request-detail')).toHaveAttribute('data-request-id', expected.rows[3]!.id);
  await expect(page.getByTestId('op-forward')).toBeVisible();
  expect(await seriousViolations(page, 'main')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('request-detail')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('queue-list.png'), fullPage: true });
});

test('forward a SUBMITTED borrowing request to 北京航空航天大学 chosen from the directory', async ({ page, desk }) => {
  const request = await pickRequest(desk, { side: 'borrowing', statuses: ['SUBMITTED'] }, (r) => r.lenderCode !== BUAA);
  await openScreen(page, desk.host.url, 'queue');
  await openByMouse(page, request.id);

  const detail = page.getByTestId('request-detail');
  // Only what SUBMITTED allows a borrower: forward, reject, cancel, note.
  const ops = await detail.locator('[data-testid^="op-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-op')));
  expect(ops.sort()).toEqual(['request.cancel', 'request.forward', 'request.note', 'request.reject']);

  await page.getByTestId('op-forward').click();
  const dialog = page.getByTestId('action-dialog');
  await expect(dialog).toHaveAttribute('data-op', 'request.forward');
  const lender = page.getByTestId('field-lender');
  await expect(lender).toBeFocused();
  await lender.fill('北京航空');
  // Our own library is never offered.
  await expect(page.locator('[data-testid="library-option"][data-code="211130"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="library-option"][data-code="211060"]')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(lender).toHaveValue(/北京航空航天大学（211060）/);
  await page.getByTestId('field-noteToLender').fill('请尽快寄出，读者急用');
  await expect(page.getByTestId('field-counter-noteToLender')).toHaveText('10/100');
  await page.screenshot({ path: test.info().outputPath('detail-forward-dialog.png'), fullPage: true });
  expect(await seriousViolations(page, '[data-testid="action-dialog"]')).toEqual([]);
  await page.getByTestId('action-submit').click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('desk-notice')).toContainText(request.id);
  const stored = await requestOf(desk, request.id);
  expect(stored.status).toBe('SENT');
  expect(stored.lenderCode).toBe(BUAA);
  expect(stored.noteToLender).toBe('请尽快寄出，读者急用');
  // The pane and the list follow.
  await expect(detail.locator('[data-testid="detail-status"] [data-status="SENT"]')).toBeVisible();
  await expect(page.locator(`[data-testid="queue-row"][data-request-id="${request.id}"]`)).toHaveAttribute('data-status', 'SENT');
  await expect(page.getByTestId('timeline-event').last()).toContainText('北京航空航天大学');
});

test('reject needs a reason: refused at the field without one, then done with it', async ({ page, desk }) => {
  const request = await pickRequest(desk, { side: 'borrowing', statuses: ['SUBMITTED'] });
  const before = await requestOf(desk, request.id);
  await openScreen(page, desk.host.url, 'queue');
  await openByMouse(page, request.id);

  await page.getByTestId('op-reject').click();
  await page.getByTestId('action-submit').click();
  const error = page.getByTestId('field-error-reason');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_INPUT');
  await expect(error).toHaveText('此项必填');
  await expect(page.getByTestId('field-reason')).toBeFocused();
  expect((await requestOf(desk, request.id)).version).toBe(before.version);

  await page.getByTestId('field-reason').fill('不符合合理使用：整本复制');
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
  const stored = await requestOf(desk, request.id);
  expect(stored.status).toBe('REJECTED');
  expect(stored.events.at(-1)?.detail).toMatchObject({ reason: '不符合合理使用：整本复制' });
  await expect(page.getByTestId('timeline-event').last()).toContainText('不符合合理使用：整本复制');
  // A rejected request allows nothing more but a note.
  await expect(page.locator('[data-testid="request-detail"] [data-testid^="op-"]')).toHaveCount(1);
  await expect(page.getByTestId('op-note')).toBeVisible();
});

test('a lending request: accept by keyboard, reprint the pull slip, a ship without tracking number is refused, then shipped', async ({ page, desk }) => {
  const request = await pickRequest(desk, { side: 'lending', statuses: ['SENT'], serviceType: 'loan' });
  await openScreen(page, desk.host.url, 'queue');
  await openByKeyboard(page, request.id);

  // A lender does not see who asked.
  await expect(page.getByTestId('detail-reader')).toContainText('看不到读者的个人信息');
  await page.getByTestId('op-accept').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-dialog')).toHaveAttribute('data-op', 'request.accept');
  await expect(page.getByTestId('action-submit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
  expect((await requestOf(desk, request.id)).status).toBe('ACCEPTED');

  // ACCEPTED on the lending side: the pull slip can be printed again.
  await page.getByTestId('reprint-pull').click();
  await expect(page.getByTestId('desk-notice')).toContainText('索书单已发送到打印机');
  const jobs = await value<PrintJob[]>(desk, 'print.jobs', { openOnly: true });
  expect(jobs.some((job) => job.kind === 'pull' && job.refs.includes(request.id))).toBe(true);

  await page.getByTestId('op-ship').click();
  const dueDate = page.getByTestId('field-lenderDueDate');
  // The default lender's due date: our loan period from today.
  await expect(dueDate).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);
  const defaultDue = await dueDate.inputValue();
  await page.getByTestId('field-courier').fill('BALIS物流');
  await page.getByTestId('field-itemBarcode').fill('C0123456');
  const before = await requestOf(desk, request.id);
  await page.getByTestId('action-submit').click();
  const error = page.getByTestId('field-error-trackingNo');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-error-code', 'INVALID_INPUT');
  await expect(page.getByTestId('field-trackingNo')).toBeFocused();
  const unchanged = await requestOf(desk, request.id);
  expect(unchanged.status).toBe('ACCEPTED');
  expect(unchanged.version).toBe(before.version);
  expect(unchanged.trackingNo).toBeNull();

  // The scanner types the tracking number and Enter: the form goes.
  await page.keyboard.type('SF1234567890');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
  const shipped = await requestOf(desk, request.id);
  expect(shipped.status).toBe('SHIPPED');
  expect(shipped).toMatchObject({ trackingNo: 'SF1234567890', courier: 'BALIS物流', itemBarcode: 'C0123456' });
  expect(shipped.lenderDueDate).toBe(defaultDue);
  await expect(page.getByTestId('detail-logistics')).toContainText('SF1234567890');
  await expect(page.getByTestId('detail-dates')).toContainText(shipped.lenderDueDate!);
});

test('a note appears in the timeline; a clerk cannot declare a loss', async ({ page, desk }) => {
  const request = await pickRequest(desk, { side: 'borrowing', statuses: ['LOANED'] });
  await openScreen(page, desk.host.url, 'queue');
  await openByMouse(page, request.id);
  // The reader's due date and the lender's are both shown.
  const loan = await requestOf(desk, request.id);
  await expect(page.getByTestId('detail-dates')).toContainText(loan.dueDate!);
  await expect(page.getByTestId('reprint-dateDue')).toBeVisible();

  await page.getByTestId('op-note').click();
  const text = page.getByTestId('field-text');
  await text.fill('读者来电：下周一来馆还书');
  await expect(page.getByTestId('field-counter-text')).toHaveText('12/1000');
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('action-dialog')).toHaveCount(0);
  await expect(page.getByTestId('timeline-event').last()).toContainText('读者来电：下周一来馆还书');
  const stored = await requestOf(desk, request.id);
  expect(stored.status).toBe('LOANED');
  expect(stored.events.at(-1)).toMatchObject({ type: 'request.note', detail: { text: '读者来电：下周一来馆还书' } });

  // The supervisor (signed in) may declare it lost; a clerk sees the button but may not use it.
  await expect(page.getByTestId('op-lose')).toBeEnabled();
  desk.runtime.signIn('by02', 'demo1234');
  try {
    await openScreen(page, desk.host.url, 'queue');
    await openByMouse(page, request.id);
    await expect(page.getByTestId('op-lose')).toBeDisabled();
    await expect(page.getByTestId('request-detail')).toContainText('仅限主管馆员');
  } finally {
    desk.runtime.signIn('by01', 'demo1234');
  }
});

test('a request entered at the desk for a reader: open count shown, limit warned, created request opens', async ({ page, desk }) => {
  const readers = await value<Reader[]>(desk, 'readers.search', { q: '', status: 'APPROVED', limit: 200 });
  const details = await Promise.all(readers.map((r) => value<ReaderDetail>(desk, 'reader.get', { id: r.id })));
  const reader = details.find((r) => r.mayRequestMore > 0 && r.openRequestCount > 0) ?? details.find((r) => r.mayRequestMore > 0)!;
  const full = details.find((r) => r.mayRequestMore === 0);

  await openScreen(page, desk.host.url, 'queue');
  await page.getByTestId('new-request').click();
  const form = page.getByTestId('new-request-dialog');
  await expect(form).toBeVisible();
  const readerField = page.getByTestId('field-readerId');
  await expect(readerField).toBeFocused();

  if (full) {
    await readerField.fill(full.cardNumber);
    await page.locator(`[data-testid="reader-option"][data-reader-id="${full.id}"]`).click();
    await expect(page.getByTestId('reader-limit-warning')).toBeVisible();
    await expect(page.getByTestId('reader-open-count')).toHaveAttribute('data-more', '0');
  }

  await readerField.fill(reader.name);
  await page.locator(`[data-testid="reader-option"][data-reader-id="${reader.id}"]`).click();
  const count = page.getByTestId('reader-open-count');
  await expect(count).toHaveAttribute('data-open', String(reader.openRequestCount));
  await expect(count).toContainText(`当前在办申请 ${reader.openRequestCount} 条，还可申请 ${reader.mayRequestMore} 条`);
  await expect(page.getByTestId('reader-limit-warning')).toHaveCount(0);
  // The recipient is the reader unless the clerk says otherwise.
  await expect(page.getByTestId('field-recipientName')).toHaveValue(reader.name);

  await page.getByTestId('field-title').fill('Java高级编程:JDK 6版');
  await page.getByTestId('field-author').fill('(美) W. Clay Richardson ... [等] 著');
  await page.getByTestId('field-publisher').fill('人民邮电出版社');
  await page.getByTestId('field-pubYear').fill('2007');
  await page.getByTestId('field-isbn').fill('978-7-115-16424-8');
  await page.getByTestId('field-language').selectOption({ label: '中文' });
  await page.getByTestId('field-materialType').selectOption({ label: '图书' });
  await page.getByTestId('field-lenderCallNumber').fill('TP312.JA/840');
  await page.getByTestId('field-preferredLender').fill('211060');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('field-preferredLender')).toHaveValue(/北京航空航天大学/);
  await page.getByTestId('field-remark').fill('教学参考，请尽快');
  await expect(page.getByTestId('field-counter-remark')).toHaveText('8/50');

  // A wrong check digit: main refuses at the ISBN field, nothing is created.
  const before = await value<QueuePage>(desk, 'queue.list', { readerId: reader.id, side: 'borrowing', limit: 500 });
  await page.getByTestId('new-request-submit').click();
  await expect(page.getByTestId('field-error-isbn')).toBeVisible();
  await expect(page.getByTestId('field-error-isbn')).toContainText('ISBN');
  const after = await value<QueuePage>(desk, 'queue.list', { readerId: reader.id, side: 'borrowing', limit: 500 });
  expect(after.total).toBe(before.total);

  await page.getByTestId('field-isbn').fill('978-7-115-16424-7');
  await expect(page.getByTestId('field-error-isbn')).toHaveCount(0);
  // The form from its top: the reader and their open requests.
  await form.locator('.MuiDialogContent-root').evaluate((element) => element.scrollTo({ top: 0 }));
  await page.screenshot({ path: test.info().outputPath('new-request-form.png'), fullPage: true });
  expect(await seriousViolations(page, '[data-testid="new-request-dialog"]')).toEqual([]);
  await page.getByTestId('new-request-submit').click();

  await expect(form).toHaveCount(0);
  const detail = page.getByTestId('request-detail');
  await expect(detail).toBeVisible();
  const id = await detail.getAttribute('data-request-id');
  expect(id).toMatch(/^BY\d{8}$/);
  await expect(page.getByTestId('detail-title')).toContainText('Java高级编程:JDK 6版');
  const stored = await requestOf(desk, id!);
  expect(stored).toMatchObject({
    status: 'SUBMITTED',
    readerId: reader.id,
    title: 'Java高级编程:JDK 6版',
    isbn: '978-7-115-16424-7',
    language: '中文',
    materialType: '图书',
    lenderCallNumber: 'TP312.JA/840',
    remark: '教学参考，请尽快',
    recipientName: reader.name,
  });
  const afterCreate = await value<ReaderDetail>(desk, 'reader.get', { id: reader.id });
  expect(afterCreate.openRequestCount).toBe(reader.openRequestCount + 1);
  await expect(page.getByTestId('desk-notice')).toContainText(id!);
});

test('in English: the actions, the ship form and the request form have every word', async ({ page, desk }) => {
  const request = await pickRequest(desk, { side: 'lending', statuses: ['ACCEPTED'], serviceType: 'loan' });
  await page.addInitScript(() => window.localStorage.setItem('ill-desk-language', 'en'));
  await openScreen(page, desk.host.url, 'queue');
  await expect(page.getByTestId('side-tab-copies')).toHaveText('Document delivery');
  await openByMouse(page, request.id);
  await expect(page.getByTestId('reprint-pull')).toHaveText('Reprint pull slip');
  await page.getByTestId('op-ship').click();
  await expect(page.getByTestId('action-dialog')).toContainText("Lender's due date");
  await page.getByTestId('action-submit').click();
  await expect(page.getByTestId('field-error-courier')).toHaveText('Required');
  await page.getByTestId('action-close').click();
  await page.getByTestId('op-unfill').click();
  await expect(page.getByTestId('field-reasonCode')).toContainText('Not on shelf');
  await page.getByTestId('action-close').click();
  await page.getByTestId('new-request').click();
  await expect(page.getByTestId('new-request-dialog')).toContainText('Interlibrary loan request form');
  await page.getByTestId('new-request-submit').click();
  await expect(page.getByTestId('field-error-readerId')).toHaveText('Required');
  expect((await requestOf(desk, request.id)).status).toBe('ACCEPTED');
  const missing = await page.evaluate(() => (window as unknown as { __missingI18nKeys?: string[] }).__missingI18nKeys ?? []);
  expect(missing).toEqual([]);
});
