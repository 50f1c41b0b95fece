// The hub this desk syncs with: its address, the desk's ID and token. The token is sealed by a
// SecretBox: inside Electron, the system keychain (safeStorage); where there is none (the browser
// host, a Linux desk without a keyring) it is kept as it is in the store file, and the settings
// screen says so.
import { z } from 'zod';
import type { HubSettings } from '../../shared/types';
import type { Db } from '../store/db';
import { readSetting, writeSetting } from './store';

export interface SecretBox {
  kind: 'os' | 'plain';
  seal(secret: string): string;
  /** Throws when the sealed text cannot be opened here (another machine, another keychain). */
  open(sealed: string): string;
}

export const plainSecrets: SecretBox = { kind: 'plain', seal: (s) => s, open: (s) => s };

const storedHubSchema = z.object({
  url: z.string().min(1).max(200),
  deskId: z.string().min(1).max(64),
  token: z.string().min(1).max(2000),
  tokenScheme: z.enum(['os', 'plain']),
});
export type StoredHub = z.infer<typeof storedHubSchema>;

export function readHub(db: Db): StoredHub | undefined {
  return readSetting(db, 'hub', storedHubSchema);
}

export function writeHub(db: Db, box: SecretBox, hub: { url: string; deskId: string; token: string }): void {
  writeSetting(db, 'hub', storedHubSchema.parse({ url: hub.url, deskId: hub.deskId, token: box.seal(hub.token), tokenScheme: box.kind }));
}

export function hubSettingsOf(stored: StoredHub | undefined): HubSettings {
  return stored ? { url: stored.url, deskId: stored.deskId, token: stored.tokenScheme } : { url: null, deskId: null, token: null };
}

/** The token in clear, or why it cannot be read on this machine. */
export function openToken(stored: StoredHub, box: SecretBox): { token: string } | { problem: string } {
  if (stored.tokenScheme === 'plain') return { token: stored.token };
  if (box.kind !== 'os') return { problem: 'The desk token was sealed with the system keychain of the desk app and cannot be read here: enter it again.' };
  try {
    return { token: box.open(stored.token) };
  } catch {
    return { problem: 'The system keychain cannot open the saved desk token (another user or machine?): enter it again.' };
  }
}
