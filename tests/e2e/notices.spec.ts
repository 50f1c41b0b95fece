// 读者通知邮件 in Chromium against a real SMTP server on 127.0.0.1 (smtp-server, in this process):
// a supervisor sets up the mail server on the settings screen (a wrong port is refused at the field
// and saves nothing), a check-in's arrival notice reaches the reader and the request's detail shows
// it sent; a notice the server refuses shows the server's answer, fails after its last attempt and
// is sent again from the detail. A clerk sees the settings read-only.
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { SMTPServer } from 'smtp-server';
import type { DeskRuntime } from '../../main/runtime';
import type { Notice, RequestDetail } from '../../shared/types';
import { expect, openScreen, test } from './fixtures';
import { expectNoSeriousA11yViolations, missingI18nKeys, run } from './helpers';

interface Received {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** The bytes of RFC 2047 encoded words (=?UTF-8?B?…?= / ?Q?), runs of them joined before decoding. */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)(\s+(?==\?))/g, '$1')
    .replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => {
      const parts = [...run.matchAll(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g)].map(([, encoding, text]) =>
        encoding!.toUpperCase() === 'B' ? Buffer.from(text!, 'base64') : qp(text!.replace(/_/g, ' ')),
      );
      return Buffer.concat(parts).toString('utf8');
    });
}

