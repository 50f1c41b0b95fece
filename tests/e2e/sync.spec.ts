// Two desks in Chromium, each on its own browser host and store, and a real hub on 127.0.0.1: the
// clerk of 北邮 connects the desk to the hub through the sync dialog (after a wrong token is
// refused with the field named) and creates the library's first supervisor (the demo's accounts
// stay in the demo), a reader's request arrives, goes to 北航, and 北航's desk sees it.
import { newDeskToken } from '../../hub/auth';
import { openScreen } from './fixtures';
import { connectDesk, expect, hubCall, LIBRARY_SUPERVISOR, openDesk, registerDesk, test } from './hubWorld';

test('a request moves from one desk to another through the hub', async ({ page, setup }) => {
  const bupt = await registerDesk(setup.store, '211130', '北邮二层流通台');
  const buaa = await registerDesk(setup.store, '211060', '北航馆际互借');
  const a = await openDesk(setup, 'bupt');
  const b = await openDesk(setup, 'buaa');
  // 北航's desk is connected the way IT would script it; 北邮's clerk uses the dialog.
  await connectDesk(b.runtime, setup.hubUrl, buaa);

  await page.goto(a.host.url);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  const badge = page.getByTestId('sync-badge');
  await expect(badge).toHaveAttribute('data-connection', 'unconfigured');
  await expect(badge).toContainText('未连接中心');
  await badge.click();
  await page.getByTestId('hub-url').fill(setup.hubUrl);
  await page.getByTestId('hub-desk-id').fill(bupt.deskId);
  await page.getByTestId('hub-token').fill(newDeskToken());
  await page.getByTestId('hub-connect').click();
  await expect(page.getByTestId('connect-error')).toContainText('中心服务器拒绝了本工作台');
  await expect(page.getByText('The hub does not know this desk token.')).toBeVisible();
  await page.getByTestId('hub-token').fill(bupt.token);
  await page.getByTestId('hub-connect').click();

  // The library's own store has no clerk accounts: the demo's stay in the demo, and its published
  // password opens nothing here. The supervisor who connected is asked for the library's first
  // supervisor, and told why.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '创建第一个主管账号' })).toBeVisible();
  await expect(page.getByTestId('setup-live-hint')).toContainText('演示数据的馆员账号及其公开的密码不会带入本馆数据');
  await expect(page.getByTestId('demo-accounts')).toHaveCount(0);
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);
  const demoSignIn = await a.runtime.dispatch('clerk.signIn', { login: 'by01', password: 'demo1234' });
  expect(demoSignIn.ok ? null : demoSignIn.error.code).toBe('INVALID_INPUT');
  await page.screenshot({ path: test.info().outputPath('first-supervisor.png') });
  await page.getByTestId('sign-in-login').fill(LIBRARY_SUPERVISOR.login);
  await page.getByTestId('sign-in-name').fill(LIBRARY_SUPERVISOR.name);
  await page.getByTestId('sign-in-password').fill(LIBRARY_SUPERVISOR.password);
  await page.getByTestId('sign-in-repeat').fill(LIBRARY_SUPERVISOR.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('clerk-menu')).toHaveText(`馆员 ${LIBRARY_SUPERVISOR.name}`);
  await expect(page.getByTestId('screen-today')).toBeVisible();

  await badge.click();
  await expect(page.getByTestId('hub-connected')).toContainText(bupt.deskId);
  await expect(page.getByTestId('sync-state')).toHaveText('已连接');
  await page.screenshot({ path: test.info().outputPath('sync-dialog.png') });
  await page.keyboard.press('Escape');

  // The desk now shows the library's own (empty) store, not the demo.
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  await expect(badge).toHaveAttribute('data-connection', 'online');
  await expect(badge).toHaveText('已同步');
  await expect(page.getByTestId('desk-line')).toContainText('北京邮电大学');

  // A reader of 北邮 registers and submits at the hub; 北邮's desk approves and the request arrives.
  const reader = await hubCall(`${setup.hubUrl}/v1/readers`, {
    method: 'POST',
    body: JSON.stringify({ libraryCode: '211130', login: 'wangqian830', password: 'secret123', name: '王茜', cardNumber: '2008110001', email: 'wangqian@bupt.edu.cn', phone: '62281970' }),
  });
  expect(reader.status).toBe(201);
  await a.runtime.syncNow();
  await a.runtime.dispatch('reader.approve', { id: reader.body.readerId });
  await expect.poll(async () => (await a.runtime.syncNow()).pendingOps).toBe(0);
  const basic = `Basic ${Buffer.from('wangqian830:secret123').toString('base64')}`;
  const submitted = await hubCall(`${setup.hubUrl}/v1/requests`, {
    method: 'POST',
    headers: { authorization: basic },
    body: JSON.stringify({ serviceType: 'loan', title: '网络环境下的资源共享', recipientName: '王茜', email: 'wangqian@bupt.edu.cn' }),
  });
  expect(submitted.status).toBe(201);
  const id = submitted.body.id!;

  await badge.click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-now')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByTestId('nav-queue').click();
  const row = page.getByTestId('queue-row').filter({ hasText: '网络环境下的资源共享' });
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-request-id', id);
  await page.screenshot({ path: test.info().outputPath('bupt-after-sync.png'), fullPage: true });

  // 北邮 forwards it to 北航; the op goes out on its own, and 北航's desk sees the request.
  const forwarded = await a.runtime.dispatch('request.forward', { id, lender: '211060' });
  expect(forwarded.ok).toBe(true);
  await expect.poll(() => a.runtime.syncStatus().pendingOps, { timeout: 10_000 }).toBe(0);

  const pageB = await page.context().newPage();
  await openScreen(pageB, b.host.url, 'queue');
  await expect(pageB.getByTestId('sync-badge')).toHaveAttribute('data-connection', 'online');
  const rowB = pageB.getByTestId('queue-row').filter({ hasText: '网络环境下的资源共享' });
  await expect(rowB).toBeVisible({ timeout: 15_000 });
  await expect(rowB).toHaveAttribute('data-request-id', id);
  await pageB.screenshot({ path: test.info().outputPath('buaa-sees-request.png'), fullPage: true });

  // The hub goes away: 北航's desk says so in English too, keeps working, and no key is missing.
  await setup.app.close();
  await pageB.evaluate(() => window.localStorage.setItem('ill-desk-language', 'en'));
  await pageB.reload();
  await pageB.getByTestId('nav-queue').click();
  await b.runtime.syncNow();
  const badgeB = pageB.getByTestId('sync-badge');
  await expect(badgeB).toHaveAttribute('data-connection', 'offline');
  await expect(badgeB).toContainText('Offline');
  await expect(pageB.getByText('1 request', { exact: true })).toBeVisible();
  await badgeB.click();
  await expect(pageB.getByTestId('sync-state')).toHaveText('The hub cannot be reached; the desk works on offline');
  await expect(pageB.getByTestId('sync-last-error')).toContainText('cannot be reached');
  await pageB.screenshot({ path: test.info().outputPath('buaa-offline-en.png') });
  for (const p of [page, pageB]) expect(await p.evaluate(() => (window as unknown as { __missingI18nKeys?: string[] }).__missingI18nKeys ?? [])).toEqual([]);
});

