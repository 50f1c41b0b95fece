// The check a store file gets before the desk opens it for writing. It reads and never writes:
// the file's header through the file system, then a read-only SQLite connection for the schema
// version and the tables. `PRAGMA quick_check` reads every page (about 4 ms a MB here: 1 s for
// the 250 MB of a 100,000-request store, 10 s for a 2.4 GB one), so it runs at open only on a
// store small enough to keep the cold open fast; bigger ones get the full check in a worker.
import { accessSync, closeSync, constants, existsSync, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { StoreProblemKind } from '../../shared/storeSafety';
import { LATEST_SCHEMA_VERSION } from './migrations';

/** Stores up to this size get `PRAGMA quick_check` at open (about 0.1 s on this machine). */
export const QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024;

/** Tables every store has from migration 1 on; a store without one of them is not a desk's store. */
const CORE_TABLES = ['settings', 'outbox', 'sync_state', 'requests', 'libraries'];

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export type StoreCheck =
  | { ok: true; exists: boolean; schemaVersion: number; sizeBytes: number; quickChecked: boolean }
  | { ok: false; problem: StoreProblemKind; detail: string; sizeBytes: number | null };

export interface CheckOptions {
  nativeBinding?: string;
  /** How long to wait for another process's lock before calling the store locked. */
  lockWaitMs?: number;
  /** Run `quick_check` up to this size (tests of the big-store path set 0). */
  quickCheckMaxBytes?: number;
}

function problem(kind: StoreProblemKind, detail: string, sizeBytes: number | null = null): StoreCheck {
  return { ok: false, problem: kind, detail, sizeBytes };
}

function errnoOf(error: unknown): string {
  return typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : '';
}

/** The header fields the size check needs (https://www.sqlite.org/fileformat.html#the_database_header). */
export function readHeader(header: Buffer): { pageSize: number; pages: number | null } | null {
  if (header.length < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) return null;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return null;
  // The in-header size is valid only when the "version-valid-for" number equals the change counter.
  const pages = header.readUInt32BE(92) === header.readUInt32BE(24) ? header.readUInt32BE(28) : null;
  return { pageSize, pages };
}

function classifySqliteError(error: unknown, sizeBytes: number): StoreCheck {
  const code = errnoOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return problem('locked', `Another program holds a lock on the file (${code}: ${message}).`, sizeBytes);
  }
  if (code.startsWith('SQLITE_READONLY')) return problem('readonly', `The file or its folder cannot be written (${code}: ${message}).`, sizeBytes);
  if (code === 'SQLITE_FULL') return problem('disk-full', `The disk holding it is full (${message}).`, sizeBytes);
  if (code === 'SQLITE_NOTADB') return problem('not-a-store', `SQLite does not recognise it as a database (${message}).`, sizeBytes);
  if (code.startsWith('SQLITE_CORRUPT')) return problem('corrupt', `SQLite found it damaged (${code}: ${message}).`, sizeBytes);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return problem('unreadable', `SQLite cannot read it (${code}: ${message}).`, sizeBytes);
  }
  return problem('corrupt', `SQLite could not read it (${code || 'error'}: ${message}).`, sizeBytes);
}

function walSize(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** Whether the desk may write beside the store (the WAL and its index live next to the file). */
function folderWritable(file: string): string | null {
  for (const target of [dirname(file), file]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'ENOENT') continue;
      return `${target} cannot be written (${code || String(error)}).`;
    }
  }
  return null;
}

/**
 * Checks a store file without writing to it. A missing file is fine (the desk makes a new store);
 * anything else that is not a whole, readable store of a schema this desk knows is a problem.
 */
export function checkStoreFile(file: string, options: CheckOptions = {}): StoreCheck {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') return { ok: true, exists: false, schemaVersion: 0, sizeBytes: 0, quickChecked: false };
    return problem('unreadable', `The system refuses to open it for reading (${code || String(error)}).`);
  }
  let sizeBytes: number;
  const header = Buffer.alloc(100);
  let read: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return problem('unreadable', 'It is not a regular file (a folder or a device has its name).');
    sizeBytes = stat.size;
    if (sizeBytes === 0) return problem('empty', 'The file has 0 bytes: whatever was in it is gone.', 0);
    read = readSync(fd, header, 0, 100, 0);
  } catch (error) {
    return problem('unreadable', `Reading it failed (${errnoOf(error) || String(error)}).`);
  } finally {
    closeSync(fd);
  }
  if (read < 100) return problem('truncated', `The file has only ${sizeBytes} bytes, less than an SQLite header.`, sizeBytes);
  const parsed = readHeader(header);
  if (!parsed) {
    return problem('not-a-store', `Its first bytes are not an SQLite database's header ("SQLite format 3"); it has ${sizeBytes} bytes.`, sizeBytes);
  }
  // A log with committed work not yet copied into the file (the desk stopped, or was killed, before
  // a checkpoint finished) may hold the pages the file lacks: SQLite replays it, so it judges.
  const sizesTell = walSize(file) === 0;
  if (sizesTell && sizeBytes % parsed.pageSize !== 0) {
    return problem('truncated', `Its ${sizeBytes} bytes are not a whole number of ${parsed.pageSize}-byte pages: part of a page is missing.`, sizeBytes);
  }
  if (sizesTell && parsed.pages !== null && parsed.pages * parsed.pageSize > sizeBytes) {
    return problem(
      'truncated',
      `Its header says ${parsed.pages} pages of ${parsed.pageSize} bytes (${parsed.pages * parsed.pageSize} bytes), but the file has ${sizeBytes}: the end is missing.`,
      sizeBytes,
    );
  }
  const notWritable = folderWritable(file);
  return checkWithSqlite(file, sizeBytes, options, notWritable);
}

