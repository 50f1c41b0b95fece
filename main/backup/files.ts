// The backups folder, `<data>/backups/`: each backup is one SQLite file and, beside it, the record
// of what it is (`<name>.json`: when it was taken, why, its size and schema version, whether it
// passed its check). A backup appears only once it is complete and checked; a copy in progress
// has another name (`.partial`). Files set aside (a replaced or damaged store) go to
// `<data>/set-aside/` and are never deleted by the desk.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { BACKUP_REASONS, type BackupReason, type BackupRecord } from '../../shared/storeSafety';

/** How many backups the desk keeps; the oldest go when a new one is made. */
export const BACKUPS_KEPT = 14;

/** A backup's file name as the desk makes it: no path, no surprises. */
export const BACKUP_NAME = /^(desk|demo)-\d{8}T\d{6}\.\d{3}Z-[a-z]+(-\d+)?\.sqlite$/;

export function backupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

export function setAsideDir(dataDir: string): string {
  return join(dataDir, 'set-aside');
}

/** 2026-11-02T02:00:00.000Z → 20261102T020000.000Z: sortable, and a legal file name everywhere. */
export function compactStamp(iso: string): string {
  return iso.replace(/[-:]/g, '').replace(/(\.\d{3})?Z$/, (_, ms: string | undefined) => `${ms ?? '.000'}Z`);
}

/** A new backup's name; never one already in the folder. */
export function newBackupName(dir: string, takenAt: string, reason: BackupReason, profile: 'demo' | 'live'): string {
  const base = `${profile === 'live' ? 'desk' : 'demo'}-${compactStamp(takenAt)}-${reason}`;
  let name = `${base}.sqlite`;
  for (let n = 2; existsSync(join(dir, name)) || existsSync(join(dir, `${name}.partial`)); n++) name = `${base}-${n}.sqlite`;
  return name;
}

const recordSchema = z.object({
  name: z.string().regex(BACKUP_NAME),
  takenAt: z.string().datetime(),
  reason: z.enum(BACKUP_REASONS),
  sizeBytes: z.number().int().min(0),
  schemaVersion: z.number().int().min(0),
  verified: z.boolean(),
  check: z.string().max(2000),
  profile: z.enum(['demo', 'live']),
  deskId: z.string().max(64).nullable(),
  libraryCode: z.string().max(6).nullable(),
});

/** Writes a file and makes it durable before anyone relies on it (the record, a restored store). */
export function writeDurably(file: string, text: string): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, text);
  fsyncFile(temp);
  renameSync(temp, file);
  fsyncFolder(join(file, '..'));
}

export function fsyncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A rename is durable once its folder is: fsync the folder (where the system allows it). */
export function fsyncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some systems (Windows) cannot fsync a folder; the rename is as durable as they make it.
  } finally {
    closeSync(fd);
  }
}

export function writeRecord(dir: string, record: BackupRecord): void {
  writeDurably(join(dir, `${record.name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

/** Every backup in the folder whose file and record are both there, newest first. */
export function listBackups(dir: string, filter: { profile?: 'demo' | 'live'; deskId?: string | null } = {}): BackupRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const records: BackupRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.sqlite.json')) continue;
    const file = name.slice(0, -'.json'.length);
    if (!BACKUP_NAME.test(file) || !existsSync(join(dir, file))) continue;
    let record: BackupRecord;
    try {
      const parsed = recordSchema.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success || parsed.data.name !== file) continue;
      record = parsed.data;
    } catch {
      continue;
    }
    if (filter.profile && record.profile !== filter.profile) continue;
    if (filter.deskId && record.deskId !== null && record.deskId !== filter.deskId) continue;
    records.push(record);
  }
  return records.sort((a, b) => (a.takenAt < b.takenAt ? 1 : a.takenAt > b.takenAt ? -1 : a.name < b.name ? 1 : -1));
}

export function findBackup(dir: string, name: string): BackupRecord | undefined {
  return listBackups(dir).find((record) => record.name === name);
}

/**
 * Keeps the newest `keep` backups of one store and removes the rest, oldest first; the newest
 * verified backup is kept whatever its age, so a run of failed backups never leaves none good.
 */
export function pruneBackups(dir: string, filter: { profile: 'demo' | 'live'; deskId: string | null }, keep = BACKUPS_KEPT): string[] {
  const records = listBackups(dir, filter);
  const newestGood = records.find((r) => r.verified);
  const removed: string[] = [];
  let kept = 0;
  for (const record of records) {
    if (kept < keep || record === newestGood) {
      kept++;
      continue;
    }
    rmSync(join(dir, record.name), { force: true });
    rmSync(join(dir, `${record.name}.json`), { force: true });
    removed.push(record.name);
  }
  return removed;
}

/** Removes copies a stopped desk left half-made (`.partial`): they were never backups. */
export function removePartials(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.endsWith('.partial') || name.endsWith('.partial-journal')) rmSync(join(dir, name), { force: true });
}

/**
 * Moves a store file (and its WAL and index, if any) into `<data>/set-aside/` under a name that
 * says when and why. Nothing is deleted: the clerk or IT may still want what is in it.
 */
export function setAside(file: string, dataDir: string, why: string, at: string): string {
  const dir = setAsideDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const base = basename(file).replace(/\.sqlite$/, '');
  let target = join(dir, `${base}-${compactStamp(at)}-${why}.sqlite`);
  for (let n = 2; existsSync(target); n++) target = join(dir, `${base}-${compactStamp(at)}-${why}-${n}.sqlite`);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(`${file}${suffix}`)) renameSync(`${file}${suffix}`, `${target}${suffix}`);
  }
  if (existsSync(file) || isDirectory(file)) renameSync(file, target);
  fsyncFolder(dir);
  fsyncFolder(join(file, '..'));
  return target;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
