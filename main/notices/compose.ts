// A reader notice's mail, filled from the store: the request, its reader, the libraries and the
// desk (templates in resources/notices, Chinese first, then English).
import { AppError } from '../../shared/errors';
import { calendarDay, daysOverdue, pickUpBy } from '../../shared/rules';
import type { Notice } from '../../shared/types';
import { NOTICE_TEMPLATES } from '../../resources/notices';
import type { DeskContext } from '../context';
import { getLibrary, rulesOf } from '../libraries/store';
import { getReaderRow } from '../readers/store';
import type { RequestRow } from '../requests/store';
import { readSmtp } from '../settings/smtp';
import { prepared } from '../store/prepared';

export interface NoticeMail {
  to: string;
  subject: string;
  text: string;
}

const NONE = '—';

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new AppError('INTERNAL', `Notice template names {{${name}}}, which the desk does not fill.`);
    return value;
  });
}

export function composeNotice(ctx: DeskContext, notice: Notice): NoticeMail {
  if (!notice.toAddress) {
    throw new AppError('NOT_CONFIGURED', `toAddress: request ${notice.requestId} and its reader have no email address to send the ${notice.kind} notice to.`, 'toAddress');
  }
  const row = prepared(ctx.db, 'SELECT * FROM requests WHERE id = ?').get(notice.requestId) as RequestRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `requestId: no request ${notice.requestId} for notice ${notice.id}.`, 'requestId');
  const reader = notice.readerId ? getReaderRow(ctx.db, notice.readerId) : undefined;
  const smtp = readSmtp(ctx.db);
  const libraryName = (code: string | null) => (code ? (getLibrary(ctx.db, code)?.name ?? code) : NONE);
  const values: Record<string, string> = {
    reader: reader?.name ?? NONE,
    requestId: row.id,
    title: row.title,
    author: row.author ?? NONE,
    library: libraryName(row.borrower_code),
    lender: libraryName(row.lender_code),
    holdSlot: row.hold_slot ?? NONE,
    checkedIn: row.checked_in_at ? calendarDay(row.checked_in_at) : NONE,
    pickUpBy: row.checked_in_at ? pickUpBy(row.checked_in_at, rulesOf(ctx.db, row.borrower_code)) : NONE,
    dueDate: row.due_date ?? NONE,
    daysOverdue: row.due_date ? String(daysOverdue(row.due_date, ctx.now())) : NONE,
    desk: ctx.deskName,
    deskLocation: smtp?.deskLocation ?? '',
    deskPhone: smtp?.deskPhone || NONE,
  };
  const template = NOTICE_TEMPLATES[notice.kind];
  return { to: notice.toAddress, subject: fill(template.subject, values), text: fill(template.text, values) };
}
