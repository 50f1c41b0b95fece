// Pulled `ledger` and `statement` changes (issue 6): checked like every other change (a hostile or
// broken hub cannot write nonsense, nor another library's money, into a clerk's store), then
// written into the desk's ledger_entries and statements. The hub's copy of an entry replaces the
// desk's own (entry ids are deterministic, shared/ledger.ts), so an entry is never counted twice.
// Once an entry has come from the hub, a later copy may move its state (claimed → in force) and
// its dispute (issue 12), and nothing else: a copy changing its amount or parties is refused.
import { z } from 'zod';
import { CONSORTIUM, LEDGER_KINDS, LEDGER_STATES, READER, monthOf, payingParty, statementTotals } from '../../shared/ledger';
import type { Change } from '../../shared/sync';
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

const isoInstant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 date and time' });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const fen = z.number().int('must be a whole number of fen').refine(Number.isSafeInteger, { message: 'is out of range' });
const count = z.number().int().min(0).max(10_000_000);
const party = z.string().regex(new RegExp(`^(\\d{6}|${CONSORTIUM}|${READER})$`), `must be a library code, ${CONSORTIUM} or ${READER}`);
const id = (max: number) => z.string().min(1).max(max);

const ledgerEntrySchema = z
  .object({
    id: id(64),
    kind: z.enum(LEDGER_KINDS),
    amountFen: fen,
    payer: party,
    payee: party,
    requestId: id(20).nullable(),
    shipmentId: id(64).nullable(),
    readerId: id(40).nullable(),
    operator: z.string().max(60),
    createdAt: isoInstant,
    month,
    reversesId: id(64).nullable(),
    reason: z.string().max(200).nullable(),
    source: z.enum(['event', 'manual']),
    state: z.enum(LEDGER_STATES),
    madeBy: z.string().regex(new RegExp(`^(\\d{6}|${CONSORTIUM})$`), `must be a library code or ${CONSORTIUM}`),
    dispute: z
      .object({ comment: z.string().min(1).max(200), at: isoInstant, by: z.string().regex(/^\d{6}$/), clerk: z.string().max(60).nullable() })
      .strict()
      .nullable(),
  })
  .strict();

/** The fields an entry keeps once the hub has sent it (camelCase → column). */
const FIXED_FIELDS = {
  kind: 'kind',
  amountFen: 'amount_fen',
  payer: 'payer_code',
  payee: 'payee_code',
  requestId: 'request_id',
  shipmentId: 'shipment_id',
  readerId: 'reader_id',
  operator: 'operator',
  createdAt: 'created_at',
  month: 'month',
  reversesId: 'reverses_id',
  reason: 'reason',
  source: 'source',
  madeBy: 'made_by',
} as const;

const statementLineSchema = ledgerEntrySchema.pick({
  id: true,
  kind: true,
  amountFen: true,
  payer: true,
  payee: true,
  requestId: true,
  shipmentId: true,
  createdAt: true,
  reversesId: true,
});

const statementSchema = z
  .object({
    month,
    libraryCode: z.string().regex(/^\d{6}$/),
    subsidyRateFen: fen.refine((v) => v >= 0, { message: 'must not be negative' }),
    filledAsLender: count,
    filledAsBorrower: count,
    lines: z.array(statementLineSchema).max(200_000),
    totals: z.object({
      subsidyFen: fen,
      courierFen: fen,
      chargesReceivedFen: fen,
      chargesPaidFen: fen,
      otherFen: fen,
      netFen: fen,
    }),
    computedAt: isoInstant,
    status: z.enum(['RECEIVED', 'CONFIRMED', 'DISPUTED']),
    comment: z.string().max(500).nullable(),
    updatedAt: isoInstant,
  })
  .strict();

type Refuse = (message: string, field?: string) => never;

/** Refuses with the field at fault, as a dotted path under the change's data. */
function parseOrRefuse<T>(schema: z.ZodType<T>, data: unknown, field: string, what: string, refuse: Refuse): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : (issue?.path ?? []);
  const at = [field, ...path.map(String)].join('.');
  return refuse(`${at}: ${issue?.message ?? `not ${what}`}`, at);
}

/** Checks a `ledger` or `statement` change and writes it. Call inside the page's transaction. */
export function applyLedgerChange(ctx: DeskContext, change: Change, field: string, refuse: Refuse): void {
  if (change.kind === 'ledger') applyLedgerEntry(ctx, change, field, refuse);
  else if (change.kind === 'statement') applyStatement(ctx, change, field, refuse);
}

