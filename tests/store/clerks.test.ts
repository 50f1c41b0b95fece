// Clerk accounts, sign-in and roles through the desk runtime (the door every window uses), on a
// real store: who may do what, who is written into the events, and what a refusal leaves behind.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../main/clerks/passwords';
import { createClerk } from '../../main/clerks/store';
import { DeskRuntime } from '../../main/runtime';
import { openStore } from '../../main/store/db';
import type { Result } from '../../shared/errors';
import { DEMO_CLERK_PASSWORD } from '../../shared/shippedPasswords';
import type { ClerkSession, RequestDetail, TodayCounts } from '../../shared/types';
import { makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
let runtime: DeskRuntime;
let sessions: ClerkSession[];

beforeEach(() => {
  desk = makeDesk();
  const now = desk.ctx.now();
  createClerk(desk.db, { login: 'wangjing', name: '王静', role: 'supervisor', password: 'supervisor-1' }, null, now);
  createClerk(desk.db, { login: 'liming', name: '李明', role: 'clerk', password: 'clerk-pass-2' }, 'wangjing', now);
  runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now });
  sessions = [];
  runtime.onEvent((name, payload) => {
    if (name === 'clerk.session') sessions.push(payload as ClerkSession);
  });
});
afterEach(async () => {
  await runtime.close();
  desk.close();
});

async function ok<T>(name: string, input: unknown = {}): Promise<T> {
  const result = await runtime.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Refused, and the store is exactly as it was. */
async function refused(name: string, input: unknown = {}) {
  const before = snapshot(desk.db);
  const result: Result<unknown> = await runtime.dispatch(name, input);
  if (result.ok) throw new Error(`${name} should have been refused`);
  expect(snapshot(desk.db)).toBe(before);
  return result.error;
}


describe('passwords', () => {
  it('are kept as salted scrypt hashes that only the right password opens', () => {
    const a = hashPassword('correct horse');
    const b = hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(verifyPassword('correct horse', a)).toBe(true);
    expect(verifyPassword('correct horsE', a)).toBe(false);
    // A changed hash (a character in its middle: the last base64 character may only carry unused
    // padding bits, so changing it can leave the same bytes) no longer opens.
    const parts = a.split('$');
    const hash = parts.at(-1)!;
    const flipped = `${hash.slice(0, 10)}${hash[10] === 'A' ? 'B' : 'A'}${hash.slice(11)}`;
    expect(verifyPassword('correct horse', [...parts.slice(0, -1), flipped].join('$'))).toBe(false);
    expect(verifyPassword('correct horse', 'plain-text')).toBe(false);
  });
});

describe('signing in', () => {
  it('answers only the sign-in screen before a clerk signs in', async () => {
    const session = await ok<ClerkSession>('clerk.session');
    expect(session).toEqual({ clerk: null, locked: false, needsSetup: false, lockAfterMinutes: 15 });
    expect((await ok<{ deskId: string }>('desk.info')).deskId).toBeTruthy();
    for (const name of ['queue.list', 'request.get', 'today.counts', 'print.jobs', 'clerks.list']) {
      const error = await refused(name, name === 'request.get' ? { id: 'BY00000001' } : {});
      expect(error.code).toBe('NOT_SIGNED_IN');
    }
  });

  it('refuses a wrong password or an unknown login with one answer, naming the password field', async () => {
    const wrong = await refused('clerk.signIn', { login: 'liming', password: 'not-it-at-all' });
    const unknown = await refused('clerk.signIn', { login: 'nobody', password: 'clerk-pass-2' });
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    expect((await ok<ClerkSession>('clerk.session')).clerk).toBeNull();
  });

  it('signs in regardless of the login case and tells every window', async () => {
    const session = await ok<ClerkSession>('clerk.signIn', { login: 'LiMing', password: 'clerk-pass-2' });
    expect(session.clerk).toMatchObject({ login: 'liming', name: '李明', role: 'clerk' });
    expect(sessions.at(-1)?.clerk?.login).toBe('liming');
    expect(JSON.stringify(sessions)).not.toContain('clerk-pass-2');
  });

  it('writes the signed-in clerk into the event and the op that goes to the hub', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    const created = await ok<RequestDetail>('request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' });
    await ok('request.note', { id: created.id, text: '已电话通知读者' });
    const events = desk.db.prepare('SELECT type, clerk FROM request_events WHERE request_id = ? ORDER BY id').all(created.id);
    expect(events).toEqual([
      { type: 'request.create', clerk: 'liming' },
      { type: 'request.note', clerk: 'liming' },
    ]);
    const payloads = (desk.db.prepare('SELECT payload_json FROM outbox WHERE entity_id = ? ORDER BY desk_seq').all(created.id) as { payload_json: string }[]).map(
      (row) => JSON.parse(row.payload_json).clerk,
    );
    expect(payloads).toEqual(['liming', 'liming']);
  });

  it('locks: nothing runs until the same clerk (or another) signs in again', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    const locked = await ok<ClerkSession>('clerk.lock');
    expect(locked).toMatchObject({ locked: true, clerk: { login: 'liming' } });
    expect((await refused('queue.list')).code).toBe('NOT_SIGNED_IN');
    expect((await refused('clerk.signIn', { login: 'liming', password: 'wrong-password' })).field).toBe('password');
    expect((await ok<ClerkSession>('clerk.session')).locked).toBe(true);
    const unlocked = await ok<ClerkSession>('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect(unlocked.locked).toBe(false);
    await ok('queue.list');
    await ok('clerk.lock');
    const other = await ok<ClerkSession>('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    expect(other).toMatchObject({ locked: false, clerk: { login: 'wangjing', role: 'supervisor' } });
  });

  it('signs out', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect((await ok<ClerkSession>('clerk.signOut')).clerk).toBeNull();
    expect((await refused('queue.list')).code).toBe('NOT_SIGNED_IN');
  });
});

