// The demo profile a desk starts on: realistic, complete over the status machine, consistent, and
// the same for the same seed and clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskContext } from '../../main/context';
import { ensureDemoStore } from '../../main/demo/profile';
import { dispatch } from '../../main/dispatch';
import type { Db } from '../../main/store/db';
import { STATUSES } from '../../shared/status';
import { isValidIsbn } from '../../shared/validators';

const NOW = '2026-11-28T09:00:00Z';
let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ill-desk-demo-'));
  db = ensureDemoStore(join(dir, 'demo.sqlite'), { now: NOW });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;

describe('the demo profile', () => {
  it('has the directory, about 200 readers and about 2,000 requests', () => {
    expect(one<{ n: number }>('SELECT count(*) AS n FROM libraries').n).toBeGreaterThanOrEqual(28);
    const names = all<{ name: string }>('SELECT name FROM libraries').map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(['北京邮电大学', '北京航空航天大学', '中国人民大学', '北京师范大学', '国家图书馆']));
    expect(one<{ code: string }>("SELECT code FROM libraries WHERE name = '北京邮电大学'").code).toBe('211130');
    expect(one<{ code: string }>("SELECT code FROM libraries WHERE name = '北京航空航天大学'").code).toBe('211060');
    expect(one<{ n: number }>('SELECT count(*) AS n FROM readers').n).toBe(200);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM requests').n).toBe(2000);
  });

  it('covers every status, both sides and both services', () => {
    const statuses = all<{ status: string }>('SELECT DISTINCT status FROM requests').map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set(STATUSES));
    const sides = all<{ side: string; service_type: string; n: number }>(
      "SELECT CASE WHEN borrower_code = '211130' THEN 'borrowing' ELSE 'lending' END AS side, service_type, count(*) AS n FROM requests GROUP BY 1, 2",
    );
    expect(sides.map((s) => `${s.side}/${s.service_type}`).sort()).toEqual(['borrowing/copy', 'borrowing/loan', 'lending/copy', 'lending/loan']);
  });

  it("uses the seed's titles among generated ones, in Chinese, English and Russian", () => {
    const titles = all<{ title: string }>('SELECT DISTINCT title FROM requests').map((r) => r.title);
    expect(titles).toEqual(expect.arrayContaining(['网络环境下的资源共享 图书馆联盟实现机制与策略研究', 'Большой энциклопедический словарь', '赫尔岑传']));
    expect(titles.some((t) => /^[A-Za-z]/.test(t))).toBe(true);
    expect(titles.length).toBeGreaterThan(200);
    const isbns = all<{ isbn: string }>('SELECT isbn FROM requests WHERE isbn IS NOT NULL');
    expect(isbns.length).toBeGreaterThan(100);
    expect(isbns.every((r) => isValidIsbn(r.isbn))).toBe(true);
  });

  it('is consistent: keys, hold shelf, reader limits, lender privacy, events', () => {
    expect(all('PRAGMA foreign_key_check')).toEqual([]);
    expect(
      all(
        "SELECT r.id FROM requests r LEFT JOIN hold_shelf h ON h.request_id = r.id WHERE r.status = 'ON_HOLD' AND r.borrower_code = '211130' AND (h.slot IS NULL OR CAST(h.slot AS TEXT) <> r.hold_slot)",
      ),
    ).toEqual([]);
    expect(
      all(
        "SELECT reader_id FROM requests WHERE status NOT IN ('COMPLETED','CANCELLED','REJECTED','DELIVERED','LOST') AND reader_id IS NOT NULL GROUP BY reader_id HAVING count(*) > 3",
      ),
    ).toEqual([]);
    expect(all("SELECT id FROM requests WHERE lender_code = '211130' AND (reader_id IS NOT NULL OR email IS NOT NULL)")).toEqual([]);
    expect(all("SELECT id FROM requests r WHERE (SELECT to_status FROM request_events e WHERE e.request_id = r.id ORDER BY id DESC LIMIT 1) IS NOT r.status")).toEqual([]);
    expect(one<{ n: number }>('SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL').n).toBe(1000);
  });

  it('works with the services: a new request takes the next leased number', () => {
    const ctx = deskContext(db, () => NOW);
    const reader = one<{ id: string }>(
      "SELECT id FROM readers rd WHERE status = 'APPROVED' AND (SELECT count(*) FROM requests r WHERE r.reader_id = rd.id AND r.status NOT IN ('COMPLETED','CANCELLED','REJECTED','DELIVERED','LOST')) = 0 LIMIT 1",
    );
    const pool = one<{ number: string }>('SELECT min(number) AS number FROM number_pool WHERE used_at IS NULL');
    const result = dispatch(ctx, 'request.create', { serviceType: 'loan', readerId: reader.id, title: '通信原理' });
    expect(result).toMatchObject({ ok: true, value: { id: pool.number, status: 'SUBMITTED' } });
  });

  it('is the same for the same seed and clock, and is not regenerated on the next start', () => {
    const other = ensureDemoStore(join(dir, 'again.sqlite'), { now: NOW });
    try {
      // (The request the test above created took a leased number; the demo's own never do.)
      const dump = (d: Db) =>
        JSON.stringify(d.prepare('SELECT * FROM requests WHERE id NOT IN (SELECT number FROM number_pool) ORDER BY id').all());
      expect(dump(other)).toBe(dump(db));
    } finally {
      other.close();
    }
    const file = join(dir, 'demo.sqlite');
    const before = one<{ n: number }>('SELECT count(*) AS n FROM request_events').n;
    const reopened = ensureDemoStore(file, { now: NOW });
    try {
      expect((reopened.prepare('SELECT count(*) AS n FROM request_events').get() as { n: number }).n).toBe(before);
    } finally {
      reopened.close();
    }
  });
});
