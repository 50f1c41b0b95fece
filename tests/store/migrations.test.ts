// Schema migrations against real SQLite files, the way Signal Desktop tests them: migrate a fresh
// database to N-1, write rows that were valid then, migrate to N, and check the rows survived and
// what the later steps add works on them. Plus: a fresh file, a re-open, a store from a newer app,
// and a step that fails half-way.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { QueuePage } from '../../shared/contract';
import { recordSignInFailure } from '../../main/clerks/attempts';
import { deskContext } from '../../main/context';
import { dispatch } from '../../main/dispatch';
import { writeDeskIdentity } from '../../main/settings/store';
import { migrate, openStore, schemaVersion, type Db } from '../../main/store/db';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../main/store/migrations';
import { BUAA, BUPT, seedDirectory, seedReaders } from '../fixtures/desk';

const NOW = '2026-11-02T02:00:00.000Z';
const CHECKED_IN_AT = '2026-10-30T03:15:00.000Z';
const TITLE_CN = '网络环境下的资源共享 图书馆联盟实现机制与策略研究';

const EXPECTED_TABLES = [
  'libraries',
  'readers',
  'requests',
  'request_events',
  'shipments',
  'shipment_items',
  'ledger_entries',
  'outbox',
  'sync_state',
  'sync_problems',
  'settings',
  'statements',
  'number_pool',
  'hold_shelf',
  'request_search',
  'request_search_short',
  'sign_in_failures',
];

/** Tables that hold records (the FTS indexes are contentless and checked by querying them). */
const RECORD_TABLES = [
  'libraries',
  'readers',
  'requests',
  'request_events',
  'shipments',
  'shipment_items',
  'ledger_entries',
  'outbox',
  'sync_state',
  'sync_problems',
  'settings',
  'statements',
];

let dir: string;
let file: string;
const open: Db[] = [];

