// Reader notices are retried with backoff: each queued notice remembers when it may be tried again,
// so a mail server that is down is not hammered and the other notices still go in order.
import type { Migration } from './types';

export const migration0005: Migration = {
  version: 5,
  name: 'notice retry',
  up: `
ALTER TABLE notices ADD COLUMN next_attempt_at TEXT;
`,
};
