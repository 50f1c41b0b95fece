// The Settings screen in Chromium on the demo store, as the demo supervisor: a rule changed and
// saved (and a bad value refused at its field), printers saved, a clerk added and changed, the
// bulk due-date shift previewed and applied; then what a plain clerk sees, and English.
import { addDays, calendarDay } from '../../shared/rules';
import { expect, openScreen, test } from './fixtures';
import { missingI18nKeys, run, screenScope, seriousViolations } from './helpers';

test('a supervisor changes a rule and sees it saved; a value out of range is refused at its field', async ({ page, desk }) => {
  const before = await run(desk.runtime, 'rules.get', {});
  const cancelWindow = before.readerCancelWindowMinutes === 90 ? 120 : 90;
  try {
    await openScreen(page, desk.host.url, 'settings');
    const rules = page.getByTestId('settings-rules');
    await expect(rules.getByRole('heading', { name: '本馆借阅规则' })).toBeVisible();
    await expect(page.getByTestId('rule-maxOpenRequestsPerReader')).toHaveValue(String(before.maxOpenRequestsPerReader));
    await expect(rules).toContainText('续借：不可续借');

    // Out of range: said at the field in Chinese, nothing sent.
    await page.getByTestId('rule-holdShelfDays').fill('0');
    await page.getByTestId('rules-save').click();
    await expect(rules).toContainText('请输入 1–60 之间的整数');
    expect((await run(desk.runtime, 'rules.get', {})).holdShelfDays).toBe(before.holdShelfDays);

    await page.getByTestId('rule-holdShelfDays').fill(String(before.holdShelfDays));
    await page.getByTestId('rule-readerCancelWindowMinutes').fill(String(cancelWindow));
    await page.getByTestId('rule-overdueFinePerDayFen').fill('0.5');
    await page.getByTestId('rules-save').click();
    await expect(page.getByTestId('rules-saved')).toHaveText('借阅规则已保存');
    const after = await run(desk.runtime, 'rules.get', {});
    expect(after).toEqual({ ...before, readerCancelWindowMinutes: cancelWindow, overdueFinePerDayFen: 50 });

    // Read back after a reload, as saved.
    await openScreen(page, desk.host.url, 'settings');
    await expect(page.getByTestId('rule-readerCancelWindowMinutes')).toHaveValue(String(cancelWindow));
    await expect(page.getByTestId('rule-overdueFinePerDayFen')).toHaveValue('0.5');
    await page.screenshot({ path: test.info().outputPath('settings-rules.png'), fullPage: true });
  } finally {
    // Other spec files share this store: leave the rules as they were.
    await run(desk.runtime, 'rules.set', { readerCancelWindowMinutes: before.readerCancelWindowMinutes, overdueFinePerDayFen: before.overdueFinePerDayFen });
  }
});

test('printers and paper per slip are saved and read back', async ({ page, desk }) => {
  await openScreen(page, desk.host.url, 'settings');
  const section = page.getByTestId('settings-printers');
  await expect(section.getByRole('heading', { name: '打印机与纸张' })).toBeVisible();
  await expect(section.getByLabel('取书单打印机')).toBeVisible();
  await page.getByTestId('printer-name-pickup').fill('二层流通台 Zebra ZD420');
  await page.getByTestId('printer-name-pull').fill('书库 HP LaserJet');
  await page.getByTestId('printer-paper-pull').selectOption('A4');
  await page.getByTestId('printers-save').click();
  await expect(page.getByTestId('printers-saved')).toHaveText('打印机设置已保存');
  expect(await run(desk.runtime, 'printers.get', {})).toEqual({
    pickup: { printer: '二层流通台 Zebra ZD420', paper: 'roll80' },
    pull: { printer: '书库 HP LaserJet', paper: 'A4' },
    packingList: { printer: '', paper: 'A4' },
    dateDue: { printer: '', paper: 'roll80' },
  });

  await openScreen(page, desk.host.url, 'settings');
  await expect(page.getByTestId('printer-name-pickup')).toHaveValue('二层流通台 Zebra ZD420');
  await expect(page.getByTestId('printer-paper-pull')).toHaveValue('A4');
  await expect(page.getByTestId('printer-paper-packingList')).toHaveValue('A4');
  await page.getByTestId('settings-printers').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-printers.png'), fullPage: true });
});

