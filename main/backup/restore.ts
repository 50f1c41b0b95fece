// Putting a backup in the store's place. The store that was there is moved aside first (never
// deleted); the backup is copied beside the store under another name, made durable, and only then
// renamed into place, so a crash at any point leaves either no store (the recovery page offers the
// backup again) or the whole backup, never half of one. The backup itself stays in the folder.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { copyFile, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { BackupRecord } from '../../shared/storeSafety';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { fsyncFolder, setAside } from './files';

/** Refuses a backup that cannot be restored here, in words that say why. */
export function requireRestorable(record: BackupRecord | undefined, name: string, expected: { profile: 'demo' | 'live'; deskId: string | null }): BackupRecord {
  if (!record) throw new AppError('NOT_FOUND', `name: there is no backup ${name} in the backups folder.`, 'name');
  if (!record.verified) throw new AppError('INVALID_INPUT', `name: the backup ${name} did not pass its check when it was taken (${record.check}); choose another.`, 'name');
  if (record.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new AppError('INVALID_INPUT', `name: the backup ${name} was written by a newer ILL Desk (schema ${record.schemaVersion}).`, 'name');
  }
  if (record.profile !== expected.profile || (expected.deskId !== null && record.deskId !== null && record.deskId !== expected.deskId)) {
    throw new AppError('INVALID_INPUT', `name: the backup ${name} is of another store (${record.profile}, desk ${record.deskId ?? 'unknown'}).`, 'name');
  }
  return record;
}

/**
 * Copies a backup next to the store (`<store>.restoring`) and makes the copy durable, off the main
 * thread (a 2 GB store takes a while); the store itself is not touched yet, so a full disk stops
 * the restore before anything changed. Returns the copy's name.
 */
export async function stageBackup(backupFile: string, storeFile: string): Promise<string> {
  if (!existsSync(backupFile)) throw new AppError('NOT_FOUND', `The backup file ${backupFile} is gone.`);
  const temp = `${storeFile}.restoring`;
  rmSync(temp, { force: true });
  rmSync(`${temp}-journal`, { force: true });
  try {
    await copyFile(backupFile, temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    rmSync(temp, { force: true });
    throw new AppError('BACKUP_FAILED', `The backup could not be copied next to ${storeFile}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
  }
  return temp;
}

/**
 * Moves the store at `storeFile` aside (if there is one; its log and index go with it) and renames
 * the staged copy into its place. Returns where the old store went (null if there was none).
 */
export function swapInStaged(staged: string, storeFile: string, dataDir: string, why: string, now: string): string | null {
  const asideFile = existsSync(storeFile) || existsSync(`${storeFile}-wal`) ? setAside(storeFile, dataDir, why, now) : null;
  renameSync(staged, storeFile);
  fsyncFolder(dirname(storeFile));
  return asideFile;
}

/** Puts a set-aside store back where it was (a restore that could not open its backup). */
export function putBack(asideFile: string, storeFile: string): void {
  // What is at the store's name now is the copy of a backup, which stays in the backups folder.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${storeFile}${suffix}`, { force: true });
  for (const suffix of ['-wal', '-shm', '']) {
    if (existsSync(`${asideFile}${suffix}`)) renameSync(`${asideFile}${suffix}`, `${storeFile}${suffix}`);
  }
  fsyncFolder(dirname(storeFile));
}

export function backupFile(dir: string, record: BackupRecord): string {
  return join(dir, record.name);
}
