// The demo profile: the embedded default a desk starts on when no hub is configured. Its records
// live in their own store file, never mixed into a live library's store (DESIGN §4).
import { readDeskIdentity } from '../settings/store';
import { openStore, type Db, type OpenStoreOptions } from '../store/db';
import { generateDemo, type DemoOptions } from './generate';

/** The demo a desk gets on its first start: 2,000 requests, 200 readers. */
export const DEFAULT_PROFILE_REQUESTS = 2000;
export const DEFAULT_PROFILE_READERS = 200;

export interface DemoStoreOptions extends OpenStoreOptions, Partial<Omit<DemoOptions, 'requests'>> {
  requests?: number;
}

/**
 * Opens the demo store at `file` (created if missing). When the store has neither a desk
 * identity nor any request — a first start — it is filled with the default demo; otherwise it is
 * returned as it is. `now` defaults to the current time, so the demo's open loans and hold shelf
 * look current on the day the desk first starts (pass a fixed `now` for reproducible stores).
 */
export function ensureDemoStore(file: string, opts: DemoStoreOptions = {}): Db {
  const { nativeBinding, migrateTo, readonly, requests, readers, seed, now, onProgress } = opts;
  const db = openStore(file, { nativeBinding, migrateTo, readonly });
  try {
    const hasRequests = db.prepare('SELECT 1 FROM requests LIMIT 1').get() !== undefined;
    if (!readonly && readDeskIdentity(db) === undefined && !hasRequests) {
      generateDemo(db, {
        requests: requests ?? DEFAULT_PROFILE_REQUESTS,
        readers: readers ?? DEFAULT_PROFILE_READERS,
        seed,
        now: now ?? new Date().toISOString(),
        onProgress,
      });
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The name the desk's start-up code uses for the same thing. */
export const openDemoProfile = ensureDemoStore;
