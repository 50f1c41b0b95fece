import type { Result } from '../../shared/errors';

declare global {
  /** The one object the Electron preload exposes; absent when the renderer runs in a browser. */
  interface IllDeskBridge {
    invoke(name: string, input: unknown): Promise<Result<unknown>>;
    on(event: string, cb: (payload: unknown) => void): () => void;
  }

  interface Window {
    illDesk?: IllDeskBridge;
    /** Translation keys looked up but found in no language, as `lng:namespace:key` (read by tests). */
    __missingI18nKeys?: string[];
  }
}

export {};
