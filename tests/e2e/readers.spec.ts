// The Readers screen in Chromium on the demo store: a supervisor approves a waiting registration,
// rejects another with a reason, and finds a reader by card number to read their request history.
// The store is shared by the worker's tests, so readers are picked by asking the desk, never by
// hard-coded ids.
import { expect, openScreen, test } from './fixtures';
import { missingI18nKeys, run, screenScope, seriousViolations } from './helpers';

test('a supervisor approves a waiting registration, and the reader is approved in the store', async ({ page, desk }) => {
  const pending = await run(desk.runtime, 'readers.search', { q: '', status: 'PENDING', limit: 200 });
  expect(pending.length).toBeGreaterThan(1);
  const reader = pending[0]!;

  await openScreen(page, desk.host.url, 'readers');
  const section = page.getByTestId('pending-readers');
  await expect(section.getByRole('heading', { name: '待审核的读者注册' })).toBeVisible();
  await expect(page.getByTestId('pending-count')).toHaveAttribute('data-count', String(pending.length));
  await expect(section).toContainText(`${pending.length} 位读者等待审核`);

  const row = page.locator(`[data-testid="pending-row"][data-reader-id="${reader.id}"]`);
  await expect(row).toContainText(reader.name);
  await expect(row).toContainText(reader.cardNumber);
  await page.screenshot({ path: test.info().outputPath('readers-pending.png'), fullPage: true });

  await row.getByTestId('pending-approve').click();
  await expect(page.getByTestId('readers-notice')).toContainText(`已审核通过：${reader.name}（${reader.login}）`);
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('pending-count')).toHaveAttribute('data-count', String(pending.length - 1));
  expect((await run(desk.runtime, 'reader.get', { id: reader.id })).status).toBe('APPROVED');
});

test('rejecting a registration needs a reason, and records it', async ({ page, desk }) => {
  const pending = await run(desk.runtime, 'readers.search', { q: '', status: 'PENDING', limit: 200 });
  const reader = pending[0]!;
  await openScreen(page, desk.host.url, 'readers');
  const row = page.locator(`[data-testid="pending-row"][data-reader-id="${reader.id}"]`);
  await row.getByTestId('pending-reject').click();

  const dialog = page.getByTestId('reject-dialog');
  await expect(dialog.getByRole('heading', { name: `不予通过：${reader.name}（${reader.login}）` })).toBeVisible();
  await dialog.getByTestId('reject-confirm').click();
  await expect(dialog).toContainText('请填写不予通过的原因');
  expect((await run(desk.runtime, 'reader.get', { id: reader.id })).status).toBe('PENDING');

  await dialog.getByTestId('reject-reason').fill('证件号码与本馆读者记录不符');
  await page.screenshot({ path: test.info().outputPath('readers-reject.png'), fullPage: true });
  expect(await seriousViolations(page, screenScope('[data-testid="reject-dialog"]'))).toEqual([]);
  await dialog.getByTestId('reject-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('readers-notice')).toContainText(`未通过审核：${reader.name}（${reader.login}）`);
  await expect(row).toHaveCount(0);
  expect((await run(desk.runtime, 'reader.get', { id: reader.id })).status).toBe('REJECTED');

  // The rejected reader is found among the rejected registrations.
  await page.getByTestId('reader-search-input').fill(reader.login);
  await page.getByTestId('reader-search-status').selectOption('REJECTED');
  await page.getByTestId('reader-search-input').press('Enter');
  await expect(page.locator(`[data-testid="reader-row"][data-reader-id="${reader.id}"]`)).toContainText('未通过');
});

test('a reader found by card number opens with every field, the open-request count and the request history', async ({ page, desk }) => {
  // A reader of ours with several requests.
  const page1 = await run(desk.runtime, 'queue.list', { side: 'borrowing', limit: 200 });
  const counts = new Map<string, number>();
  for (const r of page1.rows) if (r.readerId) counts.set(r.readerId, (counts.get(r.readerId) ?? 0) + 1);
  const readerId = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const reader = await run(desk.runtime, 'reader.get', { id: readerId });
  const history = await run(desk.runtime, 'queue.list', { side: 'borrowing', readerId, limit: 200, sort: 'createdAt', order: 'desc' });
  expect(history.total).toBeGreaterThan(1);

  await openScreen(page, desk.host.url, 'readers');
  const search = page.getByTestId('reader-search-input');
  await search.fill(reader.cardNumber);
  await search.press('Enter');
  const row = page.locator(`[data-testid="reader-row"][data-reader-id="${readerId}"]`).first();
  await expect(row).toContainText(reader.name);
  await row.click();

  const pane = page.getByTestId('reader-detail');
  await expect(pane.getByTestId('reader-detail-title')).toHaveText(`${reader.name}（${reader.login}）`);
  for (const value of [reader.login, reader.cardNumber, reader.email, reader.phone, reader.department, reader.address].filter((v): v is string => !!v)) {
    await expect(pane).toContainText(value);
  }
  await expect(pane.getByTestId('reader-open-count')).toContainText(String(reader.openRequestCount));
  await expect(pane.getByTestId('reader-may-request')).toContainText(String(reader.mayRequestMore));
  await expect(pane.getByTestId('reader-history-total')).toHaveAttribute('data-count', String(history.total));
  await expect(pane.getByTestId('reader-history-row')).toHaveCount(history.rows.length);
  const newest = history.rows[0]!;
  const newestRow = pane.locator(`[data-testid="reader-history-row"][data-request-id="${newest.id}"]`);
  await expect(newestRow).toContainText(newest.title);
  await expect(newestRow).toHaveAttribute('data-status', newest.status);
  await page.screenshot({ path: test.info().outputPath('readers-detail.png'), fullPage: true });
  await pane.getByTestId('reader-history').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('readers-history.png'), fullPage: true });
  expect(await seriousViolations(page, screenScope())).toEqual([]);

  // Closing the pane leaves the search as it was.
  await pane.getByTestId('reader-detail-close').click();
  await expect(pane).toHaveCount(0);
  await expect(row).toBeVisible();
  expect(await missingI18nKeys(page)).toEqual([]);
});