function qp(text: string): Buffer {
  const bytes: number[] = [];
  const plain = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < plain.length; i += 1) {
    if (plain[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(plain.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plain.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(plain[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

/** A single-part text mail as nodemailer writes it (no mailparser here): its subject and text decoded. */
function parseMail(raw: string, envelope: { from: string; to: string[] }): Received {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const header = (name: string) => {
    const match = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head);
    return match ? decodeHeader(match[1]!.trim()) : '';
  };
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : encoding === 'quoted-printable' ? qp(body).toString('utf8') : body;
  return { ...envelope, subject: header('Subject'), text };
}

/** The library's mail server, as far as a test needs one: it keeps what it was given, and refuses recipients on demand. */
class MailServer {
  readonly received: Received[] = [];
  readonly refused: string[] = [];
  readonly logins: string[] = [];
  refuseRecipients = false;
  private readonly server: SMTPServer;

  constructor(
    private readonly user: string,
    private readonly password: string,
  ) {
    this.server = new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, callback) => {
        this.logins.push(auth.username ?? '');
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, callback) => {
        if (!this.refuseRecipients) return callback();
        this.refused.push(address.address);
        callback(Object.assign(new Error(`mailbox unavailable: ${address.address}`), { responseCode: 550 }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
          this.received.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
          callback();
        });
      },
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.server.address() as AddressInfo).port)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The raw `smtp` setting, to be put back exactly: the other spec files share this store. */
function storedSmtp(runtime: DeskRuntime): string | undefined {
  return (runtime.ctx.db.prepare("SELECT value_json FROM settings WHERE key = 'smtp'").get() as { value_json: string } | undefined)?.value_json;
}

function restoreSmtp(runtime: DeskRuntime, before: string | undefined): void {
  // No command takes a mail server away (smtp.set needs one), so the test puts the setting back as
  // it found it through the store: the spec files after this one run on a desk without one again.
  if (before === undefined) runtime.ctx.db.prepare("DELETE FROM settings WHERE key = 'smtp'").run();
  else runtime.ctx.db.prepare("UPDATE settings SET value_json = ? WHERE key = 'smtp'").run(before);
}

/** Requests shipped to us whose reader has an e-mail address: the notice has somewhere to go. */
async function shippedToUs(runtime: DeskRuntime, count: number): Promise<RequestDetail[]> {
  const shipped = await run(runtime, 'queue.list', { side: 'borrowing', statuses: ['SHIPPED'], sort: 'statusAt', order: 'asc', limit: 30 });
  const picked: RequestDetail[] = [];
  for (const row of shipped.rows) {
    const detail = await run(runtime, 'request.get', { id: row.id });
    const notices = await run(runtime, 'request.notices', { id: row.id });
    if ((detail.email || detail.reader?.email) && notices.length === 0) picked.push(detail);
    if (picked.length === count) return picked;
  }
  throw new Error(`fewer than ${count} shipped requests with a reader e-mail`);
}

/** Notices waiting to be sent now (none once the sender's round is through them). */
function dueNotices(runtime: DeskRuntime): number {
  return (runtime.ctx.db.prepare("SELECT count(*) AS n FROM notices WHERE status = 'queued' AND next_attempt_at IS NULL").get() as { n: number }).n;
}

/** The one mail the server took about a request (its number is in the subject). */
function mailFor(server: MailServer, id: string): Received {
  const mails = server.received.filter((received) => received.subject.includes(id));
  expect(mails).toHaveLength(1);
  return mails[0]!;
}

async function arrivalOf(runtime: DeskRuntime, id: string): Promise<Notice> {
  const notices = await run(runtime, 'request.notices', { id });
  expect(notices).toHaveLength(1);
  return notices[0]!;
}

async function openDetail(page: Page, id: string): Promise<void> {
  const search = page.getByTestId('queue-search');
  await search.fill(id);
  await search.press('Enter');
  await page.locator(`[data-testid="queue-row"][data-request-id="${id}"]`).click();
  await expect(page.getByTestId('request-detail')).toHaveAttribute('data-request-id', id);
}

const MAIL = { user: 'ill-desk', password: 'mail-secret-7', from: 'ill@lib.bupt.edu.cn', deskLocation: '图书馆二层中心书库', deskPhone: '010-62282345' };

test('a supervisor sets up the mail server; arrival notices reach the reader, a refused one is resent from the detail', async ({ page, desk }) => {
  test.setTimeout(120_000);
  const server = new MailServer(MAIL.user, MAIL.password);
  const port = await server.listen();
  const before = storedSmtp(desk.runtime);
  try {
    const [first, second] = await shippedToUs(desk.runtime, 2);

    // ---- the settings screen: a wrong port is refused at the field and nothing is stored
    await openScreen(page, desk.host.url, 'settings');
    const section = page.getByTestId('settings-smtp');
    await expect(section.getByRole('heading', { name: '读者通知邮件' })).toBeVisible();
    const smtpBefore = await run(desk.runtime, 'smtp.get', {});
    await page.getByTestId('smtp-host').fill('127.0.0.1');
    await page.getByTestId('smtp-port').fill('70000');
    await page.getByTestId('smtp-user').fill(MAIL.user);
    await page.getByTestId('smtp-password').fill(MAIL.password);
    await page.getByTestId('smtp-from').fill(MAIL.from);
    await page.getByTestId('smtp-deskLocation').fill(MAIL.deskLocation);
    await page.getByTestId('smtp-deskPhone').fill(MAIL.deskPhone);
    await page.getByTestId('smtp-save').click();
    await expect(page.getByTestId('smtp-port')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('smtp-port')).toHaveAccessibleDescription(/输入有误：.*1 to 65535/);
    await expect(page.getByTestId('smtp-saved')).toHaveCount(0);
    expect(await run(desk.runtime, 'smtp.get', {})).toEqual(smtpBefore);
    expect(storedSmtp(desk.runtime)).toBe(before);

    await page.getByTestId('smtp-port').fill(String(port));
    await page.getByTestId('smtp-save').click();
    await expect(page.getByTestId('smtp-saved')).toHaveText('邮件设置已保存');
    await expect(page.getByTestId('smtp-port')).not.toHaveAttribute('aria-invalid', 'true');
    expect(await run(desk.runtime, 'smtp.get', {})).toEqual({
      host: '127.0.0.1',
      port,
      secure: false,
      user: MAIL.user,
      passwordSet: true,
      from: MAIL.from,
      deskPhone: MAIL.deskPhone,
      deskLocation: MAIL.deskLocation,
    });
    // The password is never shown again: the field is empty and says one is kept.
    await expect(page.getByTestId('smtp-password')).toHaveValue('');
    await expect(page.getByTestId('smtp-password')).toHaveAccessibleDescription('已保存密码（不显示）；留空则保留原密码');
    await expectNoSeriousA11yViolations(page, { include: ['[data-testid="settings-smtp"]'] });
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: test.info().outputPath('settings-smtp.png') });

    // Setting the server sent what other spec files' check-ins and the demo's due dates had queued
    // (some fifty notices). Let that round end first: a check-in's notice queued while a round is
    // under way waits for the next one (the sender joins the round running; reported to the lead).
    await expect.poll(() => dueNotices(desk.runtime), { timeout: 60_000 }).toBe(0);
    // ---- a check-in queues the arrival notice; the desk sends it at once, signed in with the password
    await run(desk.runtime, 'request.checkIn', { scan: first!.id });
    await expect.poll(async () => (await arrivalOf(desk.runtime, first!.id)).status, { timeout: 10_000 }).toBe('sent');
    const to = first!.email || first!.reader!.email;
    // Notices other spec files' check-ins queued went out too once the server was set: find ours.
    const mail = mailFor(server, first!.id);
    expect(mail.to).toEqual([to]);
    expect(mail.from).toBe(MAIL.from);
    expect(mail.subject).toContain('文献到馆通知');
    expect(mail.subject).toContain(first!.title);
    expect(mail.subject).toContain(first!.id);
    expect(mail.text).toContain(`题名：${first!.title}`);
    expect(mail.text).toContain(MAIL.deskLocation);
    expect(mail.text).toContain(`联系电话：${MAIL.deskPhone}`);
    expect(server.logins.length).toBeGreaterThan(0);
    expect(server.logins.every((login) => login === MAIL.user)).toBe(true);

    await page.getByTestId('nav-queue').click();
    await openDetail(page, first!.id);
    const notices = page.getByTestId('detail-notices');
    const sent = notices.getByTestId('notice');
    await expect(sent).toHaveCount(1);
    await expect(sent).toHaveAttribute('data-status', 'sent');
    await expect(sent.getByTestId('notice-kind')).toHaveText('文献到馆通知');
    await expect(sent.getByTestId('notice-status')).toHaveText('已发送');
    await expect(sent.getByTestId('notice-to')).toContainText(to);
    await expect(sent.getByTestId('notice-attempts')).toContainText('1 次');
    await expect(sent.getByTestId('notice-resend')).toHaveCount(0);

    // ---- the server refuses the reader's mailbox: the detail shows its answer and the next attempt
    server.refuseRecipients = true;
    await run(desk.runtime, 'request.checkIn', { scan: second!.id });
    await expect.poll(async () => (await arrivalOf(desk.runtime, second!.id)).attempts, { timeout: 10_000 }).toBe(1);
    const refused = await arrivalOf(desk.runtime, second!.id);
    expect(refused).toMatchObject({ status: 'queued', attempts: 1 });
    expect(refused.lastError).toMatch(/^550 .*mailbox unavailable/);
    await openDetail(page, second!.id);
    const retrying = notices.getByTestId('notice');
    await expect(retrying).toHaveAttribute('data-status', 'queued');
    await expect(retrying.getByTestId('notice-status')).toHaveText('待重试');
    await expect(retrying.getByTestId('notice-error')).toContainText('550');
    await expect(retrying.getByTestId('notice-error')).toContainText('mailbox unavailable');
    await expect(retrying.getByTestId('notice-next')).toBeVisible();
    await expect(retrying.getByTestId('notice-resend')).toHaveCount(0);
    await notices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('detail-notice-retrying.png'), fullPage: true });

    // The sender waits 1, 2, 4 … minutes between attempts. The test does not wait: it moves each
    // attempt's time up to now in the store (the only thing it writes there) and has the desk try
    // again with smtp.set, which sends what is due at once. After the 8th refusal the notice fails.
    const settings = { host: '127.0.0.1', port, secure: false, user: MAIL.user, from: MAIL.from, deskPhone: MAIL.deskPhone, deskLocation: MAIL.deskLocation };
    for (let attempt = 2; attempt <= 8; attempt += 1) {
      desk.runtime.ctx.db.prepare("UPDATE notices SET next_attempt_at = NULL WHERE id = ? AND status = 'queued'").run(refused.id);
      await run(desk.runtime, 'smtp.set', settings);
      await expect.poll(async () => (await arrivalOf(desk.runtime, second!.id)).attempts, { timeout: 10_000 }).toBe(attempt);
    }
    expect(await arrivalOf(desk.runtime, second!.id)).toMatchObject({ status: 'failed', attempts: 8 });
    expect(server.refused.filter((address) => address === refused.toAddress)).toHaveLength(8);
    expect(server.received.filter((received) => received.subject.includes(second!.id))).toHaveLength(0);

    // The detail follows (data.changed): failed, the server's answer, and a resend button.
    const failed = notices.getByTestId('notice');
    await expect(failed).toHaveAttribute('data-status', 'failed');
    await expect(failed.getByTestId('notice-status')).toHaveText('发送失败');
    await expect(failed.getByTestId('notice-error')).toContainText('550');
    await expect(failed.getByTestId('notice-attempts')).toContainText('8 次');
    await expect(failed.getByTestId('notice-next')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, { include: ['[data-testid="request-detail"]'] });
    await notices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('detail-notice-failed.png'), fullPage: true });

    // ---- the mailbox works again: 重新发送 from the detail, and the notice is sent
    server.refuseRecipients = false;
    await failed.getByTestId('notice-resend').click();
    await expect(page.getByTestId('desk-notice')).toContainText('文献到馆通知已重新排队发送');
    await expect(failed).toHaveAttribute('data-status', 'sent', { timeout: 10_000 });
    await expect(failed.getByTestId('notice-status')).toHaveText('已发送');
    await expect(failed.getByTestId('notice-error')).toHaveCount(0);
    expect(await arrivalOf(desk.runtime, second!.id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    const resent = mailFor(server, second!.id);
    expect(resent.to).toEqual([refused.toAddress]);
    expect(resent.text).toContain(second!.title);
    await notices.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('detail-notice-resent.png'), fullPage: true });

    // In English too, with nothing missing.
    await page.getByTestId('lang-switch').click();
    await expect(failed.getByTestId('notice-kind')).toHaveText('Arrival notice');
    await expect(failed.getByTestId('notice-status')).toHaveText('Sent');
    expect(await missingI18nKeys(page)).toEqual([]);
    await page.getByTestId('nav-settings').click();
    await expect(section.getByRole('heading', { name: 'Reader notice e-mail' })).toBeVisible();
    await expect(page.getByTestId('smtp-password')).toHaveAccessibleDescription('A password is kept (never shown); leave empty to keep it');
    expect(await missingI18nKeys(page)).toEqual([]);

    // A supervisor can clear the kept password (and the sender then signs in without one).
    await page.getByTestId('smtp-clear-password').check();
    await page.getByTestId('smtp-save').click();
    await expect(page.getByTestId('smtp-saved')).toHaveText('Mail settings saved');
    expect(await run(desk.runtime, 'smtp.get', {})).toMatchObject({ user: MAIL.user, passwordSet: false });
    await expect(page.getByTestId('smtp-password')).toHaveAccessibleDescription('No password is kept');
    await page.getByTestId('lang-switch').click();
  } finally {
    restoreSmtp(desk.runtime, before);
    await server.close();
  }
});

