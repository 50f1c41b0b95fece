// SQLite's refusals that are about the disk or the file, not the command: a full disk, a folder or
// disk that went read-only, an I/O error, a damaged page. The transaction was rolled back (nothing
// half-written), so the clerk is told in words which file and disk, and what to do.
import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors';

function sqliteCode(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'SqliteError') return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function freeSpace(folder: string): string {
  try {
    const stat = statfsSync(folder);
    const free = stat.bavail * stat.bsize;
    return free >= 1024 * 1024 ? `${(free / 1024 / 1024).toFixed(1)} MB free` : `${Math.floor(free / 1024)} KB free`;
  } catch {
    return 'free space unknown';
  }
}

/** Why the folder cannot be written now, or null if it can (an I/O error on a disk that turned read-only). */
function unwritable(folder: string): string | null {
  try {
    accessSync(folder, constants.W_OK);
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'not writable';
  }
}

/** True for the SQLite error codes that mean the file itself is damaged. */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

/**
 * The AppError a store error stands for, naming `file` and its disk, or null when the error is not
 * about the store's disk or file (a constraint, a bug: those stay INTERNAL).
 */
export function storeErrorOf(error: unknown, file: string): AppError | null {
  const code = sqliteCode(error);
  if (code === null) return null;
  const folder = dirname(file);
  if (code === 'SQLITE_FULL') {
    return new AppError(
      'STORE_FULL',
      `The disk holding ${file} is full (${freeSpace(folder)}): nothing was saved. Free space on that disk, then do it again; the desk still shows everything.`,
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError(
      'STORE_READONLY',
      `${file} cannot be written (the folder ${folder} or its disk is read-only): nothing was saved. The desk still shows everything; ask IT to make the folder writable again.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new AppError(
      'STORE_DAMAGED',
      `${file} is damaged (SQLite: ${(error as Error).message}): nothing was saved. Restore the latest backup in Settings → Backup and restore.`,
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    const why = unwritable(folder);
    if (why !== null) {
      return new AppError('STORE_READONLY', `${file} cannot be written (${why}: the folder ${folder} or its disk is read-only now): nothing was saved.`);
    }
    return new AppError(
      'STORE_IO',
      `The disk holding ${file} failed (${code}): nothing was saved. Check the disk; if it happens again, restore a backup onto a good disk.`,
    );
  }
  return null;
}
