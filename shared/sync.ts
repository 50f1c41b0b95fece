// The desk ⇄ hub sync protocol, version 1 (DESIGN §5), as schemas both sides validate with. The
// hub checks every body it receives; the desk checks every answer, so a hostile or broken hub
// cannot write nonsense into a clerk's store.
import { z } from 'zod';
import { libraryRulesSchema } from './rules';
import { REQUEST_OP_TYPES, SERVICE_TYPES, STATUSES, UNFILLED_REASONS } from './status';

export const PROTOCOL_VERSION = 1;
/** Bodies over this are refused with 413, on both sides. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const OP_TYPES = [
  'request.create',
  ...REQUEST_OP_TYPES,
  'reader.approve',
  'reader.reject',
  'statement.confirm',
  'statement.dispute',
  // Issue 6, an addition to §5: a supervisor's manual ledger entry and the reversal of an entry.
  'ledger.add',
  'ledger.reverse',
  // Issue 12, an addition to §5 (DESIGN §7): the paying library's answer to an entry claimed from
  // it; entityId = the entry's id.
  'ledger.accept',
  'ledger.dispute',
  // Issue 6, an addition to §5: a library's own rules (its fee table among them), set by its
  // supervisor; entityId = the library's code. The hub keeps the directory, so every desk and the
  // hub's ledger use the same rates.
  'library.rules',
] as const;
export type OpType = (typeof OP_TYPES)[number];

/** The most events a request's timeline may carry in a change (one request can never stop a desk's sync). */
export const MAX_REQUEST_EVENTS = 1000;
/**
 * Notes are the only op that can be repeated without end: a note is refused once the timeline has
 * this many entries, which leaves room for every step of the lifecycle below MAX_REQUEST_EVENTS.
 */
export const MAX_TIMELINE_FOR_NOTES = 900;

const isoInstant = z.string().datetime({ offset: true, message: 'must be an ISO-8601 date and time' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/**
 * The dotted path of the first own `__proto__` key in a parsed JSON value, if there is one.
 * JSON.parse makes it an ordinary own key; zod's records drop it without a word, so a strict
 * schema would never see it. Both ends refuse it like any other unknown key.
 */
export function protoKeyPath(value: unknown, path: readonly string[] = []): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '__proto__')) return [...path, '__proto__'].join('.');
  for (const [key, inner] of Object.entries(value)) {
    const found = protoKeyPath(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An op's payload: an object, with no `__proto__` key anywhere in it. */
const payloadSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    const path = protoKeyPath(value);
    if (path !== undefined) ctx.addIssue({ code: 'custom', path: path.split('.'), message: 'is not an accepted field' });
  })
  .pipe(z.record(z.string(), z.unknown()));

export const opSchema = z
  .object({
    opId: z.string().uuid('must be a UUID'),
    deskSeq: z.number().int().min(1, 'must be 1 or more'),
    type: z.enum(OP_TYPES, { message: `must be one of ${OP_TYPES.join(', ')}` }),
    entityId: z.string().min(1).max(64),
    baseVersion: z.number().int().min(0).nullable(),
    clientTime: isoInstant,
    payload: payloadSchema,
  })
  .strict();
export type Op = z.infer<typeof opSchema>;

export const pushRequestSchema = z
  .object({
    deskId: z.string().min(1).max(64),
    ops: z.array(opSchema).max(500, 'may hold at most 500 ops'),
  })
  .strict();
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const OP_OUTCOMES = ['applied', 'duplicate', 'rejected'] as const;
export const opResultSchema = z.object({
  opId: z.string(),
  deskSeq: z.number().int().min(1),
  outcome: z.enum(OP_OUTCOMES),
  /** For a duplicate: what the op's first settlement was. */
  firstOutcome: z.enum(['applied', 'rejected']).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  /** For an INVALID_INPUT rejection: the op's field at fault, as a dotted path (`payload.lender`). */
  field: z.string().optional(),
  /** An op whose target status the record already had: applied, nothing changed. */
  noop: z.boolean().optional(),
  /** The hub's current copy of the entity (only ever sent to a party). */
  entity: z.unknown().optional(),
});
export type OpResult = z.infer<typeof opResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(opResultSchema),
  ackedDeskSeq: z.number().int().min(0),
  hubTime: isoInstant,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ---- what a pull brings ---------------------------------------------------------------------------

