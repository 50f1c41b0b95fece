// Failed clerk sign-ins (issue 12): after 5 failed passwords for one login the login is refused
// for 15 minutes, and the count lives in the store so that restarting the desk does not reset it.
// A row counts failures per login (lower case) or per address (the browser host's caller), from
// the first failure of the current window; `locked_until` is set once the limit is reached.
import type { Migration } from './types';

export const migration0009: Migration = {
  version: 9,
  name: 'sign-in failures',
  up: `
CREATE TABLE sign_in_failures (
  scope            TEXT NOT NULL CHECK (scope IN ('login', 'address')),
  key              TEXT NOT NULL,
  failures         INTEGER NOT NULL CHECK (failures > 0),
  first_failed_at  TEXT NOT NULL,
  last_failed_at   TEXT NOT NULL,
  locked_until     TEXT,
  PRIMARY KEY (scope, key)
) STRICT, WITHOUT ROWID;
`,
};
