// Failed passwords (DESIGN §7): after 5 for one login, that login is refused for 15 minutes,
// the right password too, so guessing costs an attacker 15 minutes per 5 tries. An address that
// fails 20 times in a window (many logins tried from one place) is refused the same way; the
// number is higher because a whole campus may sit behind one address. Each try is counted before
// its password is checked, so tries sent side by side cannot slip past the count.
import { HubError } from './errors';
import type { HubStore } from './store';

export const FAILURES_PER_LOGIN = 5;
export const FAILURES_PER_ADDRESS = 20;
export const LOCK_MINUTES = 15;
const LOCK_MS = LOCK_MINUTES * 60_000;

export function tooManyAttempts(lockedUntil: string): HubError {
  return new HubError(
    429,
    'TOO_MANY_ATTEMPTS',
    `Too many failed passwords; this login is refused until ${lockedUntil}. Try again after that time.`,
    undefined,
    { lockedUntil },
  );
}

export interface LoginGuard {
  /** Checks the password under the lockout: 429 while locked, the verdict of `verify` otherwise. */
  attempt(kind: 'reader', login: string, address: string, verify: () => Promise<boolean>): Promise<boolean>;
}

export function loginGuard(store: HubStore, now: () => Date, log: (line: string) => void): LoginGuard {
  return {
    async attempt(kind, login, address, verify) {
      const loginKey = `${kind}:${login.toLowerCase()}`;
      const addressKey = `address:${address}`;
      const limits = new Map([
        [loginKey, FAILURES_PER_LOGIN],
        [addressKey, FAILURES_PER_ADDRESS],
      ]);
      const hubTime = now().toISOString();
      const counts = await store.countLoginAttempt([loginKey, addressKey], hubTime, LOCK_MS);
      const locked = counts.map((c) => c.lockedUntil).filter((t): t is string => t !== null);
      if (locked.length > 0) throw tooManyAttempts(locked.sort().at(-1)!);
      // More tries in flight than the limit allows: refused without checking the password.
      const over = counts.filter((c) => c.failures > limits.get(c.key)!);
      if (over.length > 0) throw tooManyAttempts(await lock(over.map((c) => c.key)));
      if (await verify()) {
        await store.loginSucceeded(loginKey, addressKey);
        return true;
      }
      const reached = counts.filter((c) => c.failures >= limits.get(c.key)!);
      if (reached.length > 0) await lock(reached.map((c) => c.key));
      return false;

      async function lock(keys: string[]): Promise<string> {
        const until = new Date(now().getTime() + LOCK_MS).toISOString();
        for (const key of keys) {
          await store.lockLogin(key, until);
          // One line per lockout; the login as JSON so no newline in it can forge a log line; never the password.
          const what = key === addressKey ? `address ${address}` : `${kind} login ${JSON.stringify(login)} from ${address}`;
          log(`${now().toISOString()} LOCKOUT ${what} until ${until} after ${limits.get(key)} failed passwords`);
        }
        return until;
      }
    },
  };
}
