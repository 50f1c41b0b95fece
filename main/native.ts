// Where the better-sqlite3 binary built for Electron's ABI lives. `npm start` builds it into
// native/electron/ (scripts/electron-native.mjs); a packaged app carries it in resources/native.
// Node (tests, browser host) never uses it: the package's own build is compiled for Node.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronNativeBinding(appPath: string, resourcesPath: string, packaged: boolean): string | undefined {
  const candidates = packaged
    ? [join(resourcesPath, 'native', 'better_sqlite3.node')]
    : [join(appPath, 'native', 'electron', 'better_sqlite3.node')];
  return candidates.find((file) => existsSync(file));
}
