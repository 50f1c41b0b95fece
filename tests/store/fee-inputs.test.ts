// Issue 12, item 7 on the desk: the fee commands' dates and months at the edge of what a date can
// name (0000-01-01, 9999-12-31, 9999-12) get a range or a clear INVALID_INPUT, never INTERNAL (a
// `to` of 9999-12-31 once threw in addDays; a summary ending in 9999-12 once walked months without
// end, since "10000-01" sorts before "9999-12"). A `__proto__` key is refused by every command.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { COMMAND_NAMES, contract } from '../../shared/contract';
import { call, quiet } from '../fixtures/calls';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeAll(() => {
  desk = makeDesk();
  call(desk.ctx, 'ledger.add', { kind: 'refund', amountFen: 1234, direction: 'pay', counterparty: BUAA, reason: '退还多收的快递费' });
});
afterAll(() => desk.close());

describe('dates and months at the boundary', () => {
  it('ledger.list and ledger.feeStats up to 9999-12-31 (and from 0000-01-01) answer the whole range', () => {
    for (const name of ['ledger.list', 'ledger.feeStats'] as const) {
      for (const input of [{ to: '9999-12-31' }, { from: '0000-01-01', to: '9999-12-31' }, { from: '0000-01-01' }, { from: '9999-12-31' }]) {
        const result = dispatch(desk.ctx, name, input, quiet);
        expect(result, `${name} ${JSON.stringify(input)}`).toMatchObject({ ok: true });
      }
    }
    expect(call(desk.ctx, 'ledger.list', { to: '9999-12-31' }).total).toBe(1);
    expect(call(desk.ctx, 'ledger.list', { from: '9999-12-31' }).total).toBe(0);
  });

  it('fees.summary ending in 9999-12 answers its months; more than 36 is a clear INVALID_INPUT', () => {
    const summary = call(desk.ctx, 'fees.summary', { from: '9999-01', to: '9999-12' });
    expect(summary.months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `9999-${String(i + 1).padStart(2, '0')}`));
    expect(call(desk.ctx, 'fees.summary', { from: '0000-01', to: '0000-12' }).months).toHaveLength(12);
    expect(dispatch(desk.ctx, 'fees.summary', { from: '0000-01', to: '9999-12' }, quiet)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'to' } });
  });

  it('no date or month a clerk (or a script) sends to a fee command reaches INTERNAL', () => {
    const year = fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0'));
    const two = (max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, '0'));
    const day = fc.oneof(
      fc.tuple(year, two(13), two(32)).map(([y, m, d]) => `${y}-${m}-${d}`),
      fc.constantFrom('0000-01-01', '9999-12-31', '9999-12-30', '2026-02-29', '2024-02-29', '1970-01-01'),
      fc.string({ maxLength: 12 }),
    );
    const month = fc.oneof(fc.tuple(year, two(13)).map(([y, m]) => `${y}-${m}`), fc.constantFrom('0000-01', '9999-12'), fc.string({ maxLength: 8 }));
    const inputs = fc.oneof(
      fc.record({ name: fc.constantFrom('ledger.list', 'ledger.feeStats'), input: fc.record({ from: day, to: day }, { requiredKeys: [] }) }),
      fc.record({ name: fc.constant('fees.summary'), input: fc.record({ from: month, to: month }) }),
      fc.record({ name: fc.constantFrom('statement.get', 'statement.confirm'), input: fc.record({ month }) }),
    );
    let tried = 0;
    fc.assert(
      fc.property(inputs, ({ name, input }) => {
        tried++;
        const result = dispatch(desk.ctx, name, input, quiet);
        return result.ok || result.error.code !== 'INTERNAL';
      }),
      { numRuns: 2000 },
    );
    expect(tried).toBeGreaterThanOrEqual(2000);
  });
});

describe('a __proto__ key in a command input', () => {
  it('is refused by every command of the contract, like any other unknown key', () => {
    for (const name of COMMAND_NAMES) {
      const parsed = contract[name].input.safeParse(JSON.parse('{"__proto__":{"id":"x"}}'));
      expect(parsed.success, name).toBe(false);
      if (!parsed.success) expect(parsed.error.issues.some((i) => i.code === 'unrecognized_keys' && i.keys.includes('__proto__')), name).toBe(true);
    }
    expect(dispatch(desk.ctx, 'ledger.list', JSON.parse('{"limit":5,"__proto__":{"offset":1}}'), quiet)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', field: '__proto__' },
    });
  });
});
