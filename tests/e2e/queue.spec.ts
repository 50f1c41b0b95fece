// The first window in Chromium through the browser host, on a real demo store: the queue opens,
// finds a seeded request by a Chinese substring, and opens its detail.
import { expect, openScreen, test } from './fixtures';

test('the queue opens and finds a seeded request', async ({ page, desk }) => {
  await openScreen(page, desk.host.url, 'queue');
  // The secret moves from the address bar into the session.
  await expect(page).not.toHaveURL(/secret=/);
  await expect(page.getByTestId('queue-row').first()).toBeVisible();

  const search = page.getByTestId('queue-search');
  await search.fill('资源共享');
  await search.press('Enter');
  const row = page.getByTestId('queue-row').filter({ hasText: '网络环境下的资源共享' }).first();
  await expect(row).toBeVisible();
  const id = await row.getAttribute('data-request-id');
  expect(id).toMatch(/^[A-Z]{2,4}\d{8}$/);

  await row.click();
  const detail = page.getByTestId('request-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('detail-title')).toContainText('网络环境下的资源共享 图书馆联盟实现机制与策略研究');
  await expect(detail).toContainText(id!);
  await expect(page.getByTestId('timeline-event').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('queue-detail.png'), fullPage: true });
});

test('an ISBN with hyphens finds the seed book', async ({ page, desk }) => {
  await openScreen(page, desk.host.url, 'queue');
  const search = page.getByTestId('queue-search');
  await search.fill('978-7-115-16424-7');
  await search.press('Enter');
  await expect(page.getByTestId('queue-row').filter({ hasText: 'Java高级编程' }).first()).toBeVisible();
});

test('the host refuses calls without the secret or from another origin', async ({ request, desk }) => {
  const base = `http://127.0.0.1:${desk.host.port}`;
  const noSecret = await request.post(`${base}/api/queue.list`, { data: {} });
  expect(noSecret.status()).toBe(401);
  const otherSite = await request.post(`${base}/api/queue.list`, {
    data: {},
    headers: { 'X-Desk-Secret': desk.host.secret, Origin: 'https://evil.example' },
  });
  expect(otherSite.status()).toBe(403);
  const ok = await request.post(`${base}/api/queue.list`, { data: { limit: 1 }, headers: { 'X-Desk-Secret': desk.host.secret } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()) as { ok: boolean }).toMatchObject({ ok: true });
});
