// The Electron shell, kept thin: open the store, register the contract's IPC handlers, and show
// one locked-down window. Everything else lives in services shared with the browser host.
import { app, BrowserWindow, powerMonitor, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denyAllPermissions, guardNavigation, isAllowedExternalUrl } from './hardening';
import { broadcastTo, registerIpcHandlers } from './ipc';
import { electronNativeBinding } from './native';
import { ElectronPrinter } from './printing/electronPrinter';
import { DeskShell } from './recovery/shell';
import { electronSecrets } from './secrets';

const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererFile = join(__dirname, '../renderer/index.html');

/** Whether a frame shows our own renderer (the dev server's origin, or our built index.html). */
function isOurPage(url: string): boolean {
  try {
    const parsed = new URL(url);
    if (rendererUrl) return parsed.origin === new URL(rendererUrl).origin;
    return parsed.protocol === 'file:' && fileURLToPath(parsed) === rendererFile;
  } catch {
    return false;
  }
}

function createWindow(desk: Pick<DeskShell, 'hubSettings'>): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'ILL Desk 馆际互借工作台',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      // A middle click would ask for a new window; none is ever opened, and none is asked for.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  // The desk never navigates away or opens windows; the hub's pages and mailto: links go to the
  // system's browser and mail program, and nothing else leaves the desk.
  guardNavigation(win.webContents, {
    mayNavigate: isOurPage,
    openOutside: (url) => {
      if (isAllowedExternalUrl(url, desk.hubSettings().url)) void shell.openExternal(url);
    },
  });
  if (rendererUrl) void win.loadURL(rendererUrl);
  else void win.loadFile(rendererFile);
  return win;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  denyAllPermissions(session.defaultSession);

  const nativeBinding = electronNativeBinding(app.getAppPath(), process.resourcesPath, app.isPackaged);
  // With no hub configured the desk runs on its demo profile (its own store file); once the clerk
  // connects it to a hub it opens the library's own store and syncs.
  const dataDir = process.env['ILL_DESK_DATA_DIR'] || app.getPath('userData');
  // Slips go to the printers chosen in settings, or as PDF files into the data folder's slips/.
  const printer = new ElectronPrinter(join(dataDir, 'slips'));
  // A store that cannot be opened opens the window anyway, on the recovery page (recovery/shell.ts).
  const desk = DeskShell.open({ dataDir, nativeBinding, secrets: electronSecrets(), printer });
  desk.onEvent(broadcastTo(() => BrowserWindow.getAllWindows()));
  registerIpcHandlers(desk, isOurPage);
  // Back from sleep: the network may be back too (the window also reports its own `online` events).
  powerMonitor.on('resume', () => desk.networkBack());

  createWindow(desk);
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(desk);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    // Let a sync round in flight finish writing what the hub already answered, then quit.
    event.preventDefault();
    closing = true;
    void desk.close().finally(() => app.quit());
  });
}

void start();
