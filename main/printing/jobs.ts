// Print jobs: every slip the desk sends to a printer is written down first, in the same
// transaction as the clerk's action that asks for it (a check-in and its pickup slip), so a slip
// is never lost to a printer error or a crash. The printing issue renders and prints the queued
// jobs and marks them printed or failed; the failed and unprinted ones form the reprint list.
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
    ? "SELECT * FROM print_jobs WHERE status <> 'printed' ORDER BY id DESC LIMIT 200"
    : 'SELECT * FROM print_jobs ORDER BY id DESC LIMIT 200';
  return (prepared(ctx.db, sql).all() as PrintJobRow[]).map(toJob);
}
