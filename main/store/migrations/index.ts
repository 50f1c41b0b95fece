import { migration0001 } from './0001-core';
import { migration0002 } from './0002-search';
import { migration0003 } from './0003-numbers-and-hold-shelf';
import { migration0004 } from './0004-clerks-print-notices';
import { migration0005 } from './0005-notice-retry';
import { migration0006 } from './0006-print-outcome';
import { migration0007 } from './0007-ledger';
import { migration0008 } from './0008-ledger-consent';
import { migration0009 } from './0009-sign-in-failures';
import type { Migration } from './types';

/** Every migration in order. Append only; never edit or reorder a landed one. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
export type { Migration };
