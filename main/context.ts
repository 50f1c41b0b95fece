// What every service needs to know about where it runs: the store, this desk and library, the
// clerk, and the clock (injectable, so tests can stand at 59 and 61 minutes).
import type { HubConnectInput } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { HubSettings, PrintTargets, SyncStatus } from '../shared/types';
import type { BackupRecord, StoreHealth } from '../shared/storeSafety';
import { readDeskIdentity, type DeskIdentity } from './settings/store';
import type { ClerkSessions } from './clerks/session';
import type { Db } from './store/db';

export interface DeskContext extends DeskIdentity {
  db: Db;
  /** The desk's clock as an ISO-8601 UTC instant. */
  now: () => string;
  /** The running desk's sync and hub settings (absent in tests and tools that run services alone). */
  control?: DeskControl;
  /** Who is signed in at this desk (absent in tests and tools that run services alone). */
  session?: ClerkSessions;
  /** The caller's network address, where the transport has one (the browser host; not IPC). */
  address?: string;
}

/** What the desk runtime offers the handlers beyond the store. */
export interface DeskControl {
  syncStatus(): SyncStatus;
  syncNow(): Promise<SyncStatus>;
  hubSettings(): HubSettings;
  connect(input: HubConnectInput): Promise<HubSettings>;
  printTargets(): Promise<PrintTargets>;
  /** The store's state, its backups, a backup now, a restore (main/backup). */
  storeHealth(): StoreHealth;
  listBackups(): BackupRecord[];
  createBackup(): Promise<BackupRecord>;
  restoreBackup(name: string): Promise<StoreHealth>;
}

export function deskContext(db: Db, now: () => string = () => new Date().toISOString()): DeskContext {
  const identity = readDeskIdentity(db);
  if (!identity) {
    throw new AppError('INTERNAL', 'This store has no desk identity yet: load the demo or register the desk with a hub.');
  }
  return { db, now, ...identity };
}
