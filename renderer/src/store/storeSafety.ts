// The store's safety as the screens see it: whether the desk runs on its store or shows the
// recovery page, the backups, a backup's progress (backup.progress events) and the alerts a failing
// disk or a damaged file raise (store.alert events), shown on whatever screen the clerk is on.
import { create } from 'zustand';
import type { BackupProgress, BackupRecord, StoreAlert, StoreHealth } from '../../../shared/storeSafety';
import type { HubConnectInput } from '../../../shared/contract';
import { call, onEvent, toApiError, type ApiError } from '../api';

interface StoreSafetyState {
  health: StoreHealth | null;
  healthError: ApiError | null;
  backups: BackupRecord[];
  backupsError: ApiError | null;
  progress: BackupProgress | null;
  alert: StoreAlert | null;
  /** A backup or restore or recovery choice under way. */
  busy: boolean;
  loadHealth: () => Promise<void>;
  loadBackups: () => Promise<void>;
  createBackup: () => Promise<BackupRecord>;
  restore: (name: string) => Promise<StoreHealth>;
  recoverFromBackup: (name: string) => Promise<StoreHealth>;
  freshStart: (hub: Partial<HubConnectInput>) => Promise<StoreHealth>;
  retry: () => Promise<StoreHealth>;
  clearAlert: () => void;
}

export const useStoreSafetyStore = create<StoreSafetyState>()((set, get) => {
  /** Runs a choice that replaces the store: one at a time, and the health and list read again after. */
  const replacing = async (run: () => Promise<StoreHealth>): Promise<StoreHealth> => {
    set({ busy: true });
    try {
      const health = await run();
      set({ health, healthError: null });
      void get().loadBackups();
      return health;
    } finally {
      set({ busy: false });
    }
  };
  return {
    health: null,
    healthError: null,
    backups: [],
    backupsError: null,
    progress: null,
    alert: null,
    busy: false,
    loadHealth: async () => {
      try {
        set({ health: await call('store.health', {}), healthError: null });
      } catch (error) {
        set({ healthError: toApiError(error) });
      }
    },
    loadBackups: async () => {
      try {
        set({ backups: await call('backup.list', {}), backupsError: null });
      } catch (error) {
        set({ backupsError: toApiError(error) });
      }
    },
    createBackup: async () => {
      set({ busy: true, progress: null });
      try {
        const record = await call('backup.create', {});
        void get().loadBackups();
        return record;
      } finally {
        set({ busy: false });
      }
    },
    restore: (name) => replacing(() => call('backup.restore', { name })),
    recoverFromBackup: (name) => replacing(() => call('recovery.restore', { name })),
    freshStart: (hub) => replacing(() => call('recovery.freshStart', hub)),
    retry: () => replacing(() => call('recovery.retry', {})),
    clearAlert: () => set({ alert: null }),
  };
});

/** Follows the desk's backup progress and store alerts; returns the unsubscribe. */
export function subscribeStoreSafety(): () => void {
  const offProgress = onEvent('backup.progress', (progress) => useStoreSafetyStore.setState({ progress }));
  const offAlert = onEvent('store.alert', (alert) => useStoreSafetyStore.setState({ alert }));
  return () => {
    offProgress();
    offAlert();
  };
}
