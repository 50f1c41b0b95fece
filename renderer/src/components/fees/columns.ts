// The columns of the fee tables, each a header and a function from a row to the text shown. The
// screen and the exports use the same columns, so a file says exactly what the table says.
import type { TFunction } from 'i18next';
import { CONSORTIUM, READER, fenToYuan, netFor, payingParty, type LedgerKind, type ReconciliationRow, type StatementLine, type StatementTotals } from '../../../../shared/ledger';
import type { FeeStats, Library, LedgerPage, LedgerRow } from '../../../../shared/types';
import { calendarDate, localDateTime } from '../../format';
import { libraryName } from '../../store/libraries';

export interface Column<R> {
  key: string;
  header: string;
  cell: (row: R) => string;
  /** Money: right-aligned, tabular figures. */
  money?: boolean;
  mono?: boolean;
  wide?: boolean;
}

/** A table as text: its headers, its rows and the totals under them (label first, then cells). */
export interface TextTable {
  headers: string[];
  rows: string[][];
  totals: string[][];
}

export type Directory = Readonly<Record<string, Library>>;

/** Fen as yuan with a sign for our library: + we receive, - we pay. */
export function signedYuan(fen: number): string {
  return fen > 0 ? `+${fenToYuan(fen)}` : fenToYuan(fen);
}

/** An entry id as a clerk can say it: event ids are readable, a manual one's UUID is cut short. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
}

export function kindText(t: TFunction, kind: LedgerKind): string {
  return t(`fees.kinds.${kind}`);
}

/** A payer or payee: a library's short name, 中心, or the reader (by name when known). */
export function partyText(t: TFunction, byCode: Directory, party: string, readerName: string | null = null): string {
  if (party === CONSORTIUM) return t('fees.parties.consortium');
  if (party === READER) return readerName ? t('fees.parties.readerNamed', { name: readerName }) : t('fees.parties.reader');
  return libraryName(byCode, party, 'short');
}

// ---- 帐务日志 ------------------------------------------------------------------------------------

/** Why a claimed entry is not counted (DESIGN §7): withdrawn, waiting for us, or waiting for the other library. */
export function claimText(t: TFunction, row: LedgerRow, us: string): string | null {
  if (row.state !== 'claimed') return null;
  if (row.withdrawn) return t('fees.log.withdrawn');
  return payingParty(row) === us ? t('fees.log.claimedByUs') : t('fees.log.claimedByThem');
}

export function ledgerColumns(t: TFunction, byCode: Directory, reversedIds: ReadonlySet<string>, us: string): Column<LedgerRow>[] {
  const empty = t('common.empty');
  return [
    { key: 'requestId', header: t('fees.log.columns.requestId'), cell: (r) => r.requestId ?? r.shipmentId ?? empty, mono: true },
    { key: 'title', header: t('fees.log.columns.title'), cell: (r) => r.title ?? empty, wide: true },
    { key: 'author', header: t('fees.log.columns.author'), cell: (r) => r.author ?? empty },
    { key: 'kind', header: t('fees.log.columns.kind'), cell: (r) => kindText(t, r.kind) },
    { key: 'payer', header: t('fees.log.columns.payer'), cell: (r) => partyText(t, byCode, r.payer, r.readerName) },
    { key: 'payee', header: t('fees.log.columns.payee'), cell: (r) => partyText(t, byCode, r.payee, r.readerName) },
    { key: 'amount', header: t('fees.log.columns.amount'), cell: (r) => signedYuan(r.signedFen), money: true },
    { key: 'operator', header: t('fees.log.columns.operator'), cell: (r) => r.operator, mono: true },
    { key: 'createdAt', header: t('fees.log.columns.createdAt'), cell: (r) => localDateTime(r.createdAt) },
    {
      key: 'note',
      header: t('fees.log.columns.note'),
      cell: (r) => {
        const parts: string[] = [];
        const claim = claimText(t, r, us);
        if (claim) parts.push(claim);
        if (r.reversesId) parts.push(t('fees.log.reverses', { ref: shortId(r.reversesId) }));
        if (reversedIds.has(r.id)) parts.push(t('fees.log.reversed'));
        if (r.reason) parts.push(r.reversesId ? t('fees.log.reverseReason', { reason: r.reason }) : t('fees.log.manualReason', { reason: r.reason }));
        return parts.length ? parts.join(t('common.listSeparator')) : empty;
      },
      wide: true,
    },
  ];
}

/** The totals under the log: received, paid and net, in the amount column. */
export function ledgerTotals(t: TFunction, columns: Column<LedgerRow>[], page: Pick<LedgerPage, 'receivedFen' | 'paidFen' | 'netFen'>): string[][] {
  const at = columns.findIndex((c) => c.key === 'amount');
  const line = (label: string, value: string) => columns.map((_c, i) => (i === 0 ? label : i === at ? value : ''));
  return [
    line(t('fees.log.totals.received'), signedYuan(page.receivedFen)),
    line(t('fees.log.totals.paid'), signedYuan(-page.paidFen)),
    line(t('fees.log.totals.net'), signedYuan(page.netFen)),
  ];
}

// ---- 待确认 (claims between libraries) -------------------------------------------------------------

