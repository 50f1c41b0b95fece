// What the hub accepts beyond shared/sync.ts: each op type's payload (DESIGN §5, "Op types") and
// the reader portal's bodies. Field rules are the seed's (shared/validators), so a desk and the hub
// refuse the same input with the same words.
import { z } from 'zod';
import { createRequestInputSchema, isoDateSchema, libraryCodeSchema } from '../../shared/contract';
import { LEDGER_KINDS } from '../../shared/ledger';
import { libraryRulesSchema } from '../../shared/rules';
import type { OpType } from '../../shared/sync';
import { UNFILLED_REASONS } from '../../shared/status';
import { LOGIN_MAX, LOGIN_PATTERN, limitMessage, withinLimit, type LimitedField } from '../../shared/validators';

function blankToUndefined(v: unknown): unknown {
  return (typeof v === 'string' && v.trim() === '') || v === null ? undefined : v;
}
function limited(field: LimitedField) {
  return z
    .string()
    .trim()
    .refine((v) => withinLimit(field, v), { message: limitMessage(field) });
}
function required(field: LimitedField) {
  return limited(field).refine((v) => v.length > 0, { message: 'is required' });
}
function optional(field: LimitedField) {
  return z.preprocess(blankToUndefined, limited(field).optional());
}
function optionalShort(max: number) {
  return z.preprocess(blankToUndefined, z.string().trim().max(max, `may be at most ${max} characters`).optional());
}
const code = z.string().trim().min(1, 'is required').max(50).regex(/^[A-Za-z0-9-]+$/, 'must be letters, digits and hyphens');

/** Every desk payload may name the clerk who acted; the hub writes it into the event. */
const clerk = optionalShort(60);

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .optional();
/** A manual entry's amount: a positive whole number of fen up to 10,000,000 yuan (a reversal carries the sign). */
export const MAX_MANUAL_FEN = 1_000_000_000;
const party = z.string().trim().min(1, 'is required').max(10, 'must be a library code or consortium');
const ledgerReason = z.string().trim().min(1, 'is required').max(200, 'may be at most 200 characters');

