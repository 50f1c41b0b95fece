// The circulation rules of DESIGN §2 as a typed per-library config. Each library sets its own;
// the consortium's defaults apply where it has not. Pure date maths on ISO-8601 UTC strings.
import { z } from 'zod';

export const libraryRulesSchema = z.object({
  /** Requests a reader may have open at once. */
  maxOpenRequestsPerReader: z.number().int().min(1).max(100),
  /** Loan period granted by this library when it lends. */
  loanPeriodDays: z.number().int().min(1).max(365),
  /** Days the lender keeps between its due date and the reader's, for the return transit. */
  returnMarginDays: z.number().int().min(0).max(60),
  /** Fine per overdue day, in fen, charged by this library when it lends. */
  overdueFinePerDayFen: z.number().int().min(0).max(1_000_000),
  /** Renewals do not exist in BALIS (不可续借); kept as a literal so no screen can offer one. */
  renewalsAllowed: z.literal(false),
  lenderMayRecall: z.boolean(),
  /** A reader may cancel their own request within this many minutes of submitting it. */
  readerCancelWindowMinutes: z.number().int().min(0).max(7 * 24 * 60),
  /** Days a reader has to pick a book up from the hold shelf before it goes back. */
  holdShelfDays: z.number().int().min(1).max(60),
  /** Service fee charged to our readers per request, in fen (0 this year: 本年度12月31日之前全部免费). */
  readerServiceFeeFen: z.number().int().min(0).max(1_000_000),
  /** What this library charges the borrowing library for a book of ours declared lost, in fen. */
  lostBookChargeFen: z.number().int().min(0).max(10_000_000),
  /** What one parcel we send costs by courier, in fen: the consortium bears it (DESIGN §1 money). */
  courierCostFen: z.number().int().min(0).max(1_000_000),
});
export type LibraryRules = z.infer<typeof libraryRulesSchema>;

export const DEFAULT_RULES: LibraryRules = Object.freeze({
  maxOpenRequestsPerReader: 3,
  loanPeriodDays: 30,
  returnMarginDays: 3,
  overdueFinePerDayFen: 0,
  renewalsAllowed: false,
  lenderMayRecall: true,
  readerCancelWindowMinutes: 60,
  holdShelfDays: 7,
  readerServiceFeeFen: 0,
  lostBookChargeFen: 0,
  courierCostFen: 0,
});

/**
 * A library's stored overrides merged over the defaults. Each value is checked on its own: a broken
 * or unknown one falls back to the default without taking the library's other rules with it.
 */
export function resolveRules(overrides: Partial<LibraryRules> | null | undefined): LibraryRules {
  const rules: Record<string, unknown> = { ...DEFAULT_RULES };
  if (typeof overrides !== 'object' || overrides === null) return rules as LibraryRules;
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(libraryRulesSchema.shape, key)) continue;
    const field = libraryRulesSchema.shape[key as keyof LibraryRules] as z.ZodType;
    if (field.safeParse(value).success) rules[key] = value;
  }
  return rules as LibraryRules;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every BALIS member library is in Beijing: calendar days (due dates, pick-up dates, "today") are
 * Beijing days, so a book handed out at 07:00 is due on a date counted from that morning, not from
 * the UTC day before.
 */
export const CONSORTIUM_TIME_ZONE = 'Asia/Shanghai';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CONSORTIUM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The consortium's calendar day (`YYYY-MM-DD`) of an ISO instant; a plain date is returned as is. */
export function calendarDay(isoDateOrInstant: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(isoDateOrInstant)) return isoDateOrInstant;
  const instant = new Date(isoDateOrInstant);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date: ${isoDateOrInstant}`);
  return dayFormat.format(instant);
}

/** The UTC instant at which a consortium calendar day begins (Beijing has no daylight saving). */
export function dayStartInstant(day: string): string {
  return new Date(`${calendarDay(day)}T00:00:00+08:00`).toISOString();
}

/** Adds whole days to a calendar day (or to the day of an instant) and returns a `YYYY-MM-DD` date. */
export function addDays(isoDateOrInstant: string, days: number): string {
  const day = calendarDay(isoDateOrInstant);
  const base = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(base.getTime()) || base.toISOString().slice(0, 10) !== day) throw new RangeError(`Not a date: ${day}`);
  return new Date(base.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The lender's due date for a loan it ships now: its own loan period from the shipping day. */
export function lenderDueDate(shippedAt: string, lenderRules: LibraryRules): string {
  return addDays(shippedAt, lenderRules.loanPeriodDays);
}

/**
 * The reader's due date at handout: the lender's due date minus the lender's return margin, so
 * the book is back in time. Without a lender's date on record (a loan shipped by an older desk),
 * the lender's loan period is counted from the handout day instead, minus the same margin.
 * Never earlier than the handout day itself.
 */
export function readerDueDate(args: {
  handedOutAt: string;
  lenderDueDate: string | null;
  lenderRules: LibraryRules;
}): string {
  const { handedOutAt, lenderRules } = args;
  const lenderDate = args.lenderDueDate ?? addDays(handedOutAt, lenderRules.loanPeriodDays);
  const due = addDays(lenderDate, -lenderRules.returnMarginDays);
  const today = calendarDay(handedOutAt);
  return due < today ? today : due;
}

/** Whether one more open request fits under the reader's limit. */
export function withinReaderLimit(openRequestCount: number, rules: LibraryRules): boolean {
  return openRequestCount < rules.maxOpenRequestsPerReader;
}

/** Whether a reader may still cancel a request submitted at `submittedAt` (window inclusive). */
export function readerMayCancel(submittedAt: string, now: string, rules: LibraryRules): boolean {
  const elapsed = Date.parse(now) - Date.parse(submittedAt);
  return elapsed >= 0 && elapsed <= rules.readerCancelWindowMinutes * 60 * 1000;
}

/** The last day a reader may pick up a book checked in on `checkedInAt`. */
export function pickUpBy(checkedInAt: string, rules: LibraryRules): string {
  return addDays(checkedInAt, rules.holdShelfDays);
}

/** Whole days a loan is overdue on `today` (0 when not overdue). */
export function daysOverdue(dueDate: string, today: string): number {
  const diff = Date.parse(`${calendarDay(today)}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`);
  return diff > 0 ? Math.floor(diff / DAY_MS) : 0;
}
