// Clerk sign-in in Chromium: nothing of the desk shows before a clerk signs in; a wrong password
// is refused at its field; the clerk's name is in the header and in what they do; the desk locks
// from the menu and after idle time, and opens again with the password; a clerk does not get the
// supervisor's commands; a new desk creates its first supervisor.
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { startWebHost } from '../../main/host/server';
import { DeskRuntime } from '../../main/runtime';
import { expect, startDesk, test } from './fixtures';

test('a clerk signs in, works, locks the desk and unlocks it', async ({ page, freshDesk }) => {
  await page.goto(freshDesk.host.url);
  const form = page.getByTestId('sign-in');
  await expect(form).toBeVisible();
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);
  await expect(page.getByTestId('demo-accounts')).toContainText('demo1234');
  await page.screenshot({ path: test.info().outputPath('sign-in.png'), fullPage: true });

  // The login field has the focus: a clerk types straight away.
  await page.keyboard.type('by02');
  await page.getByTestId('sign-in-password').fill('wrong-password');
  await page.keyboard.press('Enter');
  await expect(form).toContainText('输入有误');
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);

  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screen-today')).toBeVisible();
  await expect(page.getByTestId('clerk-menu')).toHaveText('馆员 李明');

  // What the clerk does carries their login.
  const page1 = await freshDesk.runtime.dispatch('queue.list', { side: 'borrowing', statuses: ['SUBMITTED'], limit: 1 });
  expect(page1.ok).toBe(true);
  const id = page1.ok ? (page1.value as { rows: { id: string }[] }).rows[0]!.id : '';
  const noted = await freshDesk.runtime.dispatch('request.note', { id, text: '读者来电询问进度' });
  expect(noted.ok).toBe(true);
  const events = freshDesk.runtime.ctx.db.prepare("SELECT clerk FROM request_events WHERE request_id = ? AND type = 'request.note'").all(id);
  expect(events).toEqual([{ clerk: 'by02' }]);

  // A clerk is not a supervisor: the hub's connect and the rules are refused by the desk itself.
  const lose = await freshDesk.runtime.dispatch('rules.set', { loanPeriodDays: 60 });
  expect(lose.ok ? null : lose.error.code).toBe('SUPERVISOR_ONLY');

  await page.getByTestId('clerk-menu').click();
  await page.getByTestId('clerk-lock').click();
  await expect(page.getByTestId('locked-hint')).toContainText('李明');
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);
  const locked = await freshDesk.runtime.dispatch('queue.list', {});
  expect(locked.ok ? null : locked.error.code).toBe('NOT_SIGNED_IN');
  await page.screenshot({ path: test.info().outputPath('locked.png'), fullPage: true });

  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('screen-today')).toBeVisible();

  await page.getByTestId('clerk-menu').click();
  await page.getByTestId('clerk-sign-out').click();
  await expect(page.getByTestId('sign-in-login')).toBeVisible();
});

test('the desk locks itself when no window has had input for the idle time', async ({ page }) => {
  // The desk's clock and the pages' clocks move together, by hand.
  let now = Date.parse('2026-11-28T01:00:00.000Z');
  const desk = await startDesk({ demoRequests: 200, signIn: false, now: () => new Date(now).toISOString() });
  try {
    await page.clock.install({ time: now });
    await page.goto(desk.host.url);
    await page.getByTestId('sign-in-login').fill('by01');
    await page.getByTestId('sign-in-password').fill('demo1234');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('screen-today')).toBeVisible();
    const other = await page.context().newPage();
    await other.goto(desk.host.url);
    await expect(other.getByTestId('screen-today')).toBeVisible();
    const pass = async (ms: number) => {
      now += ms;
      await page.clock.runFor(ms);
    };

    // The clerk works in the first window; the second sits quiet. 14 minutes, a key, 14 more: open.
    await pass(14 * 60_000);
    await page.getByTestId('nav-sync').click();
    await pass(14 * 60_000);
    await expect(other.getByTestId('screen-today')).toBeVisible();
    await expect(page.getByTestId('screen-sync')).toBeVisible();
    // 15 minutes after the last input anywhere, the desk locks, in both windows.
    await pass(61_000);
    await expect(page.getByTestId('locked-hint')).toBeVisible();
    await expect(other.getByTestId('locked-hint')).toBeVisible();
    const refused = await desk.runtime.dispatch('queue.list', {});
    expect(refused.ok ? null : refused.error.code).toBe('NOT_SIGNED_IN');
  } finally {
    await desk.stop();
  }
});