describe('roles', () => {
  it('keeps supervisor commands from a clerk, changing nothing', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    const created = await ok<RequestDetail>('request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' });
    const attempts: [string, unknown][] = [
      ['request.lose', { id: created.id, reason: 'courier lost it' }],
      ['rules.set', { loanPeriodDays: 60 }],
      ['clerks.list', {}],
      ['clerk.create', { login: 'sunli', name: '孙丽', role: 'supervisor', password: 'welcome2026' }],
      ['clerk.update', { login: 'liming', role: 'supervisor' }],
      ['clerk.setLockAfter', { minutes: 120 }],
      ['hub.connect', { url: 'http://127.0.0.1:9', deskId: 'd-1', token: 'q3Vb0x7mPp2-kR_9sLw4YtZc8nEa1uHd6jFgXoBiKvA' }],
    ];
    for (const [name, input] of attempts) {
      const error = await refused(name, input);
      expect(error.code, name).toBe('SUPERVISOR_ONLY');
      expect(error.message).toContain('liming');
    }
  });

  it('lets a supervisor manage accounts; a new clerk signs in; a switched-off one is signed out', async () => {
    await ok('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    await ok('clerk.create', { login: 'sunli', name: '孙丽', role: 'clerk', password: 'welcome2026' });
    expect((await refused('clerk.create', { login: 'SUNLI', name: '孙丽', role: 'clerk', password: 'welcome2026' })).code).toBe('ALREADY_EXISTS');
    const list = await ok<{ login: string; role: string }[]>('clerks.list');
    expect(list.map((c) => c.login).sort()).toEqual(['liming', 'sunli', 'wangjing']);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|welcome2026/);

    await ok('clerk.signIn', { login: 'sunli', password: 'welcome2026' });
    await ok('queue.list');
    // sunli's account is switched off by the supervisor (from another window): sunli is out at once.
    runtime.signIn('wangjing', 'supervisor-1');
    await ok('clerk.update', { login: 'sunli', active: false });
    await refused('clerk.signIn', { login: 'sunli', password: 'welcome2026' });
  });

  it('keeps at least one active supervisor and a supervisor from switching themself off', async () => {
    await ok('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    expect((await refused('clerk.update', { login: 'wangjing', role: 'clerk' })).field).toBe('role');
    expect((await refused('clerk.update', { login: 'wangjing', active: false })).field).toBe('active');
    await ok('clerk.update', { login: 'liming', role: 'supervisor' });
    await ok('clerk.update', { login: 'wangjing', role: 'clerk' });
    // wangjing is a clerk now: supervisor commands are refused on the next call.
    expect((await refused('clerks.list')).code).toBe('SUPERVISOR_ONLY');
  });

  it('changes a password only with the current one', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect((await refused('clerk.changePassword', { current: 'wrong-one', next: 'new-password-3' })).field).toBe('current');
    await ok('clerk.changePassword', { current: 'clerk-pass-2', next: 'new-password-3' });
    await ok('clerk.signOut');
    await refused('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    await ok('clerk.signIn', { login: 'liming', password: 'new-password-3' });
  });

  it('sets up the first supervisor on a desk with no accounts, and only then', async () => {
    desk.db.prepare('DELETE FROM clerks').run();
    expect((await ok<ClerkSession>('clerk.session')).needsSetup).toBe(true);
    expect((await refused('clerk.setup', { login: 'admin', name: '管理员', password: 'short' })).field).toBe('password');
    const session = await ok<ClerkSession>('clerk.setup', { login: 'admin', name: '管理员', password: 'long enough' });
    expect(session).toMatchObject({ needsSetup: false, locked: false, clerk: { login: 'admin', role: 'supervisor' } });
    expect((await refused('clerk.setup', { login: 'admin2', name: '又一个', password: 'long enough' })).code).toBe('FORBIDDEN');
  });

  it('keeps the idle-lock minutes the supervisor sets, within 1–240', async () => {
    await ok('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    expect((await refused('clerk.setLockAfter', { minutes: 0 })).field).toBe('minutes');
    expect((await ok<ClerkSession>('clerk.setLockAfter', { minutes: 5 })).lockAfterMinutes).toBe(5);
    expect((await ok<ClerkSession>('clerk.session')).lockAfterMinutes).toBe(5);
  });
});