function track(db: Db): Db {
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ill-desk-migrations-'));
  file = join(dir, 'desk.sqlite');
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function tableNames(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/** The schema as SQLite stores it: every table, index, trigger and virtual table with its SQL. */
function schemaOf(db: Db): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all();
}

function dumpRecords(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of RECORD_TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
  return out;
}

/**
 * Rows a desk of schema v1 (or later) could hold, written with plain SQL as that version's app
 * wrote them: the directory, readers, the desk identity, four requests (one ON_HOLD in slot 7,
 * one RETURNED that still names an old slot), their events and outbox rows.
 */
function insertOldRows(db: Db): void {
  db.transaction(() => {
    seedDirectory(db, NOW);
    seedReaders(db, NOW);
    writeDeskIdentity(db, { libraryCode: BUPT, deskId: 'desk-bupt-1', deskName: '二层流通台', clerk: 'by01', profile: 'live' });
    const insertRequest = db.prepare(
      `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, reader_id, title, author, isbn,
         recipient_name, email, phone, item_barcode, hold_slot, courier, tracking_no, lender_due_date, checked_in_at,
         created_at, status_at, updated_at, version)
       VALUES (@id, @service_type, @status, @borrower_code, @lender_code, @reader_id, @title, @author, @isbn,
         @recipient_name, @email, @phone, @item_barcode, @hold_slot, @courier, @tracking_no, @lender_due_date, @checked_in_at,
         @created_at, @status_at, @updated_at, @version)`,
    );
    const base = {
      service_type: 'loan',
      borrower_code: BUPT,
      lender_code: null,
      reader_id: 'r-wangqian',
      author: null,
      isbn: null,
      recipient_name: '王茜',
      email: 'wangqian@bupt.edu.cn',
      phone: '62281970',
      item_barcode: null,
      hold_slot: null,
      courier: null,
      tracking_no: null,
      lender_due_date: null,
      checked_in_at: null,
      created_at: '2026-10-20T01:00:00.000Z',
      status_at: '2026-10-20T01:00:00.000Z',
      updated_at: '2026-10-20T01:00:00.000Z',
      version: 1,
    };
    insertRequest.run({ ...base, id: 'BY00000001', status: 'SUBMITTED', title: TITLE_CN, author: '王茜', isbn: '9787115164247' });
    insertRequest.run({
      ...base,
      id: 'BY00000002',
      status: 'ON_HOLD',
      lender_code: BUAA,
      title: '分布式系统：概念与设计',
      author: 'George Coulouris',
      item_barcode: 'BH-0042',
      hold_slot: '7',
      courier: 'EMS',
      tracking_no: 'EMS123',
      lender_due_date: '2026-12-10',
      checked_in_at: CHECKED_IN_AT,
      status_at: CHECKED_IN_AT,
      updated_at: CHECKED_IN_AT,
      version: 5,
    });
    insertRequest.run({
      ...base,
      id: 'BY00000003',
      service_type: 'copy',
      status: 'DELIVERED',
      lender_code: BUAA,
      reader_id: 'r-ivanov',
      recipient_name: 'Иван Петров',
      title: 'Distributed Systems: Principles and Paradigms',
      version: 5,
    });
    // Returned long ago: its old slot number must not put it back on the shelf.
    insertRequest.run({
      ...base,
      id: 'BY00000004',
      status: 'RETURNED',
      lender_code: BUAA,
      title: '图书馆学概论',
      item_barcode: 'BH-0043',
      hold_slot: '12',
      checked_in_at: '2026-10-01T00:00:00.000Z',
      version: 7,
    });
    const insertEvent = db.prepare(
      `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, detail_json)
       VALUES (?, ?, ?, ?, 'by01', 'desk-bupt-1', ?, ?, ?)`,
    );
    insertEvent.run('BY00000001', 'request.create', null, 'SUBMITTED', BUPT, base.created_at, '{"readerId":"r-wangqian"}');
    insertEvent.run('BY00000002', 'request.create', null, 'SUBMITTED', BUPT, base.created_at, '{"readerId":"r-wangqian"}');
    insertEvent.run('BY00000002', 'request.checkIn', 'SHIPPED', 'ON_HOLD', BUPT, CHECKED_IN_AT, '{"holdSlot":"7"}');
    const insertOutbox = db.prepare(
      `INSERT INTO outbox (op_id, type, entity_id, base_version, client_time, payload_json, state, settled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    insertOutbox.run('op-1', 'request.create', 'BY00000001', null, base.created_at, `{"title":"${TITLE_CN}"}`, 'applied', NOW);
    insertOutbox.run('op-2', 'request.checkIn', 'BY00000002', 4, CHECKED_IN_AT, '{"holdSlot":"7"}', 'pending', null);
    if (schemaVersion(db) >= 3) {
      // A store written at v3 or later keeps its shelf itself (what migration 3 builds for older ones).
      const shelf = db.prepare('INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, ?, ?)');
      for (let slot = 1; slot <= 6; slot++) shelf.run(slot, null, null);
      shelf.run(7, 'BY00000002', CHECKED_IN_AT);
    }
  })();
}

function requestIdsMatching(db: Db, table: 'request_search' | 'request_search_short', match: string): string[] {
  return (
    db
      .prepare(`SELECT r.id FROM requests r WHERE r.rowid IN (SELECT rowid FROM ${table} WHERE ${table} MATCH ?) ORDER BY r.id`)
      .all(match) as { id: string }[]
  ).map((r) => r.id);
}

/** Slots 1..n as free rows: migration 3 gives every slot below the highest a row. */
function freeSlots(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => ({ slot: i + 1, request_id: null, assigned_at: null }));
}

function holdShelfRows(db: Db): unknown[] {
  return db.prepare('SELECT * FROM hold_shelf ORDER BY slot').all();
}

describe('a new store', () => {
  it('is created at the latest version with every table, in WAL with foreign keys and synchronous=FULL', () => {
    const db = track(openStore(file));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    const names = tableNames(db);
    for (const t of EXPECTED_TABLES) expect(names, `table ${t}`).toContain(t);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT * FROM sync_state').all()).toEqual([
      { id: 1, cursor: null, last_seq: 0, acked_desk_seq: 0, last_success_at: null, last_error: null, clock_skew_ms: null },
    ]);
  });

  it('numbers the migrations 1, 2, 3, … with no gap', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('stops at migrateTo', () => {
    for (let v = 1; v <= LATEST_SCHEMA_VERSION; v++) {
      const f = join(dir, `at-${v}.sqlite`);
      const db = openStore(f, { migrateTo: v });
      expect(schemaVersion(db)).toBe(v);
      db.close();
    }
    const at1 = track(openStore(join(dir, 'at-1.sqlite')));
    expect(schemaVersion(at1)).toBe(LATEST_SCHEMA_VERSION);
  });
});

describe('migrating a store written by an earlier version', () => {
  const earlier = Array.from({ length: LATEST_SCHEMA_VERSION - 1 }, (_, i) => i + 1);

  it.each(earlier)('from v%i keeps every row and gives the old rows what the later steps add', (v) => {
    const old = openStore(file, { migrateTo: v });
    expect(schemaVersion(old)).toBe(v);
    insertOldRows(old);
    const before = dumpRecords(old);
    old.close();

    const db = track(openStore(file));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(dumpRecords(db)).toEqual(before);

    // The schema is exactly the one a new store gets.
    const fresh = track(openStore(join(dir, 'fresh.sqlite')));
    expect(schemaOf(db)).toEqual(schemaOf(fresh));

    // 0002: the search index covers requests written before it existed (or by v2's triggers).
    expect(requestIdsMatching(db, 'request_search', '"资源共享"')).toEqual(['BY00000001']);
    expect(requestIdsMatching(db, 'request_search', '"9787115164247"')).toEqual(['BY00000001']);
    expect(requestIdsMatching(db, 'request_search', '"Иван"')).toEqual(['BY00000003']);
    expect(requestIdsMatching(db, 'request_search_short', '"资 源"')).toEqual(['BY00000001']);
    expect(requestIdsMatching(db, 'request_search_short', '"王 茜"')).toEqual(['BY00000001', 'BY00000002', 'BY00000004']);

    // 0003: the book on the shelf keeps slot 7; the long-returned one does not come back.
    expect(holdShelfRows(db)).toEqual([...freeSlots(6), { slot: 7, request_id: 'BY00000002', assigned_at: CHECKED_IN_AT }]);
    expect(db.prepare('SELECT count(*) AS n FROM number_pool').get()).toEqual({ n: 0 });

    // The services work on the old rows through the real dispatch path.
    const ctx = deskContext(db, () => NOW);
    const bySearch = (q: string) => {
      const result = dispatch(ctx, 'queue.list', { q });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      return result.ok ? (result.value as QueuePage).rows.map((r) => r.id) : [];
    };
    expect(bySearch('资源共享')).toEqual(['BY00000001']);
    expect(bySearch('资源')).toEqual(['BY00000001']);
    expect(bySearch('Coulouris')).toEqual(['BY00000002']);

    const handOut = dispatch(ctx, 'request.handOut', { id: 'BY00000002' });
    expect(handOut.ok, JSON.stringify(handOut)).toBe(true);
    expect(db.prepare("SELECT status, version FROM requests WHERE id = 'BY00000002'").get()).toEqual({ status: 'LOANED', version: 6 });
    expect(holdShelfRows(db)).toEqual(freeSlots(7));

    // A title edit of an old row (through the update trigger) moves it in the index.
    db.prepare("UPDATE requests SET title = '资源建设' WHERE id = 'BY00000001'").run();
    expect(requestIdsMatching(db, 'request_search', '"资源共享"')).toEqual([]);
    expect(requestIdsMatching(db, 'request_search_short', '"资 源"')).toEqual(['BY00000001']);
  });

  it('runs nothing again when a migrated store is re-opened', () => {
    const old = openStore(file, { migrateTo: 1 });
    insertOldRows(old);
    old.close();
    const first = openStore(file);
    const records = dumpRecords(first);
    const schema = schemaOf(first);
    first.close();
    const bytes = readFileSync(file);

    const again = track(openStore(file));
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(dumpRecords(again)).toEqual(records);
    expect(schemaOf(again)).toEqual(schema);
    expect(holdShelfRows(again)).toEqual([...freeSlots(6), { slot: 7, request_id: 'BY00000002', assigned_at: CHECKED_IN_AT }]);

    // Asked to migrate with steps that would record any call: none is run.
    const ran: number[] = [];
    const spies: Migration[] = MIGRATIONS.map((m) => ({ ...m, up: () => void ran.push(m.version) }));
    migrate(again, LATEST_SCHEMA_VERSION, spies);
    expect(ran).toEqual([]);
    again.close();
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

describe('a store from a newer ILL Desk', () => {
  it('is refused with DB_TOO_NEW naming both versions, and its file is not touched', () => {
    const db = openStore(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(file);

    let caught: unknown;
    try {
      track(openStore(file));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect(error.code).toBe('DB_TOO_NEW');
    expect(error.message).toContain(`schema ${LATEST_SCHEMA_VERSION + 1}`);
    expect(error.message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    expect(readFileSync(file).equals(before)).toBe(true);

    // Read-only opening refuses it too.
    expect(() => track(openStore(file, { readonly: true }))).toThrow(/newer ILL Desk/);
    expect(readFileSync(file).equals(before)).toBe(true);

    // And migrate() itself refuses without writing.
    const raw = track(openStore(join(dir, 'other.sqlite')));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    expect(() => migrate(raw)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(schemaVersion(raw)).toBe(LATEST_SCHEMA_VERSION + 5);
  });

  it('in rollback-journal mode is refused without being switched to WAL', () => {
    const raw = new Database(file);
    raw.exec('CREATE TABLE from_the_future (x TEXT)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => track(openStore(file))).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW' }));
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});

describe('a migration that fails half-way', () => {
  const failingSql: Migration = {
    version: LATEST_SCHEMA_VERSION + 1,
    name: 'fails-after-a-table',
    up: `
CREATE TABLE half_done (id INTEGER PRIMARY KEY);
INSERT INTO half_done (id) VALUES (1);
UPDATE requests SET title = 'changed';
INSERT INTO no_such_table (x) VALUES (1);
`,
  };

  it('rolls its step back and leaves the store at the previous version (SQL step)', () => {
    const db = track(openStore(file));
    insertOldRows(db);
    const before = dumpRecords(db);
    expect(() => migrate(db, LATEST_SCHEMA_VERSION + 1, [...MIGRATIONS, failingSql])).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half_done');
    expect(dumpRecords(db)).toEqual(before);
    expect(db.inTransaction).toBe(false);

    // The store still works, and re-opening it is fine.
    db.close();
    const again = track(openStore(file));
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(dumpRecords(again)).toEqual(before);
  });

  it('rolls its step back and leaves the store at the previous version (code step)', () => {
    const db = track(openStore(file));
    const failingCode: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'throws-after-a-table',
      up: (d) => {
        d.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
        d.prepare('INSERT INTO half_done (id) VALUES (1)').run();
        throw new Error('step failed');
      },
    };
    expect(() => migrate(db, LATEST_SCHEMA_VERSION + 1, [...MIGRATIONS, failingCode])).toThrow('step failed');
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tableNames(db)).not.toContain('half_done');
  });

  it('keeps the steps before it that succeeded', () => {
    const db = track(openStore(file, { migrateTo: 1 }));
    insertOldRows(db);
    const failingThird: Migration = { ...failingSql, version: 3 };
    const list = [MIGRATIONS[0]!, MIGRATIONS[1]!, failingThird];
    expect(() => migrate(db, 3, list)).toThrow(/no such table/);
    // Step 2 landed whole; step 3 left nothing behind.
    expect(schemaVersion(db)).toBe(2);
    expect(tableNames(db)).toContain('request_search');
    expect(tableNames(db)).not.toContain('half_done');
    expect(tableNames(db)).not.toContain('hold_shelf');
    expect(requestIdsMatching(db, 'request_search', '"资源共享"')).toEqual(['BY00000001']);
    db.close();

    // The real step 3 then runs on the next start.
    const again = track(openStore(file));
    expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
    expect(holdShelfRows(again)).toEqual([...freeSlots(6), { slot: 7, request_id: 'BY00000002', assigned_at: CHECKED_IN_AT }]);
  });
});

describe('the hold shelf after migration 3', () => {
  it('keeps each book in its slot, re-slots clashing or unreadable ones, and fills gaps first', () => {
    const db = track(openStore(file, { migrateTo: 2 }));
    insertOldRows(db); // BY00000002 is ON_HOLD in slot 7
    const clash = db.prepare(
      `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, reader_id, title, hold_slot, checked_in_at,
         created_at, status_at, updated_at, version)
       VALUES (?, 'loan', 'ON_HOLD', ?, ?, 'r-ivanov', ?, ?, ?, ?, ?, ?, 5)`,
    );
    const later = '2026-10-31T03:00:00.000Z';
    clash.run('BY00000010', BUPT, BUAA, '同一格的第二本书', '7', later, later, later, later);
    clash.run('BY00000011', BUPT, BUAA, '格号看不懂的书', 'A-3', later, later, later, later);
    db.close();

    const migrated = track(openStore(file));
    const slots = migrated.prepare("SELECT id, hold_slot FROM requests WHERE status = 'ON_HOLD' ORDER BY id").all();
    expect(slots).toEqual([
      { id: 'BY00000002', hold_slot: '7' },
      { id: 'BY00000010', hold_slot: '1' },
      { id: 'BY00000011', hold_slot: '2' },
    ]);
    expect(migrated.prepare('SELECT slot, request_id FROM hold_shelf WHERE request_id IS NOT NULL ORDER BY slot').all()).toEqual([
      { slot: 1, request_id: 'BY00000010' },
      { slot: 2, request_id: 'BY00000011' },
      { slot: 7, request_id: 'BY00000002' },
    ]);

    expect((migrated.prepare('SELECT count(*) AS n FROM hold_shelf WHERE request_id IS NULL').get() as { n: number }).n).toBe(4);
    // The next book in takes the lowest number nobody holds, not 8.
    migrated.prepare("UPDATE requests SET status = 'SHIPPED', hold_slot = NULL WHERE id = 'BY00000001'").run();
    const ctx = deskContext(migrated, () => NOW);
    const result = dispatch(ctx, 'request.checkIn', { scan: 'BY00000001' });
    expect(result).toMatchObject({ ok: true, value: { holdSlot: '3' } });
  });
});

describe('the ledger after migration 8 (issue 12: consent between libraries)', () => {
  it('keeps every entry in force, gives each its maker, and the desk answers claims on the old rows', () => {
    const db = track(openStore(file, { migrateTo: 7 }));
    db.transaction(() => {
      seedDirectory(db, NOW);
      writeDeskIdentity(db, { libraryCode: BUPT, deskId: 'desk-bupt-1', deskName: '二层流通台', clerk: 'by01', profile: 'live' });
      const entry = db.prepare(
        `INSERT INTO ledger_entries (id, kind, amount_fen, payer_code, payee_code, operator, created_at, month, source, reader_id)
         VALUES (?, ?, ?, ?, ?, 'by01', ?, '2026-11', ?, ?)`,
      );
      // An event's fine (B's), the consortium's subsidy to us, a reader's fee, our manual refund
      // (its op in the outbox), and a manual charge B made against us (pulled from the hub).
      entry.run('overdue_fine:BY00000001', 'overdue_fine', 250, BUPT, BUAA, NOW, 'event', null);
      entry.run('subsidy:BY00000002', 'subsidy', 500, 'consortium', BUPT, NOW, 'event', null);
      entry.run('service_fee:BY00000003', 'service_fee', 200, 'reader', BUPT, NOW, 'event', 'r-wangqian');
      entry.run('d3b07384-d113-4ec6-a3a6-6e6bf2a1b6a1', 'refund', 800, BUPT, BUAA, NOW, 'manual', null);
      entry.run('5f2b9c1e-8e0a-4d8b-9f0e-2c1d3e4f5a6b', 'lost_charge', 8000, BUPT, BUAA, NOW, 'manual', null);
      db.prepare(
        `INSERT INTO outbox (op_id, type, entity_id, base_version, client_time, payload_json, state, settled_at)
         VALUES ('op-refund', 'ledger.add', 'd3b07384-d113-4ec6-a3a6-6e6bf2a1b6a1', NULL, ?, '{}', 'applied', ?)`,
      ).run(NOW, NOW);
    })();
    db.close();

    const migrated = track(openStore(file));
    expect(schemaVersion(migrated)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrated.prepare('SELECT id, state, made_by, hub_version, dispute_comment FROM ledger_entries ORDER BY id').all()).toEqual([
      { id: '5f2b9c1e-8e0a-4d8b-9f0e-2c1d3e4f5a6b', state: 'in_force', made_by: BUAA, hub_version: null, dispute_comment: null },
      { id: 'd3b07384-d113-4ec6-a3a6-6e6bf2a1b6a1', state: 'in_force', made_by: BUPT, hub_version: null, dispute_comment: null },
      { id: 'overdue_fine:BY00000001', state: 'in_force', made_by: BUAA, hub_version: null, dispute_comment: null },
      { id: 'service_fee:BY00000003', state: 'in_force', made_by: BUPT, hub_version: null, dispute_comment: null },
      { id: 'subsidy:BY00000002', state: 'in_force', made_by: BUPT, hub_version: null, dispute_comment: null },
    ]);
    const ctx = deskContext(migrated, () => NOW);
    // Everything counted before still counts; nothing is waiting.
    expect(dispatch(ctx, 'ledger.list', {})).toMatchObject({ ok: true, value: { claimed: 0, receivedFen: 700, paidFen: 9050 } });
    expect(dispatch(ctx, 'ledger.claims', {})).toEqual({ ok: true, value: { toAccept: [], awaiting: [] } });
    // Only what we made may be reversed here: our refund yes, B's charge and B's fine no.
    expect(dispatch(ctx, 'ledger.reverse', { id: 'overdue_fine:BY00000001', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch(ctx, 'ledger.reverse', { id: '5f2b9c1e-8e0a-4d8b-9f0e-2c1d3e4f5a6b', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dispatch(ctx, 'ledger.reverse', { id: 'd3b07384-d113-4ec6-a3a6-6e6bf2a1b6a1', reason: '录错' })).toMatchObject({ ok: true, value: { state: 'claimed', madeBy: BUPT } });
  });
});

describe('sign-in failures after migration 9', () => {
  it('adds their table to a store of the schema before, keeping its clerks, and counts there from then on', () => {
    const old = openStore(file, { migrateTo: 8 });
    expect(tableNames(old)).not.toContain('sign_in_failures');
    old
      .prepare(
        `INSERT INTO clerks (login, name, role, password_hash, active, created_at, created_by, password_set_at)
         VALUES ('liming', '李明', 'clerk', 'scrypt$16384$8$1$c2FsdA==$a2V5', 1, ?, NULL, ?)`,
      )
      .run(NOW, NOW);
    const clerksBefore = old.prepare('SELECT * FROM clerks').all();
    old.close();

    const db = track(openStore(file));
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT * FROM clerks').all()).toEqual(clerksBefore);
    expect(db.prepare('SELECT * FROM sign_in_failures').all()).toEqual([]);
    for (let i = 0; i < 5; i++) recordSignInFailure(db, 'login', 'LiMing', NOW);
    expect(db.prepare('SELECT * FROM sign_in_failures').all()).toEqual([
      { scope: 'login', key: 'liming', failures: 5, first_failed_at: NOW, last_failed_at: NOW, locked_until: '2026-11-02T02:15:00.000Z' },
    ]);
    expect(() => db.prepare("INSERT INTO sign_in_failures VALUES ('reader', 'x', 1, ?, ?, NULL)").run(NOW, NOW)).toThrow(/CHECK/);
  });
});
