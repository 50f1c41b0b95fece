// Failed sign-ins, kept in the store (a restart must not wipe them). DESIGN §7: after 5 failed
// passwords for one login, that login is refused for 15 minutes, also with the right password.
//
// What an "address" is on a desk: Electron's window calls over IPC and has none, so only the login
// limit applies there. The browser host listens on loopback only, so every tab that reaches it
// shares one address (127.0.0.1 or ::1): its address limit is a desk-wide brake on guessing
// through the browser host, set higher than the login limit so that it only trips when several
// logins are guessed at.
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';

export type SignInScope = 'login' | 'address';

export interface SignInLimit {
  /** Failures within the window that lock the login or address. */
  failures: number;
  /** How long the window and the lock last. */
  minutes: number;
}

export const SIGN_IN_LIMITS: Readonly<Record<SignInScope, SignInLimit>> = {
  login: { failures: 5, minutes: 15 },
  address: { failures: 20, minutes: 15 },
};

interface FailureRow {
  failures: number;
  first_failed_at: string;
  locked_until: string | null;
}

/** Logins are one clerk whatever their case ('Wang' and 'wang'), so they are counted as one. */
function keyOf(scope: SignInScope, key: string): string {
  return scope === 'login' ? key.toLowerCase() : key;
}

function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Until when sign-ins for this login or from this address are refused, or null. */
export function signInRefusedUntil(db: Db, scope: SignInScope, key: string, now: string): string | null {
  const row = prepared(db, 'SELECT locked_until FROM sign_in_failures WHERE scope = ? AND key = ?').get(scope, keyOf(scope, key)) as
    | Pick<FailureRow, 'locked_until'>
    | undefined;
  return row?.locked_until && row.locked_until > now ? row.locked_until : null;
}

/**
 * Counts one failed sign-in. A failure after the window (or after a lock ran out) starts a new
 * count. Answers until when the login or address is now refused, when this failure reached the limit.
 */
export function recordSignInFailure(db: Db, scope: SignInScope, key: string, now: string): string | null {
  const limit = SIGN_IN_LIMITS[scope];
  const k = keyOf(scope, key);
  return db.transaction(() => {
    forgetOldFailures(db, now);
    const row = prepared(db, 'SELECT failures, first_failed_at, locked_until FROM sign_in_failures WHERE scope = ? AND key = ?').get(scope, k) as
      | FailureRow
      | undefined;
    const fresh = !row || (row.locked_until !== null && row.locked_until <= now) || plusMinutes(row.first_failed_at, limit.minutes) <= now;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= limit.failures ? plusMinutes(now, limit.minutes) : null;
    prepared(
      db,
      `INSERT INTO sign_in_failures (scope, key, failures, first_failed_at, last_failed_at, locked_until) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures,
         first_failed_at = CASE WHEN ? THEN excluded.first_failed_at ELSE first_failed_at END,
         last_failed_at = excluded.last_failed_at, locked_until = excluded.locked_until`,
    ).run(scope, k, failures, now, now, lockedUntil, fresh ? 1 : 0);
    return lockedUntil;
  }).immediate();
}

/** A clerk signed in: the login's count starts again (an address's count is left to run out). */
export function clearSignInFailures(db: Db, login: string): void {
  prepared(db, "DELETE FROM sign_in_failures WHERE scope = 'login' AND key = ?").run(keyOf('login', login));
}

/** Rows whose window and lock are over say nothing any more; guessed logins must not pile up. */
function forgetOldFailures(db: Db, now: string): void {
  const longest = Math.max(...Object.values(SIGN_IN_LIMITS).map((limit) => limit.minutes));
  const cutoff = new Date(Date.parse(now) - longest * 60_000).toISOString();
  prepared(db, 'DELETE FROM sign_in_failures WHERE last_failed_at < ? AND (locked_until IS NULL OR locked_until <= ?)').run(cutoff, now);
}