describe('print jobs and notices', () => {
  it('refuses a slip for a request or shipment this desk does not have, queuing nothing', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    const created = await ok<RequestDetail>('request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' });
    const error = await refused('print.slip', { kind: 'pull', refs: [created.id, 'BY99999999'] });
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'refs.1' });
    expect((await refused('print.slip', { kind: 'packingList', refs: ['no-such-shipment'] })).field).toBe('refs.0');
    expect((await refused('print.slip', { kind: 'sticker', refs: [created.id] })).field).toBe('kind');
    const job = await ok<{ id: number; kind: string; refs: string[]; status: string; clerk: string }>('print.slip', { kind: 'pull', refs: [created.id] });
    expect(job).toMatchObject({ kind: 'pull', refs: [created.id], status: 'queued', clerk: 'liming' });
    expect(await ok('print.jobs', { openOnly: true })).toEqual([expect.objectContaining({ id: job.id })]);
  });
});

describe('today', () => {
  it('counts exactly the lists its tiles open', async () => {
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    const before = await ok<TodayCounts>('today.counts');
    expect(before.newRequests).toBe(0);
    expect(before.pendingReaders).toBe(1); // 张三 waits for approval in the fixture
    const a = await ok<RequestDetail>('request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' });
    await ok<RequestDetail>('request.create', { serviceType: 'loan', readerId: 'r-ivanov', title: 'Distributed Systems' });
    await ok('print.slip', { kind: 'pull', refs: [a.id] });
    const after = await ok<TodayCounts>('today.counts');
    expect(after).toMatchObject({ newRequests: 2, unprintedSlips: 1, incoming: 0, overdue: 0 });
    const submitted = await ok<{ total: number }>('queue.list', { side: 'borrowing', statuses: ['SUBMITTED'] });
    expect(after.newRequests).toBe(submitted.total);
  });
});

