// Reader notices go out through a real SMTP server started here on 127.0.0.1 (smtp-server): the
// arrival notice a check-in queues reaches the reader once, with the right subject and body in
// Chinese and English; a notice made while the server is down keeps the error, waits, and goes
// exactly once when the server is back; a failed notice can be resent; due-date notices are
// queued once each.
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticesOf } from '../../main/notices/outbox';
import { queueDueNotices } from '../../main/notices/due';
import { NoticeSender } from '../../main/notices/sender';
import { SUPERVISOR_COMMANDS } from '../../shared/contract';
import { addDays } from '../../shared/rules';
import { call, refuse } from '../fixtures/calls';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A mail server on 127.0.0.1 that keeps every message it takes. */
async function startSmtp(port = 0): Promise<{ port: number; messages: Received[]; close: () => Promise<void> }> {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return { port: address.port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on (taken and let go at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---- just enough MIME to read what the server got ----
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}
function parseMail(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

let desk: TestDesk;
let servers: { close: () => Promise<void> }[] = [];
let sender: NoticeSender;

beforeEach(() => {
  desk = makeDesk();
  servers = [];
  sender = new NoticeSender(desk.ctx, { timeoutMs: 2000 });
});
afterEach(async () => {
  await sender.stop();
  for (const s of servers) await s.close();
  desk.close();
});

function setSmtp(port: number) {
  return call(desk.ctx, 'smtp.set', {
    host: '127.0.0.1',
    port,
    from: 'ill@lib.bupt.edu.cn',
    deskPhone: '010-62282345',
    deskLocation: '图书馆二层',
  });
}

let barcode = 0;
/** A book 北航 shipped to us for 王茜, checked in at our desk (which queues the arrival notice). */
function checkedIn(title = '数据库系统概论'): string {
  const lender = desk.as(BUAA);
  const id = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title }).id;
  call(desk.ctx, 'request.forward', { id, lender: BUAA });
  call(lender, 'request.accept', { id });
  const itemBarcode = `BH-${String(++barcode).padStart(4, '0')}`;
  call(lender, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${barcode}`, itemBarcode });
  call(desk.ctx, 'request.checkIn', { scan: itemBarcode });
  return id;
}

describe('smtp settings', () => {
  it('keeps the server and never gives the password back; only a supervisor may set it', () => {
    expect(call(desk.ctx, 'smtp.get', {})).toMatchObject({ host: null, passwordSet: false });
    const set = call(desk.ctx, 'smtp.set', { host: 'smtp.bupt.edu.cn', port: 587, user: 'ill', password: 'secret', from: 'ill@lib.bupt.edu.cn' });
    expect(set).toEqual({
      host: 'smtp.bupt.edu.cn', port: 587, secure: false, user: 'ill', passwordSet: true, from: 'ill@lib.bupt.edu.cn', deskPhone: '', deskLocation: '',
    });
    expect(JSON.stringify(call(desk.ctx, 'smtp.get', {}))).not.toContain('secret');
    // Left out, the password stays; '' clears it.
    expect(call(desk.ctx, 'smtp.set', { host: 'smtp.bupt.edu.cn', port: 25, from: 'ill@lib.bupt.edu.cn' }).passwordSet).toBe(true);
    expect(call(desk.ctx, 'smtp.set', { host: 'smtp.bupt.edu.cn', port: 25, from: 'ill@lib.bupt.edu.cn', password: '' }).passwordSet).toBe(false);
    expect(SUPERVISOR_COMMANDS.has('smtp.set')).toBe(true);
    const bad = refuse(desk.ctx, 'smtp.set', { host: 'smtp.bupt.edu.cn', port: 70000, from: 'ill@lib.bupt.edu.cn' });
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', field: 'port' });
  });
});

describe('sending reader notices', () => {
  it('sends the arrival notice a check-in queued, once, with subject and body in Chinese and English', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    setSmtp(smtp.port);
    const id = checkedIn();
    expect(noticesOf(desk.ctx, id)).toMatchObject([{ kind: 'arrival', status: 'queued' }]);

    expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.to).toEqual(['wangqian@bupt.edu.cn']);
    expect(message.from).toBe('ill@lib.bupt.edu.cn');
    const mail = parseMail(message.raw);
    expect(decodeWords(mail.headers.subject ?? '')).toBe(`文献到馆通知 / Your interlibrary loan has arrived: 数据库系统概论 (${id})`);
    const slot = (desk.db.prepare('SELECT hold_slot FROM requests WHERE id = ?').get(id) as { hold_slot: string }).hold_slot;
    expect(mail.body).toContain('王茜 您好');
    expect(mail.body).toContain(`申请号：${id}`);
    expect(mail.body).toContain('借出馆：北京航空航天大学');
    expect(mail.body).toContain(`取书架位：${slot}`);
    expect(mail.body).toContain('取书截止日期：2026-11-09'); // checked in 2026-11-02, 7 days on the hold shelf
    expect(mail.body).toContain('联系电话：010-62282345');
    expect(mail.body).toContain('Dear 王茜');
    expect(mail.body).toContain('Pick up by: 2026-11-09');
    expect(mail.body).toContain(`Hold-shelf slot: ${slot}`);
    expect(mail.body.indexOf('您好')).toBeLessThan(mail.body.indexOf('Dear'));
    expect(noticesOf(desk.ctx, id)).toMatchObject([{ status: 'sent', attempts: 1, lastError: null, sentAt: desk.clock.now }]);
  });

  it('keeps a notice made while the server is down, with the error, and sends it exactly once when it is back', async () => {
    const port = await freePort();
    setSmtp(port);
    const id = checkedIn();

    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 1 });
    const [waiting] = noticesOf(desk.ctx, id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, sentAt: null });
    expect(waiting!.lastError).toMatch(/ECONNREFUSED/);
    // Backoff: not tried again at once.
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(noticesOf(desk.ctx, id)[0]!.attempts).toBe(1);

    const smtp = await startSmtp(port);
    servers.push(smtp);
    expect(smtp.messages).toHaveLength(0);
    desk.clock.now = '2026-11-02T02:05:00.000Z';
    const rounds = await Promise.all([sender.sendDue(), sender.sendDue()]);
    expect(rounds[0]).toEqual({ sent: 1, failed: 0, retrying: 0 });
    for (let i = 0; i < 3; i++) {
      desk.clock.now = `2026-11-0${3 + i}T02:00:00.000Z`;
      await sender.sendDue();
    }
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual(['wangqian@bupt.edu.cn']);
    expect(noticesOf(desk.ctx, id)).toMatchObject([{ status: 'sent', attempts: 2, lastError: null, sentAt: '2026-11-02T02:05:00.000Z' }]);
  });

  it('records the server’s answer when it refuses, fails after the last attempt, and resends a failed notice by hand', async () => {
    let refuseMail = true;
    const messages: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refuseMail) {
          const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
        } else callback();
      },
      onData(stream, _session, callback) {
        stream.on('data', () => undefined);
        stream.on('end', () => {
          messages.push('one');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    setSmtp((server.server.address() as AddressInfo).port);
    const id = checkedIn();
    const few = new NoticeSender(desk.ctx, { maxAttempts: 2, timeoutMs: 2000 });

    expect(await few.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 1 });
    expect(noticesOf(desk.ctx, id)[0]!.lastError).toMatch(/550.*Mailbox unavailable/);
    desk.clock.now = '2026-11-02T03:00:00.000Z';
    expect(await few.sendDue()).toEqual({ sent: 0, failed: 1, retrying: 0 });
    const [failed] = noticesOf(desk.ctx, id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2 });
    expect(await few.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 0 });

    // Only a failed notice can be resent.
    refuse(desk.ctx, 'notice.resend', { id: 9999 });
    refuseMail = false;
    const resent = call(desk.ctx, 'notice.resend', { id: failed!.id });
    expect(resent).toMatchObject({ status: 'queued', attempts: 0 });
    expect(refuse(desk.ctx, 'notice.resend', { id: failed!.id })).toMatchObject({ code: 'INVALID_TRANSITION', field: 'id' });
    expect(await few.sendDue()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(messages).toHaveLength(1);
    expect(noticesOf(desk.ctx, id)).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(refuse(desk.ctx, 'notice.resend', { id: failed!.id })).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('fails at once a notice with no address to send it to', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    setSmtp(smtp.port);
    desk.db.prepare("UPDATE readers SET email = '' WHERE id = 'r-wangqian'").run();
    const id = checkedIn();
    expect(noticesOf(desk.ctx, id)[0]!.toAddress ?? '').toBe('');
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 1, retrying: 0 });
    expect(noticesOf(desk.ctx, id)[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(noticesOf(desk.ctx, id)[0]!.lastError).toMatch(/no email address/);
    expect(smtp.messages).toHaveLength(0);
  });

  it('leaves notices waiting while no mail server is set up', async () => {
    const id = checkedIn();
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0, retrying: 0 });
    expect(noticesOf(desk.ctx, id)).toMatchObject([{ status: 'queued', attempts: 0 }]);
  });
});

describe('due-date notices', () => {
  it('queues the courtesy notice 3 days before the due date and the overdue notices at 1, 7 and 14 days, once each', async () => {
    const id = checkedIn();
    const due = call(desk.ctx, 'request.handOut', { id }).dueDate!;
    const kinds = () => noticesOf(desk.ctx, id).map((n) => n.kind);
    const at = (day: string) => {
      desk.clock.now = `${day}T01:00:00.000Z`; // 09:00 in Beijing
    };

    at(addDays(due, -4));
    expect(queueDueNotices(desk.ctx)).toBe(0);
    at(addDays(due, -3));
    expect(queueDueNotices(desk.ctx)).toBe(1);
    expect(queueDueNotices(desk.ctx)).toBe(0);
    at(addDays(due, -1));
    expect(queueDueNotices(desk.ctx)).toBe(0);
    expect(kinds()).toEqual(['arrival', 'courtesy']);
    at(due);
    expect(queueDueNotices(desk.ctx)).toBe(0);
    at(addDays(due, 1));
    expect(queueDueNotices(desk.ctx)).toBe(1);
    at(addDays(due, 6));
    expect(queueDueNotices(desk.ctx)).toBe(0);
    at(addDays(due, 7));
    expect(queueDueNotices(desk.ctx)).toBe(1);
    expect(queueDueNotices(desk.ctx)).toBe(0);
    at(addDays(due, 14));
    expect(queueDueNotices(desk.ctx)).toBe(1);
    at(addDays(due, 30));
    expect(queueDueNotices(desk.ctx)).toBe(0);
    expect(kinds()).toEqual(['arrival', 'courtesy', 'overdue1', 'overdue7', 'overdue14']);

    // They go out like the arrival notice, with the due date and the days overdue in the text.
    const smtp = await startSmtp();
    servers.push(smtp);
    setSmtp(smtp.port);
    expect(await sender.sendDue()).toEqual({ sent: 5, failed: 0, retrying: 0 });
    const subjects = smtp.messages.map((m) => decodeWords(parseMail(m.raw).headers.subject ?? ''));
    expect(subjects[1]).toBe(`到期提醒 / Due soon: 数据库系统概论 (${id}) is due on ${due}`);
    expect(subjects[4]).toBe(`逾期通知 / Overdue: 数据库系统概论 (${id}) was due on ${due}`);
    expect(parseMail(smtp.messages[4]!.raw).body).toContain(`应还日期：${due}`);
  });

  it('queues the recall notice once when the lender recalls a book the reader has, not one still on the hold shelf', async () => {
    const loaned = checkedIn('读者手中');
    call(desk.ctx, 'request.handOut', { id: loaned });
    const onShelf = checkedIn('仍在取书架');
    expect(queueDueNotices(desk.ctx)).toBe(0);
    call(desk.as(BUAA), 'request.recall', { id: loaned, reason: '本馆急需' });
    call(desk.as(BUAA), 'request.recall', { id: onShelf, reason: '本馆急需' });
    expect(queueDueNotices(desk.ctx)).toBe(1);
    expect(queueDueNotices(desk.ctx)).toBe(0);
    expect(noticesOf(desk.ctx, loaned).map((n) => n.kind)).toEqual(['arrival', 'recall']);
    expect(noticesOf(desk.ctx, onShelf).map((n) => n.kind)).toEqual(['arrival']);

    const smtp = await startSmtp();
    servers.push(smtp);
    setSmtp(smtp.port);
    expect(await sender.sendDue()).toEqual({ sent: 3, failed: 0, retrying: 0 });
    const recall = smtp.messages.map((m) => parseMail(m.raw)).find((m) => decodeWords(m.headers.subject ?? '').startsWith('文献召回通知'));
    expect(decodeWords(recall!.headers.subject ?? '')).toBe(`文献召回通知 / Recall: please return 读者手中 (${loaned})`);
    expect(recall!.body).toContain('借出馆 北京航空航天大学 召回了');
    expect(recall!.body).toContain('has recalled');
  });

  it('queues nothing for books not on loan or lent by us', () => {
    const onHold = checkedIn('在架待取');
    desk.clock.now = '2027-06-01T01:00:00.000Z';
    expect(queueDueNotices(desk.ctx)).toBe(0);
    expect(noticesOf(desk.ctx, onHold).map((n) => n.kind)).toEqual(['arrival']);
  });
});
