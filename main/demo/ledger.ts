// The demo's money: the fee ledger of its last three months, derived from the demo's own request
// events by the rules the desk and the hub apply (shared/ledger.ts), the consortium's subsidy as the
// hub would have sent it, and the hub's statements for the two months before this one — the older
// confirmed, last month's just received, with the kinds of difference a clerk has to find: a line
// the hub has that this desk never received, an amount the hub computed differently, and a refund
// recorded here that the hub has not seen. And two charges between libraries still waiting for
// consent (DESIGN §7): one a partner claims from us, one we claimed that the partner disputed.
import { createHash } from 'node:crypto';
import { CONSORTIUM, entriesForEvent, isStatementLine, makerOfEventEntry, monthOf, statementTotals, type LedgerEntry, type StatementData, type StatementLine } from '../../shared/ledger';
import { resolveRules, type LibraryRules } from '../../shared/rules';
import type { Db } from '../store/db';
import { nextMonth } from '../ledger/summary';

/** The consortium's subsidy per filled request in the demo (5 yuan). */
export const DEMO_SUBSIDY_FEN = 500;

interface EventRow {
  type: string;
  at: string;
  clerk: string;
  detail_json: string;
  id: string;
  service_type: 'loan' | 'copy';
  borrower_code: string;
  lender_code: string | null;
  reader_id: string | null;
  lender_due_date: string | null;
}