function applyLedgerEntry(ctx: DeskContext, change: Change, field: string, refuse: Refuse): void {
  const e = parseOrRefuse(ledgerEntrySchema, change.data, field, 'a ledger entry', refuse);
  const ours = ctx.libraryCode;
  if (e.id !== change.id) refuse(`${field}.id: the change is for ${change.id} but carries ${e.id}`, `${field}.id`);
  if (e.payer !== ours && e.payee !== ours) refuse(`${field}.payer: ledger entry ${e.id} is between ${e.payer} and ${e.payee}; this library is not a party`, `${field}.payer`);
  if (e.payer === e.payee) refuse(`${field}.payee: ledger entry ${e.id} has ${e.payee} pay itself`, `${field}.payee`);
  // A reader's name on an entry only in that reader's library's own account log.
  if (e.readerId !== null && !(e.payer === READER || e.payee === READER)) {
    refuse(`${field}.readerId: ledger entry ${e.id} between libraries names a reader`, `${field}.readerId`);
  }
  if ((e.payer === READER || e.payee === READER) && (e.payer === CONSORTIUM || e.payee === CONSORTIUM)) {
    refuse(`${field}.payer: ledger entry ${e.id} is between a reader and the consortium`, `${field}.payer`);
  }
  if (e.month !== monthOf(e.createdAt)) refuse(`${field}.month: ${e.month} is not the month of ${e.createdAt}`, `${field}.month`);
  if (e.reversesId === e.id) refuse(`${field}.reversesId: ledger entry ${e.id} reverses itself`, `${field}.reversesId`);
  if (e.madeBy !== e.payer && e.madeBy !== e.payee && e.madeBy !== CONSORTIUM) {
    refuse(`${field}.madeBy: ledger entry ${e.id} between ${e.payer} and ${e.payee} cannot be made by ${e.madeBy}`, `${field}.madeBy`);
  }
  if (e.dispute && e.dispute.by !== payingParty(e)) {
    refuse(`${field}.dispute.by: only ${payingParty(e)}, which entry ${e.id} takes money from, disputes it`, `${field}.dispute.by`);
  }
  const values = {
    ...e,
    disputeComment: e.dispute?.comment ?? null,
    disputeAt: e.dispute?.at ?? null,
    disputeBy: e.dispute?.by ?? null,
    disputeClerk: e.dispute?.clerk ?? null,
    version: change.version,
  };
  const held = prepared(ctx.db, 'SELECT * FROM ledger_entries WHERE id = ?').get(e.id) as Record<string, unknown> | undefined;
  if (held && held.hub_version !== null) {
    // An older copy than the one held changes nothing.
    if (change.version < (held.hub_version as number)) return;
    for (const [key, column] of Object.entries(FIXED_FIELDS) as [keyof typeof FIXED_FIELDS, string][]) {
      if (held[column] !== e[key]) {
        refuse(
          `${field}.${key}: ledger entry ${e.id} came from the hub with ${key} ${JSON.stringify(held[column])}; a later copy may change only its state and dispute`,
          `${field}.${key}`,
        );
      }
    }
    prepared(
      ctx.db,
      `UPDATE ledger_entries SET state = @state, dispute_comment = @disputeComment, dispute_at = @disputeAt, dispute_by = @disputeBy,
         dispute_clerk = @disputeClerk, hub_version = @version WHERE id = @id`,
    ).run(values);
    return;
  }
  prepared(
    ctx.db,
    `INSERT OR REPLACE INTO ledger_entries (id, request_id, shipment_id, kind, amount_fen, payer_code, payee_code, operator, created_at, month,
       reverses_id, reason, reader_id, source, state, made_by, dispute_comment, dispute_at, dispute_by, dispute_clerk, hub_version)
     VALUES (@id, @requestId, @shipmentId, @kind, @amountFen, @payer, @payee, @operator, @createdAt, @month, @reversesId, @reason, @readerId, @source,
       @state, @madeBy, @disputeComment, @disputeAt, @disputeBy, @disputeClerk, @version)`,
  ).run(values);
}

function applyStatement(ctx: DeskContext, change: Change, field: string, refuse: Refuse): void {
  const s = parseOrRefuse(statementSchema, change.data, field, 'a statement', refuse);
  const ours = ctx.libraryCode;
  if (s.libraryCode !== ours) refuse(`${field}.libraryCode: the statement is for library ${s.libraryCode}, not ours`, `${field}.libraryCode`);
  if (change.id !== `${s.libraryCode}:${s.month}`) refuse(`${field}.month: the change is for ${change.id} but carries ${s.libraryCode}:${s.month}`, `${field}.month`);
  for (const [i, line] of s.lines.entries()) {
    const at = `${field}.lines.${i}`;
    if (line.payer !== ours && line.payee !== ours) refuse(`${at}.payer: line ${line.id} is between ${line.payer} and ${line.payee}; this library is not a party`, `${at}.payer`);
    if (line.payer === READER || line.payee === READER) refuse(`${at}.payer: line ${line.id} is a reader's fee, never on a statement between libraries`, `${at}.payer`);
  }
  // The totals must be those of the lines, to the fen: the clerk confirms what the lines say.
  const totals = statementTotals(ours, s.lines);
  for (const key of Object.keys(totals) as (keyof typeof totals)[]) {
    if (totals[key] !== s.totals[key]) refuse(`${field}.totals.${key}: ${s.totals[key]} fen, but the lines come to ${totals[key]}`, `${field}.totals.${key}`);
  }
  const { status, comment, updatedAt, ...data } = s;
  // A confirm or dispute of ours still on its way keeps the clerk's decision on screen until the hub has judged it.
  const pending = prepared(ctx.db, "SELECT 1 FROM outbox WHERE entity_id = ? AND state = 'pending' AND type LIKE 'statement.%'").get(change.id) !== undefined;
  prepared(
    ctx.db,
    `INSERT INTO statements (month, library_code, status, data_json, comment, updated_at) VALUES (@month, @libraryCode, @status, @data, @comment, @updatedAt)
     ON CONFLICT (month, library_code) DO UPDATE SET data_json = excluded.data_json, updated_at = excluded.updated_at
       ${pending ? '' : ', status = excluded.status, comment = excluded.comment'}`,
  ).run({ month: s.month, libraryCode: ours, status, data: JSON.stringify(data), comment, updatedAt });
}
