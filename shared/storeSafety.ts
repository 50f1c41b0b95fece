// The desk's store kept safe: its backups, what the check at start found, and the alerts a failing
// disk or a rotten file raises. Shared by main (which does the work) and the screens (which say it).

/** Why a backup was taken. */
export const BACKUP_REASONS = ['daily', 'manual', 'migration', 'restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** One backup in `<data>/backups/`, as recorded when it was taken and verified. */
export interface BackupRecord {
  /** The file's name in the backups folder, e.g. `desk-20261102T020000Z-daily.sqlite`. */
  name: string;
  /** When the copy was taken (ISO-8601 UTC): the store as it was at this moment. */
  takenAt: string;
  reason: BackupReason;
  sizeBytes: number;
  /** The copy's schema version (`user_version`). */
  schemaVersion: number;
  /** True when the copy was opened and `PRAGMA integrity_check` answered ok. */
  verified: boolean;
  /** `ok`, or the first problem the check found (or why it could not run). */
  check: string;
  profile: 'demo' | 'live';
  deskId: string | null;
  libraryCode: string | null;
}

/** A long backup or check as it goes, for the screens (event `backup.progress`). */
export interface BackupProgress {
  /** The backup's file name, or the store's for a full check. */
  name: string;
  phase: 'copy' | 'verify' | 'check' | 'done' | 'failed';
  /** Pages copied so far and in all (0 of 0 while verifying, whose SQLite pragma reports nothing). */
  done: number;
  total: number;
  message?: string;
}

/** What the check at start found wrong with a store file (each one said in words on the recovery page). */
export const STORE_PROBLEMS = [
  /** The file has zero bytes. */
  'empty',
  /** Its first bytes are not an SQLite database's. */
  'not-a-store',
  /** Shorter than its own header says: the end of the file is missing. */
  'truncated',
  /** SQLite or the check found damaged pages, tables or indexes. */
  'corrupt',
  /** Written by a newer ILL Desk (its schema version is beyond this one's). */
  'too-new',
  /** Another process holds a lock on it. */
  'locked',
  /** The operating system refuses to read it (permissions, an I/O error, not a file). */
  'unreadable',
  /** The folder or disk it is on cannot be written. */
  'readonly',
  /** The disk it is on is full: the desk cannot even open it (opening writes its journal). */
  'disk-full',
  /** It needs upgrading, and the copy taken before every upgrade failed: it was not changed. */
  'backup-failed',
] as const;
export type StoreProblemKind = (typeof STORE_PROBLEMS)[number];

/** The store's state as the desk knows it (query `store.health`, open before sign-in). */
export interface StoreHealth {
  /** `ok`: the desk runs on it; `recovery`: it was not opened, the recovery page shows. */
  state: 'ok' | 'recovery';
  /** The store file the desk runs on, or the one it could not open. */
  file: string;
  profile: 'demo' | 'live';
  /** What is wrong (null when nothing is). */
  problem: StoreProblemKind | null;
  /** The technical detail: SQLite's or the system's words, the sizes found. */
  detail: string | null;
  /** Where the damaged file was put once the clerk chose what to do (it is never deleted). */
  setAside: string | null;
  /** The last full integrity check of this file (null: none yet). */
  lastFullCheck: { at: string; ok: boolean; message: string } | null;
  /** The saved hub settings could be read from the damaged store: a fresh pull needs no typing. */
  hubKnown: { url: string; deskId: string } | null;
  /** After a restore: the backup's time, until the desk has caught up with the hub. */
  restoredFrom: { name: string; takenAt: string; reconciled: boolean } | null;
}

/** Something wrong with the store found while the desk runs (event `store.alert`). */
export interface StoreAlert {
  kind: 'integrity' | 'full' | 'readonly' | 'io' | 'damaged' | 'backup';
  file: string;
  message: string;
  at: string;
}
