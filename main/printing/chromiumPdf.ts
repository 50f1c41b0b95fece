// The browser host's printer: it cannot reach the system's printers, so every slip becomes a PDF
// file made by the system's Chromium (`--headless --print-to-pdf`, which honours the template's
// @page size: 80 × 200 mm roll or A4). The clerk opens the PDF from the reprint list and prints it
// from the browser. Each slip runs its own short-lived Chromium with its own profile directory, so
// two slips never share one and a hung Chromium is killed after the timeout.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrintTargets } from '../../shared/types';
import type { RenderedSlip, SlipPrinter } from './printer';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** The Chromium to use: the given path, `ILL_CHROMIUM`, or the first of the usual names on PATH. */
export function findChromium(given?: string): string | null {
  const explicit = given ?? process.env['ILL_CHROMIUM'];
  if (explicit) return explicit;
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export interface ChromiumPdfOptions {
  /** Where the PDF files go (the browser host: `<data>/slips`). */
  dir: string;
  /** Chromium's path; by default found on PATH (see findChromium). */
  chromium?: string;
  timeoutMs?: number;
}

export class ChromiumPdfPrinter implements SlipPrinter {
  private readonly chromium: string | null;
  private readonly timeoutMs: number;

  constructor(private readonly options: ChromiumPdfOptions) {
    this.chromium = findChromium(options.chromium);
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  targets(): Promise<PrintTargets> {
    return Promise.resolve({ mode: 'pdf', printers: [], pdfDir: this.options.dir });
  }

  async print(slip: RenderedSlip): Promise<string> {
    if (!this.chromium) {
      throw new Error('No Chromium found to make the PDF: install chromium, or start the browser host with --chromium PATH.');
    }
    await mkdir(this.options.dir, { recursive: true });
    const work = await mkdtemp(join(tmpdir(), 'ill-slip-'));
    try {
      const html = join(work, 'slip.html');
      const pdf = join(work, 'slip.pdf');
      await writeFile(html, slip.html, 'utf8');
      await this.run([
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(work, 'profile')}`,
        `--print-to-pdf=${pdf}`,
        pathToFileURL(html).href,
      ]);
      const made = await stat(pdf).catch(() => null);
      if (!made || made.size === 0) throw new Error(`Chromium (${this.chromium}) made no PDF.`);
      const target = join(this.options.dir, slip.fileName);
      await rename(pdf, target).catch(async (error: NodeJS.ErrnoException) => {
        // Another file system (a data folder on a network drive): copy instead of moving.
        if (error.code !== 'EXDEV') throw error;
        const { copyFile } = await import('node:fs/promises');
        await copyFile(pdf, target);
      });
      return target;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private run(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(this.chromium!, args, { timeout: this.timeoutMs, killSignal: 'SIGKILL' }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        // What went wrong in the program's own words (its last lines on stderr, without Chromium's
        // usual D-Bus and font chatter), not the command line.
        const said = String(stderr)
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !/dbus|Fontconfig|^\[\d+:\d+:/i.test(line))
          .slice(-2)
          .join(' ')
          .slice(0, 300);
        const code = (error as NodeJS.ErrnoException).code;
        const reason = error.killed
          ? `did not finish within ${this.timeoutMs / 1000} s`
          : code === 'ENOENT'
            ? `${this.chromium} does not exist`
            : code === 'EACCES'
              ? `${this.chromium} may not be run`
              : said || `it stopped with exit code ${String(code)}`;
        reject(new Error(`Chromium could not make the PDF: ${reason}`));
      });
    });
  }
}
