// The real Electron shell, where its binary exists (it cannot be downloaded on the CI machines):
// the window opens with the locked-down web preferences and lists the demo queue through IPC.
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function electronBinary(): string | null {
  const pkg = resolve('node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(base, relative);
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const nativeReady = existsSync(resolve('native/electron/better_sqlite3.node'));
const why = !binary
  ? 'SKIPPED: no Electron binary in node_modules/electron (installed with ELECTRON_SKIP_BINARY_DOWNLOAD or without access to GitHub)'
  : 'SKIPPED: better-sqlite3 is not built for Electron yet (run: node scripts/electron-native.mjs ensure)';

test.describe('Electron shell', () => {
  test('opens the desk window on the demo profile and lists the queue through IPC', async () => {
    if (!binary || !nativeReady) {
      console.log(`[electron] ${why}`);
      test.skip(true, why);
    }
    const userData = mkdtempSync(join(tmpdir(), 'ill-desk-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve('out/main/index.js')],
      env: { ...process.env, ILL_DESK_DATA_DIR: userData },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('queue-row').first()).toBeVisible({ timeout: 30_000 });
      // contextIsolation + sandbox + no nodeIntegration: the page sees no Node, only the bridge.
      const page = await window.evaluate(() => {
        const w = window as unknown as { require?: unknown; process?: unknown; illDesk?: Record<string, unknown> };
        return { require: typeof w.require, process: typeof w.process, bridge: Object.keys(w.illDesk ?? {}).sort() };
      });
      expect(page).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on'] });
      await window.screenshot({ path: test.info().outputPath('electron-window.png') });
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
