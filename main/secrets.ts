// The desk token sealed by the operating system's keychain (Electron's safeStorage): Keychain on
// macOS, DPAPI on Windows, libsecret/KWallet on Linux. Where Linux has no keyring Electron would
// only obfuscate with a fixed key, so the token is kept plain and the settings screen says so.
// (Electron 45's synchronous calls; they move to the async API with Electron 46.)
import { safeStorage } from 'electron';
import { plainSecrets, type SecretBox } from './settings/hub';

export function electronSecrets(): SecretBox {
  const available = safeStorage.isEncryptionAvailable();
  const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  if (!available || weak) return plainSecrets;
  return {
    kind: 'os',
    seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