export const syncEventSchema = z.object({
  type: z.string().min(1).max(40),
  fromStatus: z.enum(STATUSES).nullable(),
  toStatus: z.enum(STATUSES),
  clerk: z.string().max(60),
  deskId: z.string().max(64),
  libraryCode: z.string().max(6),
  deskTime: isoInstant,
  hubTime: isoInstant.nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type SyncEvent = z.infer<typeof syncEventSchema>;

const text = (max: number) => z.string().max(max).nullable();

/** A request as the hub sends it; reader fields only to the borrowing library. */
export const syncRequestSchema = z.object({
  id: z.string().min(1).max(20),
  status: z.enum(STATUSES),
  serviceType: z.enum(SERVICE_TYPES),
  borrowerCode: z.string().regex(/^\d{6}$/),
  lenderCode: z.string().regex(/^\d{6}$/).nullable(),
  title: z.string().min(1).max(500),
  author: text(300),
  publisher: text(200),
  pubYear: text(4),
  isbn: text(20),
  issn: text(20),
  language: text(30),
  materialType: text(30),
  lenderCallNumber: text(60),
  preferredLender: text(6),
  pages: text(60),
  noteToLender: text(200),
  itemBarcode: text(40),
  holdSlot: text(10),
  courier: text(50),
  trackingNo: text(50),
  unfilledReason: z.enum(UNFILLED_REASONS).nullable(),
  lenderDueDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  checkedInAt: isoInstant.nullable(),
  createdAt: isoInstant,
  statusAt: isoInstant,
  updatedAt: isoInstant,
  events: z.array(syncEventSchema).max(MAX_REQUEST_EVENTS),
  /** The hub's version of the record (in a push result's `entity`; a pull's change carries it too). */
  version: z.number().int().min(0).optional(),
  // The borrower's only:
  readerId: z.string().max(40).nullable().optional(),
  recipientName: text(50).optional(),
  email: text(100).optional(),
  phone: text(30).optional(),
  customNo: text(30).optional(),
  remark: text(200).optional(),
});
export type SyncRequest = z.infer<typeof syncRequestSchema>;

export const syncLibrarySchema = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string().min(1).max(100),
  shortName: z.string().max(50).optional(),
  prefix: z.string().regex(/^[A-Za-z]{2,4}$/),
  active: z.boolean(),
  rules: libraryRulesSchema.partial().optional(),
});
export type SyncLibrary = z.infer<typeof syncLibrarySchema>;

export const syncReaderSchema = z.object({
  id: z.string().min(1).max(40),
  libraryCode: z.string().regex(/^\d{6}$/),
  login: z.string().regex(/^[A-Za-z0-9]{1,30}$/),
  name: z.string().min(1).max(50),
  cardNumber: z.string().max(14),
  email: z.string().max(100),
  phone: z.string().max(30),
  idType: text(20).optional(),
  gender: text(10).optional(),
  department: text(100).optional(),
  birthDate: text(10).optional(),
  title: text(30).optional(),
  education: text(30).optional(),
  postalCode: text(10).optional(),
  address: text(200).optional(),
  remark: text(100).optional(),
  status: z.enum(['PENDING', 'APPROVED', 'REJECTED']),
  createdAt: isoInstant,
});
export type SyncReader = z.infer<typeof syncReaderSchema>;

export const CHANGE_KINDS = ['library', 'reader', 'request', 'shipment', 'ledger', 'statement'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const changeSchema = z.object({
  seq: z.number().int().min(1),
  kind: z.enum(CHANGE_KINDS),
  id: z.string().min(1).max(64),
  version: z.number().int().min(0),
  data: z.unknown(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string().max(200),
  more: z.boolean(),
  ackedDeskSeq: z.number().int().min(0),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const leaseRequestSchema = z.object({ count: z.number().int().min(1).max(1000) }).strict();
export const leaseResponseSchema = z.object({ numbers: z.array(z.string().min(1).max(20)).max(1000) });

export const healthResponseSchema = z.object({ ok: z.literal(true), hubTime: isoInstant });
export const directoryResponseSchema = z.object({ libraries: z.array(syncLibrarySchema) });

/** Every error, on every call: an HTTP status and this body. */
export const hubErrorSchema = z.object({ code: z.string(), message: z.string(), field: z.string().optional() });
export type HubError = z.infer<typeof hubErrorSchema>;

/** `GET /v1/desk` (an addition to §5): which desk and library a token belongs to. */
export const deskWhoamiSchema = z.object({
  deskId: z.string().min(1).max(64),
  libraryCode: z.string().regex(/^\d{6}$/),
  name: z.string().min(1).max(100),
  hubTime: z.string().datetime({ offset: true }),
});
export type DeskWhoami = z.infer<typeof deskWhoamiSchema>;
