// Prints the queued slips, one at a time and oldest first, after the clerk's action has answered:
// a check-in commits, answers the scan, and only then does its pickup slip go to the printer, so a
// slow or broken printer never holds up the next scan. Each job is rendered from the store as it
// is now (render.ts) on the paper chosen for its kind (settings/printers.ts) and handed to the
// desk's printer; a printer's error leaves the job failed, with the printer's words, on the
// reprint list (print.jobs), from where the clerk prints it again or dismisses it.
import type { PrintJob } from '../../shared/types';
import type { DeskContext } from '../context';
import { readPrinters } from '../settings/printers';
import { markPrintJob, nextQueuedPrintJob, recoverInterruptedPrintJobs } from './jobs';
import { pdfFileName, type SlipPrinter } from './printer';
import { renderSlip } from './render';

export class PrintSpooler {
  private running: Promise<void> | null = null;
  /** A kick arrived while a round ran: run another once it ends (its job may have been queued after the last look). */
  private again = false;
  private stopped = false;

  constructor(
    private readonly ctx: DeskContext,
    private readonly printer: SlipPrinter,
    /** Each job as it ends (printed or failed): the runtime tells the windows. */
    private readonly onJob: (job: PrintJob) => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Slips cut off by the last stop go to the reprint list; then whatever waits is printed. */
  start(): void {
    try {
      recoverInterruptedPrintJobs(this.ctx);
    } catch (error) {
      this.onError(error);
    }
    this.kick();
  }

  /** Prints what waits, in the background; never throws, never waits. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when nothing is printing and nothing waits (tests, and a clean stop). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Lets the slip at the printer finish, then prints no more. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    if (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = nextQueuedPrintJob(this.ctx);
      if (!job) return;
      await this.printOne(job);
    }
  }

  private async printOne(job: PrintJob): Promise<void> {
    if (!markPrintJob(this.ctx, job.id, { status: 'printing' })) return; // dismissed meanwhile
    const choice = readPrinters(this.ctx.db)[job.kind];
    let done: PrintJob | null;
    try {
      const html = renderSlip(this.ctx, job, choice.paper);
      const output = await this.printer.print({ jobId: job.id, kind: job.kind, paper: choice.paper, printer: choice.printer, html, fileName: pdfFileName(this.ctx.deskId, job.id, job.kind) });
      done = markPrintJob(this.ctx, job.id, { status: 'printed', output });
    } catch (error) {
      // The printer's own words (each printer names itself in them); a slip that could not be
      // rendered (its request gone from this store) says so the same way.
      done = markPrintJob(this.ctx, job.id, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
    if (done) this.onJob(done);
  }
}