test('a supervisor adds a clerk, makes them a supervisor and switches the account off', async ({ page, desk }) => {
  const login = `e2e${Date.now().toString(36)}`;
  const lockBefore = (await run(desk.runtime, 'clerk.session', {})).lockAfterMinutes;
  await openScreen(page, desk.host.url, 'settings');
  const section = page.getByTestId('settings-clerks');
  await expect(section.getByRole('heading', { name: '馆员账户' })).toBeVisible();
  await expect(section.locator('[data-testid="clerk-row"][data-login="by01"]')).toBeVisible();

  await page.getByTestId('add-clerk-login').fill(login);
  await page.getByTestId('add-clerk-name').fill('周新');
  await page.getByTestId('add-clerk-password').fill('short');
  await page.getByTestId('add-clerk-submit').click();
  // The refusal names the field it is about.
  await expect(page.getByTestId('add-clerk')).toContainText('输入有误：must be at least 8 characters');
  expect((await run(desk.runtime, 'clerks.list', {})).some((c) => c.login === login)).toBe(false);

  await page.getByTestId('add-clerk-password').fill('xinzhou2026');
  await page.getByTestId('add-clerk-submit').click();
  await expect(page.getByTestId('clerks-notice')).toContainText(`已添加馆员 周新（${login}）`);
  const row = section.locator(`[data-testid="clerk-row"][data-login="${login}"]`);
  await expect(row).toHaveAttribute('data-role', 'clerk');
  await expect(page.getByTestId('add-clerk-login')).toHaveValue('');

  await page.getByTestId(`clerk-role-${login}`).selectOption('supervisor');
  await expect(row).toHaveAttribute('data-role', 'supervisor');
  await page.getByTestId(`clerk-toggle-${login}`).click();
  await expect(row).toHaveAttribute('data-active', 'false');
  expect((await run(desk.runtime, 'clerks.list', {})).find((c) => c.login === login)).toMatchObject({ name: '周新', role: 'supervisor', active: false });
  // The supervisor signed in cannot switch themselves off.
  await expect(page.getByTestId('clerk-toggle-by01')).toBeDisabled();

  await page.getByTestId(`clerk-reset-${login}`).click();
  await page.getByTestId('reset-password-input').fill('zhouxin2027');
  await page.getByTestId('reset-password-confirm').click();
  await expect(page.getByTestId('clerks-notice')).toHaveText(`已重置 ${login} 的密码`);

  // The idle lock: out of range is refused at the field; a good value is kept for the session.
  await page.getByTestId('lock-after-minutes').fill('500');
  await page.getByTestId('lock-after-save').click();
  await expect(page.getByTestId('lock-after')).toContainText('请输入 1–240 之间的整数');
  await page.getByTestId('lock-after-minutes').fill('20');
  await page.getByTestId('lock-after-save').click();
  await expect(page.getByTestId('clerks-notice')).toHaveText('已设为 20 分钟后自动锁定');
  expect((await run(desk.runtime, 'clerk.session', {})).lockAfterMinutes).toBe(20);
  await run(desk.runtime, 'clerk.setLockAfter', { minutes: lockBefore });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-clerks.png'), fullPage: true });
});

test('the bulk due-date shift previews exactly the loans due in the closure, then moves them', async ({ page, desk }) => {
  const today = calendarDay(new Date().toISOString());
  const loaned = (await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['LOANED'], sort: 'dueDate', order: 'asc', limit: 500 })).rows;
  const future = loaned.filter((r) => r.dueDate !== null && r.dueDate >= today);
  expect(future.length).toBeGreaterThan(1);
  const from = future[0]!.dueDate!;
  const to = addDays(from, 10);
  const newDate = addDays(to, 1);
  const expected = loaned.filter((r) => r.dueDate! >= from && r.dueDate! <= to).map((r) => r.id).sort();
  expect(expected.length).toBeGreaterThan(0);

  await openScreen(page, desk.host.url, 'settings');
  const section = page.getByTestId('settings-shift');
  await expect(section.getByRole('heading', { name: '闭馆期间顺延还书日期' })).toBeVisible();
  await page.getByTestId('shift-from').fill(from);
  await page.getByTestId('shift-to').fill(to);
  // A new date inside the closure is refused at its field before anything is asked.
  await page.getByTestId('shift-newDate').fill(addDays(from, 1));
  await page.getByTestId('shift-preview').click();
  await expect(section).toContainText('新的应还日期不能在闭馆期间内');
  await expect(page.getByTestId('shift-preview-result')).toHaveCount(0);

  await page.getByTestId('shift-newDate').fill(newDate);
  await page.getByTestId('shift-preview').click();
  const result = page.getByTestId('shift-preview-result');
  await expect(result).toHaveAttribute('data-count', String(expected.length));
  const shown = await result.getByTestId('shift-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-request-id') ?? ''));
  expect(shown.sort()).toEqual(expected);
  await expect(section).toContainText(`应还日期在闭馆期间内的借阅：${expected.length} 笔`);
  // Nothing moved yet.
  expect((await run(desk.runtime, 'request.get', { id: expected[0]! })).dueDate).not.toBe(newDate);
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-shift-preview.png'), fullPage: true });
  expect(await seriousViolations(page, screenScope())).toEqual([]);

  await page.getByTestId('shift-apply').click();
  await expect(page.getByTestId('shift-confirm-dialog')).toContainText(`将 ${expected.length} 笔借阅的应还日期改为 ${newDate}`);
  await page.getByTestId('shift-confirm').click();
  await expect(page.getByTestId('shift-done')).toHaveText(`已将 ${expected.length} 笔借阅的应还日期改为 ${newDate}`);
  for (const id of expected) {
    const detail = await run(desk.runtime, 'request.get', { id });
    expect(detail.dueDate, id).toBe(newDate);
    expect(detail.events.at(-1)).toMatchObject({ type: 'request.shiftDue', clerk: 'by01', detail: { dueDate: newDate } });
  }
  // A second preview of the same closure finds nothing left to move.
  await page.getByTestId('shift-preview').click();
  await expect(page.getByTestId('shift-preview-result')).toHaveAttribute('data-count', '0');
  await expect(section).toContainText('没有应还日期在闭馆期间内的借阅');
});

