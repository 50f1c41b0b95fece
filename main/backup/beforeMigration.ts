// The backup taken before a store is migrated. It runs at start-up, before any window shows and
// before any command is taken, so it may hold the thread: `VACUUM INTO` writes a consistent copy
// in one statement (the online backup API is asynchronous in better-sqlite3, and the migration
// that follows must wait for the copy anyway). The copy is checked like every backup; a store
// whose copy fails is not migrated.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { BackupRecord } from '../../shared/storeSafety';
import { fsyncFile, fsyncFolder, newBackupName, pruneBackups, writeRecord } from './files';
import { checkStore, makeSelfContained } from './tasks';

export function backupBeforeMigration(db: Database.Database, dir: string, from: number, to: number, now: string, nativeBinding?: string): BackupRecord {
  let identity: { profile?: unknown; deskId?: unknown; libraryCode?: unknown } = {};
  try {
    const row = db.prepare("SELECT value_json FROM settings WHERE key = 'desk'").get() as { value_json: string } | undefined;
    if (row) identity = JSON.parse(row.value_json) as typeof identity;
  } catch {
    // A store without settings yet: named by its file.
  }
  const profile = identity.profile === 'live' || identity.profile === 'demo' ? identity.profile : basename(db.name).startsWith('demo') ? 'demo' : 'live';
  let name: string;
  let target: string;
  let partial: string | null = null;
  try {
    mkdirSync(dir, { recursive: true });
    name = newBackupName(dir, now, 'migration', profile);
    target = join(dir, name);
    partial = `${target}.partial`;
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    makeSelfContained(partial, nativeBinding);
    fsyncFile(partial);
    renameSync(partial, target);
    fsyncFolder(dir);
  } catch (error) {
    if (partial !== null) rmSync(partial, { force: true });
    throw new AppError(
      'BACKUP_FAILED',
      `Before upgrading ${db.name} from schema ${from} to ${to} the desk copies it into ${dir}; the copy failed (${error instanceof Error ? error.message : String(error)}). The store was not changed.`,
    );
  }
  const check = checkStore(target, nativeBinding);
  const record: BackupRecord = {
    name,
    takenAt: now,
    reason: 'migration',
    sizeBytes: check.sizeBytes,
    schemaVersion: check.schemaVersion,
    verified: check.ok && check.schemaVersion === from,
    check: check.ok && check.schemaVersion !== from ? `The copy is at schema ${check.schemaVersion}, not ${from}.` : check.message,
    profile,
    deskId: typeof identity.deskId === 'string' ? identity.deskId : null,
    libraryCode: typeof identity.libraryCode === 'string' ? identity.libraryCode : null,
  };
  writeRecord(dir, record);
  if (!record.verified) {
    throw new AppError(
      'BACKUP_FAILED',
      `The copy of ${db.name} taken before upgrading it (${existsSync(target) ? target : name}) did not pass its check: ${record.check}. The store was not changed.`,
    );
  }
  pruneBackups(dir, { profile, deskId: record.deskId });
  return record;
}
