// The Today screen's counts: one small indexed count per list a clerk must work through now. Each
// count is the length of the list its link opens, so the two never disagree.
import { addDays, dayStartInstant } from '../../shared/rules';
import type { TodayCounts } from '../../shared/types';
import type { DeskContext } from '../context';
import { rulesOf } from '../libraries/store';
import { today } from '../requests/services';
import { prepared } from '../store/prepared';

export function todayCounts(ctx: DeskContext): TodayCounts {
  const lib = ctx.libraryCode;
  const count = (sql: string, ...params: unknown[]) => (prepared(ctx.db, sql).get(...params) as { n: number }).n;
  const borrowing = (status: string) => count('SELECT count(*) AS n FROM requests WHERE borrower_code = ? AND status = ?', lib, status);
  const lending = (status: string) => count('SELECT count(*) AS n FROM requests WHERE lender_code = ? AND status = ?', lib, status);
  const day = today(ctx);
  const pickUpCutoff = dayStartInstant(addDays(day, -rulesOf(ctx.db, lib).holdShelfDays));
  return {
    newRequests: borrowing('SUBMITTED'),
    incoming: lending('SENT'),
    toShip: lending('ACCEPTED'),
    arrivalsExpected: borrowing('SHIPPED'),
    pastPickUp: count(
      "SELECT count(*) AS n FROM requests WHERE borrower_code = ? AND status = 'ON_HOLD' AND checked_in_at < ?",
      lib,
      pickUpCutoff,
    ),
    overdue: count(
      "SELECT count(*) AS n FROM requests WHERE borrower_code = ? AND status IN ('LOANED', 'RECALLED') AND due_date < ?",
      lib,
      day,
    ),
    recalls: borrowing('RECALLED'),
    awaitingReturnShipping: borrowing('RETURNED'),
    returnsInTransit: lending('RETURN_SHIPPED'),
    pendingReaders: count("SELECT count(*) AS n FROM readers WHERE library_code = ? AND status = 'PENDING'", lib),
    syncProblems: count('SELECT count(*) AS n FROM sync_problems WHERE resolved_at IS NULL'),
    unprintedSlips: count("SELECT count(*) AS n FROM print_jobs WHERE status IN ('queued', 'printing', 'failed')"),
  };
}