describe('passwords that ship with ILL Desk', () => {
  // A live store made before issue 12 holds the demo's accounts, copied when the desk connected.
  function holdDemoAccount(): void {
    createClerk(desk.db, { login: 'by01', name: '王静', role: 'supervisor', password: DEMO_CLERK_PASSWORD }, null, desk.ctx.now());
  }

  it('on a live store sign in only with a new password given in the same step', async () => {
    holdDemoAccount();
    const before = snapshot(desk.db);
    const required = await refused('clerk.signIn', { login: 'by01', password: 'demo1234' });
    expect(required).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', field: 'newPassword' });
    expect((await ok<ClerkSession>('clerk.session')).clerk).toBeNull();
    expect(() => runtime.signIn('by01', 'demo1234')).toThrow(/choose a new password/);
    // The new password may not be a shipped one either, nor too short; a wrong password changes nothing.
    expect(await refused('clerk.signIn', { login: 'by01', password: 'demo1234', newPassword: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'newPassword' });
    expect(() => runtime.signIn('by01', 'demo1234', 'demo1234')).toThrow(/ships with ILL Desk/);
    expect((await refused('clerk.signIn', { login: 'by01', password: 'demo1234', newPassword: 'short' })).field).toBe('newPassword');
    expect((await refused('clerk.signIn', { login: 'by01', password: 'not-demo-1234', newPassword: 'our own secret' })).code).toBe('INVALID_INPUT');
    expect(snapshot(desk.db)).toBe(before);

    const session = await ok<ClerkSession>('clerk.signIn', { login: 'by01', password: 'demo1234', newPassword: 'our own secret' });
    expect(session).toMatchObject({ locked: false, clerk: { login: 'by01', role: 'supervisor' } });
    await ok('queue.list');
    await ok('clerk.signOut');
    expect(await refused('clerk.signIn', { login: 'by01', password: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
    await ok('clerk.signIn', { login: 'by01', password: 'our own secret' });
  });

  it('signs in with them on the demo profile, as its sign-in screen says', async () => {
    holdDemoAccount();
    desk.db.prepare("UPDATE settings SET value_json = json_set(value_json, '$.profile', 'demo') WHERE key = 'desk'").run();
    expect((await ok<ClerkSession>('clerk.signIn', { login: 'by01', password: 'demo1234' })).clerk?.login).toBe('by01');
  });

  it('never takes one as a new password: first supervisor, new account, reset, own change', async () => {
    await ok('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    for (const [name, input, field] of [
      ['clerk.create', { login: 'sunli', name: '孙丽', role: 'clerk', password: 'demo1234' }, 'password'],
      ['clerk.update', { login: 'liming', password: 'demo1234' }, 'password'],
      ['clerk.changePassword', { current: 'supervisor-1', next: 'demo1234' }, 'next'],
    ] as const) {
      const error = await refused(name, input);
      expect(error, name).toMatchObject({ code: 'INVALID_INPUT', field });
      expect(error.message).toContain('ships with ILL Desk');
    }
    desk.db.prepare('DELETE FROM clerks').run();
    expect(await refused('clerk.setup', { login: 'admin', name: '管理员', password: 'demo1234' })).toMatchObject({ code: 'INVALID_INPUT', field: 'password' });
  });
});

describe('too many failed passwords', () => {
  const wrong = (login: string, address?: string) => runtime.dispatch('clerk.signIn', { login, password: 'not-the-password' }, address === undefined ? {} : { address });
  const moveClock = (minutes: number) => {
    desk.clock.now = new Date(Date.parse(desk.clock.now) + minutes * 60_000).toISOString();
  };

  it('refuses a login for 15 minutes after 5 failures, also with the right password, and says until when', async () => {
    const warnings: string[] = [];
    await runtime.close();
    desk.db = openStore(desk.file);
    runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now, log: { error: () => undefined, warn: (line) => warnings.push(line) } });
    const start = desk.clock.now;
    for (let i = 1; i <= 4; i++) expect(await wrong('liming')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'password' } });
    const fifth = await wrong('LiMing');
    const until = new Date(Date.parse(start) + 15 * 60_000).toISOString();
    expect(fifth).toEqual({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', message: expect.stringContaining(until), retryAt: until } });
    expect(warnings).toEqual([`Clerk sign-in: 5 failed passwords for login "liming"; refused until ${until}`]);
    expect(warnings.join()).not.toContain('not-the-password');

    const right = await runtime.dispatch('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect(right).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS', retryAt: until } });
    expect(() => runtime.signIn('liming', 'clerk-pass-2')).toThrow(/refused until/);
    expect((await ok<ClerkSession>('clerk.session')).clerk).toBeNull();
    // Another clerk is not held up.
    await ok('clerk.signIn', { login: 'wangjing', password: 'supervisor-1' });
    await ok('clerk.signOut');

    moveClock(14);
    expect((await runtime.dispatch('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' })).ok).toBe(false);
    moveClock(1);
    expect((await ok<ClerkSession>('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' })).clerk?.login).toBe('liming');
  });

  it('keeps the count across a restart of the desk', async () => {
    for (let i = 1; i <= 4; i++) await wrong('liming');
    await runtime.close();
    desk.db = openStore(desk.file);
    runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now });
    expect((await wrong('liming')).ok ? null : 'refused').toBe('refused');
    const right = await runtime.dispatch('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect(right.ok ? null : right.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('starts the count again after a successful sign-in, and after 15 quiet minutes', async () => {
    const codeOf = async (login: string) => {
      const answer = await wrong(login);
      return answer.ok ? 'ok' : answer.error.code;
    };
    for (let i = 1; i <= 4; i++) await wrong('liming');
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    await ok('clerk.signOut');
    for (let i = 1; i <= 4; i++) expect(await codeOf('liming')).toBe('INVALID_INPUT');
    await ok('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    await ok('clerk.signOut');

    for (let i = 1; i <= 4; i++) await wrong('liming');
    moveClock(15);
    for (let i = 1; i <= 4; i++) expect(await codeOf('liming')).toBe('INVALID_INPUT');
    const right = await ok<ClerkSession>('clerk.signIn', { login: 'liming', password: 'clerk-pass-2' });
    expect(right.clerk?.login).toBe('liming');
  });

  it('counts a login that does not exist like one that does', async () => {
    for (let i = 1; i <= 4; i++) expect((await wrong('ghost')).ok ? null : 'INVALID_INPUT').toBe('INVALID_INPUT');
    const fifth = await wrong('ghost');
    expect(fifth.ok ? null : fifth.error.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('refuses an address after 20 failures over several logins, whatever login it tries next', async () => {
    createClerk(desk.db, { login: 'sunli', name: '孙丽', role: 'clerk', password: 'welcome2026' }, 'wangjing', desk.ctx.now());
    const logins = ['guess1', 'guess2', 'guess3', 'guess4', 'guess5'];
    const answers: string[] = [];
    for (const login of logins) for (let i = 1; i <= 4; i++) {
      const answer = await wrong(login, '127.0.0.1');
      answers.push(answer.ok ? 'ok' : answer.error.code);
    }
    expect(answers.slice(0, 19).every((code) => code === 'INVALID_INPUT')).toBe(true);
    expect(answers[19]).toBe('TOO_MANY_ATTEMPTS');
    const fromThere = await runtime.dispatch('clerk.signIn', { login: 'sunli', password: 'welcome2026' }, { address: '127.0.0.1' });
    expect(fromThere).toMatchObject({ ok: false, error: { code: 'TOO_MANY_ATTEMPTS' } });
    // The window (IPC, no address) and another address are not held up.
    expect((await ok<ClerkSession>('clerk.signIn', { login: 'sunli', password: 'welcome2026' })).clerk?.login).toBe('sunli');
    expect((await runtime.dispatch('clerk.signIn', { login: 'sunli', password: 'welcome2026' }, { address: '::1' })).ok).toBe(true);
  });
});