test('a desk with no clerk accounts creates its first supervisor', async ({ page, freshDesk }) => {
  freshDesk.runtime.ctx.db.prepare('DELETE FROM clerks').run();
  await page.goto(freshDesk.host.url);
  await expect(page.getByRole('heading', { name: '创建第一个主管账号' })).toBeVisible();
  await page.getByTestId('sign-in-login').fill('admin');
  await page.getByTestId('sign-in-name').fill('张主任');
  await page.getByTestId('sign-in-password').fill('long enough 1');
  await page.getByTestId('sign-in-repeat').fill('long enough 2');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  await page.getByTestId('sign-in-repeat').fill('long enough 1');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('clerk-menu')).toHaveText('馆员 张主任');
  const clerks = freshDesk.runtime.ctx.db.prepare('SELECT login, role FROM clerks').all();
  expect(clerks).toEqual([{ login: 'admin', role: 'supervisor' }]);
});

test('a library store that still holds a demo account asks for a new password, twice, in the same step', async ({ page, freshDesk }) => {
  // A store connected before issue 12 came with the demo's accounts: here, the demo store made
  // live, and a desk started on it.
  const db = freshDesk.runtime.ctx.db;
  db.prepare("UPDATE settings SET value_json = json_set(value_json, '$.profile', 'live') WHERE key = 'desk'").run();
  const runtime = DeskRuntime.forStore(db, { dataDir: freshDesk.dir });
  const host = await startWebHost({ desk: runtime, rendererDir: resolve('out/renderer') });
  try {
    await changeTheShippedPassword(page, host.url, runtime);
  } finally {
    await host.close();
    await runtime.close();
  }
});

async function changeTheShippedPassword(page: Page, url: string, runtime: DeskRuntime): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('desk-line')).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  await expect(page.getByTestId('demo-accounts')).toHaveCount(0);
  await page.getByTestId('sign-in-login').fill('by01');
  await page.getByTestId('sign-in-password').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-change-required')).toContainText('此密码随软件一同发布');
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('change-required.png'), fullPage: true });

  await page.getByTestId('sign-in-new-password').fill('our own secret');
  await page.getByTestId('sign-in-new-repeat').fill('our own secreT');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
  // A shipped password is no new password.
  await page.getByTestId('sign-in-new-password').fill('demo1234');
  await page.getByTestId('sign-in-new-repeat').fill('demo1234');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-change-required').locator('..')).toContainText('ships with ILL Desk');
  await expect(page.getByTestId('nav-queue')).toHaveCount(0);

  await page.getByTestId('sign-in-new-password').fill('our own secret');
  await page.getByTestId('sign-in-new-repeat').fill('our own secret');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('clerk-menu')).toHaveText('馆员 王静');
  const old = await runtime.dispatch('clerk.signIn', { login: 'by01', password: 'demo1234' });
  expect(old.ok ? null : old.error.code).toBe('INVALID_INPUT');
  expect(() => runtime.signIn('by01', 'our own secret')).not.toThrow();
}

test.describe('too many wrong passwords', () => {
  test.use({ timezoneId: 'Asia/Shanghai' });

  test('refuse the login for 15 minutes and the screen says until when, in both languages', async ({ page }) => {
    let now = Date.parse('2026-11-28T01:00:00.000Z');
    const desk = await startDesk({ demoRequests: 200, signIn: false, now: () => new Date(now).toISOString() });
    try {
      await page.goto(desk.host.url);
      await page.getByTestId('sign-in-login').fill('by02');
      for (let i = 1; i <= 4; i++) {
        await page.getByTestId('sign-in-password').fill(`wrong-${i}`);
        await page.getByTestId('sign-in-submit').click();
        await expect(page.getByTestId('sign-in')).toContainText('输入有误');
      }
      await page.getByTestId('sign-in-password').fill('wrong-5');
      await page.getByTestId('sign-in-submit').click();
      // 09:00 in Beijing (01:00 UTC) + 15 minutes.
      const refused = page.getByTestId('sign-in-too-many');
      await expect(refused).toHaveText('密码错误次数过多，在 2026-11-28 09:15 之前不能登录（输入正确的密码也不行），请到时再试。');
      await page.screenshot({ path: test.info().outputPath('too-many-attempts.png'), fullPage: true });

      // The right password is refused too, and the sentence is there in English.
      await page.getByTestId('sign-in-password').fill('demo1234');
      await page.getByTestId('sign-in-submit').click();
      await expect(refused).toBeVisible();
      await expect(page.getByTestId('nav-queue')).toHaveCount(0);
      await page.getByTestId('lang-switch').click();
      await expect(refused).toHaveText('Too many wrong passwords: signing in is refused until 2026-11-28 09:15 (even with the right password); try again then.');

      now += 15 * 60_000;
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('clerk-menu')).toHaveText('Clerk 李明');
    } finally {
      await desk.stop();
    }
  });
});
