import type { Database } from 'better-sqlite3';

/** One forward-only schema step. Once landed, a migration is never edited: add the next one. */
export interface Migration {
  version: number;
  name: string;
  /** SQL run as one script, or a function for steps that need code. */
  up: string | ((db: Database) => void);
}
