// Registrations made at the hub wait for a clerk of the reader's library to approve them.
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ReaderDetail } from '../../shared/types';
import type { DeskContext } from '../context';
import { rulesOf } from '../libraries/store';
import { appendOutbox, inTransaction } from '../requests/ops';
import { countOpenRequestsOfReader } from '../requests/store';
import { prepared } from '../store/prepared';
import { getReaderRow, rowToReaderDetail, type ReaderRow } from './store';

function requireOwnReader(ctx: DeskContext, id: string): ReaderRow {
  const row = getReaderRow(ctx.db, id);
  if (!row || row.library_code !== ctx.libraryCode) throw new AppError('NOT_FOUND', `No reader ${id} of this library.`, 'id');
  return row;
}

export function readerDetail(ctx: DeskContext, id: string): ReaderDetail {
  const row = requireOwnReader(ctx, id);
  return rowToReaderDetail(row, countOpenRequestsOfReader(ctx.db, id), rulesOf(ctx.db, ctx.libraryCode).maxOpenRequestsPerReader);
}

function decide(ctx: DeskContext, id: string, decision: 'APPROVED' | 'REJECTED', reason: string | null): ReaderDetail {
  inTransaction(ctx, () => {
    const row = requireOwnReader(ctx, id);
    if (row.status !== 'PENDING') {
      throw new AppError('INVALID_TRANSITION', `Reader ${row.login} is ${row.status}; only a PENDING registration can be decided.`, 'id');
    }
    const now = ctx.now();
    prepared(
      ctx.db,
      'UPDATE readers SET status = ?, reject_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?',
    ).run(decision, reason, now, id);
    appendOutbox(
      ctx,
      {
        type: decision === 'APPROVED' ? 'reader.approve' : 'reader.reject',
        entityId: id,
        baseVersion: row.version,
        payload: reason === null ? {} : { reason },
      },
      now,
    );
  });
  return readerDetail(ctx, id);
}

export function approveReader(ctx: DeskContext, input: ParsedInputOf<'reader.approve'>): ReaderDetail {
  return decide(ctx, input.id, 'APPROVED', null);
}

export function rejectReader(ctx: DeskContext, input: ParsedInputOf<'reader.reject'>): ReaderDetail {
  return decide(ctx, input.id, 'REJECTED', input.reason);
}
