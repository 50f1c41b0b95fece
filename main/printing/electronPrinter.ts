// Electron's printer: each slip is loaded into a hidden window (no scripts, sandboxed) and printed
// silently on the printer chosen for its kind (webContents.print; '' = the system's default), or
// saved as a PDF file (webContents.printToPDF) when the choice is PDF_PRINTER. The window is made
// for one slip and destroyed after it, so a slip can never see another's page or the desk's; a
// slip (made from a reader's and a library's words) can neither navigate it nor open a window.
import { BrowserWindow } from 'electron';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDF_PRINTER, type PaperSize, type PrintTargets } from '../../shared/types';
import { guardNavigation } from '../hardening';
import type { RenderedSlip, SlipPrinter } from './printer';

/** Page sizes in microns, as webContents.print takes them (the templates' @page says the same). */
const PRINT_PAGE: Record<PaperSize, Electron.WebContentsPrintOptions['pageSize']> = {
  roll80: { width: 80_000, height: 200_000 },
  A4: 'A4',
};

/** How long a printer may take to accept a slip before it counts as failed. */
const PRINT_TIMEOUT_MS = 60_000;

function hiddenWindow(): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    width: 800,
    height: 1000,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, spellcheck: false, disableBlinkFeatures: 'Auxclick' },
  });
  guardNavigation(win.webContents);
  return win;
}

export class ElectronPrinter implements SlipPrinter {
  constructor(private readonly pdfDir: string) {}

  async targets(): Promise<PrintTargets> {
    const win = hiddenWindow();
    try {
      const printers = await win.webContents.getPrintersAsync();
      return { mode: 'printers', printers: printers.map((p) => p.name), pdfDir: this.pdfDir };
    } finally {
      win.destroy();
    }
  }

  async print(slip: RenderedSlip): Promise<string> {
    const work = await mkdtemp(join(tmpdir(), 'ill-slip-'));
    const win = hiddenWindow();
    try {
      const file = join(work, 'slip.html');
      await writeFile(file, slip.html, 'utf8');
      await win.loadFile(file);
      if (slip.printer === PDF_PRINTER) {
        const pdf = await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
        await mkdir(this.pdfDir, { recursive: true });
        const target = join(this.pdfDir, slip.fileName);
        await writeFile(target, pdf);
        return target;
      }
      const printer = slip.printer;
      await new Promise<void>((resolve, reject) => {
        // A printer that never answers must not hold the queue (and the desk's quitting) for ever.
        const timer = setTimeout(() => reject(new Error(`${printer === '' ? 'The default printer' : printer} did not answer within ${PRINT_TIMEOUT_MS / 1000} s`)), PRINT_TIMEOUT_MS);
        win.webContents.print(
          { silent: true, printBackground: true, deviceName: printer === '' ? undefined : printer, pageSize: PRINT_PAGE[slip.paper] },
          (success, failureReason) => {
            clearTimeout(timer);
            if (success) resolve();
            else reject(new Error(`${printer === '' ? 'The default printer' : printer}: ${failureReason || 'the print job failed'}`));
          },
        );
      });
      return printer === '' ? '(default printer)' : printer;
    } finally {
      win.destroy();
      await rm(work, { recursive: true, force: true });
    }
  }
}
