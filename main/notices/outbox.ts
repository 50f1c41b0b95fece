// Reader notices wait in the store's outbox until the mail server takes them (the printing and
// notices issue sends them). Queued in the same transaction as the action that calls for them,
// so a check-in made offline still tells the reader once the network is back.
import { AppError } from '../../shared/errors';
import type { Notice, NoticeKind } from '../../shared/types';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

interface NoticeRow {
  id: number;
  kind: NoticeKind;
  request_id: string;
  reader_id: string | null;
  to_address: string | null;
  status: Notice['status'];
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string | null;
}

function toNotice(row: NoticeRow): Notice {
  return {
    id: row.id,
    kind: row.kind,
    requestId: row.request_id,
    readerId: row.reader_id,
    toAddress: row.to_address,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * Queues a notice for the request's reader, once per request and kind (a second check-in of the
 * same book after a sync clash does not mail the reader twice). The address is the one on the
 * request, else the reader's.
 */
export function queueNotice(ctx: DeskContext, kind: NoticeKind, requestId: string): void {
  prepared(
    ctx.db,
    `INSERT OR IGNORE INTO notices (kind, request_id, reader_id, to_address, status, created_at)
     SELECT ?, r.id, r.reader_id, coalesce(nullif(r.email, ''), rd.email), 'queued', ?
       FROM requests r LEFT JOIN readers rd ON rd.id = r.reader_id WHERE r.id = ?`,
  ).run(kind, ctx.now(), requestId);
}

export function noticesOf(ctx: DeskContext, requestId: string): Notice[] {
  return (prepared(ctx.db, 'SELECT * FROM notices WHERE request_id = ? ORDER BY id').all(requestId) as NoticeRow[]).map(toNotice);
}

export function getNotice(ctx: DeskContext, id: number): Notice | undefined {
  const row = prepared(ctx.db, 'SELECT * FROM notices WHERE id = ?').get(id) as NoticeRow | undefined;
  return row ? toNotice(row) : undefined;
}

/** A failed notice goes back to the outbox (notice.resend): attempts from 0, tried at the next round. */
export function resendNotice(ctx: DeskContext, input: { id: number }): Notice {
  return ctx.db
    .transaction(() => {
      const notice = getNotice(ctx, input.id);
      if (!notice) throw new AppError('NOT_FOUND', `id: no notice ${input.id}.`, 'id');
      const request = prepared(ctx.db, 'SELECT borrower_code FROM requests WHERE id = ?').get(notice.requestId) as { borrower_code: string } | undefined;
      if (request?.borrower_code !== ctx.libraryCode) throw new AppError('NOT_FOUND', `id: no notice ${input.id} of this library.`, 'id');
      if (notice.status !== 'failed') {
        throw new AppError('INVALID_TRANSITION', `id: notice ${input.id} is ${notice.status}; only a failed notice can be resent.`, 'id');
      }
      prepared(ctx.db, "UPDATE notices SET status = 'queued', attempts = 0, next_attempt_at = NULL WHERE id = ? AND status = 'failed'").run(input.id);
      return getNotice(ctx, input.id)!;
    })
    .immediate();
}
