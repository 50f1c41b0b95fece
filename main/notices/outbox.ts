// Reader notices wait in the store's outbox until the mail server takes them (the printing and
// notices issue sends them). Queued in the same transaction as the action that calls for them,
// so a check-in made offline still tells the reader once the network is back.
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
