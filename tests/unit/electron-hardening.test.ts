// Electron's windows, checked without an Electron binary (none can be downloaded here; `electron`
// is mocked for the printer): no permission is granted or reported as granted, links leave the desk
// only for the hub's pages and mailto:, and neither the desk's window nor a hidden print window
// navigates away or opens a window.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, guardNavigation, isAllowedExternalUrl } from '../../main/hardening';
import { PDF_PRINTER } from '../../shared/types';

type Listener = (event: { preventDefault: () => void }, url: string) => void;

/** The parts of a webContents the guards touch, recording what they set. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  return {
    on(name: string, listener: Listener) {
      listeners.set(name, listener);
      return this;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
    /** Whether a navigation to `url` the page started goes ahead. */
    navigates(url: string): boolean {
      let prevented = false;
      const listener = listeners.get('will-navigate');
      if (!listener) return true;
      listener({ preventDefault: () => void (prevented = true) }, url);
      return !prevented;
    },
    opens(url: string): string {
      return openHandler ? openHandler({ url }).action : 'allow (no handler)';
    },
  };
}

/** The fake is only what guardNavigation touches; Electron's full typings of `on` cannot be met. */
function asWebContents(contents: ReturnType<typeof fakeContents>): Parameters<typeof guardNavigation>[0] {
  return contents as unknown as Parameters<typeof guardNavigation>[0];
}

const printerWindows: ReturnType<typeof fakeContents>[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly webContents = Object.assign(fakeContents(), {
      printToPDF: () => Promise.resolve(Buffer.from('%PDF-1.4')),
      getPrintersAsync: () => Promise.resolve([]),
    });
    constructor() {
      printerWindows.push(this.webContents);
    }
    loadFile() {
      return Promise.resolve();
    }
    destroy() {}
  },
}));

describe('permissions', () => {
  it('are refused when asked for and reported as not granted when checked', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => void (request = handler as typeof request),
      setPermissionCheckHandler: (handler) => void (check = handler as typeof check),
    });
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation']) request!(null, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false]);
    for (const permission of ['media', 'notifications', 'clipboard-sanitized-write', 'hid', 'serial']) expect(check!(null, permission, 'file://', {})).toBe(false);
  });
});

describe('links handed to the operating system', () => {
  const hub = 'https://hub.balis.edu.cn:8470';

  it("go out for the hub's own pages and mailto: addresses", () => {
    expect(isAllowedExternalUrl('https://hub.balis.edu.cn:8470/', hub)).toBe(true);
    expect(isAllowedExternalUrl('https://hub.balis.edu.cn:8470/admin/#/statements', hub)).toBe(true);
    expect(isAllowedExternalUrl('HTTPS://HUB.balis.edu.cn:8470/x', hub)).toBe(true);
    expect(isAllowedExternalUrl('http://127.0.0.1:8470/portal', 'http://127.0.0.1:8470')).toBe(true);
    expect(isAllowedExternalUrl('mailto:ill@lib.bupt.edu.cn', hub)).toBe(true);
    expect(isAllowedExternalUrl('mailto:ill@lib.bupt.edu.cn?subject=%E9%A6%86%E9%99%85%E4%BA%92%E5%80%9F', null)).toBe(true);
  });

  it('are refused for everything else', () => {
    for (const url of [
      'https://evil.example/',
      'https://hub.balis.edu.cn/', // another port: another origin
      'http://hub.balis.edu.cn:8470/', // another scheme
      'https://hub.balis.edu.cn.evil.example:8470/',
      'https://user:pass@hub.balis.edu.cn:8470/',
      'file:///etc/passwd',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'mailto:',
      'not a url',
      '',
    ]) {
      expect(isAllowedExternalUrl(url, hub), url).toBe(false);
    }
    // With no hub (the demo profile), no web page goes out at all.
    expect(isAllowedExternalUrl('https://hub.balis.edu.cn:8470/', null)).toBe(false);
    expect(isAllowedExternalUrl('https://hub.balis.edu.cn:8470/', 'not a url')).toBe(false);
  });
});

describe('navigation', () => {
  it("keeps the desk's window on its page and sends only what the policy allows outside", () => {
    const contents = fakeContents();
    const opened: string[] = [];
    guardNavigation(asWebContents(contents), { mayNavigate: (url) => url === 'file:///app/index.html', openOutside: (url) => opened.push(url) });
    expect(contents.navigates('file:///app/index.html')).toBe(true);
    expect(contents.navigates('https://evil.example/')).toBe(false);
    expect(contents.opens('https://hub.example/')).toBe('deny');
    expect(opened).toEqual(['https://hub.example/']);
  });

  describe('of the hidden print windows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ill-desk-print-guard-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is stopped, and no window opens, for every window the printer makes', async () => {
      const { ElectronPrinter } = await import('../../main/printing/electronPrinter');
      const printer = new ElectronPrinter(dir);
      await printer.targets();
      const html = '<meta http-equiv="refresh" content="0;url=https://evil.example/">';
      await printer.print({ jobId: 1, kind: 'pull', html, printer: PDF_PRINTER, paper: 'A4', fileName: 'desk-1-0000001-pull.pdf' });
      expect(printerWindows).toHaveLength(2);
      for (const contents of printerWindows) {
        expect(contents.navigates('https://evil.example/')).toBe(false);
        expect(contents.navigates('file:///etc/passwd')).toBe(false);
        expect(contents.opens('https://evil.example/')).toBe('deny');
      }
    });
  });
});