/** A UUID-shaped id made from a name, so the same demo has the same ids. */
function demoUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function writeDemoLedger(db: Db, libraryCode: string, now: string): void {
  const thisMonth = monthOf(now);
  const lastMonth = previousMonth(thisMonth);
  const olderMonth = previousMonth(lastMonth);
  const rules = new Map<string, LibraryRules>(
    (db.prepare('SELECT code, rules_json FROM libraries').all() as { code: string; rules_json: string }[]).map((row) => [row.code, resolveRules(JSON.parse(row.rules_json) as Partial<LibraryRules>)]),
  );
  const rulesOf = (code: string) => rules.get(code) ?? resolveRules(null);
  const events = db
    .prepare(
      `SELECT e.type, e.desk_time AS at, e.clerk, e.detail_json, r.id, r.service_type, r.borrower_code, r.lender_code, r.reader_id, r.lender_due_date
         FROM request_events e JOIN requests r ON r.id = e.request_id
        WHERE e.desk_time >= ? AND e.desk_time < ?
          AND e.type IN ('request.handOut', 'request.complete', 'request.lose', 'request.ship', 'request.deliver', 'request.returnShip')
        ORDER BY e.desk_time, e.id`,
    )
    .all(`${olderMonth}-01`, `${nextMonth(thisMonth)}-01`) as EventRow[];
  const insertRow = db.prepare(
    `INSERT OR IGNORE INTO ledger_entries (id, request_id, shipment_id, kind, amount_fen, payer_code, payee_code, operator, created_at, month, reverses_id, reason,
       reader_id, source, state, made_by, dispute_comment, dispute_at, dispute_by, dispute_clerk, hub_version)
     VALUES (@id, @requestId, @shipmentId, @kind, @amountFen, @payer, @payee, @operator, @createdAt, @month, @reversesId, @reason, @readerId, @source,
       @state, @madeBy, @disputeComment, @disputeAt, @disputeBy, @disputeClerk, @hubVersion)`,
  );
  type Extra = { state: 'claimed' | 'in_force'; madeBy: string; dispute?: { comment: string; at: string; by: string; clerk: string }; hubVersion?: number };
  const insert = (entry: LedgerEntry, extra: Extra = { state: 'in_force', madeBy: makerOfEventEntry(entry) }) =>
    insertRow.run({
      ...entry,
      state: extra.state,
      madeBy: extra.madeBy,
      disputeComment: extra.dispute?.comment ?? null,
      disputeAt: extra.dispute?.at ?? null,
      disputeBy: extra.dispute?.by ?? null,
      disputeClerk: extra.dispute?.clerk ?? null,
      hubVersion: extra.hubVersion ?? null,
    });
  const filled = new Map<string, { asLender: number; asBorrower: number }>();
  for (const e of events) {
    const month = monthOf(e.at);
    if (month < olderMonth) continue;
    const entries = entriesForEvent({
      type: e.type,
      request: { id: e.id, serviceType: e.service_type, borrowerCode: e.borrower_code, lenderCode: e.lender_code, readerId: e.reader_id, lenderDueDate: e.lender_due_date },
      payload: JSON.parse(e.detail_json) as Record<string, unknown>,
      at: e.at,
      operator: e.clerk,
      rulesOf,
      // The hub's subsidy came with each sync; this desk holds the lines where it is the lender.
      subsidyFen: DEMO_SUBSIDY_FEN,
    });
    // This desk holds its own library's entries: the ones it pays or is paid (a reader's included).
    for (const entry of entries) if (entry.payer === libraryCode || entry.payee === libraryCode) insert(entry);
    if (e.type === 'request.ship' || e.type === 'request.deliver') {
      const count = filled.get(month) ?? { asLender: 0, asBorrower: 0 };
      if (e.lender_code === libraryCode) count.asLender += 1;
      else if (e.borrower_code === libraryCode) count.asBorrower += 1;
      filled.set(month, count);
    }
  }

  const linesOf = (month: string): StatementLine[] =>
    (
      db
        .prepare(
          `SELECT id, kind, amount_fen AS amountFen, payer_code AS payer, payee_code AS payee, request_id AS requestId,
                  shipment_id AS shipmentId, created_at AS createdAt, reverses_id AS reversesId
             FROM ledger_entries WHERE month = ? AND (payer_code = ? OR payee_code = ?) ORDER BY created_at, id`,
        )
        .all(month, libraryCode, libraryCode) as StatementLine[]
    ).filter(isStatementLine);
  const statement = (month: string, lines: StatementLine[]): StatementData => ({
    month,
    libraryCode,
    subsidyRateFen: DEMO_SUBSIDY_FEN,
    filledAsLender: filled.get(month)?.asLender ?? 0,
    filledAsBorrower: filled.get(month)?.asBorrower ?? 0,
    lines,
    totals: statementTotals(libraryCode, lines),
    computedAt: `${nextMonth(month)}-01T01:00:00.000Z`,
  });
  const insertStatement = db.prepare(
    'INSERT INTO statements (month, library_code, status, data_json, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );

  // The month before last: it agreed line for line, and a supervisor confirmed it.
  const older = statement(olderMonth, linesOf(olderMonth));
  insertStatement.run(olderMonth, libraryCode, 'CONFIRMED', JSON.stringify(older), null, `${lastMonth}-03T02:00:00.000Z`);

  // Last month, as the hub sent it: an amount it computed differently (a fine, else a parcel's
  // courier cost), a subsidy line this desk never received, and (added below, after the statement)
  // a refund of ours the hub has not seen.
  const lines = linesOf(lastMonth);
  const differing = lines.find((l) => l.kind === 'overdue_fine') ?? lines.find((l) => l.kind === 'courier_cost');
  const missingHere = lines.find((l) => l.kind === 'subsidy' && l.requestId !== differing?.requestId);
  const hubLines = lines.map((l) => (l === differing ? { ...l, amountFen: l.amountFen + 150 } : l));
  insertStatement.run(lastMonth, libraryCode, 'RECEIVED', JSON.stringify(statement(lastMonth, hubLines)), null, `${thisMonth}-01T01:05:00.000Z`);
  if (missingHere) db.prepare('DELETE FROM ledger_entries WHERE id = ?').run(missingHere.id);
  const partner = differing ? (differing.payer === libraryCode ? differing.payee : differing.payer) : CONSORTIUM;
  // A refund for one of the month's requests, with an id like a desk's (a UUID, fixed for the demo).
  const refundFor = lines.find((l) => l.requestId !== null && l !== differing && l !== missingHere)?.requestId ?? null;
  const refund: LedgerEntry = {
    id: demoUuid(`${libraryCode}:${lastMonth}:refund`),
    kind: 'refund',
    amountFen: 800,
    payer: libraryCode,
    payee: partner === CONSORTIUM ? '211060' : partner,
    requestId: refundFor,
    shipmentId: null,
    readerId: null,
    operator: 'by01',
    createdAt: `${lastMonth}-20T06:30:00.000Z`,
    month: lastMonth,
    reversesId: null,
    reason: '多收的逾期罚款退还借出馆',
    source: 'manual',
  };
  insert(refund, { state: 'in_force', madeBy: libraryCode });

  // This month, between libraries and not counted yet: 北航 claims a damaged book from us (ours to
  // accept or dispute), and our fine claimed from 人大 came back disputed.
  const claimant = libraryCode === '211060' ? '211010' : '211060';
  const debtor = libraryCode === '211020' ? '211010' : '211020';
  const today = now.slice(0, 10);
  const manual = (name: string, entry: Pick<LedgerEntry, 'kind' | 'amountFen' | 'payer' | 'payee' | 'operator' | 'reason'>, at: string): LedgerEntry => ({
    id: demoUuid(`${libraryCode}:${thisMonth}:${name}`),
    requestId: null,
    shipmentId: null,
    readerId: null,
    createdAt: at,
    month: monthOf(at),
    reversesId: null,
    source: 'manual',
    ...entry,
  });
  const claimedAt = `${today}T00:30:00.000Z` < now ? `${today}T00:30:00.000Z` : now;
  insert(manual('claim-from-partner', { kind: 'lost_charge', amountFen: 4500, payer: libraryCode, payee: claimant, operator: 'bh01', reason: '归还的图书封面破损，按赔偿标准收取' }, claimedAt), {
    state: 'claimed',
    madeBy: claimant,
    hubVersion: 1,
  });
  insert(manual('claim-by-us', { kind: 'overdue_fine', amountFen: 350, payer: debtor, payee: libraryCode, operator: 'by01', reason: '逾期 7 天，每天 0.50 元' }, claimedAt), {
    state: 'claimed',
    madeBy: libraryCode,
    dispute: { comment: '该书已于到期日前寄回，见快递单号 SF1234567890', at: claimedAt, by: debtor, clerk: 'rd01' },
    hubVersion: 2,
  });
}
