// The running desk sends reader notices by itself once a supervisor set up the mail server
// (through the runtime, as the screens do): at once after the setting, and at once after a
// check-in queued one — never twice.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createClerk } from '../../main/clerks/store';
import { noticesOf } from '../../main/notices/outbox';
import { DeskRuntime } from '../../main/runtime';
import { call } from '../fixtures/calls';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
let runtime: DeskRuntime;
let server: SMTPServer;
let recipients: string[][];

beforeEach(async () => {
  desk = makeDesk();
  recipients = [];
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        recipients.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const now = desk.ctx.now();
  createClerk(desk.db, { login: 'wangjing', name: '王静', role: 'supervisor', password: 'supervisor-1' }, null, now);
  createClerk(desk.db, { login: 'liming', name: '李明', role: 'clerk', password: 'clerk-pass-2' }, 'wangjing', now);
  runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now });
});
afterEach(async () => {
  await runtime.close(); // closes the store too
  await new Promise<void>((resolve) => server.close(() => resolve()));
  desk.close();
});

let barcode = 0;
function shippedToUs(): string {
  const lender = desk.as(BUAA);
  const id = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' }).id;
  call(desk.ctx, 'request.forward', { id, lender: BUAA });
  call(lender, 'request.accept', { id });
  call(lender, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${++barcode}`, itemBarcode: `BH-000${barcode}` });
  return id;
}

it('sends queued notices once the supervisor sets the mail server, and each check-in’s notice at once', async () => {
  const first = shippedToUs();
  call(desk.ctx, 'request.checkIn', { scan: `BH-000${barcode}` }); // queued before any mail server exists
  const smtp = { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port, from: 'ill@lib.bupt.edu.cn' };

  const changed: string[][] = [];
  runtime.onEvent((name, payload) => {
    if (name === 'data.changed') changed.push((payload as { requestIds: string[] }).requestIds);
  });
  runtime.signIn('liming', 'clerk-pass-2');
  expect(await runtime.dispatch('smtp.set', smtp)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_ONLY' } });
  await runtime.dispatch('clerk.signOut', {});
  runtime.signIn('wangjing', 'supervisor-1');
  expect(await runtime.dispatch('smtp.set', smtp)).toMatchObject({ ok: true, value: { host: '127.0.0.1', passwordSet: false } });
  // The server has the message a moment before the desk hears its answer: wait for the desk.
  await expect.poll(() => noticesOf(desk.ctx, first)[0]?.status, { timeout: 5000 }).toBe('sent');
  expect(recipients).toHaveLength(1);
  // The screens hear that the request's notice changed in the background (its detail shows it sent).
  await expect.poll(() => changed.some((ids) => ids.includes(first))).toBe(true);
  expect(noticesOf(desk.ctx, first)).toMatchObject([{ kind: 'arrival', status: 'sent', attempts: 1 }]);

  const second = shippedToUs();
  expect(await runtime.dispatch('request.checkIn', { scan: `BH-000${barcode}` })).toMatchObject({ ok: true });
  await expect.poll(() => noticesOf(desk.ctx, second)[0]?.status, { timeout: 5000 }).toBe('sent');
  expect(noticesOf(desk.ctx, second)).toMatchObject([{ kind: 'arrival', status: 'sent', attempts: 1 }]);
  expect(recipients).toEqual([['wangqian@bupt.edu.cn'], ['wangqian@bupt.edu.cn']]);
});

it('a notice queued while a round is sending goes out right after that round, not at the next minute', async () => {
  // A slow server: each message takes half a second, so the second check-in comes mid-round.
  const slow = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => setTimeout(() => callback(), 500));
    },
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', () => resolve()));
  try {
    const first = shippedToUs();
    call(desk.ctx, 'request.checkIn', { scan: `BH-000${barcode}` });
    runtime.signIn('wangjing', 'supervisor-1');
    await runtime.dispatch('smtp.set', { host: '127.0.0.1', port: (slow.server.address() as AddressInfo).port, from: 'ill@lib.bupt.edu.cn' });
    const second = shippedToUs();
    expect(await runtime.dispatch('request.checkIn', { scan: `BH-000${barcode}` })).toMatchObject({ ok: true });
    expect(noticesOf(desk.ctx, first)[0]?.status).toBe('queued'); // the first round is still at the server
    await expect.poll(() => noticesOf(desk.ctx, second)[0]?.status, { timeout: 5000 }).toBe('sent');
    expect(noticesOf(desk.ctx, first)[0]?.status).toBe('sent');
  } finally {
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  }
});
