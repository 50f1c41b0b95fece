// Due-date and recall notices for our readers' loans (DESIGN: a courtesy notice 3 days before the due date,
// overdue notices at 1, 7 and 14 days), by the desk's calendar day. Each kind goes once per
// request (the outbox's UNIQUE key), so running this every round, or after the desk was off for a
// week, queues nothing twice. A desk that was off only queues the latest step that applies: a loan
// found 8 days overdue gets the 7-day notice, not the 1-day one as well.
import { addDays, calendarDay, daysOverdue } from '../../shared/rules';
import type { NoticeKind } from '../../shared/types';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';
import { queueNotice } from './outbox';

export const COURTESY_DAYS_BEFORE = 3;

/** The due-date notice a loan due on `dueDate` calls for on `today`, if any. */
export function dueNoticeKind(dueDate: string, today: string): NoticeKind | null {
  const overdue = daysOverdue(dueDate, today);
  if (overdue >= 14) return 'overdue14';
  if (overdue >= 7) return 'overdue7';
  if (overdue >= 1) return 'overdue1';
  const day = calendarDay(today);
  if (dueDate >= day && dueDate <= addDays(day, COURTESY_DAYS_BEFORE)) return 'courtesy';
  return null;
}

/** Queues the due-date notices of our LOANED borrowing requests and the recall notices of recalled ones; answers how many were new. */
export function queueDueNotices(ctx: DeskContext): number {
  const today = calendarDay(ctx.now());
  return ctx.db
    .transaction(() => {
      const loans = prepared(
        ctx.db,
        `SELECT id, due_date FROM requests
          WHERE borrower_code = ? AND status = 'LOANED' AND due_date IS NOT NULL AND due_date <= ?`,
      ).all(ctx.libraryCode, addDays(today, COURTESY_DAYS_BEFORE)) as { id: string; due_date: string }[];
      let queued = 0;
      // Recalled by the lender while the reader has the book (a book recalled off our hold shelf
      // has no due date and no reader to ask): the recall notice, once. It arrives by sync, so it
      // is queued here, by the round, rather than by a clerk's command.
      const recalled = prepared(
        ctx.db,
        `SELECT r.id FROM requests r
          WHERE r.borrower_code = ? AND r.status = 'RECALLED' AND r.due_date IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.request_id = r.id AND n.kind = 'recall')`,
      ).all(ctx.libraryCode) as { id: string }[];
      for (const loan of recalled) {
        queueNotice(ctx, 'recall', loan.id);
        queued += 1;
      }
      for (const loan of loans) {
        const kind = dueNoticeKind(loan.due_date, today);
        if (!kind) continue;
        const before = (prepared(ctx.db, 'SELECT count(*) AS n FROM notices WHERE request_id = ? AND kind = ?').get(loan.id, kind) as { n: number }).n;
        if (before > 0) continue;
        queueNotice(ctx, kind, loan.id);
        queued += 1;
      }
      return queued;
    })
    .immediate();
}