/** The claims lists: the other party, what it comes to for us, when, why, and any dispute. */
export function claimsColumns(t: TFunction, byCode: Directory, us: string): Column<LedgerRow>[] {
  const empty = t('common.empty');
  return [
    { key: 'ref', header: t('fees.claims.columns.ref'), cell: (r) => r.requestId ?? r.shipmentId ?? shortId(r.id), mono: true },
    { key: 'kind', header: t('fees.claims.columns.kind'), cell: (r) => kindText(t, r.kind) },
    { key: 'party', header: t('fees.claims.columns.party'), cell: (r) => partyText(t, byCode, r.payer === us ? r.payee : r.payer) },
    { key: 'amount', header: t('fees.claims.columns.amount'), cell: (r) => signedYuan(r.signedFen), money: true },
    { key: 'createdAt', header: t('fees.claims.columns.createdAt'), cell: (r) => localDateTime(r.createdAt) },
    { key: 'operator', header: t('fees.claims.columns.operator'), cell: (r) => r.operator, mono: true },
    { key: 'reason', header: t('fees.claims.columns.reason'), cell: (r) => r.reason ?? empty, wide: true },
    {
      key: 'dispute',
      header: t('fees.claims.columns.dispute'),
      cell: (r) => (r.dispute ? t('fees.claims.disputeText', { library: partyText(t, byCode, r.dispute.by), comment: r.dispute.comment }) : empty),
      wide: true,
    },
  ];
}

// ---- 费用统计 ------------------------------------------------------------------------------------

export type FeeStatsRow = FeeStats['rows'][number];

export function statsColumns(t: TFunction): Column<FeeStatsRow>[] {
  const empty = t('common.empty');
  return [
    { key: 'requestId', header: t('fees.stats.columns.requestId'), cell: (r) => r.requestId, mono: true },
    { key: 'title', header: t('fees.stats.columns.title'), cell: (r) => r.title ?? empty, wide: true },
    { key: 'author', header: t('fees.stats.columns.author'), cell: (r) => r.author ?? empty },
    { key: 'processedAt', header: t('fees.stats.columns.processedAt'), cell: (r) => (r.processedAt ? calendarDate(r.processedAt) : empty) },
    { key: 'status', header: t('fees.stats.columns.status'), cell: (r) => (r.status ? t(`status.${r.status}`) : empty) },
    { key: 'fee', header: t('fees.stats.columns.fee'), cell: (r) => signedYuan(r.feeFen), money: true },
  ];
}

export function statsTotals(t: TFunction, columns: Column<FeeStatsRow>[], stats: Pick<FeeStats, 'totalFen'>): string[][] {
  return [columns.map((c, i) => (i === 0 ? t('fees.stats.total') : c.key === 'fee' ? signedYuan(stats.totalFen) : ''))];
}

// ---- 月度对账 ------------------------------------------------------------------------------------

export const TOTAL_KEYS = ['subsidyFen', 'courierFen', 'chargesReceivedFen', 'chargesPaidFen', 'otherFen', 'netFen'] as const satisfies readonly (keyof StatementTotals)[];

/** A statement total as the screen shows it: charges paid as a payment (negative), the rest as signed. */
export function totalSigned(key: (typeof TOTAL_KEYS)[number], totals: StatementTotals): number {
  return key === 'chargesPaidFen' ? -totals.chargesPaidFen : totals[key];
}

function lineOf(row: ReconciliationRow): StatementLine {
  return (row.hub ?? row.here)!;
}

export function reconcileColumns(t: TFunction, byCode: Directory, us: string): Column<ReconciliationRow>[] {
  const empty = t('common.empty');
  const amount = (line: StatementLine | null) => (line ? signedYuan(netFor(us, line)) : empty);
  return [
    { key: 'state', header: t('fees.reconcile.columns.state'), cell: (r) => t(`fees.reconcile.states.${r.state}`) },
    { key: 'kind', header: t('fees.reconcile.columns.kind'), cell: (r) => kindText(t, lineOf(r).kind) },
    {
      key: 'ref',
      header: t('fees.reconcile.columns.ref'),
      cell: (r) => lineOf(r).requestId ?? lineOf(r).shipmentId ?? shortId(r.id),
      mono: true,
    },
    { key: 'payer', header: t('fees.reconcile.columns.payer'), cell: (r) => partyText(t, byCode, lineOf(r).payer) },
    { key: 'payee', header: t('fees.reconcile.columns.payee'), cell: (r) => partyText(t, byCode, lineOf(r).payee) },
    { key: 'hubAmount', header: t('fees.reconcile.columns.hubAmount'), cell: (r) => amount(r.hub), money: true },
    { key: 'hereAmount', header: t('fees.reconcile.columns.hereAmount'), cell: (r) => amount(r.here), money: true },
    { key: 'difference', header: t('fees.reconcile.columns.difference'), cell: (r) => signedYuan(r.differenceFen), money: true },
  ];
}

/** The totals under the lines: each total, hub and ours and the difference, in the amount columns. */
export function reconcileTotals(t: TFunction, columns: Column<ReconciliationRow>[], hub: StatementTotals | null, here: StatementTotals): string[][] {
  const empty = t('common.empty');
  return TOTAL_KEYS.map((key) => {
    const h = hub ? totalSigned(key, hub) : null;
    const l = totalSigned(key, here);
    return columns.map((c, i) => {
      if (i === 0) return t(`fees.reconcile.totals.${key}`);
      if (c.key === 'hubAmount') return h === null ? empty : signedYuan(h);
      if (c.key === 'hereAmount') return signedYuan(l);
      if (c.key === 'difference') return signedYuan(l - (h ?? 0));
      return '';
    });
  });
}

export function textTable<R>(columns: Column<R>[], rows: readonly R[], totals: string[][]): TextTable {
  return { headers: columns.map((c) => c.header), rows: rows.map((row) => columns.map((c) => c.cell(row))), totals };
}
