// What the Settings screen shows and changes: the hub connection, printers, the library's rules and
// (for a supervisor) the clerk accounts. Each save answers the stored value, which replaces ours.
import { create } from 'zustand';
import type { InputOf } from '../../../shared/contract';
import type { LibraryRules } from '../../../shared/rules';
import type { Clerk, HubSettings, PrinterSettings, SmtpSettings } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

interface Loaded<T> {
  value: T | null;
  error: ApiError | null;
}

interface SettingsState {
  hub: Loaded<HubSettings>;
  printers: Loaded<PrinterSettings>;
  smtp: Loaded<SmtpSettings>;
  rules: Loaded<LibraryRules>;
  clerks: Loaded<Clerk[]>;
  loadHub: () => Promise<void>;
  loadPrinters: () => Promise<void>;
  loadSmtp: () => Promise<void>;
  loadRules: () => Promise<void>;
  loadClerks: () => Promise<void>;
  savePrinters: (printers: InputOf<'printers.set'>) => Promise<PrinterSettings>;
  saveSmtp: (smtp: InputOf<'smtp.set'>) => Promise<SmtpSettings>;
  saveRules: (changes: InputOf<'rules.set'>) => Promise<LibraryRules>;
  createClerk: (input: InputOf<'clerk.create'>) => Promise<Clerk>;
  updateClerk: (input: InputOf<'clerk.update'>) => Promise<Clerk>;
}

const empty = { value: null, error: null };

/** Loads a value; a failure keeps the last value shown and says why. */
async function loaded<T>(previous: Loaded<T>, fetch: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { value: await fetch(), error: null };
  } catch (error) {
    return { value: previous.value, error: toApiError(error) };
  }
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  hub: empty,
  printers: empty,
  smtp: empty,
  rules: empty,
  clerks: empty,
  loadHub: async () => set({ hub: await loaded(get().hub, () => call('hub.get', {})) }),
  loadPrinters: async () => set({ printers: await loaded(get().printers, () => call('printers.get', {})) }),
  loadSmtp: async () => set({ smtp: await loaded(get().smtp, () => call('smtp.get', {})) }),
  loadRules: async () => set({ rules: await loaded(get().rules, () => call('rules.get', {})) }),
  loadClerks: async () => set({ clerks: await loaded(get().clerks, () => call('clerks.list', {})) }),
  savePrinters: async (printers) => {
    const value = await call('printers.set', printers);
    set({ printers: { value, error: null } });
    return value;
  },
  saveSmtp: async (smtp) => {
    const value = await call('smtp.set', smtp);
    set({ smtp: { value, error: null } });
    return value;
  },
  saveRules: async (changes) => {
    const value = await call('rules.set', changes);
    set({ rules: { value, error: null } });
    return value;
  },
  createClerk: async (input) => {
    const clerk = await call('clerk.create', input);
    await get().loadClerks();
    return clerk;
  },
  updateClerk: async (input) => {
    const clerk = await call('clerk.update', input);
    await get().loadClerks();
    return clerk;
  },
}));
