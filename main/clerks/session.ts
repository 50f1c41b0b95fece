// Who is at the desk. One session per running desk (Electron or browser host): every window shows
// the same clerk, and a lock in one locks them all. The session lives in memory only: a restart
// asks for a password again.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Clerk, ClerkSession } from '../../shared/types';
import type { Db } from '../store/db';
import { authenticate, clerkCount, createClerk, getClerk, lockAfterMinutes, setLockAfterMinutes } from './store';
import { verifyPassword } from './passwords';

export class ClerkSessions {
  private login: string | null = null;
  private locked = false;
  /** When a clerk last did something at any window of this desk (ms). */
  private lastActivity = 0;

  constructor(
    private readonly onChange: (session: ClerkSession) => void = () => {},
    private readonly nowMs: () => number = Date.now,
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

  signIn(db: Db, input: ParsedInputOf<'clerk.signIn'>): ClerkSession {
    const clerk = authenticate(db, input.login, input.password);
    // Unlocking is signing in again as the same clerk; another clerk may take over a locked desk.
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
