// The one contract between the renderer and main: every command and event, its input schema and
// its output type. IPC handlers, the preload bridge and the browser host are all built from this
// list; it is the only place a channel name is written.
import { z } from 'zod';
import { libraryRulesSchema, type LibraryRules } from './rules';
import { isShippedPassword } from './shippedPasswords';
import { SERVICE_TYPES, STATUSES, UNFILLED_REASONS } from './status';
import type {
  DeskInfo,
  HandOutBatch,
  Library,
  Notice,
  Reader,
  ReaderDesk,
  ReaderDetail,
  RequestDetail,
  RequestSummary,
  ReturnShippingGroup,
  Shipment,
  ShipmentDetail,
  ShipmentItem,
  ShipmentPage,
  Statement,
  HubSettings,
  SyncProblem,
  SyncStatus,
  Clerk,
  ClerkSession,
  PrintJob,
  PrintTargets,
  LedgerPage,
  LedgerClaims,
  LedgerRow,
  FeeStats,
  StatementView,
  StatementSummary,
  FeeSummary,
  TodayCounts,
} from './types';
import { CLERK_ROLES, SLIP_KINDS } from './types';
import { PAPER_SIZES, type PrinterSettings, type ShiftDuePreview, type ShiftDueResult } from './types';
import type { SmtpSettings } from './types';
import { LEDGER_KINDS, type SyncLedgerEntry } from './ledger';
import type { Status } from './status';
import type { BackupProgress, BackupRecord, StoreAlert, StoreHealth } from './storeSafety';
import {
  LIBRARY_CODE_PATTERN,
  LOGIN_MAX,
  LOGIN_PATTERN,
  REQUEST_NUMBER_PATTERN,
  isValidIsbn,
  isValidIssn,
  limitMessage,
  withinLimit,
  type LimitedField,
} from './validators';

// ---- field schemas -------------------------------------------------------------------------

/** A trimmed text field under one of the seed's limits. */
function limitedText(field: LimitedField) {
  return z
    .string()
    .trim()
    .refine((v) => withinLimit(field, v), { message: limitMessage(field) });
}
function requiredText(field: LimitedField) {
  return limitedText(field).refine((v) => v.length > 0, { message: 'is required' });
}
/** Optional text: absent, null or blank all mean "not given". */
function optionalText(field: LimitedField) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v === null ? undefined : v),
    limitedText(field).optional(),
  );
}
function optionalShort(max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v === null ? undefined : v),
    z.string().trim().max(max, `may be at most ${max} characters`).optional(),
  );
}

export const requestNumberSchema = z
  .string()
  .trim()
  .regex(REQUEST_NUMBER_PATTERN, 'must be a request number: a 2–4 letter library prefix and 8 digits, e.g. BY00000061')
  .transform((s) => s.toUpperCase());
