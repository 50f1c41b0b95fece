// The running desk prints the slips its commands queue, after they have answered: a check-in's
// pickup slip becomes a PDF made by the system's Chromium (the browser host's printer), a printer
// that fails or hangs never holds up or undoes the scan, and the slip waits on the reprint list
// with the printer's words until it is printed again or dismissed.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/contract';
import type { PrintJob, RequestDetail } from '../../shared/types';
import { createClerk } from '../../main/clerks/store';
import { ChromiumPdfPrinter } from '../../main/printing/chromiumPdf';
import { getPrintJob } from '../../main/printing/jobs';
import type { SlipPrinter } from '../../main/printing/printer';
import { DeskRuntime } from '../../main/runtime';
import { startWebHost } from '../../main/host/server';
import { call } from '../fixtures/calls';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
let runtime: DeskRuntime | null;
let printEvents: EventPayload<'print.job'>[];

beforeEach(() => {
  desk = makeDesk();
  runtime = null;
  printEvents = [];
  createClerk(desk.db, { login: 'liming', name: '李明', role: 'clerk', password: 'clerk-pass-2' }, null, desk.ctx.now());
});
afterEach(async () => {
  if (runtime) await runtime.close(); // closes the store too
  else desk.close();
});

function start(printer: SlipPrinter): DeskRuntime {
  runtime = DeskRuntime.forStore(desk.db, { dataDir: desk.dir, now: desk.ctx.now, printer });
  runtime.onEvent((name, payload) => {
    if (name === 'print.job') printEvents.push(payload as EventPayload<'print.job'>);
  });
  runtime.signIn('liming', 'clerk-pass-2');
  return runtime;
}

let barcode = 0;
function shippedToUs(): { id: string; scan: string } {
  const lender = desk.as(BUAA);
  const id = call(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '数据库系统概论' }).id;
  call(desk.ctx, 'request.forward', { id, lender: BUAA });
  call(lender, 'request.accept', { id });
  const scan = `BH-P${++barcode}`;
  call(lender, 'request.ship', { id, courier: '顺丰', trackingNo: `SF${barcode}`, itemBarcode: scan });
  return { id, scan };
}

/** The pickup slip a check-in queued for the request (in the check-in's own transaction). */
function pickupSlipOf(id: string): PrintJob {
  const job = call(desk.ctx, 'print.jobs', { openOnly: false }).find((j) => j.kind === 'pickup' && j.refs[0] === id);
  if (!job) throw new Error(`no pickup slip for ${id}`);
  return job;
}

async function checkIn(desk: DeskRuntime, scan: string) {
  const result = await desk.dispatch('request.checkIn', { scan });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  const request = result.value as RequestDetail;
  return { request, slip: pickupSlipOf(request.id) };
}

