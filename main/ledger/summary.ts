// The figures behind the fee screen's charts: per month, the requests filled for our readers
// (borrowing) and by us for others (lending) and what the ledger received and paid; per partner
// library, the same over the months asked for. Filled = the lender shipped a loan or delivered a
// copy (the event the consortium's subsidy counts).
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { monthOf, netFor, sumFen } from '../../shared/ledger';
import { dayStartInstant } from '../../shared/rules';
import type { FeeSummary } from '../../shared/types';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** How many months `from`..`to` holds, inclusive (counted, not walked). */
function monthCount(from: string, to: string): number {
  const index = (month: string) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return y * 12 + m;
  };
  return index(to) - index(from) + 1;
}

/** `from`..`to` as a list of months, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  // Counted rather than compared as text: after 9999-12 comes "10000-01", which sorts before it.
  for (let i = 0, month = from; i < monthCount(from, to); i++, month = nextMonth(month)) months.push(month);
  return months;
}

/** The instant a month begins, or null past 9999-12 (no date names it: the range is open-ended). */
function monthStartInstant(month: string): string | null {
  return /^\d{4}-\d{2}$/.test(month) ? dayStartInstant(`${month}-01`) : null;
}

export function feeSummary(ctx: DeskContext, input: ParsedInputOf<'fees.summary'>): FeeSummary {
  if (input.from > input.to) throw new AppError('INVALID_INPUT', 'to: must not be before from.', 'to');
  if (monthCount(input.from, input.to) > 36) throw new AppError('INVALID_INPUT', 'to: at most 36 months at once.', 'to');
  const months = monthsBetween(input.from, input.to);
  const us = ctx.libraryCode;
  const byMonth = new Map(months.map((month) => [month, { month, borrowed: 0, lent: 0, receivedFen: 0, paidFen: 0 }]));
  const partners = new Map<string, { code: string; borrowed: number; lent: number; netFen: number }>();
  const partner = (code: string) => {
    let p = partners.get(code);
    if (!p) partners.set(code, (p = { code, borrowed: 0, lent: 0, netFen: 0 }));
    return p;
  };
  // Events are stored in desk time (UTC instants); months are the consortium's (Beijing).
  const fills = prepared(
    ctx.db,
    `SELECT e.desk_time AS at, r.borrower_code AS borrower, r.lender_code AS lender
       FROM request_events e JOIN requests r ON r.id = e.request_id
      WHERE e.type IN ('request.ship', 'request.deliver') AND e.desk_time >= @from AND (@to IS NULL OR e.desk_time < @to)`,
  ).all({ from: monthStartInstant(months[0]!), to: monthStartInstant(nextMonth(months.at(-1)!)) }) as {
    at: string;
    borrower: string;
    lender: string | null;
  }[];
  for (const fill of fills) {
    const row = byMonth.get(monthOf(fill.at));
    if (!row) continue;
    if (fill.borrower === us && fill.lender) {
      row.borrowed += 1;
      partner(fill.lender).borrowed += 1;
    } else if (fill.lender === us) {
      row.lent += 1;
      partner(fill.borrower).lent += 1;
    }
  }
  const entries = prepared(
    ctx.db,
    // Only what is in force: a claimed entry waits for its payer's consent (DESIGN §7).
    "SELECT month, payer_code AS payer, payee_code AS payee, amount_fen AS amountFen FROM ledger_entries WHERE month >= ? AND month <= ? AND state = 'in_force'",
  ).all(input.from, input.to) as { month: string; payer: string; payee: string; amountFen: number }[];
  for (const entry of entries) {
    const row = byMonth.get(entry.month);
    if (!row) continue;
    const signed = netFor(us, entry);
    // By direction (a reversal lowers what was received or paid; it is not the other way round).
    if (entry.payee === us && entry.payer !== us) row.receivedFen = sumFen([row.receivedFen, entry.amountFen]);
    else if (entry.payer === us && entry.payee !== us) row.paidFen = sumFen([row.paidFen, entry.amountFen]);
    const other = entry.payer === us ? entry.payee : entry.payer;
    if (signed !== 0 && /^\d{6}$/.test(other)) partner(other).netFen = sumFen([partner(other).netFen, signed]);
  }
  const names = new Map(
    (prepared(ctx.db, 'SELECT code, short_name AS name FROM libraries').all() as { code: string; name: string }[]).map((l) => [l.code, l.name]),
  );
  return {
    months: [...byMonth.values()],
    partners: [...partners.values()]
      .map((p) => ({ ...p, name: names.get(p.code) ?? p.code }))
      .sort((a, b) => b.borrowed + b.lent - (a.borrowed + a.lent) || (a.code < b.code ? -1 : 1)),
  };
}

