// The consortium directory, fetched once and kept: screens show library names, the store keeps
// codes. A code the directory does not know is shown as the code itself.
import { create } from 'zustand';
import type { Library } from '../../../shared/types';
import { call, toApiError, type ApiError } from '../api';

interface LibrariesState {
  byCode: Readonly<Record<string, Library>>;
  loaded: boolean;
  error: ApiError | null;
  load: () => Promise<void>;
}

let pending: Promise<void> | null = null;

export const useLibrariesStore = create<LibrariesState>()((set, get) => ({
  byCode: {},
  loaded: false,
  error: null,
  load: () => {
    if (get().loaded) return Promise.resolve();
    pending ??= (async () => {
      set({ error: null });
      try {
        const libraries = await call('libraries.list', {});
        set({ byCode: Object.fromEntries(libraries.map((library) => [library.code, library])), loaded: true });
      } catch (error) {
        set({ error: toApiError(error) });
      } finally {
        pending = null;
      }
    })();
    return pending;
  },
}));

export type LibraryNameForm = 'short' | 'full';

export function libraryName(byCode: Readonly<Record<string, Library>>, code: string, form: LibraryNameForm): string {
  const library = byCode[code];
  if (!library) return code;
  return form === 'short' && library.shortName !== '' ? library.shortName : library.name;
}

/** A library's name for display, or null when there is no library (a request not yet sent). */
export function useLibraryName(code: string | null, form: LibraryNameForm = 'short'): string | null {
  const byCode = useLibrariesStore((state) => state.byCode);
  return code === null ? null : libraryName(byCode, code, form);
}