/** A "Chromium" that never answers the first time (a printer hung on a paper jam), then fails at once. */
function hungChromium(): string {
  const path = join(desk.dir, 'hung-chromium.sh');
  const marker = join(desk.dir, 'hung-once');
  writeFileSync(path, `#!/bin/sh\nif [ ! -e '${marker}' ]; then touch '${marker}'; exec sleep 30; fi\necho 'printer offline' >&2\nexit 3\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('printing the queued slips', () => {
  it('prints the pickup slip of a check-in as a PDF after the scan has answered', async () => {
    const dir = join(desk.dir, 'slips');
    const desk1 = start(new ChromiumPdfPrinter({ dir }));
    const { id, scan } = shippedToUs();

    const answer = await checkIn(desk1, scan);
    // The scan's answer never waits for the printer: its slip is still queued when it comes.
    expect(answer.request.status).toBe('ON_HOLD');
    expect(answer.slip).toMatchObject({ kind: 'pickup', refs: [id], status: 'queued' });

    await desk1.printingIdle();
    const job = getPrintJob(desk.ctx, answer.slip.id);
    expect(job).toMatchObject({ status: 'printed', error: null, attempts: 1 });
    expect(job.output).toBe(join(dir, `${desk.ctx.deskId}-${String(job.id).padStart(7, '0')}-pickup.pdf`));
    const text = execFileSync('pdftotext', [job.output!, '-'], { encoding: 'utf8' });
    expect(text).toContain(id);
    expect(text).toContain('取书单');
    expect(text).toContain(answer.request.holdSlot!);
    expect(printEvents).toEqual([{ job, failed: 0 }]);
  }, 60_000);

  it('a check-in with the printer failing still checks the book in and leaves the slip on the reprint list', async () => {
    const desk1 = start(new ChromiumPdfPrinter({ dir: join(desk.dir, 'slips'), chromium: join(desk.dir, 'no-such-chromium') }));
    const { id, scan } = shippedToUs();

    const answer = await checkIn(desk1, scan);
    await desk1.printingIdle();

    expect(call(desk.ctx, 'request.get', { id })).toMatchObject({ status: 'ON_HOLD' });
    const open = call(desk.ctx, 'print.jobs', { openOnly: true });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ id: answer.slip.id, kind: 'pickup', refs: [id], status: 'failed', output: null });
    expect(open[0]!.error).toBe(`Chromium could not make the PDF: ${join(desk.dir, 'no-such-chromium')} does not exist`);
    expect(printEvents.at(-1)).toMatchObject({ job: { id: answer.slip.id, status: 'failed' }, failed: 1 });

    // Printed again with the printer still broken: failed again, counted, still on the list.
    expect(await desk1.dispatch('print.retry', { id: answer.slip.id })).toMatchObject({ ok: true, value: { status: 'queued' } });
    await desk1.printingIdle();
    expect(getPrintJob(desk.ctx, answer.slip.id)).toMatchObject({ status: 'failed', attempts: 2 });

    // The clerk wrote the slip by hand: dismissed, off the list, and not printed.
    expect(await desk1.dispatch('print.dismiss', { id: answer.slip.id })).toMatchObject({ ok: true, value: { status: 'dismissed' } });
    expect(call(desk.ctx, 'print.jobs', { openOnly: true })).toEqual([]);
    expect(printEvents.at(-1)).toMatchObject({ job: { status: 'dismissed' }, failed: 0 });
  }, 60_000);

  it('a hung printer holds up no scan: the next check-ins answer while the first slip is at the printer', async () => {
    const desk1 = start(new ChromiumPdfPrinter({ dir: join(desk.dir, 'slips'), chromium: hungChromium(), timeoutMs: 2500 }));
    const first = shippedToUs();
    const second = shippedToUs();
    const third = shippedToUs();

    const a = await checkIn(desk1, first.scan);
    await expect.poll(() => getPrintJob(desk.ctx, a.slip.id).status).toBe('printing');
    const started = performance.now();
    const b = await checkIn(desk1, second.scan);
    const c = await checkIn(desk1, third.scan);
    // Generous: the two scans answer from the store, not after the printer's 2.5 s timeout.
    expect(performance.now() - started).toBeLessThan(1500);
    expect([b.request.status, c.request.status]).toEqual(['ON_HOLD', 'ON_HOLD']);
    expect(getPrintJob(desk.ctx, a.slip.id).status).toBe('printing');

    await desk1.printingIdle();
    expect(getPrintJob(desk.ctx, a.slip.id)).toMatchObject({ status: 'failed', error: 'Chromium could not make the PDF: did not finish within 2.5 s' });
    for (const job of [b.slip, c.slip]) {
      expect(getPrintJob(desk.ctx, job.id)).toMatchObject({ status: 'failed', error: 'Chromium could not make the PDF: printer offline' });
    }
  }, 60_000);

  it('a slip the desk stopped while printing goes to the reprint list, not to the printer again', async () => {
    const { scan } = shippedToUs();
    const { id } = call(desk.ctx, 'request.checkIn', { scan });
    const slip = pickupSlipOf(id);
    desk.db.prepare("UPDATE print_jobs SET status = 'printing', attempts = 1 WHERE id = ?").run(slip.id); // as a crash leaves it
    const printed: number[] = [];
    start({ print: (s) => (printed.push(s.jobId), Promise.resolve('test printer')), targets: () => Promise.resolve({ mode: 'pdf', printers: [], pdfDir: null }) });
    await runtime!.printingIdle();
    expect(printed).toEqual([]);
    expect(getPrintJob(desk.ctx, slip.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('stopped while this slip was printing') });
  });

  it('refuses to reprint a slip still waiting and to dismiss a printed one, naming the job, and changes nothing', async () => {
    const desk1 = start(new ChromiumPdfPrinter({ dir: join(desk.dir, 'slips'), chromium: join(desk.dir, 'no-such-chromium') }));
    const { scan } = shippedToUs();
    const { slip } = await checkIn(desk1, scan);
    await desk1.printingIdle();
    const failed = getPrintJob(desk.ctx, slip.id);
    expect(await desk1.dispatch('print.retry', { id: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'id' } });
    expect(await desk1.dispatch('print.retry', { id: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'id' } });
    desk.db.prepare("UPDATE print_jobs SET status = 'printed', output = 'x' WHERE id = ?").run(slip.id);
    expect(await desk1.dispatch('print.dismiss', { id: slip.id })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION', field: 'id' } });
    expect(getPrintJob(desk.ctx, slip.id)).toMatchObject({ status: 'printed', attempts: failed.attempts });
  }, 60_000);
});

describe('the browser host serves the slips’ PDFs', () => {
  it('with the desk secret only, and only the spooler’s file names', async () => {
    const dir = join(desk.dir, 'slips');
    const desk1 = start(new ChromiumPdfPrinter({ dir }));
    const { scan } = shippedToUs();
    const { slip } = await checkIn(desk1, scan);
    await desk1.printingIdle();
    const job = getPrintJob(desk.ctx, slip.id);
    expect(existsSync(job.output!)).toBe(true);
    const rendererDir = join(desk.dir, 'renderer');
    mkdirSync(rendererDir);
    const host = await startWebHost({ desk: desk1, rendererDir, slipsDir: dir });
    try {
      const base = `http://127.0.0.1:${host.port}/slips/${basename(job.output!)}`;
      const secret = { headers: { 'X-Desk-Secret': host.secret } };
      const ok = await fetch(base, secret);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await ok.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await fetch(base)).status).toBe(401);
      expect((await fetch(base, { headers: { 'X-Desk-Secret': '0'.repeat(64) } })).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${host.port}/slips/..%2fdesk.sqlite`, secret)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${host.port}/slips/x-0000001-pickup.pdf%00.sqlite`, secret)).status).toBe(404);
    } finally {
      await host.close();
    }
  }, 60_000);
});
