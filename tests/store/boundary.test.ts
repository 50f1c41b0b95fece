// Bad input at the boundary: every transport goes through dispatch(), which validates with the
// contract's schemas. Each refusal names the field and the rule and leaves the store unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeAll(() => {
  desk = makeDesk();
  const created = dispatch(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-wangqian', title: '高等数学' });
  if (!created.ok) throw new Error(created.error.message);
});
afterAll(() => desk.close());

const long = (n: number, ch = 'a') => ch.repeat(n);

const cases: { name: string; command: string; input: unknown; field: string | undefined; words: RegExp }[] = [
  { name: 'a number where text belongs', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian', title: 42 }, field: 'title', words: /string/i },
  { name: 'a missing title', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian' }, field: 'title', words: /string|required/i },
  { name: 'an unknown service type', command: 'request.create', input: { serviceType: 'renewal', readerId: 'r-wangqian', title: 'x' }, field: 'serviceType', words: /loan or copy/ },
  { name: 'a broken ISBN check digit', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian', title: 'x', isbn: '978-7-115-16424-8' }, field: 'isbn', words: /check digit/ },
  { name: 'a broken ISSN check digit', command: 'request.create', input: { serviceType: 'copy', readerId: 'r-wangqian', title: 'x', issn: '0317-8472' }, field: 'issn', words: /check digit/ },
  { name: 'a request remark over 50 characters', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian', title: 'x', remark: long(51, '备') }, field: 'remark', words: /50/ },
  { name: 'a note to the lender over 100 characters', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian', title: 'x', noteToLender: long(101) }, field: 'noteToLender', words: /100/ },
  { name: 'an unknown field', command: 'request.create', input: { serviceType: 'loan', readerId: 'r-wangqian', title: 'x', status: 'COMPLETED' }, field: 'status', words: /unrecognized/i },
  { name: 'an unknown status in the queue filter', command: 'queue.list', input: { statuses: ['SHIPPED', 'ARCHIVED'] }, field: 'statuses.1', words: /SUBMITTED/ },
  { name: 'a page size over 500', command: 'queue.list', input: { limit: 100000 }, field: 'limit', words: /500/ },
  { name: 'a search over 100 characters', command: 'queue.list', input: { q: long(101, '资') }, field: 'q', words: /100/ },
  { name: 'a control character in a search', command: 'queue.list', input: { q: 'a\u0000b' }, field: 'q', words: /control characters/ },
  { name: 'SQL in a request number', command: 'request.handOut', input: { id: "BY00000061' OR '1'='1" }, field: 'id', words: /request number/ },
  { name: 'SQL in a scan', command: 'request.checkIn', input: { scan: "1; DROP TABLE requests; --" }, field: 'scan', words: /request number or an item barcode/ },
  { name: 'an empty scan', command: 'request.checkIn', input: { scan: '   ' }, field: 'scan', words: /empty/ },
  { name: 'a wrong library code', command: 'request.forward', input: { id: 'BY00000061', lender: 'BUAA' }, field: 'lender', words: /six-digit/ },
  { name: 'an unfilled reason outside ISO 18626', command: 'request.unfill', input: { id: 'BY00000061', reasonCode: 'Lazy' }, field: 'reasonCode', words: /NotHeld/ },
  { name: 'a blank rejection reason', command: 'request.reject', input: { id: 'BY00000061', reason: '  ' }, field: 'reason', words: /required/ },
  { name: 'a malformed month', command: 'statement.confirm', input: { month: '2026-13' }, field: 'month', words: /YYYY-MM/ },
  { name: 'an input that is not an object', command: 'request.get', input: 'BY00000061', field: undefined, words: /object/i },
  { name: 'a renewal in the rules', command: 'rules.set', input: { renewalsAllowed: true }, field: 'renewalsAllowed', words: /false/ },
];

describe('bad input at the boundary', () => {
  for (const c of cases) {
    it(`refuses ${c.name}, naming the field, and changes nothing`, () => {
      const before = snapshot(desk.db);
      const result = dispatch(desk.ctx, c.command, c.input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.field).toBe(c.field);
      if (c.field) expect(result.error.message.startsWith(`${c.field}:`)).toBe(true);
      expect(result.error.message).toMatch(c.words);
      expect(snapshot(desk.db)).toBe(before);
    });
  }

  it('refuses an unknown command', () => {
    const result = dispatch(desk.ctx, 'requests.dropAll', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('counts a request remark in characters: 50 Chinese characters fit', () => {
    const ok = dispatch(desk.ctx, 'request.create', { serviceType: 'loan', readerId: 'r-ivanov', title: 'x', remark: long(50, '备') });
    expect(ok.ok).toBe(true);
  });
});
