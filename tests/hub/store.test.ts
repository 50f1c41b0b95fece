// The hub's SQLite file: pragmas, forward-only migrations that refuse a newer file, and secrets kept
// only as hashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashDeskToken, hashPassword, newDeskToken } from '../../hub/auth';
import { HUB_MIGRATIONS, HUB_SCHEMA_VERSION } from '../../hub/store/migrations';
import { openSqliteHubStore } from '../../hub/store';

describe('hub store file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ill-hub-store-'));
    file = join(dir, 'hub.sqlite');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('compacts a version-1 feed when it migrates: each library keeps the latest change of each record', () => {
    const raw = new Database(file);
    raw.exec(HUB_MIGRATIONS[0]!.up as string);
    raw.pragma('user_version = 1');
    const change = raw.prepare("INSERT INTO changes (kind, entity_id, version, borrower_code, data_json, hub_time) VALUES ('request', ?, ?, '211130', '{}', '2026-11-01T00:00:00Z')");
    const audience = raw.prepare('INSERT INTO change_audience (library_code, seq) VALUES (?, ?)');
    // BY1: versions 1 (A), 2 (A, B), 3 (A only: B answered and left). BY2: one change (A).
    audience.run('211130', change.run('BY1', 1).lastInsertRowid);
    const v2 = change.run('BY1', 2).lastInsertRowid;
    audience.run('211130', v2);
    audience.run('211060', v2);
    audience.run('211130', change.run('BY1', 3).lastInsertRowid);
    audience.run('211130', change.run('BY2', 1).lastInsertRowid);
    raw.close();

    const store = openSqliteHubStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(HUB_SCHEMA_VERSION);
    const feed = store.db.prepare('SELECT a.library_code AS lib, c.entity_id AS id, c.version FROM change_audience a JOIN changes c USING (seq) ORDER BY lib, id').all();
    expect(feed).toEqual([
      { lib: '211060', id: 'BY1', version: 2 },
      { lib: '211130', id: 'BY1', version: 3 },
      { lib: '211130', id: 'BY2', version: 1 },
    ]);
    // Snapshots no feed holds any more are dropped: BY1 version 1.
    expect(store.db.prepare('SELECT entity_id AS id, version FROM changes ORDER BY seq').all()).toEqual([
      { id: 'BY1', version: 2 },
      { id: 'BY1', version: 3 },
      { id: 'BY2', version: 1 },
    ]);
    void store.close();
  });

  it('opens with WAL, synchronous=FULL and foreign keys, at the latest schema', async () => {
    const store = openSqliteHubStore(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(HUB_SCHEMA_VERSION);
    await store.close();
    // Opening again migrates nothing and keeps the data.
    const again = openSqliteHubStore(file);
    expect(again.db.pragma('user_version', { simple: true })).toBe(HUB_SCHEMA_VERSION);
    await again.close();
  });

  it('refuses a file written by a newer hub and leaves it unchanged', () => {
    const raw = new Database(file);
    raw.pragma(`user_version = ${HUB_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openSqliteHubStore(file)).toThrow(/newer hub/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(HUB_SCHEMA_VERSION + 1);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('keeps desk tokens and reader passwords only as hashes', async () => {
    const store = openSqliteHubStore(file);
    const now = '2026-11-02T02:00:00.000Z';
    await store.upsertLibrary({ code: '211130', name: '北京邮电大学', prefix: 'BY', active: true }, now);
    const token = newDeskToken();
    const desk = await store.addDesk({ libraryCode: '211130', name: 'desk', tokenHash: hashDeskToken(token), hubTime: now });
    expect(await store.deskByTokenHash(hashDeskToken(token))).toEqual(desk);
    expect(await store.deskByTokenHash(hashDeskToken(`${token}x`))).toBeUndefined();
    await store.registerReader(
      { libraryCode: '211130', login: 'hashcheck', name: '王茜', cardNumber: '1', email: 'a@b.cn', phone: '1' },
      await hashPassword('plain-secret'),
      now,
    );
    await store.close();
    const bytes = new Database(file);
    const dump = JSON.stringify([bytes.prepare('SELECT * FROM desks').all(), bytes.prepare('SELECT * FROM readers').all()]);
    // What pulls serve: the reader without any trace of the password.
    const served = JSON.stringify(bytes.prepare('SELECT data_json FROM changes').all());
    bytes.close();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('plain-secret');
    expect(served).toContain('hashcheck');
    expect(served).not.toMatch(/password|salt/i);
  });

  it('migrates a version-4 ledger (issue 12): entries stay in force, each gets its maker, settled ops are found by opId', async () => {
    const raw = new Database(file);
    for (const m of HUB_MIGRATIONS.filter((step) => step.version <= 4)) raw.exec(m.up as string);
    raw.pragma('user_version = 4');
    const t = '2026-11-02T02:00:00.000Z';
    const lib = raw.prepare("INSERT INTO libraries (code, name, prefix, updated_at) VALUES (?, ?, ?, ?)");
    lib.run('211130', '北京邮电大学', 'BY', t);
    lib.run('211060', '北京航空航天大学', 'BH', t);
    raw.prepare("INSERT INTO desks (desk_id, library_code, name, token_hash, created_at) VALUES ('211130-aaaa', '211130', 'desk', x'00', ?)").run(t);
    const entry = raw.prepare(
      `INSERT INTO ledger_entries (id, kind, amount_fen, payer_code, payee_code, operator, created_at, month, source, hub_time)
       VALUES (?, ?, ?, ?, ?, 'by01', ?, '2026-11', ?, ?)`,
    );
    entry.run('lost_charge:BY00000001', 'lost_charge', 8000, '211130', '211060', t, 'event', t);
    entry.run('courier_cost:BY00000001:out', 'courier_cost', 1200, 'consortium', '211060', t, 'event', t);
    // A's desk charged B by hand before consent existed: it stays in force (the center may reverse it).
    entry.run('0b6f3c1a-1d2e-4f50-8a9b-0c1d2e3f4a5b', 'refund', 5000, '211060', '211130', t, 'manual', t);
    raw.prepare(
      `INSERT INTO desk_ops (desk_id, desk_seq, op_id, type, entity_id, outcome, result_json, hub_time)
       VALUES ('211130-aaaa', 1, '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'ledger.add', '0b6f3c1a-1d2e-4f50-8a9b-0c1d2e3f4a5b', 'applied', '{}', ?)`,
    ).run(t);
    raw.close();

    const store = openSqliteHubStore(file);
    expect(store.db.pragma('user_version', { simple: true })).toBe(HUB_SCHEMA_VERSION);
    expect(store.db.prepare('SELECT id, state, made_by, version FROM ledger_entries ORDER BY id').all()).toEqual([
      { id: '0b6f3c1a-1d2e-4f50-8a9b-0c1d2e3f4a5b', state: 'in_force', made_by: '211130', version: 1 },
      { id: 'courier_cost:BY00000001:out', state: 'in_force', made_by: '211060', version: 1 },
      { id: 'lost_charge:BY00000001', state: 'in_force', made_by: '211060', version: 1 },
    ]);
    expect(store.db.prepare('SELECT desk_seq FROM desk_ops WHERE op_id = ?').pluck().all('7c9e6679-7425-40de-944b-e07fc1f90ae7')).toEqual([1]);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'login_attempts'").pluck().get()).toBe(1);
    // The center can still undo the old charge.
    const reversal = await store.reverseLedgerEntry('0b6f3c1a-1d2e-4f50-8a9b-0c1d2e3f4a5b', '旧规则下的单方记账', t);
    expect(reversal).toMatchObject({ amountFen: -5000, state: 'in_force', madeBy: 'consortium' });
    await store.close();
  });

  it('refuses a desk for a library the hub does not have', async () => {
    const store = openSqliteHubStore(file);
    await expect(store.addDesk({ libraryCode: '999999', name: 'x', tokenHash: hashDeskToken('t'), hubTime: '2026-11-02T02:00:00.000Z' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await store.close();
  });
});
