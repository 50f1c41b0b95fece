// Who is at the desk. One session per running desk (Electron or browser host): every window shows
// the same clerk, and a lock in one locks them all. The session lives in memory only: a restart
// asks for a password again.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { isShippedPassword } from '../../shared/shippedPasswords';
import type { Clerk, ClerkSession } from '../../shared/types';
import { readDeskIdentity } from '../settings/store';
import type { Db } from '../store/db';
import { clearSignInFailures, recordSignInFailure, signInRefusedUntil, SIGN_IN_LIMITS } from './attempts';
import { authenticate, clerkCount, createClerk, getClerk, lockAfterMinutes, setLockAfterMinutes, updateClerk } from './store';
import { verifyPassword } from './passwords';

export class ClerkSessions {
  private login: string | null = null;
  private locked = false;
  /** When a clerk last did something at any window of this desk (ms). */
  private lastActivity = 0;

  constructor(
    private readonly onChange: (session: ClerkSession) => void = () => {},
    private readonly nowMs: () => number = Date.now,
    /** Where a refused login is reported (never with a password). */
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  /** A clerk is at the desk (a key, a click, a scan in any window; any command). */
  touch(): void {
    this.lastActivity = this.nowMs();
  }

  /**
   * Locks the desk when nobody has touched any of its windows for the library's idle time. Runs
   * before every call and on a timer, so the lock holds however the desk is reached.
   */
  lockIfIdle(db: Db): void {
    if (this.login === null || this.locked) return;
    if (this.nowMs() - this.lastActivity >= lockAfterMinutes(db) * 60_000) this.lock(db);
  }

  /** The signed-in clerk, re-read from the store (a supervisor may have changed the account). */
  current(db: Db): Clerk | null {
    if (this.login === null) return null;
    const clerk = getClerk(db, this.login);
    if (!clerk || !clerk.active) {
      this.login = null;
      this.locked = false;
      return null;
    }
    return clerk;
  }

  /** The clerk who may act now: signed in and not locked. */
  acting(db: Db): Clerk | null {
    const clerk = this.current(db);
    return clerk && !this.locked ? clerk : null;
  }

  session(db: Db): ClerkSession {
    const clerk = this.current(db);
    return { clerk, locked: clerk !== null && this.locked, needsSetup: clerkCount(db) === 0, lockAfterMinutes: lockAfterMinutes(db) };
  }

  setup(db: Db, input: ParsedInputOf<'clerk.setup'>, now: string): ClerkSession {
    if (clerkCount(db) > 0) throw new AppError('FORBIDDEN', 'This desk already has clerk accounts: a supervisor adds new ones in Settings.', 'login');
    const clerk = createClerk(db, { ...input, role: 'supervisor' }, null, now);
    return this.begin(db, clerk.login);
  }

  /**
   * Unlocking is signing in again as the same clerk; another clerk may take over a locked desk.
   * `address` is the caller's network address where the transport has one (the browser host).
   */
  signIn(db: Db, input: ParsedInputOf<'clerk.signIn'>, address?: string): ClerkSession {
    const now = new Date(this.nowMs()).toISOString();
    const refusedUntil = signInRefusedUntil(db, 'login', input.login, now) ?? (address === undefined ? null : signInRefusedUntil(db, 'address', address, now));
    if (refusedUntil !== null) throw tooManyAttempts(refusedUntil);
    let clerk: Clerk;
    try {
      clerk = authenticate(db, input.login, input.password);
    } catch (error) {
      this.countFailure(db, input.login, address, now);
      throw error;
    }
    const shipped = isShippedPassword(input.password);
    if (shipped && readDeskIdentity(db)?.profile === 'live' && input.newPassword === undefined) {
      throw new AppError(
        'PASSWORD_CHANGE_REQUIRED',
        `The password of ${clerk.login} is one that ships with ILL Desk and anyone may know it: choose a new password to sign in.`,
        'newPassword',
      );
    }
    if (input.newPassword !== undefined) {
      // Tools call this without the contract's schema: the rule is checked here too.
      if (isShippedPassword(input.newPassword)) {
        throw new AppError('INVALID_INPUT', 'newPassword: may not be a password that ships with ILL Desk (such as the demo password)', 'newPassword');
      }
      updateClerk(db, { login: clerk.login, password: input.newPassword }, clerk.login, now);
    }
    clearSignInFailures(db, clerk.login);
    return this.begin(db, clerk.login);
  }

  signOut(db: Db): ClerkSession {
    this.login = null;
    this.locked = false;
    return this.changed(db);
  }

  lock(db: Db): ClerkSession {
    if (this.login !== null) this.locked = true;
    return this.changed(db);
  }

  changePassword(db: Db, input: ParsedInputOf<'clerk.changePassword'>, change: (login: string, password: string) => void): ClerkSession {
    const clerk = this.acting(db);
    if (!clerk) throw new AppError('NOT_SIGNED_IN', 'Sign in first.');
    const row = db.prepare('SELECT password_hash FROM clerks WHERE login = ?').get(clerk.login) as { password_hash: string };
    if (!verifyPassword(input.current, row.password_hash)) throw new AppError('INVALID_INPUT', 'The current password is wrong.', 'current');
    change(clerk.login, input.next);
    return this.session(db);
  }

  setLockAfter(db: Db, minutes: number): ClerkSession {
    setLockAfterMinutes(db, minutes);
    return this.changed(db);
  }

  /** Counts a failed password for the login (and the address); reaching a limit refuses at once. */
  private countFailure(db: Db, login: string, address: string | undefined, now: string): void {
    const loginLockedUntil = recordSignInFailure(db, 'login', login, now);
    const addressLockedUntil = address === undefined ? null : recordSignInFailure(db, 'address', address, now);
    if (loginLockedUntil !== null) {
      this.log(`Clerk sign-in: ${SIGN_IN_LIMITS.login.failures} failed passwords for login ${JSON.stringify(login.toLowerCase())}; refused until ${loginLockedUntil}`);
    }
    if (addressLockedUntil !== null) {
      this.log(`Clerk sign-in: ${SIGN_IN_LIMITS.address.failures} failed passwords from address ${address}; refused until ${addressLockedUntil}`);
    }
    const until = [loginLockedUntil, addressLockedUntil].filter((t): t is string => t !== null).sort().at(-1);
    if (until !== undefined) throw tooManyAttempts(until);
  }

  private begin(db: Db, login: string): ClerkSession {
    this.login = login;
    this.locked = false;
    this.touch();
    return this.changed(db);
  }

  private changed(db: Db): ClerkSession {
    const session = this.session(db);
    this.onChange(session);
    return session;
  }
}

function tooManyAttempts(until: string): AppError {
  return new AppError(
    'TOO_MANY_ATTEMPTS',
    `Too many failed passwords: sign-in is refused until ${until} (${SIGN_IN_LIMITS.login.minutes} minutes), also with the right password.`,
    undefined,
    until,
  );
}