test('a change the hub refuses is a sync problem: its reason, both records, what to do', async ({ page, setup }) => {
  const bupt = await registerDesk(setup.store, '211130', '北邮二层流通台');
  const a = await openDesk(setup, 'bupt');
  await connectDesk(a.runtime, setup.hubUrl, bupt);
  const reader = await hubCall(`${setup.hubUrl}/v1/readers`, {
    method: 'POST',
    body: JSON.stringify({ libraryCode: '211130', login: 'lisi2026', password: 'secret123', name: '李四', cardNumber: '2008110099', email: 'lisi@bupt.edu.cn', phone: '62281971' }),
  });
  await a.runtime.syncNow();
  await a.runtime.dispatch('reader.approve', { id: reader.body.readerId });
  await a.runtime.syncNow();
  const basic = `Basic ${Buffer.from('lisi2026:secret123').toString('base64')}`;
  const submitted = await hubCall(`${setup.hubUrl}/v1/requests`, {
    method: 'POST',
    headers: { authorization: basic },
    body: JSON.stringify({ serviceType: 'loan', title: '图书馆学概论', recipientName: '李四', email: 'lisi@bupt.edu.cn' }),
  });
  const id = submitted.body.id!;
  await a.runtime.syncNow();

  // The reader withdraws it at the hub while the desk, not yet told, forwards it.
  const cancelled = await hubCall(`${setup.hubUrl}/v1/requests/${id}/cancel`, { method: 'POST', headers: { authorization: basic }, body: '{}' });
  expect(cancelled.status).toBe(200);
  const forwarded = await a.runtime.dispatch('request.forward', { id, lender: '211060' });
  expect(forwarded.ok).toBe(true);
  await expect.poll(async () => (await a.runtime.syncNow()).openProblems, { timeout: 10_000 }).toBe(1);

  await openScreen(page, a.host.url, 'sync');
  const problem = page.getByTestId('sync-problem');
  await expect(problem).toHaveCount(1);
  await expect(problem).toContainText(id);
  await expect(problem.getByTestId('sync-problem-reason')).toContainText('INVALID_TRANSITION');
  // The hub's record (cancelled) beside ours as it was (sent), the difference marked.
  const statusRow = problem.getByTestId('sync-problem-copies').getByRole('row', { name: /状态/ });
  await expect(statusRow).toContainText('已取消');
  await expect(statusRow).toContainText('已发送');
  await expect(statusRow).toHaveAttribute('data-differs', 'true');
  await expect(problem.getByTestId('sync-problem-advice')).toContainText('申请的状态在中心已经改变');
  // The desk already follows the hub: the request is cancelled here too.
  const here = await a.runtime.dispatch('request.get', { id });
  expect(here.ok && (here.value as { status: string }).status).toBe('CANCELLED');
  await page.screenshot({ path: test.info().outputPath('sync-problem.png'), fullPage: true });

  await problem.getByTestId('sync-problem-resolve').click();
  await expect(page.getByTestId('sync-problem')).toHaveCount(0);
  await expect(page.getByTestId('sync-problems-count')).toHaveText('0 个未处理');
  expect(a.runtime.syncStatus().openProblems).toBe(0);
});