/**
 * SQLite makes a WAL store's index and log files (`-shm`, `-wal`) even for a read-only look. After a
 * look at a store the desk will not open, those it made, still empty, are removed, so the look
 * leaves nothing behind; files that were there before (committed work not yet in the store) are
 * never touched, nor any while another program may be using the store (`keepIf`).
 */
export function withoutLeftovers<T>(file: string, look: () => T, keepIf: (result: T) => boolean = () => false): T {
  const had = existsSync(`${file}-wal`) || existsSync(`${file}-shm`);
  let keep = had;
  try {
    const result = look();
    keep ||= keepIf(result);
    return result;
  } finally {
    if (!keep) removeEmptyLeftovers(file);
  }
}

function removeEmptyLeftovers(file: string): void {
  let walEmpty = true;
  try {
    walEmpty = statSync(`${file}-wal`).size === 0;
  } catch {
    // no log was made
  }
  if (walEmpty) {
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
}

function checkWithSqlite(file: string, sizeBytes: number, options: CheckOptions, notWritable: string | null): StoreCheck {
  // A sound store is opened right after (it needs those files); a locked one is another program's.
  return withoutLeftovers(file, () => lookWithSqlite(file, sizeBytes, options, notWritable), (check) => check.ok || check.problem === 'locked');
}

function lookWithSqlite(file: string, sizeBytes: number, options: CheckOptions, notWritable: string | null): StoreCheck {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding, timeout: options.lockWaitMs ?? 1500 });
  } catch (error) {
    return notWritable ? problem('readonly', notWritable, sizeBytes) : classifySqliteError(error, sizeBytes);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      return problem(
        'too-new',
        `It was written by a newer ILL Desk (schema ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}).`,
        sizeBytes,
      );
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    if (version > 0) {
      const missing = CORE_TABLES.filter((t) => !tables.has(t));
      if (missing.length > 0) return problem('corrupt', `Its schema is version ${version} but the tables ${missing.join(', ')} are missing.`, sizeBytes);
      // The rows every start reads: the desk's identity and settings, the sync state.
      db.prepare('SELECT count(*) FROM settings').get();
      db.prepare('SELECT * FROM sync_state').all();
    }
    let quickChecked = false;
    if (sizeBytes <= (options.quickCheckMaxBytes ?? QUICK_CHECK_MAX_BYTES)) {
      const found = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
      const lines = found.map((row) => row.quick_check);
      if (lines.length !== 1 || lines[0] !== 'ok') return problem('corrupt', `SQLite's quick check found: ${lines.join('; ')}`, sizeBytes);
      quickChecked = true;
    }
    if (notWritable) return problem('readonly', notWritable, sizeBytes);
    return { ok: true, exists: true, schemaVersion: version, sizeBytes, quickChecked };
  } catch (error) {
    // A WAL store in a folder that cannot be written cannot even be read (its index file cannot be made).
    if (notWritable) return problem('readonly', notWritable, sizeBytes);
    return classifySqliteError(error, sizeBytes);
  } finally {
    db.close();
  }
}

/** A store the desk will not open: which file, what is wrong, the detail. Nothing was written to it. */
export class StoreProblemError extends AppError {
  constructor(
    readonly problem: StoreProblemKind,
    readonly file: string,
    readonly profile: 'demo' | 'live',
    readonly detail: string,
  ) {
    super('STORE_UNAVAILABLE', `${file}: ${detail}`);
    this.name = 'StoreProblemError';
  }
}

/** What an error while opening a store (after its check passed) says about the file. */
export function problemOfOpenError(error: unknown): { problem: StoreProblemKind; detail: string } | null {
  if (error instanceof AppError) {
    if (error.code === 'DB_TOO_NEW') return { problem: 'too-new', detail: error.message };
    if (error.code === 'BACKUP_FAILED') return { problem: 'backup-failed', detail: error.message };
    return null;
  }
  const code = errnoOf(error);
  if (!code.startsWith('SQLITE_')) return null;
  if (code.startsWith('SQLITE_READONLY')) return { problem: 'readonly', detail: `The file or its folder cannot be written (${code}: ${(error as Error).message}).` };
  const check = classifySqliteError(error, 0);
  return check.ok ? null : { problem: check.problem, detail: check.detail };
}
