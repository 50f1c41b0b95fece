// The queue's paging, sorting and counting against a plain reference computed in the test, on a
// store with both sides, other libraries' requests mixed in, and a search broad enough to take the
// "walk the sort index" path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import type { QueuePage, QueueQueryInput as QueryInput } from '../../shared/contract';
import { DRIVE_FROM_SEARCH_MAX } from '../../main/requests/queries';
import { STATUSES, type Status } from '../../shared/status';
import { BUAA, BUPT, makeDesk, RUC, type TestDesk } from '../fixtures/desk';

interface Ref {
  id: string;
  side: 'borrower' | 'lender' | 'none';
  status: Status;
  created_at: string;
  status_at: string;
  due_date: string | null;
  title: string;
  service_type: 'loan' | 'copy';
}

let desk: TestDesk;
const refs: Ref[] = [];

beforeAll(() => {
  desk = makeDesk();
  const insert = desk.db.prepare(
    `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, title, created_at, status_at, updated_at, due_date)
     VALUES (@id, @service_type, @status, @borrower, @lender, @title, @created_at, @status_at, @created_at, @due_date)`,
  );
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor(seed / 65536) % n;
  };
  desk.db.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const kind = rand(10);
      const side: Ref['side'] = kind < 5 ? 'borrower' : kind < 9 ? 'lender' : 'none';
      const status = STATUSES[rand(STATUSES.length)]!;
      // Many ties on purpose: the order must still be total and stable across pages.
      const created_at = `2026-0${1 + rand(9)}-1${rand(10)}T0${rand(10)}:00:00.000Z`;
      const status_at = `2026-10-${10 + rand(20)}T00:00:00.000Z`;
      const due_date = rand(3) === 0 ? null : `2026-12-${10 + rand(20)}`;
      const title = rand(4) === 0 ? `图书馆学 ${i}` : `通信原理 ${i}`;
      const service_type = rand(5) === 0 ? 'copy' : 'loan';
      const id = `ZZ${String(i).padStart(8, '0')}`;
      const [borrower, lender] = side === 'borrower' ? [BUPT, BUAA] : side === 'lender' ? [RUC, BUPT] : [RUC, BUAA];
      insert.run({ id, service_type, status, borrower, lender, title, created_at, status_at, due_date });
      refs.push({ id, side, status, created_at, status_at, due_date, title, service_type });
    }
  })();
});
afterAll(() => desk.close());

function page(input: QueryInput): QueuePage {
  const result = dispatch(desk.ctx, 'queue.list', input);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as QueuePage;
}

function reference(input: QueryInput): string[] {
  const sideOk = (r: Ref) =>
    input.side === 'borrowing' ? r.side === 'borrower' : input.side === 'lending' ? r.side === 'lender' : r.side !== 'none';
  const key = (r: Ref) => (input.sort === 'statusAt' ? r.status_at : input.sort === 'dueDate' ? r.due_date : r.created_at);
  const dir = input.order === 'asc' ? 1 : -1;
  const rowidOf = (r: Ref) => Number(r.id.slice(2)) + 1;
  return refs
    .filter(sideOk)
    .filter((r) => !input.statuses || input.statuses.includes(r.status))
    .filter((r) => !input.serviceType || r.service_type === input.serviceType)
    .filter((r) => !input.q || input.q.split(' ').every((t) => r.title.includes(t)))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (input.sort === 'dueDate' && (ka === null) !== (kb === null)) return ka === null ? 1 : -1;
      if (ka !== kb) return (ka ?? '') < (kb ?? '') ? -dir : dir;
      return (rowidOf(a) - rowidOf(b)) * dir;
    })
    .map((r) => r.id);
}

const queries: QueryInput[] = [
  { side: 'all', sort: 'createdAt', order: 'desc' },
  { side: 'all', sort: 'statusAt', order: 'asc' },
  { side: 'borrowing', sort: 'dueDate', order: 'asc' },
  { side: 'lending', sort: 'dueDate', order: 'desc', statuses: ['LOANED', 'RECALLED', 'SHIPPED'] },
  { side: 'all', sort: 'createdAt', order: 'asc', statuses: ['COMPLETED'], serviceType: 'loan' },
  { side: 'all', sort: 'createdAt', order: 'desc', q: '通信原理' }, // ~2,250 matches: walks the index
  { side: 'borrowing', sort: 'statusAt', order: 'desc', q: '图书馆学' }, // ~750: looks the matches up
  { side: 'lending', sort: 'createdAt', order: 'desc', q: '通信 原理' },
];

describe('the queue', () => {
  it('has searches on both sides of the plan switch', () => {
    expect(refs.filter((r) => r.title.includes('通信原理')).length).toBeGreaterThan(DRIVE_FROM_SEARCH_MAX);
    expect(refs.filter((r) => r.title.includes('图书馆学')).length).toBeLessThan(DRIVE_FROM_SEARCH_MAX);
  });

  it.each(queries)('pages through %j exactly like the reference, with no row twice or missed', (query) => {
    const expected = reference(query);
    expect(expected.length).toBeGreaterThan(50);
    const seen: string[] = [];
    for (let offset = 0; offset < expected.length; offset += 137) {
      const result = page({ ...query, offset, limit: 137 });
      seen.push(...result.rows.map((r) => r.id));
      const last = offset + 137 >= expected.length;
      if (result.totalIsExact) {
        expect(result.total).toBe(expected.length);
      } else {
        // A broad search does not count: it says only that more follow this page.
        expect(query.q).toBeDefined();
        expect(last).toBe(false);
        expect(result.total).toBe(offset + 137);
      }
      if (last) expect(result).toMatchObject({ total: expected.length, totalIsExact: true });
    }
    expect(seen).toEqual(expected);
  });

  it('counts up to the cap and says when there are more', () => {
    const all = reference({ side: 'all' }).length;
    const capped = page({ side: 'all', countUpTo: 100, limit: 10 });
    expect(capped).toMatchObject({ total: 100, totalIsExact: false });
    expect(page({ side: 'all', countUpTo: all, limit: 10 })).toMatchObject({ total: all, totalIsExact: true });
  });

  it("never shows a request our library is not party to", () => {
    const ids = new Set(page({ side: 'all', limit: 500, countUpTo: 10_000 }).rows.map((r) => r.id));
    for (const r of refs) if (r.side === 'none') expect(ids.has(r.id)).toBe(false);
  });

  it('adds up status counts over both sides', () => {
    const result = dispatch(desk.ctx, 'queue.statusCounts', { side: 'all' });
    expect(result.ok).toBe(true);
    const counts = (result as { value: Partial<Record<Status, number>> }).value;
    for (const status of STATUSES) {
      expect(counts[status] ?? 0).toBe(refs.filter((r) => r.side !== 'none' && r.status === status).length);
    }
  });
});