test('a lender-side request has no reader notices in its detail', async ({ page, desk }) => {
  const lent = (await run(desk.runtime, 'queue.list', { side: 'lending', limit: 1 })).rows[0]!;
  await openScreen(page, desk.host.url, 'queue');
  await openDetail(page, lent.id);
  await expect(page.getByTestId('notices-lender')).toHaveText('本馆为借出馆，读者通知由借阅馆发送');
  await expect(page.getByTestId('detail-notices').getByTestId('notice')).toHaveCount(0);
});

test('a clerk reads the mail settings but cannot change them', async ({ page, freshDesk }) => {
  freshDesk.runtime.signIn('by02', 'demo1234');
  await openScreen(page, freshDesk.host.url, 'settings');
  const section = page.getByTestId('settings-smtp');
  await expect(section).toContainText('仅主管馆员可以修改此处的设置。');
  await expect(page.getByTestId('smtp-not-set')).toBeVisible();
  for (const field of ['host', 'port', 'user', 'password', 'from', 'deskLocation', 'deskPhone']) {
    await expect(page.getByTestId(`smtp-${field}`)).not.toBeEditable();
  }
  await expect(page.getByTestId('smtp-secure')).toBeDisabled();
  await expect(page.getByTestId('smtp-save')).toHaveCount(0);
  await expect(page.getByTestId('smtp-clear-password')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, { include: ['[data-testid="settings-smtp"]'] });
});