export const OP_PAYLOAD_SCHEMAS = {
  'request.create': createRequestInputSchema.extend({ clerk }),
  'request.forward': z.object({ lender: libraryCodeSchema, noteToLender: optional('noteToLender'), clerk }).strict(),
  'request.reject': z.object({ reason: required('reason'), clerk }).strict(),
  'request.cancel': z.object({ reason: required('reason'), clerk }).strict(),
  'request.accept': z.object({ clerk }).strict(),
  'request.unfill': z
    .object({
      reasonCode: z.enum(UNFILLED_REASONS, { message: `must be one of ${UNFILLED_REASONS.join(', ')}` }),
      note: optional('noteToLender'),
      clerk,
    })
    .strict(),
  'request.ship': z
    .object({ trackingNo: code, courier: z.string().trim().min(1, 'is required').max(50), itemBarcode: code.max(40), lenderDueDate: isoDateSchema.optional(), clerk })
    .strict(),
  'request.deliver': z.object({ note: optional('noteToLender'), clerk }).strict(),
  'request.checkIn': z.object({ holdSlot: optionalShort(10), clerk }).strict(),
  'request.handOut': z.object({ dueDate: isoDateSchema.optional(), clerk }).strict(),
  'request.recall': z.object({ reason: optional('reason'), clerk }).strict(),
  'request.return': z.object({ fromStatus: z.string().max(20).optional(), reason: optional('reason'), clerk }).strict(),
  'request.returnShip': z.object({ shipmentId: optionalShort(64), trackingNo: optionalShort(50), clerk }).strict(),
  'request.complete': z.object({ clerk }).strict(),
  'request.lose': z.object({ reason: optional('reason'), clerk }).strict(),
  'request.note': z.object({ text: required('noteText'), clerk }).strict(),
  // The supervisor's bulk shift for a closure (DESIGN §2): the reader's new due date, and the one
  // it replaces for the timeline.
  'request.shiftDue': z.object({ dueDate: isoDateSchema, previousDueDate: isoDateSchema.optional(), clerk }).strict(),
  'reader.approve': z.object({ clerk }).strict(),
  'reader.reject': z.object({ reason: optional('reason'), clerk }).strict(),
  // entityId `<libraryCode>:<month>`; the desk also sends the month.
  // `computedAt`: the figures the supervisor looked at; a statement computed again since is refused.
  'statement.confirm': z.object({ month, computedAt: z.string().max(40).optional(), clerk }).strict(),
  'statement.dispute': z.object({ month, comment: required('reason'), computedAt: z.string().max(40).optional(), clerk }).strict(),
  // entityId: the new entry's id (a UUID). The desk's library pays or is paid; the other party is
  // another library or the consortium (a reader's entries stay at the library).
  'ledger.add': z
    .object({
      kind: z.enum(LEDGER_KINDS, { message: `must be one of ${LEDGER_KINDS.join(', ')}` }),
      amountFen: z
        .number({ message: 'must be a whole number of fen' })
        .int('must be a whole number of fen')
        .min(1, 'must be a positive whole number of fen (who pays whom says the direction; a reversal carries the sign)')
        .max(MAX_MANUAL_FEN, `may be at most ${MAX_MANUAL_FEN} fen`),
      payer: party,
      payee: party,
      requestId: optionalShort(20),
      shipmentId: optionalShort(64),
      reason: ledgerReason,
      clerk,
    })
    .strict(),
  // entityId: the reversal's own id (a UUID); it copies the reversed entry with the amount negated.
  'ledger.reverse': z.object({ reversesId: z.string().trim().min(1, 'is required').max(64, 'may be at most 64 characters'), reason: ledgerReason, clerk }).strict(),
  // entityId: the claimed entry's id. Only a desk of the library the entry takes money from.
  'ledger.accept': z.object({ clerk }).strict(),
  'ledger.dispute': z.object({ comment: ledgerReason, clerk }).strict(),
  // entityId: the desk's own library code. The rules it changes (the others stay as they are).
  'library.rules': libraryRulesSchema.partial().extend({ clerk }).strict(),
} as const satisfies Record<OpType, z.ZodType>;

export type OpPayload<T extends OpType> = z.output<(typeof OP_PAYLOAD_SCHEMAS)[T]>;

const email = z.string().trim().min(1, 'is required').max(100, 'may be at most 100 characters').email('must be an e-mail address');

/** `POST /v1/readers`: the seed's registration form. */
export const readerRegistrationSchema = z
  .object({
    libraryCode: libraryCodeSchema,
    login: z.string().trim().min(1, 'is required').max(LOGIN_MAX, `may be at most ${LOGIN_MAX} characters`).regex(LOGIN_PATTERN, 'must be letters A–Z, a–z and digits only'),
    password: z.string().min(6, 'must be at least 6 characters').refine((v) => withinLimit('password', v), { message: limitMessage('password') }),
    name: required('name'),
    cardNumber: required('cardNumber'),
    email,
    phone: z.string().trim().min(1, 'is required').max(30, 'may be at most 30 characters'),
    idType: optionalShort(20),
    gender: optionalShort(10),
    department: optionalShort(100),
    birthDate: z.preprocess(blankToUndefined, isoDateSchema.optional()),
    title: optionalShort(30),
    education: optionalShort(30),
    postalCode: z.preprocess(blankToUndefined, z.string().trim().regex(/^\d{6}$/, 'must be six digits').optional()),
    address: optional('address'),
    remark: optional('readerRemark'),
  })
  .strict();
export type ReaderRegistration = z.output<typeof readerRegistrationSchema>;

/** `POST /v1/requests`: a reader's own request; the reader is the caller, never a field. */
export const readerRequestSchema = createRequestInputSchema
  .omit({ readerId: true, noteToLender: true })
  .extend({ recipientName: required('name'), email });
export type ReaderRequestInput = z.output<typeof readerRequestSchema>;
