// The whole loan, clerk by clerk, in Chromium: two libraries' desks (北邮 borrows, 北航 lends), each
// on its own browser host and store, and the real hub between them. Every step is done on the
// screens, with scans typed on the keyboard: 北邮 approves the reader and forwards the request; 北航
// accepts it, prints the pull slip and ships the book; 北邮 checks it in, hands it out, takes it back
// and ships it back; 北航 scans it in, completed. Both stores end in agreement with the hub.
import type { Page } from '@playwright/test';
import type { DeskRuntime } from '../../main/runtime';
import { run, scan } from './helpers';
import { connectDesk, expect, hubCall, LIBRARY_SUPERVISOR, openDesk, registerDesk, test } from './hubWorld';

/** Both desks sync until each has settled its ops and pulled the other's (the sync button's call). */
async function syncBoth(...runtimes: DeskRuntime[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const runtime of runtimes) await runtime.syncNow();
}

async function go(page: Page, screen: string): Promise<void> {
  await page.getByTestId(`nav-${screen}`).click();
  await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
}

test('a loan goes the whole way round: borrowing at 北邮, lending at 北航', async ({ page, setup }) => {
  test.setTimeout(180_000);
  const shot = (p: Page, name: string) => p.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  const bupt = await registerDesk(setup.store, '211130', '北邮二层流通台');
  const buaa = await registerDesk(setup.store, '211060', '北航馆际互借');
  const a = await openDesk(setup, 'bupt');
  const b = await openDesk(setup, 'buaa');
  await connectDesk(a.runtime, setup.hubUrl, bupt);
  await connectDesk(b.runtime, setup.hubUrl, buaa);
  const pageA = page;
  const pageB = await page.context().newPage();

  // A reader registers at the hub; 北邮's clerk approves the registration on the Readers screen.
  const card = '2008110077';
  const registered = await hubCall(`${setup.hubUrl}/v1/readers`, {
    method: 'POST',
    body: JSON.stringify({ libraryCode: '211130', login: 'wangqian830', password: 'secret123', name: '王茜', cardNumber: card, email: 'wangqian@bupt.edu.cn', phone: '62281970' }),
  });
  expect(registered.status).toBe(201);
  await a.runtime.syncNow();
  await pageA.goto(a.host.url);
  await go(pageA, 'readers');
  await pageA.locator(`[data-testid="pending-row"][data-reader-id="${registered.body.readerId}"]`).getByTestId('pending-approve').click();
  await expect(pageA.getByTestId('readers-notice')).toContainText('王茜');
  await syncBoth(a.runtime);

  // She asks for a book at the hub's reader service.
  const basic = `Basic ${Buffer.from('wangqian830:secret123').toString('base64')}`;
  const submitted = await hubCall(`${setup.hubUrl}/v1/requests`, {
    method: 'POST',
    headers: { authorization: basic },
    body: JSON.stringify({ serviceType: 'loan', title: '网络环境下的资源共享', author: '高凡著', recipientName: '王茜', email: 'wangqian@bupt.edu.cn' }),
  });
  expect(submitted.status).toBe(201);
  const id = submitted.body.id!;
  await a.runtime.syncNow();

  // 北邮 forwards it to 北航, chosen from the directory.
  await go(pageA, 'queue');
  await pageA.getByTestId('queue-search').fill(id);
  await pageA.getByTestId('queue-search').press('Enter');
  await pageA.locator(`[data-testid="queue-row"][data-request-id="${id}"]`).click();
  await pageA.getByTestId('op-forward').click();
  await pageA.getByTestId('field-lender').fill('北京航空');
  await pageA.keyboard.press('Enter');
  await pageA.getByTestId('action-submit').click();
  await expect(pageA.getByTestId('action-dialog')).toHaveCount(0);
  expect((await run(a.runtime, 'request.get', { id })).status).toBe('SENT');
  await syncBoth(a.runtime, b.runtime);

  // 北航 accepts it, prints the pull slip, and ships the book.
  await pageB.goto(b.host.url);
  await go(pageB, 'lending');
  await pageB.locator(`[data-testid="lending-incoming-row"][data-request-id="${id}"]`).getByTestId('lending-accept').click();
  await expect(pageB.getByTestId('lending-notice')).toContainText(id);
  await pageB.getByTestId('lending-tab-accepted').click();
  const accepted = pageB.locator(`[data-testid="lending-accepted-row"][data-request-id="${id}"]`);
  await accepted.getByTestId('lending-print-one').click();
  await accepted.getByTestId('lending-ship').click();
  await pageB.getByTestId('ship-barcode').pressSequentially('BH-LOOP-0001');
  await pageB.getByTestId('ship-barcode').press('Enter');
  await pageB.getByTestId('ship-courier').fill('EMS');
  await pageB.getByTestId('ship-courier').press('Escape');
  await pageB.getByTestId('ship-tracking').fill('EA100200300CN');
  await shot(pageB, 'loop-1-buaa-ships');
  await pageB.getByTestId('ship-dialog').getByTestId('ship-dialog-submit').click();
  await expect(pageB.getByTestId('ship-dialog')).toHaveCount(0);
  expect((await run(b.runtime, 'request.get', { id })).status).toBe('SHIPPED');
  const pullJobs = await run(b.runtime, 'print.jobs', { openOnly: true });
  expect(pullJobs.some((j) => j.kind === 'pull' && j.refs.includes(id))).toBe(true);
  await syncBoth(b.runtime, a.runtime);

  // The courier brings it to 北邮: one scan of the book's barcode puts it on the hold shelf.
  await go(pageA, 'checkin');
  await expect(pageA.getByTestId('checkin-scan')).toBeFocused();
  await scan(pageA, 'BH-LOOP-0001');
  await expect(pageA.getByTestId('checkin-result')).toHaveAttribute('data-request-id', id);
  const held = await run(a.runtime, 'request.get', { id });
  expect(held.status).toBe('ON_HOLD');
  await expect(pageA.getByTestId('checkin-slot')).toHaveText(held.holdSlot!);
  await shot(pageA, 'loop-2-bupt-checks-in');

  // She comes to the second-floor desk: her card, her book, her due date.
  await go(pageA, 'handout');
  await scan(pageA, card);
  await expect(pageA.getByTestId('handout-reader-name')).toHaveText('王茜');
  await pageA.getByTestId('handout-hold').filter({ hasText: id }).getByTestId('handout-hold-button').click();
  const loaned = await run(a.runtime, 'request.get', { id });
  expect(loaned.status).toBe('LOANED');
  await expect(pageA.getByTestId('handout-done-item').filter({ hasText: id }).getByTestId('handout-done-due')).toHaveText(loaned.dueDate!);
  await shot(pageA, 'loop-3-bupt-hands-out');

  // She brings it back; it goes into a parcel for 北航 and ships.
  await pageA.getByTestId('handout-return').click();
  await scan(pageA, id);
  await expect(pageA.getByTestId('handout-return-done')).toHaveAttribute('data-request-id', id);
  expect((await run(a.runtime, 'request.get', { id })).status).toBe('RETURNED');
  await go(pageA, 'returns');
  await pageA.locator('[data-testid="returns-group"][data-lender-code="211060"]').getByTestId('returns-group-build').click();
  await expect(pageA.getByTestId('returns-scan')).toBeFocused();
  await scan(pageA, 'BH-LOOP-0001');
  await expect(pageA.getByTestId('returns-scanned-row')).toHaveCount(1);
  await pageA.getByTestId('returns-courier').fill('EMS');
  await pageA.getByTestId('returns-courier').press('Escape');
  await pageA.getByTestId('returns-tracking').fill('EA900800700CN');
  await pageA.getByTestId('returns-ship').click();
  await expect(pageA.getByTestId('returns-shipped')).toContainText('EA900800700CN');
  expect((await run(a.runtime, 'request.get', { id })).status).toBe('RETURN_SHIPPED');
  await shot(pageA, 'loop-4-bupt-ships-back');
  await syncBoth(a.runtime, b.runtime);

  // 北航 scans it in: the loan is complete.
  await go(pageB, 'lending');
  await pageB.getByTestId('lending-tab-returns').click();
  await expect(pageB.getByTestId('lending-return-scan')).toBeFocused();
  await scan(pageB, 'BH-LOOP-0001');
  await expect(pageB.getByTestId('lending-return-ok')).toContainText(id);
  await shot(pageB, 'loop-5-buaa-completes');
  await syncBoth(b.runtime, a.runtime);

  // Both desks and the hub agree, and every step carries the clerk who did it.
  const atA = await run(a.runtime, 'request.get', { id });
  const atB = await run(b.runtime, 'request.get', { id });
  expect(atA.status).toBe('COMPLETED');
  expect(atB.status).toBe('COMPLETED');
  expect(atA.version).toBe(atB.version);
  expect(atA.events.map((e) => e.type)).toEqual([
    'request.create', 'request.forward', 'request.accept', 'request.ship', 'request.checkIn',
    'request.handOut', 'request.return', 'request.returnShip', 'request.complete',
  ]);
  expect(atA.events.slice(1).every((e) => e.clerk === LIBRARY_SUPERVISOR.login)).toBe(true);
  for (const runtime of [a.runtime, b.runtime]) expect(runtime.syncStatus()).toMatchObject({ pendingOps: 0, openProblems: 0 });
});