export const libraryCodeSchema = z.string().trim().regex(LIBRARY_CODE_PATTERN, 'must be a six-digit library code');
export const statusSchema = z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` });
export const serviceTypeSchema = z.enum(SERVICE_TYPES, { message: 'must be loan or copy' });
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'must be a real calendar date');
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
/** Who and when the ledger views show: a reader, a partner library, from and to (calendar days, inclusive). */
const ledgerFilterSchema = z.object({
  readerId: z.string().trim().min(1).max(40).optional(),
  libraryCode: z.string().trim().regex(/^\d{6}$/, 'must be a six-digit library code').optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
/** What a scanner types: a request number or an item barcode. */
export const scanSchema = z
  .string()
  .trim()
  .min(1, 'is empty: scan a request number or an item barcode')
  .max(64, 'may be at most 64 characters')
  .regex(/^[A-Za-z0-9-]+$/, 'must be a request number or an item barcode (letters, digits, hyphens)');
const idSchema = z.object({ id: requestNumberSchema }).strict();
const isbnSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v === null ? undefined : v),
  z.string().trim().refine(isValidIsbn, 'must be an ISBN-10 or ISBN-13 with a correct check digit').optional(),
);
const issnSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v === null ? undefined : v),
  z.string().trim().refine(isValidIssn, 'must be an ISSN with a correct check digit').optional(),
);
const emailSchema = z.string().trim().max(100, 'may be at most 100 characters').email('must be an e-mail address');

export const createRequestInputSchema = z
  .object({
    serviceType: serviceTypeSchema,
    readerId: z.string().trim().min(1, 'is required').max(40),
    title: requiredText('title'),
    author: optionalText('author'),
    publisher: optionalShort(200),
    pubYear: z.preprocess(
      (v) => (v === '' || v === null ? undefined : v),
      z.string().trim().regex(/^\d{4}$/, 'must be a year of four digits').optional(),
    ),
    isbn: isbnSchema,
    issn: issnSchema,
    language: optionalShort(30),
    materialType: optionalShort(30),
    lenderCallNumber: optionalShort(60),
    preferredLender: z.preprocess((v) => (v === '' || v === null ? undefined : v), libraryCodeSchema.optional()),
    recipientName: optionalText('name'),
    email: z.preprocess((v) => (v === '' || v === null ? undefined : v), emailSchema.optional()),
    phone: optionalShort(30),
    customNo: optionalShort(30),
    remark: optionalText('requestRemark'),
    noteToLender: optionalText('noteToLender'),
    pages: optionalShort(60),
  })
  .strict();
export type CreateRequestInput = z.input<typeof createRequestInputSchema>;

/** http(s), a host name or address and an optional port and path: no credentials, query or fragment. */
const HUB_URL_PATTERN = /^https?:\/\/(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

export const hubConnectSchema = z
  .object({
    url: z
      .string()
      .trim()
      .max(200, 'may be at most 200 characters')
      .regex(HUB_URL_PATTERN, 'must be the hub address, http:// or https:// with a host and port, e.g. http://hub.balis.edu.cn:8470'),
    deskId: z.string().trim().min(1, 'is required').max(64, 'may be at most 64 characters').regex(/^[A-Za-z0-9-]+$/, 'must be the desk ID printed by the hub (letters, digits, hyphens)'),
    token: z.string().trim().min(16, 'is too short to be a desk token').max(200, 'may be at most 200 characters').regex(/^[A-Za-z0-9_-]+$/, 'must be the token printed by the hub (letters, digits, - and _)'),
  })
  .strict();

export type HubConnectInput = z.output<typeof hubConnectSchema>;

// ---- clerks --------------------------------------------------------------------------------

export const clerkLoginSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(LOGIN_MAX, `may be at most ${LOGIN_MAX} characters`)
  .regex(LOGIN_PATTERN, 'may hold only letters A–Z and digits');
export const clerkPasswordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(64, 'may be at most 64 characters')
  .refine((password) => !isShippedPassword(password), 'may not be a password that ships with ILL Desk (such as the demo password)');
const clerkNameSchema = z.string().trim().min(1, 'is required').max(30, 'may be at most 30 characters');
export const clerkRoleSchema = z.enum(CLERK_ROLES, { message: 'must be clerk or supervisor' });
export const clerkCreateSchema = z
  .object({ login: clerkLoginSchema, name: clerkNameSchema, role: clerkRoleSchema, password: clerkPasswordSchema })
  .strict();
export const clerkUpdateSchema = z
  .object({
    login: clerkLoginSchema,
    name: clerkNameSchema.optional(),
    role: clerkRoleSchema.optional(),
    active: z.boolean().optional(),
    password: clerkPasswordSchema.optional(),
  })
  .strict();

export const queueQuerySchema = z
  .object({
    side: z.enum(['all', 'borrowing', 'lending']).default('all'),
    serviceType: serviceTypeSchema.optional(),
    statuses: z.array(statusSchema).max(STATUSES.length).optional(),
    lender: libraryCodeSchema.optional(),
    borrower: libraryCodeSchema.optional(),
    readerId: z.string().trim().max(40).optional(),
    createdFrom: isoDateSchema.optional(),
    createdTo: isoDateSchema.optional(),
    overdueOnly: z.boolean().optional(),
    q: z
      .string()
      .trim()
      .max(100, 'may be at most 100 characters')
      .refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters')
      .optional(),
    sort: z.enum(['createdAt', 'statusAt', 'dueDate']).default('createdAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
    /** Count matching requests up to this many (a screen shows "10,000+" beyond it). */
    countUpTo: z.number().int().min(0).max(10_000_000).default(10_000),
  })
  .strict();
export type QueueQuery = z.output<typeof queueQuerySchema>;
export type QueueQueryInput = z.input<typeof queueQuerySchema>;

export interface QueuePage {
  rows: RequestSummary[];
  /** Matching requests, counted up to the query's `countUpTo`. */
  total: number;
  /** False when there are more than `total`. */
  totalIsExact: boolean;
}

// ---- printers and the bulk due-date shift (settings screen) --------------------------------------

export const slipPrinterSchema = z
  .object({
    /** The printer's name as the system knows it; empty = the system's default printer. */
    printer: z
      .string()
      .trim()
      .max(100, 'may be at most 100 characters')
      .refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters'),
    paper: z.enum(PAPER_SIZES, { message: `must be one of ${PAPER_SIZES.join(', ')}` }),
  })
  .strict();
export const printerSettingsSchema = z
  .object({ pickup: slipPrinterSchema, pull: slipPrinterSchema, packingList: slipPrinterSchema, dateDue: slipPrinterSchema })
  .strict() satisfies z.ZodType<PrinterSettings>;
const printerSettingsInputSchema = printerSettingsSchema.partial().strict();

/** A closure [from, to] and the one date its due dates move to; the service checks them against today. */
export const shiftDueInputSchema = z.object({ from: isoDateSchema, to: isoDateSchema, newDate: isoDateSchema }).strict();

// ---- the command list ------------------------------------------------------------------------

export interface CommandDef<I extends z.ZodType, O> {
  kind: 'query' | 'command';
  input: I;
  /** Phantom: carries the output type only. */
  readonly output?: O;
}

function query<O>() {
  return <I extends z.ZodType>(input: I): CommandDef<I, O> => ({ kind: 'query', input });
}
function command<O>() {
  return <I extends z.ZodType>(input: I): CommandDef<I, O> => ({ kind: 'command', input });
}
const empty = z.object({}).strict();

/** The library's mail server for reader notices (smtp.set). */
export const smtpSetSchema = z
  .object({
    host: z.string().trim().min(1, 'is required').max(200, 'may be at most 200 characters').regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or IP address, e.g. smtp.bupt.edu.cn'),
    port: z.number().int().min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535'),
    secure: z.boolean().default(false),
    user: z.string().trim().max(200, 'may be at most 200 characters').default(''),
    password: z.string().max(500, 'may be at most 500 characters').optional(),
    from: z.string().trim().email('must be an email address, e.g. ill@lib.bupt.edu.cn').max(200),
    deskPhone: z.string().trim().max(40, 'may be at most 40 characters').default(''),
    deskLocation: z.string().trim().max(100, 'may be at most 100 characters').default(''),
  })
  .strict();
const scanInput = z.object({ scan: scanSchema }).strict();
/** A backup's file name as the desk makes it (main/backup/files.ts BACKUP_NAME): never a path. */
const backupNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(80, 'may be at most 80 characters')
  .regex(/^(desk|demo)-\d{8}T\d{6}\.\d{3}Z-[a-z]+(-\d+)?\.sqlite$/, 'must be the name of a backup in the list, e.g. desk-20261102T020000.000Z-daily.sqlite');
/** A return shipment's id: a UUID, or the demo's `RS-<day>-<lender>`. */
const shipmentIdSchema = z.string().trim().min(1, 'is required').max(64, 'may be at most 64 characters').regex(/^[A-Za-z0-9-]+$/, 'must be a shipment id (letters, digits, hyphens)');

export const contract = {
  // queries
  'desk.info': query<DeskInfo>()(empty),
  'libraries.list': query<Library[]>()(empty),
  'rules.get': query<LibraryRules>()(z.object({ libraryCode: libraryCodeSchema.optional() }).strict()),
  'queue.list': query<QueuePage>()(queueQuerySchema),
  'queue.statusCounts': query<Partial<Record<Status, number>>>()(
    z.object({ side: z.enum(['all', 'borrowing', 'lending']).default('all'), serviceType: serviceTypeSchema.optional() }).strict(),
  ),
  'request.get': query<RequestDetail>()(idSchema),
  'holdShelf.list': query<RequestSummary[]>()(z.object({ pastPickUpOnly: z.boolean().default(false) }).strict()),
  'loans.overdue': query<RequestSummary[]>()(empty),
  'returns.pending': query<ReturnShippingGroup[]>()(empty),
  'readers.search': query<Reader[]>()(
    z
      .object({
        q: z.string().trim().max(50, 'may be at most 50 characters').default(''),
        status: z.enum(['PENDING', 'APPROVED', 'REJECTED']).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
  ),
  'reader.get': query<ReaderDetail>()(z.object({ id: z.string().trim().min(1).max(40) }).strict()),

  // borrowing side
  'request.create': command<RequestDetail>()(createRequestInputSchema),
  'request.forward': command<RequestDetail>()(
    z.object({ id: requestNumberSchema, lender: libraryCodeSchema, noteToLender: optionalText('noteToLender') }).strict(),
  ),
  'request.reject': command<RequestDetail>()(z.object({ id: requestNumberSchema, reason: requiredText('reason') }).strict()),
  'request.cancel': command<RequestDetail>()(z.object({ id: requestNumberSchema, reason: requiredText('reason') }).strict()),
  'request.checkIn': command<RequestDetail>()(scanInput),
  'request.handOut': command<RequestDetail>()(idSchema),
  'request.return': command<RequestDetail>()(scanInput),
  'shipment.create': command<Shipment>()(
    z
      .object({
        lenderCode: libraryCodeSchema,
        requestIds: z.array(requestNumberSchema).min(1, 'must list at least one request').max(500),
        courier: z.string().trim().min(1, 'is required').max(50),
        trackingNo: z.string().trim().min(1, 'is required').max(50).regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and hyphens'),
      })
      .strict(),
  ),

  // lending side
  'request.accept': command<RequestDetail>()(idSchema),
  'request.unfill': command<RequestDetail>()(
    z
      .object({
        id: requestNumberSchema,
        reasonCode: z.enum(UNFILLED_REASONS, { message: `must be one of ${UNFILLED_REASONS.join(', ')}` }),
        note: optionalText('noteToLender'),
      })
      .strict(),
  ),
  'request.ship': command<RequestDetail>()(
    z
      .object({
        id: requestNumberSchema,
        courier: z.string().trim().min(1, 'is required').max(50),
        trackingNo: z.string().trim().min(1, 'is required').max(50).regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and hyphens'),
        itemBarcode: z.string().trim().min(1, 'is required').max(40).regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and hyphens'),
        lenderDueDate: isoDateSchema.optional(),
      })
      .strict(),
  ),
  'request.deliver': command<RequestDetail>()(z.object({ id: requestNumberSchema, note: optionalText('noteToLender') }).strict()),
  'request.recall': command<RequestDetail>()(z.object({ id: requestNumberSchema, reason: optionalText('reason') }).strict()),
  'request.complete': command<RequestDetail>()(scanInput),

  // either side
  'request.lose': command<RequestDetail>()(z.object({ id: requestNumberSchema, reason: optionalText('reason') }).strict()),
  'request.note': command<RequestDetail>()(z.object({ id: requestNumberSchema, text: requiredText('noteText') }).strict()),

  // readers and money
  'reader.approve': command<ReaderDetail>()(z.object({ id: z.string().trim().min(1).max(40) }).strict()),
  'reader.reject': command<ReaderDetail>()(
    z.object({ id: z.string().trim().min(1).max(40), reason: requiredText('reason') }).strict(),
  ),
  'statement.confirm': command<Statement>()(z.object({ month: monthSchema }).strict()),
  'statement.dispute': command<Statement>()(
    z.object({ month: monthSchema, comment: requiredText('reason') }).strict(),
  ),
  'rules.set': command<LibraryRules>()(libraryRulesSchema.partial().strict()),

  // ---- the fee ledger (issue 6) ----
  /** A month's statement from the hub beside our ledger, line by line (matched, only at the hub, only here, differs). */
  'statement.get': query<StatementView>()(z.object({ month: monthSchema }).strict()),
  /** Requests filled and money per month and per partner library (the fee screen's charts), at most 36 months. */
  'fees.summary': query<FeeSummary>()(z.object({ from: monthSchema, to: monthSchema }).strict()),
  /** The months the hub has sent statements for, newest first, with status and net. */
  'statements.list': query<StatementSummary[]>()(empty),
  /** 帐务日志: the entries, newest first, for a reader or a partner library, between two days. */
  'ledger.list': query<LedgerPage>()(ledgerFilterSchema.extend({ limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) }).strict()),
  /** 费用统计: per request, what its entries come to for our library, and the total. */
  'ledger.feeStats': query<FeeStats>()(ledgerFilterSchema.strict()),
  /** A supervisor's entry with its reason: our library pays or receives (`direction`) from the counterparty. */
  'ledger.add': command<SyncLedgerEntry>()(
    z
      .object({
        kind: z.enum(LEDGER_KINDS, { message: `must be one of ${LEDGER_KINDS.join(', ')}` }),
        amountFen: z.number().int('must be whole fen').min(1, 'must be at least 1 fen').max(100_000_000, 'may be at most 1,000,000 yuan'),
        direction: z.enum(['receive', 'pay'], { message: 'must be receive or pay' }),
        counterparty: z.string().trim().min(1, 'is required').max(20),
        requestId: z.string().trim().min(1).max(40).optional(),
        readerId: z.string().trim().min(1).max(40).optional(),
        reason: requiredText('reason'),
      })
      .strict(),
  ),
  /** Reverses an entry by a new one with the negative amount (supervisor, with a reason); once only, and only an entry our library made. */
  'ledger.reverse': command<SyncLedgerEntry>()(z.object({ id: z.string().trim().min(1, 'is required').max(64), reason: requiredText('reason') }).strict()),
  /** Entries claimed and waiting (DESIGN §7): ours to accept or dispute, ours waiting for the other side. */
  'ledger.claims': query<LedgerClaims>()(empty),
  /** Accepts an entry another library claimed from ours (supervisor): it comes into force. */
  'ledger.accept': command<LedgerRow>()(z.object({ id: z.string().trim().min(1, 'is required').max(64) }).strict()),
  /** Disputes an entry claimed from ours (supervisor), with a comment the maker sees; it stays claimed. */
  'ledger.dispute': command<LedgerRow>()(z.object({ id: z.string().trim().min(1, 'is required').max(64), comment: requiredText('reason') }).strict()),

  // sync with the hub
  'sync.status': query<SyncStatus>()(empty),
  'sync.problems': query<SyncProblem[]>()(z.object({ includeResolved: z.boolean().default(false) }).strict()),
  /** Runs a round now (push, lease, pull) and answers when it is over; its progress comes as sync.status events. */
  'sync.now': command<SyncStatus>()(empty),
  'sync.resolveProblem': command<SyncProblem>()(z.object({ id: z.number().int().positive() }).strict()),
  'hub.get': query<HubSettings>()(empty),
  /** Connects this desk to a hub: checks the address and token with the hub, then keeps them. */
  'hub.connect': command<HubSettings>()(hubConnectSchema),

  // ---- clerks at this desk: sign-in, lock, accounts (supervisor) ----
  'clerk.session': query<ClerkSession>()(empty),
  /** The first account of a new desk: a supervisor, signed in at once. Refused once any account exists. */
  'clerk.setup': command<ClerkSession>()(clerkCreateSchema.omit({ role: true })),
  /**
   * `newPassword` replaces the password in the same step; a live store requires it when the
   * password is one that shipped with ILL Desk (PASSWORD_CHANGE_REQUIRED).
   */
  'clerk.signIn': command<ClerkSession>()(
    z.object({ login: clerkLoginSchema, password: z.string().min(1, 'is required').max(64), newPassword: clerkPasswordSchema.optional() }).strict(),
  ),
  'clerk.signOut': command<ClerkSession>()(empty),
  /** The clerk stepped away (or the desk sat idle): the same clerk's password opens it again. */
  'clerk.lock': command<ClerkSession>()(empty),
  /** The clerk is at the desk (input in a window): keeps the idle lock away. A query: it changes no records. */
  'clerk.touch': query<ClerkSession>()(empty),
  'clerk.changePassword': command<ClerkSession>()(z.object({ current: z.string().min(1, 'is required').max(64), next: clerkPasswordSchema }).strict()),
  'clerks.list': query<Clerk[]>()(empty),
  'clerk.create': command<Clerk>()(clerkCreateSchema),
  'clerk.update': command<Clerk>()(clerkUpdateSchema),
  'clerk.setLockAfter': command<ClerkSession>()(z.object({ minutes: z.number().int().min(1, 'must be at least 1 minute').max(240, 'may be at most 240 minutes') }).strict()),

  // ---- printing: one print job per slip; issue 5 renders and prints them ----
  'print.slip': command<PrintJob>()(
    z.object({ kind: z.enum(SLIP_KINDS), refs: z.array(z.string().trim().min(1).max(40)).min(1, 'names no request or shipment').max(500, 'may name at most 500') }).strict(),
  ),
  /** Slips waiting, printing or failed (the reprint list); or the last 200 of every kind. */
  'print.jobs': query<PrintJob[]>()(z.object({ openOnly: z.boolean().default(true) }).strict()),
  /** A failed or printed slip goes back to the printer. */
  'print.retry': command<PrintJob>()(z.object({ id: z.number().int().positive() }).strict()),
  /** A failed slip leaves the reprint list without printing. */
  'print.dismiss': command<PrintJob>()(z.object({ id: z.number().int().positive() }).strict()),
  /** What this desk can print to (the system's printers, or PDF files only) for the printer settings. */
  'print.targets': query<PrintTargets>()(empty),

  // ---- check-in and handout screens ----
  /** The reader at the handout desk by the card (证件号码) they hand over: holds, loans, recalls. */
  'reader.desk': query<ReaderDesk>()(z.object({ card: requiredText('cardNumber') }).strict()),
  /** Hands out holds of one reader in one transaction and queues one date-due slip listing them. */
  'request.handOutAll': command<HandOutBatch>()(
    z
      .object({
        readerId: z.string().trim().min(1, 'is required').max(40, 'may be at most 40 characters'),
        ids: z
          .array(requestNumberSchema)
          .min(1, 'must list at least one hold')
          .max(50, 'may list at most 50 holds')
          .refine((ids) => new Set(ids).size === ids.length, 'must not list a request twice'),
      })
      .strict(),
  ),
  /** The reader notices queued for one of our requests (the arrival notice a check-in queues). */
  'request.notices': query<Notice[]>()(idSchema),

  // ---- return shipping and lending desk screens ----
  /** Checks one scan for the return shipment being built: a RETURNED book we borrowed (from `lenderCode` when given). Changes nothing. */
  'shipment.checkScan': query<ShipmentItem>()(z.object({ scan: scanSchema, lenderCode: libraryCodeSchema.optional() }).strict()),
  /** Return shipments this desk sent, newest first. */
  'shipments.list': query<ShipmentPage>()(
    z
      .object({
        lenderCode: libraryCodeSchema.optional(),
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
  ),
  'shipment.get': query<ShipmentDetail>()(z.object({ id: shipmentIdSchema }).strict()),

  // ---- readers, settings and today screens ----
  /** Which printer and paper each kind of slip uses at this desk. */
  'printers.get': query<PrinterSettings>()(empty),
  /** Sets the printer and paper of one or more kinds of slip (supervisor); the others stay. */
  'printers.set': command<PrinterSettings>()(printerSettingsInputSchema),
  /** The loans a closure shift would move (DESIGN §2 holidays); changes nothing. */
  'loans.shiftPreview': query<ShiftDuePreview>()(shiftDueInputSchema),
  /** Moves our readers' LOANED due dates inside [from, to] to newDate, in one transaction (supervisor). */
  'loans.shiftDue': command<ShiftDueResult>()(shiftDueInputSchema),
  /** What needs a clerk now: the Today screen. */
  'today.counts': query<TodayCounts>()(empty),
  /** The mail server reader notices go through (the password only as whether one is kept). */
  'smtp.get': query<SmtpSettings>()(empty),
  /** Sets the mail server (supervisor); a password left out keeps the one kept, an empty one clears it. */
  'smtp.set': command<SmtpSettings>()(smtpSetSchema),
  /** A failed reader notice goes back to the outbox to be sent again, its attempts counted from 0. */
  'notice.resend': command<Notice>()(z.object({ id: z.number().int().positive() }).strict()),

  // The store kept safe (issue 12): its state, backups, restore, and the recovery page's choices.
  /** The store's state: `recovery` when it could not be opened (before sign-in: the recovery page asks it). */
  'store.health': query<StoreHealth>()(empty),
  /** The backups of this desk's store, newest first (on the recovery page, those of the damaged store). */
  'backup.list': query<BackupRecord[]>()(empty),
  /** Takes a backup now, in a worker; progress comes as `backup.progress` events. */
  'backup.create': command<BackupRecord>()(empty),
  /** Puts a backup in the store's place (the store moved aside, kept), then catches up with the hub. */
  'backup.restore': command<StoreHealth>()(z.object({ name: backupNameSchema }).strict()),
  /** The recovery page: restore a backup in place of the store that could not be opened. */
  'recovery.restore': command<StoreHealth>()(z.object({ name: backupNameSchema }).strict()),
  /**
   * The recovery page: set the damaged store aside and start a new, empty one that pulls the
   * library's records from the hub (with the saved hub settings, or the ones given); on the demo
   * profile, a new demo.
   */
  'recovery.freshStart': command<StoreHealth>()(hubConnectSchema.partial().strict()),
  /** The recovery page: check the store again (another program let go of it, the folder is writable again). */
  'recovery.retry': command<StoreHealth>()(empty),
} as const;

/** What a desk answers before anyone has signed in: enough to show the sign-in screen. */
export const OPEN_COMMANDS: ReadonlySet<string> = new Set([
  'desk.info',
  'libraries.list',
  'clerk.session',
  'clerk.setup',
  'clerk.signIn',
  'sync.status',
  // The recovery page shows before anyone can sign in: the clerks' accounts are in the store that
  // could not be opened. Its commands refuse to do anything while the store is sound.
  'store.health',
  'recovery.restore',
  'recovery.freshStart',
  'recovery.retry',
]);

/** Commands only a supervisor may run (DESIGN §2 and the screens issue). */
export const SUPERVISOR_COMMANDS: ReadonlySet<string> = new Set([
  'printers.set',
  'smtp.set',
  'loans.shiftDue',
  'request.lose',
  'rules.set',
  'hub.connect',
  'clerks.list',
  'clerk.create',
  'clerk.update',
  'clerk.setLockAfter',
  'ledger.add',
  'ledger.reverse',
  'statement.confirm',
  'statement.dispute',
  'ledger.accept',
  'ledger.dispute',
  'backup.list',
  'backup.create',
  'backup.restore',
]);

export type Contract = typeof contract;
export type CommandName = keyof Contract;
export const COMMAND_NAMES = Object.keys(contract) as CommandName[];

/** What a caller passes (before defaults and transforms). */
export type InputOf<K extends CommandName> = z.input<Contract[K]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<K extends CommandName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends CommandName> = Contract[K] extends CommandDef<z.ZodType, infer O> ? O : never;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The IPC channel of a command: the only place the naming scheme is written. */
export function channelOf(name: CommandName): string {
  return `ill:${name}`;
}

// ---- events from main to the renderer ---------------------------------------------------------

export const events = {
  /** Records changed (by this desk or by sync); screens showing them refresh. */
  'data.changed': z.object({ requestIds: z.array(z.string()), readers: z.boolean() }),
  /** The sync state changed (a round started, progressed, ended; ops were queued). */
  'sync.status': z.custom<SyncStatus>(),
  /** The desk switched store (connected to a hub): every screen reloads what it shows. */
  'desk.changed': z.object({ profile: z.enum(['demo', 'live']) }),
  /** A clerk signed in or out, or the desk locked: every window follows. */
  'clerk.session': z.custom<ClerkSession>(),
  /** A slip was printed or failed (the job as it is now) and how many wait on the reprint list. */
  'print.job': z.object({ job: z.custom<PrintJob>(), failed: z.number().int() }),
  /** A backup or full check as it goes (copy pages, verify, done or failed). */
  'backup.progress': z.custom<BackupProgress>(),
  /** The store's disk or file failed (a full check found damage, a full or read-only disk): every screen says so. */
  'store.alert': z.custom<StoreAlert>(),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.output<(typeof events)[K]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export function eventChannelOf(name: EventName): string {
  return `ill-event:${name}`;
}

