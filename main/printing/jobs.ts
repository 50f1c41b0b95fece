// Print jobs: every slip the desk sends to a printer is written down first, in the same
// transaction as the clerk's action that asks for it (a check-in and its pickup slip), so a slip
// is never lost to a printer error or a crash. The spooler (spooler.ts) prints the queued jobs
// after the action has answered and marks them printed or failed; the failed ones — and one the
// desk stopped while printing — form the reprint list until printed again or dismissed.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { PrintJob, SlipKind } from '../../shared/types';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

interface PrintJobRow {
  id: number;
  kind: SlipKind;
  refs_json: string;
  status: PrintJob['status'];
  error: string | null;
  clerk: string;
  created_at: string;
  done_at: string | null;
  output: string | null;
  attempts: number;
}

function toJob(row: PrintJobRow): PrintJob {
  return {
    id: row.id,
    kind: row.kind,
    refs: JSON.parse(row.refs_json) as string[],
    status: row.status,
    error: row.error,
    clerk: row.clerk,
    createdAt: row.created_at,
    doneAt: row.done_at,
    output: row.output,
    attempts: row.attempts,
  };
}

/** Queues one slip; call inside the transaction of the action that prints it. */
export function queuePrint(ctx: DeskContext, kind: SlipKind, refs: readonly string[]): PrintJob {
  const info = prepared(ctx.db, 'INSERT INTO print_jobs (kind, refs_json, status, clerk, created_at) VALUES (?, ?, ?, ?, ?)').run(
    kind,
    JSON.stringify(refs),
    'queued',
    ctx.clerk,
    ctx.now(),
  );
  return getPrintJob(ctx, Number(info.lastInsertRowid));
}

export function getPrintJob(ctx: DeskContext, id: number): PrintJob {
  const row = prepared(ctx.db, 'SELECT * FROM print_jobs WHERE id = ?').get(id) as PrintJobRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No print job ${id}.`, 'id');
  return toJob(row);
}

/** A slip asked for by hand (a reprint from the request's detail, a batch of pull slips). */
export function printSlip(ctx: DeskContext, input: ParsedInputOf<'print.slip'>): PrintJob {
  return ctx.db
    .transaction(() => {
      if (input.kind === 'packingList') {
        if (input.refs.length !== 1) throw new AppError('INVALID_INPUT', 'A packing list is for one shipment.', 'refs');
        const found = prepared(ctx.db, 'SELECT 1 FROM shipments WHERE id = ?').get(input.refs[0]);
        if (!found) throw new AppError('NOT_FOUND', `No shipment ${input.refs[0]} at this desk.`, 'refs.0');
      } else {
        input.refs.forEach((ref, index) => {
          const found = prepared(ctx.db, 'SELECT 1 FROM requests WHERE id = ?').get(ref);
          if (!found) throw new AppError('NOT_FOUND', `No request ${ref} at this desk.`, `refs.${index}`);
        });
      }
      return queuePrint(ctx, input.kind, input.refs);
    })
    .immediate();
}

export function listPrintJobs(ctx: DeskContext, input: ParsedInputOf<'print.jobs'>): PrintJob[] {
  const sql = input.openOnly
    ? "SELECT * FROM print_jobs WHERE status IN ('queued', 'printing', 'failed') ORDER BY id DESC LIMIT 200"
    : 'SELECT * FROM print_jobs ORDER BY id DESC LIMIT 200';
  return (prepared(ctx.db, sql).all() as PrintJobRow[]).map(toJob);
}

/** Slips on the reprint list (failed, or cut off mid-print): the count the header shows. */
export function countFailedPrintJobs(ctx: DeskContext): number {
  return (prepared(ctx.db, "SELECT count(*) AS n FROM print_jobs WHERE status = 'failed'").get() as { n: number }).n;
}

/** The oldest slip waiting for the printer, if any. */
export function nextQueuedPrintJob(ctx: DeskContext): PrintJob | null {
  const row = prepared(ctx.db, "SELECT * FROM print_jobs WHERE status = 'queued' ORDER BY id LIMIT 1").get() as PrintJobRow | undefined;
  return row ? toJob(row) : null;
}

/**
 * Moves a job on: `printing` when the printer gets it (only from queued), then `printed` with
 * where it went or `failed` with the printer's answer (only from printing). Answers the job as it
 * is now, or null when it was not in the state the step starts from (a clerk dismissed it meanwhile).
 */
export function markPrintJob(
  ctx: DeskContext,
  id: number,
  step: { status: 'printing' } | { status: 'printed'; output: string } | { status: 'failed'; error: string },
): PrintJob | null {
  let changes: number;
  if (step.status === 'printing') {
    changes = prepared(ctx.db, "UPDATE print_jobs SET status = 'printing', attempts = attempts + 1 WHERE id = ? AND status = 'queued'").run(id).changes;
  } else if (step.status === 'printed') {
    changes = prepared(ctx.db, "UPDATE print_jobs SET status = 'printed', output = ?, error = NULL, done_at = ? WHERE id = ? AND status = 'printing'").run(
      step.output,
      ctx.now(),
      id,
    ).changes;
  } else {
    changes = prepared(ctx.db, "UPDATE print_jobs SET status = 'failed', error = ?, done_at = ? WHERE id = ? AND status = 'printing'").run(
      step.error.slice(0, 1000),
      ctx.now(),
      id,
    ).changes;
  }
  return changes === 1 ? getPrintJob(ctx, id) : null;
}

/**
 * A desk that stopped while a slip was at the printer cannot know whether it came out: the job
 * goes to the reprint list for the clerk to look, rather than printing twice behind their back.
 */
export function recoverInterruptedPrintJobs(ctx: DeskContext): number {
  return prepared(
    ctx.db,
    "UPDATE print_jobs SET status = 'failed', error = 'The desk stopped while this slip was printing: check whether it came out, then reprint or dismiss it.', done_at = ? WHERE status = 'printing'",
  ).run(ctx.now()).changes;
}

/** Prints a slip again (from the reprint list or the print history): back to the queue. */
export function retryPrintJob(ctx: DeskContext, input: ParsedInputOf<'print.retry'>): PrintJob {
  return ctx.db
    .transaction(() => {
      const job = getPrintJob(ctx, input.id);
      if (job.status === 'queued' || job.status === 'printing') {
        throw new AppError('INVALID_TRANSITION', `Print job ${input.id} is ${job.status} already.`, 'id');
      }
      prepared(ctx.db, "UPDATE print_jobs SET status = 'queued', error = NULL, done_at = NULL WHERE id = ?").run(input.id);
      return getPrintJob(ctx, input.id);
    })
    .immediate();
}

/** Takes a failed slip off the reprint list without printing it (the clerk wrote one by hand, the item left). */
export function dismissPrintJob(ctx: DeskContext, input: ParsedInputOf<'print.dismiss'>): PrintJob {
  return ctx.db
    .transaction(() => {
      const job = getPrintJob(ctx, input.id);
      if (job.status !== 'failed' && job.status !== 'queued') {
        throw new AppError('INVALID_TRANSITION', `Print job ${input.id} is ${job.status}: only a failed or waiting slip can be dismissed.`, 'id');
      }
      prepared(ctx.db, "UPDATE print_jobs SET status = 'dismissed', done_at = ? WHERE id = ?").run(ctx.now(), input.id);
      return getPrintJob(ctx, input.id);
    })
    .immediate();
}
