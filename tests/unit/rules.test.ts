// The circulation rules of DESIGN §2: defaults, limits, the cancel window and the date maths.
// Expected dates are worked out by hand from the calendar, never by the code under test.
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  DEFAULT_RULES,
  addDays,
  calendarDay,
  daysOverdue,
  lenderDueDate,
  libraryRulesSchema,
  pickUpBy,
  readerDueDate,
  readerMayCancel,
  resolveRules,
  withinReaderLimit,
  type LibraryRules,
} from '../../shared/rules';
import { contract } from '../../shared/contract';

/** A lender with the rules of the example: 45 days' loan, 5 days' return margin. */
const LENDER_45: LibraryRules = { ...DEFAULT_RULES, loanPeriodDays: 45, returnMarginDays: 5 };

describe('DEFAULT_RULES are the DESIGN §2 defaults', () => {
  it('has every default of the table', () => {
    expect(DEFAULT_RULES).toEqual({
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
  });

  it('is itself valid under the schema', () => {
    expect(libraryRulesSchema.safeParse(DEFAULT_RULES).success).toBe(true);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(DEFAULT_RULES)).toBe(true);
    const resolved = resolveRules(null);
    resolved.loanPeriodDays = 99;
    expect(DEFAULT_RULES.loanPeriodDays).toBe(30);
    expect(resolveRules(null).loanPeriodDays).toBe(30);
  });
});

describe('renewals do not exist (不可续借)', () => {
  it('renewalsAllowed is literally false, in the type and the value', () => {
    expectTypeOf<LibraryRules['renewalsAllowed']>().toEqualTypeOf<false>();
    expect(DEFAULT_RULES.renewalsAllowed).toBe(false);
  });

  it('the schema refuses true', () => {
    expect(libraryRulesSchema.safeParse({ ...DEFAULT_RULES, renewalsAllowed: true }).success).toBe(false);
    expect(libraryRulesSchema.safeParse({ ...DEFAULT_RULES, renewalsAllowed: false }).success).toBe(true);
  });

  it('rules.set refuses true', () => {
    expect(contract['rules.set'].input.safeParse({ renewalsAllowed: true }).success).toBe(false);
  });

  it('resolveRules never lets a stored true through', () => {
    const stored = { renewalsAllowed: true } as unknown as Partial<LibraryRules>;
    expect(resolveRules(stored).renewalsAllowed).toBe(false);
  });
});

describe('libraryRulesSchema bounds', () => {
  it.each([
    ['maxOpenRequestsPerReader', 0],
    ['maxOpenRequestsPerReader', 2.5],
    ['loanPeriodDays', 0],
    ['loanPeriodDays', 366],
    ['returnMarginDays', -1],
    ['overdueFinePerDayFen', -50],
    ['readerCancelWindowMinutes', -1],
    ['holdShelfDays', 0],
    ['readerServiceFeeFen', 0.5],
    ['lenderMayRecall', 'yes'],
    ['loanPeriodDays', '30'],
  ] as const)('refuses %s = %s', (key, value) => {
    expect(libraryRulesSchema.safeParse({ ...DEFAULT_RULES, [key]: value }).success).toBe(false);
  });

  it('accepts the National Library’s 5 yuan fine and 3 weeks', () => {
    const nlc = { ...DEFAULT_RULES, overdueFinePerDayFen: 500, loanPeriodDays: 21 };
    expect(libraryRulesSchema.parse(nlc)).toEqual(nlc);
  });
});

describe('resolveRules', () => {
  it('gives the defaults for null, undefined and {}', () => {
    expect(resolveRules(null)).toEqual(DEFAULT_RULES);
    expect(resolveRules(undefined)).toEqual(DEFAULT_RULES);
    expect(resolveRules({})).toEqual(DEFAULT_RULES);
  });

  it('merges overrides over the defaults', () => {
    const r = resolveRules({ loanPeriodDays: 45, overdueFinePerDayFen: 50, lenderMayRecall: false });
    expect(r.loanPeriodDays).toBe(45);
    expect(r.overdueFinePerDayFen).toBe(50);
    expect(r.lenderMayRecall).toBe(false);
    expect(r.maxOpenRequestsPerReader).toBe(3);
    expect(r.returnMarginDays).toBe(3);
    expect(r.holdShelfDays).toBe(7);
    expect(r.readerCancelWindowMinutes).toBe(60);
  });

  it('accepts a margin of 0', () => {
    expect(resolveRules({ returnMarginDays: 0 }).returnMarginDays).toBe(0);
  });

  it('falls back to the default for an invalid value', () => {
    const broken = { loanPeriodDays: -4 } as Partial<LibraryRules>;
    expect(resolveRules(broken).loanPeriodDays).toBe(30);
    const wrongType = { holdShelfDays: 'seven' } as unknown as Partial<LibraryRules>;
    expect(resolveRules(wrongType).holdShelfDays).toBe(7);
    const result = resolveRules({ maxOpenRequestsPerReader: 0 });
    expect(libraryRulesSchema.safeParse(result).success).toBe(true);
    expect(result.maxOpenRequestsPerReader).toBe(3);
  });

  it('drops unknown keys', () => {
    const stored = { loanPeriodDays: 28, renewalCount: 2 } as unknown as Partial<LibraryRules>;
    const r = resolveRules(stored);
    expect(r.loanPeriodDays).toBe(28);
    expect(Object.keys(r).sort()).toEqual(Object.keys(DEFAULT_RULES).sort());
  });

  // Its doc comment: "unknown or broken values fall back" — a value, not the whole set. One bad
  // stored value must not silently reset a lender's 45-day loan period to the default 30.
  it('keeps the valid overrides when another stored value is broken', () => {
    const stored = { loanPeriodDays: 45, holdShelfDays: 0 } as Partial<LibraryRules>;
    const r = resolveRules(stored);
    expect(r.holdShelfDays).toBe(7);
    expect(r.loanPeriodDays).toBe(45);
  });
});

describe('withinReaderLimit', () => {
  it('the 3rd request is allowed when 2 are open', () => {
    expect(withinReaderLimit(2, DEFAULT_RULES)).toBe(true);
  });

  it('the 4th request is refused when 3 are open', () => {
    expect(withinReaderLimit(3, DEFAULT_RULES)).toBe(false);
    expect(withinReaderLimit(4, DEFAULT_RULES)).toBe(false);
  });

  it('the first request is allowed', () => {
    expect(withinReaderLimit(0, DEFAULT_RULES)).toBe(true);
  });

  it('follows the library’s own limit', () => {
    const five = resolveRules({ maxOpenRequestsPerReader: 5 });
    expect(withinReaderLimit(4, five)).toBe(true);
    expect(withinReaderLimit(5, five)).toBe(false);
  });
});

describe('readerMayCancel (within 1 hour of submission)', () => {
  const submitted = '2026-03-01T08:00:00.000Z';

  it('at 59 minutes: allowed', () => {
    expect(readerMayCancel(submitted, '2026-03-01T08:59:00.000Z', DEFAULT_RULES)).toBe(true);
  });

  it('at exactly 60 minutes: allowed', () => {
    expect(readerMayCancel(submitted, '2026-03-01T09:00:00.000Z', DEFAULT_RULES)).toBe(true);
  });

  it('one millisecond past 60 minutes: refused', () => {
    expect(readerMayCancel(submitted, '2026-03-01T09:00:00.001Z', DEFAULT_RULES)).toBe(false);
  });

  it('at 61 minutes: refused', () => {
    expect(readerMayCancel(submitted, '2026-03-01T09:01:00.000Z', DEFAULT_RULES)).toBe(false);
  });

  it('at once: allowed', () => {
    expect(readerMayCancel(submitted, submitted, DEFAULT_RULES)).toBe(true);
  });

  it('the next day: refused', () => {
    expect(readerMayCancel(submitted, '2026-03-02T08:30:00.000Z', DEFAULT_RULES)).toBe(false);
  });

  it('compares instants, not clock strings: +08:00 times work', () => {
    // 16:30 in Beijing is 08:30 UTC: 30 minutes after submission.
    expect(readerMayCancel(submitted, '2026-03-01T16:30:00+08:00', DEFAULT_RULES)).toBe(true);
    // 17:01 in Beijing is 09:01 UTC: 61 minutes.
    expect(readerMayCancel(submitted, '2026-03-01T17:01:00+08:00', DEFAULT_RULES)).toBe(false);
  });

  it('follows the library’s own window', () => {
    const halfHour = resolveRules({ readerCancelWindowMinutes: 30 });
    expect(readerMayCancel(submitted, '2026-03-01T08:30:00.000Z', halfHour)).toBe(true);
    expect(readerMayCancel(submitted, '2026-03-01T08:31:00.000Z', halfHour)).toBe(false);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-01', 1, '2026-03-02'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-04-30', 1, '2026-05-01'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-12-25', 10, '2027-01-04'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2028-02-29', 365, '2029-02-28'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2026-03-01', 0, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-01', 30, '2026-03-31'],
    ['2026-03-01', 45, '2026-04-15'],
    ['2026-01-15', 366, '2027-01-16'],
  ] as const)('%s %+d days = %s', (from, days, want) => {
    expect(addDays(from, days)).toBe(want);
  });

  it("takes an ISO instant by its Beijing calendar day (the consortium's time zone)", () => {
    expect(addDays('2026-03-01T15:30:00.000Z', 0)).toBe('2026-03-01'); // 23:30 in Beijing
    expect(addDays('2026-03-01T16:30:00.000Z', 0)).toBe('2026-03-02'); // 00:30 the next day
    expect(addDays('2026-02-28T23:00:00.000Z', 0)).toBe('2026-03-01'); // 07:00, before the UTC day turns
    expect(addDays('2026-12-31T15:59:59.999Z', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28T12:00:00Z', 1)).toBe('2028-02-29');
    expect(calendarDay('2026-11-28T17:00:00Z')).toBe('2026-11-29');
    expect(calendarDay('2026-11-28')).toBe('2026-11-28');
  });

  it('refuses what is not a date', () => {
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
    expect(() => addDays('2026-13-01', 1)).toThrow(RangeError);
  });

  it('property: agrees with calendar arithmetic and composes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2090 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: -800, max: 800 }),
        fc.integer({ min: -800, max: 800 }),
        (y, m, d, a, b) => {
          const start = `${y}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          // Date.UTC normalises day overflow month by month: an independent calendar.
          const want = new Date(Date.UTC(y, m, d + a)).toISOString().slice(0, 10);
          expect(addDays(start, a)).toBe(want);
          expect(addDays(addDays(start, a), b)).toBe(addDays(start, a + b));
          expect(addDays(addDays(start, a), -a)).toBe(start);
        },
      ),
    );
  });
});

describe('lenderDueDate', () => {
  it('shipped 2026-03-01 by a 45-day lender: due 2026-04-15', () => {
    expect(lenderDueDate('2026-03-01T10:00:00Z', LENDER_45)).toBe('2026-04-15');
  });

  it('with the default 30 days: 2026-03-31', () => {
    expect(lenderDueDate('2026-03-01', DEFAULT_RULES)).toBe('2026-03-31');
  });

  it('4 weeks from 2027-12-20 crosses the year: 2028-01-17', () => {
    expect(lenderDueDate('2027-12-20', { ...DEFAULT_RULES, loanPeriodDays: 28 })).toBe('2028-01-17');
  });
});

describe('readerDueDate = lender’s due date minus the lender’s margin', () => {
  it('lender due 2026-04-15, margin 5: reader due 2026-04-10', () => {
    expect(readerDueDate({ handedOutAt: '2026-03-05T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: LENDER_45 })).toBe(
      '2026-04-10',
    );
  });

  it('uses the lender’s margin, not the default', () => {
    const margin0 = { ...DEFAULT_RULES, returnMarginDays: 0 };
    expect(readerDueDate({ handedOutAt: '2026-03-05T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: margin0 })).toBe(
      '2026-04-15',
    );
    expect(readerDueDate({ handedOutAt: '2026-03-05T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: DEFAULT_RULES })).toBe(
      '2026-04-12',
    );
  });

  it('the due date is the lender’s, not counted from the handout day', () => {
    // Handed out two weeks after arrival: the reader gets less time, the lender's date stands.
    expect(readerDueDate({ handedOutAt: '2026-03-20T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: LENDER_45 })).toBe(
      '2026-04-10',
    );
  });

  it('a margin across a month end: due 2026-05-02, margin 3 → 2026-04-29', () => {
    expect(readerDueDate({ handedOutAt: '2026-04-01T09:00:00Z', lenderDueDate: '2026-05-02', lenderRules: DEFAULT_RULES })).toBe(
      '2026-04-29',
    );
  });

  it('a margin across the leap day: due 2028-03-02, margin 3 → 2028-02-28', () => {
    expect(readerDueDate({ handedOutAt: '2028-02-01T09:00:00Z', lenderDueDate: '2028-03-02', lenderRules: DEFAULT_RULES })).toBe(
      '2028-02-28',
    );
  });

  it('without the lender’s date: handout day + loan period − margin', () => {
    // 2026-03-05 + 45 = 2026-04-19; − 5 = 2026-04-14.
    expect(readerDueDate({ handedOutAt: '2026-03-05T09:00:00Z', lenderDueDate: null, lenderRules: LENDER_45 })).toBe('2026-04-14');
    // 2026-12-10 + 30 = 2027-01-09; − 3 = 2027-01-06.
    expect(readerDueDate({ handedOutAt: '2026-12-10T02:00:00Z', lenderDueDate: null, lenderRules: DEFAULT_RULES })).toBe(
      '2027-01-06',
    );
  });

  it('never before the handout day', () => {
    expect(readerDueDate({ handedOutAt: '2026-04-13T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: LENDER_45 })).toBe(
      '2026-04-13',
    );
    // The lender's date already past (a late pickup): still the handout day, not a day in the past.
    expect(readerDueDate({ handedOutAt: '2026-05-01T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: LENDER_45 })).toBe(
      '2026-05-01',
    );
    // A margin longer than the loan period.
    const odd = { ...DEFAULT_RULES, loanPeriodDays: 2, returnMarginDays: 10 };
    expect(readerDueDate({ handedOutAt: '2026-03-05T09:00:00Z', lenderDueDate: null, lenderRules: odd })).toBe('2026-03-05');
  });

  it('on the last day before the margin it is exactly the handout day', () => {
    expect(readerDueDate({ handedOutAt: '2026-04-10T09:00:00Z', lenderDueDate: '2026-04-15', lenderRules: LENDER_45 })).toBe(
      '2026-04-10',
    );
  });
});

describe('pickUpBy (hold shelf: 7 days)', () => {
  it('checked in 2026-03-01: pick up by 2026-03-08', () => {
    expect(pickUpBy('2026-03-01T10:00:00Z', DEFAULT_RULES)).toBe('2026-03-08');
  });

  it('across the year end: 2026-12-28 → 2027-01-04', () => {
    expect(pickUpBy('2026-12-28T10:00:00Z', DEFAULT_RULES)).toBe('2027-01-04');
  });

  it('across the leap day: 2028-02-25 → 2028-03-03', () => {
    expect(pickUpBy('2028-02-25T10:00:00Z', DEFAULT_RULES)).toBe('2028-03-03');
  });

  it('follows the library’s own hold period', () => {
    expect(pickUpBy('2026-03-01T10:00:00Z', resolveRules({ holdShelfDays: 14 }))).toBe('2026-03-15');
  });
});

describe('daysOverdue', () => {
  it.each([
    ['2026-04-10', '2026-04-09', 0],
    ['2026-04-10', '2026-04-10', 0],
    ['2026-04-10', '2026-04-11', 1],
    ['2026-04-10', '2026-04-20', 10],
    ['2026-04-10', '2026-03-01', 0],
    ['2026-01-31', '2026-02-01', 1],
    ['2025-12-31', '2026-01-02', 2],
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
  ] as const)('due %s, today %s: %d', (due, today, want) => {
    expect(daysOverdue(due, today)).toBe(want);
  });

  it('takes today as an instant and counts whole Beijing days', () => {
    expect(daysOverdue('2026-04-10', '2026-04-10T15:59:59Z')).toBe(0); // 23:59 on the due day
    expect(daysOverdue('2026-04-10', '2026-04-10T16:00:01Z')).toBe(1); // 00:00 the day after
    expect(daysOverdue('2026-04-10', '2026-04-12T00:00:01Z')).toBe(2);
    expect(daysOverdue('2026-04-10', '2026-04-12T15:59:59.999Z')).toBe(2);
  });

  it('property: n days after the due date is n days overdue, never negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -3000, max: 3000 }), (start, n) => {
        const due = new Date(Date.UTC(2020, 0, 1 + start)).toISOString().slice(0, 10);
        const today = new Date(Date.UTC(2020, 0, 1 + start + n)).toISOString().slice(0, 10);
        expect(daysOverdue(due, today)).toBe(Math.max(0, n));
      }),
    );
  });
});

describe('resolveRules with hostile stored text', () => {
  it('ignores inherited names and keeps the defaults', () => {
    const hostile = JSON.parse('{"constructor":1,"toString":1,"__proto__":{"loanPeriodDays":1},"loanPeriodDays":45}') as Partial<LibraryRules>;
    expect(resolveRules(hostile)).toEqual({ ...DEFAULT_RULES, loanPeriodDays: 45 });
  });

  it('treats a value that is not an object as no overrides', () => {
    expect(resolveRules(7 as unknown as Partial<LibraryRules>)).toEqual(DEFAULT_RULES);
  });
});
