// The demo profile: the embedded default a desk starts on when no hub is configured. Its records
// live in their own store file, never mixed into a live library's store (DESIGN §4).
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setAside } from '../backup/files';
import { openStore, type Db, type OpenStoreOptions } from '../store/db';
import { generateDemo, isEmptyStore, type DemoOptions } from './generate';

/** The demo a desk gets on its first start: 2,000 requests, 200 readers. */
export const DEFAULT_PROFILE_REQUESTS = 2000;
export const DEFAULT_PROFILE_READERS = 200;

export interface DemoStoreOptions extends OpenStoreOptions, Partial<Omit<DemoOptions, 'requests' | 'parallel'>> {
  requests?: number;
}

function removeStoreFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/**
 * Opens the demo store at `file`. When there is none yet, or it is an SQLite store with no data
 * (no desk identity, no libraries, readers or requests), the default demo is generated first —
 * into a scratch file that takes the store's name only once it is complete, so an interrupted
 * first start leaves no half-made demo behind. A store with data is opened as it is. (The desk
 * checks a store before it gets here: a damaged or zero-byte file is never taken for an empty one.)
 *
 * `now` defaults to the current time, so the demo's open loans and hold shelf look current on the
 * day the desk first starts (pass a fixed `now` and `seed` for a reproducible store).
 */
export function ensureDemoStore(file: string, opts: DemoStoreOptions = {}): Db {
  const { nativeBinding, migrateTo, readonly, backupDir, clock, requests, readers, seed, now, onProgress, onStage } = opts;
  const storeOptions: OpenStoreOptions = { nativeBinding, migrateTo, readonly, backupDir, clock };
  if (readonly) return openStore(file, storeOptions);
  if (existsSync(file)) {
    const db = openStore(file, storeOptions);
    let empty: boolean;
    try {
      empty = isEmptyStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
    if (!empty) return db;
    db.close();
  }
  const scratch = `${file}.generating`;
  removeStoreFiles(scratch);
  const db = openStore(scratch, storeOptions);
  try {
    generateDemo(db, {
      requests: requests ?? DEFAULT_PROFILE_REQUESTS,
      readers: readers ?? DEFAULT_PROFILE_READERS,
      seed,
      now: now ?? new Date().toISOString(),
      onProgress,
      onStage,
    });
  } catch (error) {
    db.close();
    removeStoreFiles(scratch);
    throw error;
  }
  db.close(); // checkpoints and removes the WAL: the scratch file is the whole store
  // A store file already there held no data (a first start stopped early, a store made by hand):
  // it is moved aside rather than deleted, like every store the desk replaces.
  if (existsSync(file)) setAside(file, dirname(file), 'empty', (clock ?? (() => new Date().toISOString()))());
  renameSync(scratch, file);
  return openStore(file, storeOptions);
}

/** The name the desk's start-up code uses for the same thing. */
export const openDemoProfile = ensureDemoStore;
