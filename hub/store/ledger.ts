// The hub's fee ledger and monthly statements (issue 6), on the SQLite store's transactions.
// Entries come from request ops (shared/ledger.ts `entriesForEvent`, the same rules the desks use,
// plus the consortium's subsidy only the hub knows) and from desks by hand (`ledger.add`,
// `ledger.reverse`). Each new entry is a `ledger` change for the libraries that pay or are paid;
// each statement a `statement` change for its library. Money is integer fen throughout.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import {
  CONSORTIUM,
  entriesForEvent,
  isLibraryParty,
  isStatementLine,
  makerOfEventEntry,
  monthOf,
  payingParty,
  stateOfNewEntry,
  statementTotals,
  type LedgerEntry,
  type LedgerKind,
  type LedgerState,
  type StatementData,
  type StatementLine,
  type SyncLedgerEntry,
} from '../../shared/ledger';
import type { ChangeKind, OpResult } from '../../shared/sync';
import type { LibraryInfo, PartyRole, RequestRecord } from '../domain/requests';
import type { OpPayload } from '../domain/schemas';
import { HubError } from '../errors';
import type { DeskIdentity } from './types';

type Db = Database.Database;

export const STATEMENT_STATUSES = ['RECEIVED', 'CONFIRMED', 'DISPUTED'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** A `statement` change's data: the statement, and where the library stands with it. */
export interface StatementChange extends StatementData {
  status: StatementStatus;
  comment: string | null;
  updatedAt: string;
}

/** What the store lends the ledger: its statements cache, the feed, the directory, the parties. */
export interface LedgerHost {
  db: Db;
  sql(text: string): Database.Statement;
  appendChange(kind: ChangeKind, entityId: string, version: number, borrowerCode: string | null, data: unknown, audience: string[], hubTime: string): void;
  libraryInfo(code: string): LibraryInfo | undefined;
  partyRole(requestId: string, libraryCode: string): PartyRole | undefined;
}

interface EntryRow {
  id: string;
  kind: LedgerKind;
  amount_fen: number;
  payer_code: string;
  payee_code: string;
  request_id: string | null;
  shipment_id: string | null;
  reader_id: string | null;
  operator: string;
  created_at: string;
  month: string;
  reverses_id: string | null;
  reason: string | null;
  source: 'event' | 'manual';
  state: LedgerState;
  made_by: string | null;
  dispute_comment: string | null;
  dispute_at: string | null;
  dispute_by: string | null;
  dispute_clerk: string | null;
  version: number;
}

function rowToEntry(r: EntryRow): SyncLedgerEntry {
  return {
    id: r.id,
    kind: r.kind,
    amountFen: r.amount_fen,
    payer: r.payer_code,
    payee: r.payee_code,
    requestId: r.request_id,
    shipmentId: r.shipment_id,
    readerId: r.reader_id,
    operator: r.operator,
    createdAt: r.created_at,
    month: r.month,
    reversesId: r.reverses_id,
    reason: r.reason,
    source: r.source,
    state: r.state,
    madeBy: r.made_by ?? makerOfEventEntry({ payer: r.payer_code, payee: r.payee_code }),
    dispute: r.dispute_comment === null ? null : { comment: r.dispute_comment, at: r.dispute_at ?? '', by: r.dispute_by ?? '', clerk: r.dispute_clerk },
  };
}

function toLine(e: LedgerEntry): StatementLine {
  return {
    id: e.id,
    kind: e.kind,
    amountFen: e.amountFen,
    payer: e.payer,
    payee: e.payee,
    requestId: e.requestId,
    shipmentId: e.shipmentId,
    createdAt: e.createdAt,
    reversesId: e.reversesId,
  };
}

interface StatementRow {
  library_code: string;
  month: string;
  data_json: string;
  status: StatementStatus;
  comment: string | null;
  version: number;
  updated_at: string;
}

const SUBSIDY_KEY = 'subsidyFenPerFilledRequest';
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** One library's outcome of a statement run. */
export interface StatementRun {
  libraryCode: string;
  /** `computed`: stored RECEIVED and published; `kept`: CONFIRMED, left alone (no --force). */
  outcome: 'computed' | 'kept';
  data: StatementData;
}

type Base = { opId: string; deskSeq: number };

export class HubLedger {
  constructor(private readonly host: LedgerHost) {}

  // ---- settings

  /** The consortium's subsidy per filled request, in fen (0 until configured). */
  subsidyFen(): number {
    const row = this.host.sql('SELECT value FROM hub_settings WHERE key = ?').get(SUBSIDY_KEY) as { value: string } | undefined;
    const value = row ? Number(row.value) : 0;
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  }

  setSubsidyFen(fen: number, hubTime: string): void {
    if (!Number.isSafeInteger(fen) || fen < 0 || fen > 100_000_000) throw new RangeError(`subsidy-fen: ${fen} is not a whole number of fen from 0 to 100000000.`);
    this.host
      .sql('INSERT INTO hub_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(SUBSIDY_KEY, String(fen), hubTime);
  }

  // ---- entries

  entry(id: string): SyncLedgerEntry | undefined {
    const row = this.host.sql('SELECT * FROM ledger_entries WHERE id = ?').get(id) as EntryRow | undefined;
    return row && rowToEntry(row);
  }

  private version(id: string): number {
    return (this.host.sql('SELECT version FROM ledger_entries WHERE id = ?').get(id) as { version: number }).version;
  }

  /** Every entry of a month (the hub's ledger), oldest first. */
  entriesOfMonth(month: string): SyncLedgerEntry[] {
    return (this.host.sql('SELECT * FROM ledger_entries WHERE month = ? ORDER BY created_at, id').all(month) as EntryRow[]).map(rowToEntry);
  }

  /** The entry that reversed this one, if any. */
  private reversalOf(id: string): string | undefined {
    return (this.host.sql('SELECT id FROM ledger_entries WHERE reverses_id = ?').get(id) as { id: string } | undefined)?.id;
  }

  /** A claimed entry its maker reversed, or the reversal of a claimed entry: neither can be accepted any more. */
  private withdrawn(e: SyncLedgerEntry): boolean {
    if (e.state !== 'claimed') return false;
    if (this.reversalOf(e.id)) return true;
    return e.reversesId !== null && this.entry(e.reversesId)?.state === 'claimed';
  }

  /** Puts the entry as it now stands in the feeds of the libraries that pay or are paid. */
  private publish(id: string, hubTime: string): void {
    const e = this.entry(id)!;
    // A library's copy of an entry: reader fees go to the library only (the payer is the reader).
    const audience = [e.payer, e.payee].filter((p) => isLibraryParty(p) && this.host.libraryInfo(p) !== undefined);
    this.host.appendChange('ledger', e.id, this.version(id), null, e, audience, hubTime);
  }

  /** Records entries not yet known (by id) and puts each new one in its parties' feeds. */
  record(entries: readonly SyncLedgerEntry[], hubTime: string): SyncLedgerEntry[] {
    const added: SyncLedgerEntry[] = [];
    for (const e of entries) {
      const { dispute: _dispute, ...row } = e;
      const inserted = this.host
        .sql(
          `INSERT OR IGNORE INTO ledger_entries (id, kind, amount_fen, payer_code, payee_code, request_id, shipment_id, reader_id, operator,
             created_at, month, reverses_id, reason, source, hub_time, state, made_by)
           VALUES (@id, @kind, @amountFen, @payer, @payee, @requestId, @shipmentId, @readerId, @operator, @createdAt, @month, @reversesId,
             @reason, @source, @hubTime, @state, @madeBy)`,
        )
        .run({ ...row, hubTime });
      if (inserted.changes === 0) continue;
      this.publish(e.id, hubTime);
      added.push(e);
    }
    return added;
  }

  /** The entries an applied request op makes (called in the op's transaction, after the update): in force at once. */
  afterRequestOp(type: string, request: RequestRecord, payload: Record<string, unknown>, clientTime: string, clerk: string, hubTime: string): SyncLedgerEntry[] {
    const entries = entriesForEvent({
      type,
      request: {
        id: request.id,
        serviceType: request.serviceType,
        borrowerCode: request.borrowerCode,
        lenderCode: request.lenderCode,
        readerId: request.readerId,
        lenderDueDate: request.lenderDueDate,
      },
      payload,
      at: clientTime,
      operator: clerk,
      rulesOf: (code) => {
        const info = this.host.libraryInfo(code);
        if (!info) throw new Error(`Library ${code} is missing from the directory.`);
        return info.rules;
      },
      subsidyFen: this.subsidyFen(),
    });
    return this.record(
      entries.map((e) => ({ ...e, state: 'in_force' as const, madeBy: makerOfEventEntry(e), dispute: null })),
      hubTime,
    );
  }

  // ---- ops from desks

  /** `ledger.add` / `ledger.reverse`: a manual entry by a party to it, or the reversal of one by its maker. */
  ledgerOp(
    desk: DeskIdentity,
    type: 'ledger.add' | 'ledger.reverse',
    entityId: string,
    payload: Record<string, unknown>,
    clerk: string,
    clientTime: string,
    hubTime: string,
    base: Base,
  ): OpResult {
    const rejected = (code: string, message: string, field: string): OpResult => ({ ...base, outcome: 'rejected', code, message, field });
    if (!UUID.test(entityId)) return rejected('INVALID_INPUT', `entityId: a new ledger entry's id must be a UUID (got ${entityId}).`, 'entityId');
    if (this.entry(entityId)) return rejected('ALREADY_EXISTS', `entityId: ledger entry ${entityId} already exists; an entry is never changed.`, 'entityId');
    const ours = desk.libraryCode;
    let entry: SyncLedgerEntry;
    if (type === 'ledger.add') {
      const p = payload as OpPayload<'ledger.add'>;
      if (p.payer !== ours && p.payee !== ours) {
        return rejected('INVALID_INPUT', `payload.payer: this library (${ours}) must pay or be paid; ${p.payer} → ${p.payee} is not its entry.`, 'payload.payer');
      }
      if (p.payer === p.payee) return rejected('INVALID_INPUT', `payload.payee: an entry is between two parties; ${p.payee} cannot pay itself.`, 'payload.payee');
      const [otherField, other] = p.payer === ours ? (['payload.payee', p.payee] as const) : (['payload.payer', p.payer] as const);
      if (other !== CONSORTIUM && !this.host.libraryInfo(other)) {
        return rejected('INVALID_INPUT', `${otherField}: ${other} is neither a member library nor ${CONSORTIUM}.`, otherField);
      }
      if (p.requestId && !this.host.partyRole(p.requestId, ours)) {
        return rejected('NOT_FOUND', `payload.requestId: no request ${p.requestId} is known to this library.`, 'payload.requestId');
      }
      const made: LedgerEntry = {
        id: entityId,
        kind: p.kind,
        amountFen: p.amountFen,
        payer: p.payer,
        payee: p.payee,
        requestId: p.requestId ?? null,
        shipmentId: p.shipmentId ?? null,
        readerId: null,
        operator: clerk,
        createdAt: clientTime,
        month: monthOf(clientTime),
        reversesId: null,
        reason: p.reason,
        source: 'manual',
      };
      // DESIGN §7: what another library (or the consortium) is to pay waits for its consent.
      entry = { ...made, state: stateOfNewEntry(made, ours), madeBy: ours, dispute: null };
    } else {
      const p = payload as OpPayload<'ledger.reverse'>;
      const original = this.entry(p.reversesId);
      // The same answer for an entry nobody has and for one we are no party to: nothing to probe.
      if (!original || (original.payer !== ours && original.payee !== ours)) {
        return rejected('NOT_FOUND', `payload.reversesId: no ledger entry ${p.reversesId} is known to this library.`, 'payload.reversesId');
      }
      if (original.madeBy !== ours) {
        return rejected(
          'FORBIDDEN',
          `payload.reversesId: ${original.id} was made by ${original.madeBy}; only that library (or the center) may reverse it.`,
          'payload.reversesId',
        );
      }
      const refusal = this.reversible(original);
      if (refusal) return rejected(refusal.code, `payload.reversesId: ${refusal.message}`, 'payload.reversesId');
      entry = this.reversalEntry(original, entityId, ours, clerk, clientTime, p.reason);
    }
    this.record([entry], hubTime);
    return { ...base, outcome: 'applied' };
  }

  private reversible(original: SyncLedgerEntry): { code: string; message: string } | undefined {
    if (original.reversesId) return { code: 'INVALID_TRANSITION', message: `${original.id} is itself a reversal; add a new entry instead.` };
    const earlier = this.reversalOf(original.id);
    if (earlier) return { code: 'ALREADY_EXISTS', message: `${original.id} has been reversed already (by ${earlier}).` };
    return undefined;
  }

  /** A copy of the entry with the amount negated; claimed (a withdrawal) when the entry is, else by whom it takes money from. */
  private reversalEntry(original: SyncLedgerEntry, id: string, maker: string, operator: string, at: string, reason: string): SyncLedgerEntry {
    const reversal: LedgerEntry = {
      ...original,
      id,
      amountFen: -original.amountFen,
      operator,
      createdAt: at,
      month: monthOf(at),
      reversesId: original.id,
      reason,
      source: 'manual',
    };
    return { ...reversal, state: stateOfNewEntry(reversal, maker, original), madeBy: maker, dispute: null };
  }

  /** `ledger.accept` / `ledger.dispute`: the answer of the library a claimed entry takes money from. */
  consentOp(desk: DeskIdentity, type: 'ledger.accept' | 'ledger.dispute', entityId: string, payload: Record<string, unknown>, clerk: string, hubTime: string, base: Base): OpResult {
    const rejected = (code: string, message: string, field: string): OpResult => ({ ...base, outcome: 'rejected', code, message, field });
    const ours = desk.libraryCode;
    const e = this.entry(entityId);
    if (!e || (e.payer !== ours && e.payee !== ours)) return rejected('NOT_FOUND', `entityId: no ledger entry ${entityId} is known to this library.`, 'entityId');
    const paying = payingParty(e);
    if (paying !== ours) {
      return rejected('FORBIDDEN', `entityId: ${e.id} takes money from ${paying}; only that library accepts or disputes it.`, 'entityId');
    }
    if (this.withdrawn(e)) return rejected('INVALID_TRANSITION', `entityId: ${e.id} was withdrawn by ${e.madeBy}; there is nothing to accept or dispute.`, 'entityId');
    if (type === 'ledger.accept') {
      // Accepted already (by another desk of ours, or approved by the center): the target state is there.
      if (e.state === 'in_force') return { ...base, outcome: 'applied', noop: true };
      this.host.sql("UPDATE ledger_entries SET state = 'in_force', version = version + 1 WHERE id = ?").run(e.id);
    } else {
      if (e.state === 'in_force') {
        return rejected('INVALID_TRANSITION', `entityId: ${e.id} is in force already; ask ${e.madeBy} to reverse it.`, 'entityId');
      }
      const comment = (payload as OpPayload<'ledger.dispute'>).comment;
      this.host
        .sql('UPDATE ledger_entries SET dispute_comment = ?, dispute_at = ?, dispute_by = ?, dispute_clerk = ?, version = version + 1 WHERE id = ?')
        .run(comment, hubTime, ours, clerk, e.id);
    }
    this.publish(e.id, hubTime);
    return { ...base, outcome: 'applied' };
  }

  // ---- the center (the hub's command line)

  /** The center approves a claimed entry: in force, as if its payer had accepted it. */
  approveByCenter(id: string, hubTime: string): SyncLedgerEntry {
    return this.host.db
      .transaction((): SyncLedgerEntry => {
        const e = this.entry(id);
        if (!e) throw new HubError(404, 'NOT_FOUND', `id: no ledger entry ${id}.`, 'id');
        if (e.state === 'in_force') throw new HubError(409, 'INVALID_TRANSITION', `id: ${id} is in force already.`, 'id');
        if (this.withdrawn(e)) throw new HubError(409, 'INVALID_TRANSITION', `id: ${id} was withdrawn by ${e.madeBy}; there is nothing to approve.`, 'id');
        this.host.sql("UPDATE ledger_entries SET state = 'in_force', version = version + 1 WHERE id = ?").run(id);
        this.publish(id, hubTime);
        return this.entry(id)!;
      })
      .immediate();
  }

  /** The center reverses any entry (once): in force at once, or a withdrawal of a claimed one. */
  reverseByCenter(id: string, reason: string, hubTime: string): SyncLedgerEntry {
    const why = reason.trim();
    if (why.length < 1 || why.length > 200) throw new HubError(400, 'INVALID_INPUT', 'reason: is required, at most 200 characters.', 'reason');
    return this.host.db
      .transaction((): SyncLedgerEntry => {
        const original = this.entry(id);
        if (!original) throw new HubError(404, 'NOT_FOUND', `id: no ledger entry ${id}.`, 'id');
        const refusal = this.reversible(original);
        if (refusal) throw new HubError(409, refusal.code, `id: ${refusal.message}`, 'id');
        const reversal = this.reversalEntry(original, randomUUID(), CONSORTIUM, 'center', hubTime, why);
        this.record([reversal], hubTime);
        return this.entry(reversal.id)!;
      })
      .immediate();
  }

  /** `statement.confirm` / `statement.dispute` on `<libraryCode>:<month>`, by a desk of that library. */
  statementOp(desk: DeskIdentity, type: 'statement.confirm' | 'statement.dispute', entityId: string, payload: Record<string, unknown>, hubTime: string, base: Base): OpResult {
    const rejected = (code: string, message: string, field: string): OpResult => ({ ...base, outcome: 'rejected', code, message, field });
    const [libraryCode, month, ...rest] = entityId.split(':');
    if (!libraryCode || !month || rest.length > 0 || !/^\d{6}$/.test(libraryCode) || !MONTH.test(month)) {
      return rejected('INVALID_INPUT', `entityId: a statement is named <libraryCode>:<YYYY-MM> (got ${entityId}).`, 'entityId');
    }
    if (typeof payload.month === 'string' && payload.month !== month) {
      return rejected('INVALID_INPUT', `payload.month: ${payload.month} is not the month of ${entityId}.`, 'payload.month');
    }
    const row = libraryCode === desk.libraryCode ? this.statementRow(libraryCode, month) : undefined;
    if (!row) return rejected('NOT_FOUND', `entityId: no statement for ${month} is known to this library.`, 'entityId');
    if (row.status === 'CONFIRMED') {
      return rejected('INVALID_TRANSITION', `entityId: the statement for ${month} is already confirmed; it cannot be ${type === 'statement.confirm' ? 'confirmed again' : 'disputed'}.`, 'entityId');
    }
    // The supervisor decided on the figures they saw: if the hub has computed the month again since,
    // they must look at the new ones first.
    const seen = typeof payload.computedAt === 'string' ? payload.computedAt : null;
    const current = (JSON.parse(row.data_json) as Partial<StatementData>).computedAt ?? null;
    if (seen !== null && seen !== current) {
      return rejected(
        'INVALID_TRANSITION',
        `payload.computedAt: the statement for ${month} was computed again at ${String(current)}; look at the new figures before deciding.`,
        'payload.computedAt',
      );
    }
    const status: StatementStatus = type === 'statement.confirm' ? 'CONFIRMED' : 'DISPUTED';
    const comment = type === 'statement.dispute' && typeof payload.comment === 'string' ? payload.comment : null;
    this.host
      .sql('UPDATE statements SET status = ?, comment = ?, updated_at = ?, version = version + 1 WHERE library_code = ? AND month = ?')
      .run(status, comment, hubTime, libraryCode, month);
    this.publishStatement(libraryCode, month, hubTime);
    return { ...base, outcome: 'applied' };
  }

  // ---- statements

  private statementRow(libraryCode: string, month: string): StatementRow | undefined {
    return this.host.sql('SELECT * FROM statements WHERE library_code = ? AND month = ?').get(libraryCode, month) as StatementRow | undefined;
  }

  statement(libraryCode: string, month: string): StatementChange | undefined {
    const row = this.statementRow(libraryCode, month);
    return row && { ...(JSON.parse(row.data_json) as StatementData), status: row.status, comment: row.comment, updatedAt: row.updated_at };
  }

  private publishStatement(libraryCode: string, month: string, hubTime: string): void {
    const row = this.statementRow(libraryCode, month)!;
    this.host.appendChange('statement', `${libraryCode}:${month}`, row.version, null, this.statement(libraryCode, month), [libraryCode], hubTime);
  }

  /** Requests each library filled in the month (shipped or delivered, by the desk's time of the act), as lender and as borrower. */
  private filledCounts(month: string): { asLender: Map<string, number>; asBorrower: Map<string, number> } {
    const rows = this.host
      .sql(
        `SELECT e.request_id, e.library_code AS lender, r.borrower_code AS borrower, e.desk_time
         FROM request_events e JOIN requests r ON r.id = e.request_id
         WHERE e.type IN ('request.ship', 'request.deliver')`,
      )
      .all() as { request_id: string; lender: string; borrower: string; desk_time: string }[];
    const lent = new Map<string, Set<string>>();
    const borrowed = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, code: string, id: string) => {
      let set = map.get(code);
      if (!set) map.set(code, (set = new Set()));
      set.add(id);
    };
    for (const row of rows) {
      if (monthOf(row.desk_time) !== month) continue;
      add(lent, row.lender, row.request_id);
      add(borrowed, row.borrower, row.request_id);
    }
    const sizes = (map: Map<string, Set<string>>) => new Map([...map].map(([code, set]) => [code, set.size]));
    return { asLender: sizes(lent), asBorrower: sizes(borrowed) };
  }

  /**
   * Computes, stores and publishes each active library's statement for the month. A confirmed
   * statement is kept as it is unless `force`; any other (received, disputed) is replaced by the new
   * figures as RECEIVED, without the dispute's comment.
   */
  computeStatements(month: string, hubTime: string, options: { force?: boolean; libraries?: readonly string[] } = {}): StatementRun[] {
    if (!MONTH.test(month)) throw new RangeError(`month: ${month} is not a month YYYY-MM.`);
    return this.host.db
      .transaction((): StatementRun[] => {
        // Only what is in force counts; a claimed entry waits for its payer (DESIGN §7).
        const entries = this.entriesOfMonth(month).filter((e) => e.state === 'in_force' && isStatementLine(e));
        const filled = this.filledCounts(month);
        const subsidyRateFen = this.subsidyFen();
        const codes =
          options.libraries ??
          (this.host.sql('SELECT code FROM libraries WHERE active = 1 ORDER BY code').pluck().all() as string[]);
        const runs: StatementRun[] = [];
        for (const libraryCode of codes) {
          const lines = entries.filter((e) => e.payer === libraryCode || e.payee === libraryCode).map(toLine);
          const data: StatementData = {
            month,
            libraryCode,
            subsidyRateFen,
            filledAsLender: filled.asLender.get(libraryCode) ?? 0,
            filledAsBorrower: filled.asBorrower.get(libraryCode) ?? 0,
            lines,
            totals: statementTotals(libraryCode, lines),
            computedAt: hubTime,
          };
          const existing = this.statementRow(libraryCode, month);
          if (existing?.status === 'CONFIRMED' && !options.force) {
            runs.push({ libraryCode, outcome: 'kept', data: JSON.parse(existing.data_json) as StatementData });
            continue;
          }
          this.host
            .sql(
              `INSERT INTO statements (library_code, month, data_json, status, comment, version, updated_at)
               VALUES (?, ?, ?, 'RECEIVED', NULL, 1, ?)
               ON CONFLICT (library_code, month) DO UPDATE SET data_json = excluded.data_json, status = 'RECEIVED', comment = NULL,
                 version = statements.version + 1, updated_at = excluded.updated_at`,
            )
            .run(libraryCode, month, JSON.stringify(data), hubTime);
          this.publishStatement(libraryCode, month, hubTime);
          runs.push({ libraryCode, outcome: 'computed', data });
        }
        return runs;
      })
      .immediate();
  }
}
