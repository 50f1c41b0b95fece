// The long work on a store, run in a worker thread with its own SQLite connections (worker.ts), or
// in line where no worker can start: copying a live store with SQLite's online backup API,
// checking a copy, and the full integrity check of the live store.
import { closeSync, fdatasyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { fsyncFile, fsyncFolder } from './files';

export interface CopyProgress {
  done: number;
  total: number;
}

export interface CopyResult {
  pages: number;
}

export interface CheckResult {
  ok: boolean;
  /** `ok`, or the first lines SQLite's check reported (or why it could not run). */
  message: string;
  schemaVersion: number;
  sizeBytes: number;
  identity: { profile: 'demo' | 'live'; deskId: string; libraryCode: string } | null;
}

/** Pages per backup step: 4 MB at a time, each made durable before the next (see copyStore). */
const PAGES_PER_STEP = 1000;

/**
 * Copies the store at `source` into `target` with SQLite's online backup API. The source
 * connection holds one read transaction for the whole copy, so the copy is the store as it was
 * at that moment: the desk's own writes meanwhile (WAL mode) neither wait for it nor make the
 * backup start over, as they would if each step took a fresh snapshot. Each step's pages are
 * flushed to disk before the next, so the copy never dumps hundreds of MB on the disk at once
 * and holds up the desk's own commits (a 100 ms stall per commit was measured without it).
 * The copy is written to `<target>.partial` and takes its name only when complete.
 */
export async function copyStore(source: string, target: string, nativeBinding: string | undefined, onProgress: (p: CopyProgress) => void): Promise<CopyResult> {
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { readonly: true, fileMustExist: true, nativeBinding });
  let fd: number | null = null;
  try {
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // the snapshot starts at the first read
    const result = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        try {
          fd ??= openSync(partial, 'r+');
          fdatasyncSync(fd);
        } catch {
          // The copy's first step has not made the file yet: nothing to flush.
        }
        onProgress({ done: totalPages - remainingPages, total: totalPages });
        return PAGES_PER_STEP;
      },
    });
    db.exec('COMMIT');
    if (fd !== null) closeSync(fd);
    fd = null;
    makeSelfContained(partial, nativeBinding);
    fsyncFile(partial);
    renameSync(partial, target);
    fsyncFolder(target.replace(/[/\\][^/\\]+$/, ''));
    onProgress({ done: result.totalPages, total: result.totalPages });
    return { pages: result.totalPages };
  } catch (error) {
    if (fd !== null) closeSync(fd);
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * A copy of a WAL store says "WAL" in its header; as a backup it is one file on its own, so it is
 * switched to a rollback journal (the desk switches a restored store back to WAL when it opens it).
 */
export function makeSelfContained(file: string, nativeBinding: string | undefined): void {
  const db = new Database(file, { fileMustExist: true, nativeBinding });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/** The desk's identity as written in a store's settings, if it can be read. */
function identityOf(db: Database.Database): CheckResult['identity'] {
  try {
    const row = db.prepare("SELECT value_json FROM settings WHERE key = 'desk'").get() as { value_json: string } | undefined;
    if (!row) return null;
    const value = JSON.parse(row.value_json) as { profile?: unknown; deskId?: unknown; libraryCode?: unknown };
    if ((value.profile !== 'demo' && value.profile !== 'live') || typeof value.deskId !== 'string' || typeof value.libraryCode !== 'string') return null;
    return { profile: value.profile, deskId: value.deskId, libraryCode: value.libraryCode };
  } catch {
    return null;
  }
}

/**
 * Opens a store read-only and runs `PRAGMA integrity_check` on all of it (every page, every index
 * against its table). A backup passes only with `ok`; the live store is checked the same way.
 */
export function checkStore(file: string, nativeBinding: string | undefined): CheckResult {
  let sizeBytes = 0;
  try {
    sizeBytes = statSync(file).size;
  } catch (error) {
    return { ok: false, message: `The file cannot be read: ${error instanceof Error ? error.message : String(error)}`, schemaVersion: 0, sizeBytes, identity: null };
  }
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  } catch (error) {
    return { ok: false, message: `SQLite cannot open it: ${error instanceof Error ? error.message : String(error)}`, schemaVersion: 0, sizeBytes, identity: null };
  }
  try {
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const lines = (db.pragma('integrity_check(10)') as { integrity_check: string }[]).map((row) => row.integrity_check);
    const ok = lines.length === 1 && lines[0] === 'ok';
    return { ok, message: ok ? 'ok' : lines.join('; ').slice(0, 1900), schemaVersion, sizeBytes, identity: identityOf(db) };
  } catch (error) {
    return { ok: false, message: `SQLite could not check it: ${error instanceof Error ? error.message : String(error)}`, schemaVersion: 0, sizeBytes, identity: null };
  } finally {
    db.close();
  }
}
