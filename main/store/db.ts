// Opening the desk's store: one SQLite file, WAL, foreign keys, synchronous=FULL (a clerk's
// scan is on disk before the screen says so), and the schema migrated forward at start-up.
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { backupBeforeMigration } from '../backup/beforeMigration';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenStoreOptions {
  /**
   * Path to a better-sqlite3 binary built for this runtime. Electron passes the one rebuilt for
   * its ABI; Node (tests, the browser host, benchmarks) uses the package's own build.
   */
  nativeBinding?: string;
  /** Stop migrating at this version (tests of each migration step). */
  migrateTo?: number;
  readonly?: boolean;
  /**
   * Where a store that has data is copied before it is migrated (the desk's `<data>/backups`).
   * Without it (tools, tests of a migration) the store is migrated without a copy.
   */
  backupDir?: string;
  /** The clock the pre-migration backup is named by. */
  clock?: () => string;
}

// Every CJK (and other wide) character becomes its own token for the short-query index.
const WIDE_CHAR = /([\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60])/gu;
export function spacedForShortIndex(text: string | null): string {
  return text ? text.replace(WIDE_CHAR, ' $1 ') : '';
}

function registerFunctions(db: Db): void {
  db.function('ill_spaced', { deterministic: true }, (text: unknown) =>
    spacedForShortIndex(typeof text === 'string' ? text : null),
  );
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Runs the migrations the store has not seen, each in its own transaction with the version bump,
 * so a crash mid-way leaves the store at the last whole step. Refuses a store from a newer app.
 */
export function migrate(db: Db, target = LATEST_SCHEMA_VERSION, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = schemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `This store was written by a newer ILL Desk (schema ${current}; this version knows up to ${latest}). ` +
        'Install the newer version; the store has not been changed.',
    );
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function openStore(file: string, options: OpenStoreOptions = {}): Db {
  const db = new Database(file, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
  });
  try {
    registerFunctions(db);
    // Refuse a store from a newer app before touching it (even switching it to WAL is a change).
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) migrate(db);
    db.pragma('busy_timeout = 5000');
    if (options.readonly) {
      if (version < LATEST_SCHEMA_VERSION) {
        throw new AppError('DB_OUTDATED', `This store is at schema ${version}; open it read-write once to migrate it to ${LATEST_SCHEMA_VERSION}.`);
      }
      return db;
    }
    db.pragma('foreign_keys = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const target = Math.min(options.migrateTo ?? LATEST_SCHEMA_VERSION, LATEST_SCHEMA_VERSION);
    if (options.backupDir && version > 0 && version < target) {
      backupBeforeMigration(db, options.backupDir, version, target, (options.clock ?? (() => new Date().toISOString()))(), options.nativeBinding);
    }
    migrate(db, options.migrateTo);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