test('the desk, the hub and the language; English throughout', async ({ page, desk }) => {
  const info = await run(desk.runtime, 'desk.info', {});
  await openScreen(page, desk.host.url, 'settings');
  await expect(page.getByTestId('settings-library-name')).toContainText(info.libraryName);
  await expect(page.getByTestId('settings-library-code')).toContainText('211130');
  await expect(page.getByTestId('settings-desk-id')).toContainText(info.deskId);
  await expect(page.getByTestId('settings-profile')).toContainText('演示数据');
  await expect(page.getByTestId('settings-hub-url')).toContainText('未连接');
  await expect(page.getByTestId('settings-hub-token')).toContainText('未设置');
  await page.getByTestId('settings-hub-open').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByTestId('settings-language-en').check();
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  await expect(page.getByTestId('settings-rules').getByRole('heading', { name: 'Our circulation rules' })).toBeVisible();
  await expect(page.getByTestId('settings-printers')).toContainText('Pickup slip');
  await expect(page.getByTestId('settings-shift')).toContainText('Shift due dates over a closure');
  await page.screenshot({ path: test.info().outputPath('settings-english.png'), fullPage: true });
  expect(await seriousViolations(page, screenScope())).toEqual([]);
  expect(await missingI18nKeys(page)).toEqual([]);
  await page.getByTestId('settings-language-zh').check();
  await expect(page.getByRole('heading', { name: '设置', level: 2 })).toBeVisible();
});

test('a clerk reads the rules and printers but cannot change them, and sees no clerk accounts or shift', async ({ page, freshDesk }) => {
  freshDesk.runtime.signIn('by02', 'demo1234');
  await openScreen(page, freshDesk.host.url, 'settings');
  await expect(page.getByTestId('settings-rules')).toContainText('仅主管馆员可以修改此处的设置。');
  await expect(page.getByTestId('rule-loanPeriodDays')).not.toBeEditable();
  await expect(page.getByTestId('printer-name-pickup')).not.toBeEditable();
  await expect(page.getByTestId('printer-paper-pickup')).toBeDisabled();
  await expect(page.getByTestId('rules-save')).toHaveCount(0);
  await expect(page.getByTestId('printers-save')).toHaveCount(0);
  await expect(page.getByTestId('settings-clerks')).toHaveCount(0);
  await expect(page.getByTestId('settings-shift')).toHaveCount(0);
  // Anyone may change their own password.
  await page.getByTestId('password-current').fill('demo1234');
  await page.getByTestId('password-next').fill('limingnew1');
  await page.getByTestId('password-repeat').fill('limingnew2');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('settings-password')).toContainText('两次输入的新密码不一致');
  await page.getByTestId('password-repeat').fill('limingnew1');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-done')).toHaveText('密码已修改');
  expect(() => freshDesk.runtime.signIn('by02', 'limingnew1')).not.toThrow();
  // And the desk refuses the supervisor's commands to a clerk whatever the screen shows.
  const refused = await freshDesk.runtime.dispatch('loans.shiftDue', { from: '2027-01-10', to: '2027-01-20', newDate: '2027-01-21' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_ONLY' } });
  await page.screenshot({ path: test.info().outputPath('settings-clerk.png'), fullPage: true });
  expect(await seriousViolations(page, screenScope())).toEqual([]);
});
