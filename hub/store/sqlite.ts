// The embedded SQLite store of the hub: one file, WAL (a `desk add` from another process works
// while the hub serves), synchronous=FULL (a settled op is on disk before the desk hears so),
// foreign keys, and the schema migrated forward at start-up. The interface is async (types.ts);
// underneath, better-sqlite3 runs each call as one synchronous transaction.
import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { SyncLedgerEntry } from '../../shared/ledger';
import { resolveRules, withinReaderLimit, readerMayCancel, type LibraryRules } from '../../shared/rules';
import { OPEN_STATUSES, applyOp, TransitionError, type RequestOpType, type Status } from '../../shared/status';
import { MAX_TIMELINE_FOR_NOTES, opSchema, type ChangeKind, type OpResult, type OpType, type SyncEvent, type SyncLibrary, type SyncReader } from '../../shared/sync';
import { formatRequestNumber } from '../../shared/validators';
import { sameHash, type PasswordHash } from '../auth';
import { HubError, firstIssue } from '../errors';
import { judgeRequestOp, toSyncRequest, viewForLibrary, type LibraryInfo, type PartyRole, type RequestChanges, type RequestRecord } from '../domain/requests';
import { OP_PAYLOAD_SCHEMAS, type OpPayload, type ReaderRegistration, type ReaderRequestInput } from '../domain/schemas';
import { HubLedger, type StatementRun } from './ledger';
import { HUB_MIGRATIONS, HUB_SCHEMA_VERSION, type HubMigration } from './migrations';
import type { DeskIdentity, HubStore, LoginAttempt, PullPage, PushOp, PushOutcome, ReaderIdentity, StoredChange } from './types';

type Db = Database.Database;

export function hubSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs the steps the file has not seen, each with its version bump; refuses a file from a newer hub. */
export function migrateHub(db: Db, migrations: readonly HubMigration[] = HUB_MIGRATIONS): void {
  const current = hubSchemaVersion(db);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new HubError(500, 'DB_TOO_NEW', `This hub store was written by a newer hub (schema ${current}; this hub knows up to ${latest}). It has not been changed.`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function openHubDatabase(file: string): Db {
  const db = new Database(file);
  try {
    if (hubSchemaVersion(db) > HUB_SCHEMA_VERSION) migrateHub(db); // throws before WAL touches the file
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrateHub(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

// ---- rows and mappers --------------------------------------------------------------------------

interface LibraryRow {
  code: string;
  name: string;
  short_name: string | null;
  prefix: string;
  active: number;
  rules_json: string;
  next_serial: number;
  version: number;
}

function parseRules(json: string): Partial<LibraryRules> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? (value as Partial<LibraryRules>) : {};
  } catch {
    return {};
  }
}

function rowToLibrary(row: LibraryRow): SyncLibrary {
  return {
    code: row.code,
    name: row.name,
    ...(row.short_name ? { shortName: row.short_name } : {}),
    prefix: row.prefix,
    active: row.active === 1,
    rules: parseRules(row.rules_json),
  };
}

interface ReaderRow {
  id: string;
  library_code: string;
  login: string;
  password_hash: Buffer;
  password_salt: Buffer;
  name: string;
  card_number: string;
  email: string;
  phone: string;
  id_type: string | null;
  gender: string | null;
  department: string | null;
  birth_date: string | null;
  title: string | null;
  education: string | null;
  postal_code: string | null;
  address: string | null;
  remark: string | null;
  status: SyncReader['status'];
  version: number;
  created_at: string;
}

/** A reader as their library's desks receive it: never the password hash or salt. */
function rowToReader(row: ReaderRow): SyncReader {
  return {
    id: row.id,
    libraryCode: row.library_code,
    login: row.login,
    name: row.name,
    cardNumber: row.card_number,
    email: row.email,
    phone: row.phone,
    idType: row.id_type,
    gender: row.gender,
    department: row.department,
    birthDate: row.birth_date,
    title: row.title,
    education: row.education,
    postalCode: row.postal_code,
    address: row.address,
    remark: row.remark,
    status: row.status,
    createdAt: row.created_at,
  };
}

interface RequestRow {
  id: string;
  service_type: RequestRecord['serviceType'];
  status: Status;
  borrower_code: string;
  lender_code: string | null;
  reader_id: string | null;
  title: string;
  author: string | null;
  publisher: string | null;
  pub_year: string | null;
  isbn: string | null;
  issn: string | null;
  language: string | null;
  material_type: string | null;
  lender_call_number: string | null;
  preferred_lender: string | null;
  pages: string | null;
  note_to_lender: string | null;
  item_barcode: string | null;
  hold_slot: string | null;
  courier: string | null;
  tracking_no: string | null;
  unfilled_reason: RequestRecord['unfilledReason'];
  lender_due_date: string | null;
  due_date: string | null;
  checked_in_at: string | null;
  recipient_name: string | null;
  email: string | null;
  phone: string | null;
  custom_no: string | null;
  remark: string | null;
  version: number;
  created_at: string;
  status_at: string;
  updated_at: string;
}

function rowToRequest(r: RequestRow): RequestRecord {
  return {
    id: r.id,
    serviceType: r.service_type,
    status: r.status,
    borrowerCode: r.borrower_code,
    lenderCode: r.lender_code,
    readerId: r.reader_id,
    title: r.title,
    author: r.author,
    publisher: r.publisher,
    pubYear: r.pub_year,
    isbn: r.isbn,
    issn: r.issn,
    language: r.language,
    materialType: r.material_type,
    lenderCallNumber: r.lender_call_number,
    preferredLender: r.preferred_lender,
    pages: r.pages,
    noteToLender: r.note_to_lender,
    itemBarcode: r.item_barcode,
    holdSlot: r.hold_slot,
    courier: r.courier,
    trackingNo: r.tracking_no,
    unfilledReason: r.unfilled_reason,
    lenderDueDate: r.lender_due_date,
    dueDate: r.due_date,
    checkedInAt: r.checked_in_at,
    recipientName: r.recipient_name,
    email: r.email,
    phone: r.phone,
    customNo: r.custom_no,
    remark: r.remark,
    version: r.version,
    createdAt: r.created_at,
    statusAt: r.status_at,
    updatedAt: r.updated_at,
  };
}

const CHANGE_COLUMNS: Record<keyof RequestChanges, string> = {
  lenderCode: 'lender_code',
  noteToLender: 'note_to_lender',
  unfilledReason: 'unfilled_reason',
  itemBarcode: 'item_barcode',
  courier: 'courier',
  trackingNo: 'tracking_no',
  lenderDueDate: 'lender_due_date',
  dueDate: 'due_date',
  holdSlot: 'hold_slot',
  checkedInAt: 'checked_in_at',
};

interface EventRow {
  type: string;
  from_status: Status | null;
  to_status: Status;
  clerk: string;
  desk_id: string;
  library_code: string;
  desk_time: string;
  hub_time: string;
  detail_json: string;
}

function rowToEvent(row: EventRow): SyncEvent {
  return {
    type: row.type,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    clerk: row.clerk,
    deskId: row.desk_id,
    libraryCode: row.library_code,
    deskTime: row.desk_time,
    hubTime: row.hub_time,
    detail: JSON.parse(row.detail_json) as Record<string, unknown>,
  };
}

/** Who wrote an event: a desk (with its clerk) or a reader at the portal (never named to a lender). */
interface Actor {
  deskId: string;
  libraryCode: string;
  clerk: string;
}

const READER_ACTOR_CLERK = 'reader';
const PORTAL_DESK_ID = 'reader-portal';

/** An op as desk_ops keeps it: its first result. */
interface SettledOpRow {
  op_id: string;
  entity_id: string;
  outcome: 'applied' | 'rejected';
  result_json: string;
}

/** A pull page stops growing past this many bytes of changes (the desk accepts answers up to 32 MB). */
export const PULL_PAGE_BYTES = 8 * 1024 * 1024;

// ---- the store -----------------------------------------------------------------------------------

export class SqliteHubStore implements HubStore {
  private readonly statements = new Map<string, Database.Statement>();
  /** The fee ledger and monthly statements (issue 6), on this store's transactions and feed. */
  readonly ledger: HubLedger;

  constructor(readonly db: Db) {
    this.ledger = new HubLedger({
      db,
      sql: (text) => this.sql(text),
      appendChange: (...args) => this.appendChange(...args),
      libraryInfo: (code) => this.libraryInfo(code),
      partyRole: (id, code) => this.partyRole(id, code),
    });
  }

  /** The consortium's subsidy per filled request, in fen (`hub config --subsidy-fen`). */
  async setSubsidyFen(fen: number, hubTime: string): Promise<void> {
    this.db.transaction(() => this.ledger.setSubsidyFen(fen, hubTime)).immediate();
  }

  /** The center approves a claimed ledger entry (`hub ledger approve`); works while the hub serves. */
  async approveLedgerEntry(id: string, hubTime: string): Promise<SyncLedgerEntry> {
    return this.ledger.approveByCenter(id, hubTime);
  }

  /** The center reverses a ledger entry (`hub ledger reverse`). */
  async reverseLedgerEntry(id: string, reason: string, hubTime: string): Promise<SyncLedgerEntry> {
    return this.ledger.reverseByCenter(id, reason, hubTime);
  }

  /** Each active library's statement for the month, stored and published (`hub statement`). */
  async computeStatements(month: string, hubTime: string, options: { force?: boolean } = {}): Promise<StatementRun[]> {
    return this.ledger.computeStatements(month, hubTime, options);
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // ---- libraries and desks

  async upsertLibrary(library: SyncLibrary, hubTime: string): Promise<void> {
    this.db
      .transaction(() => {
        this.sql(
          `INSERT INTO libraries (code, name, short_name, prefix, active, rules_json, updated_at)
           VALUES (@code, @name, @shortName, @prefix, @active, @rules, @hubTime)
           ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, prefix = excluded.prefix,
             active = excluded.active, rules_json = excluded.rules_json, updated_at = excluded.updated_at, version = version + 1`,
        ).run({
          code: library.code,
          name: library.name,
          shortName: library.shortName ?? null,
          prefix: library.prefix.toUpperCase(),
          active: library.active ? 1 : 0,
          rules: JSON.stringify(library.rules ?? {}),
          hubTime,
        });
        const row = this.libraryRow(library.code)!;
        this.appendChange('library', row.code, row.version, null, rowToLibrary(row), ['*'], hubTime);
      })
      .immediate();
  }

  /**
   * A library's supervisor changed its rules (its fee table among them): merged over what the
   * directory holds and sent to every desk, so the hub's ledger and every desk use the same rates.
   */
  private setOwnRules(desk: DeskIdentity, code: string, payload: Record<string, unknown>, hubTime: string, base: { opId: string; deskSeq: number }): OpResult {
    if (code !== desk.libraryCode) {
      return { ...base, outcome: 'rejected', code: 'FORBIDDEN', message: `entityId: a desk of ${desk.libraryCode} sets its own library's rules, not ${code}'s.`, field: 'entityId' };
    }
    const row = this.libraryRow(code);
    if (!row) return { ...base, outcome: 'rejected', code: 'NOT_FOUND', message: `entityId: no library ${code} in the directory.`, field: 'entityId' };
    const { clerk: _clerk, ...changes } = payload;
    const rules = { ...parseRules(row.rules_json), ...changes };
    this.sql('UPDATE libraries SET rules_json = ?, updated_at = ?, version = version + 1 WHERE code = ?').run(JSON.stringify(rules), hubTime, code);
    const updated = this.libraryRow(code)!;
    this.appendChange('library', updated.code, updated.version, null, rowToLibrary(updated), ['*'], hubTime);
    return { ...base, outcome: 'applied' };
  }

  async listLibraries(): Promise<SyncLibrary[]> {
    return (this.sql('SELECT * FROM libraries ORDER BY code').all() as LibraryRow[]).map(rowToLibrary);
  }

  private libraryRow(code: string): LibraryRow | undefined {
    return this.sql('SELECT * FROM libraries WHERE code = ?').get(code) as LibraryRow | undefined;
  }

  private libraryInfo = (code: string): LibraryInfo | undefined => {
    const row = this.libraryRow(code);
    return row && { code: row.code, active: row.active === 1, rules: resolveRules(parseRules(row.rules_json)) };
  };

  async addDesk(args: { libraryCode: string; name: string; tokenHash: Buffer; hubTime: string }): Promise<DeskIdentity> {
    if (!this.libraryRow(args.libraryCode)) {
      throw new HubError(400, 'INVALID_INPUT', `library: ${args.libraryCode} is not a member library of this hub.`, 'library');
    }
    const deskId = `${args.libraryCode}-${randomBytes(4).toString('hex')}`;
    this.sql('INSERT INTO desks (desk_id, library_code, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
      deskId,
      args.libraryCode,
      args.name,
      args.tokenHash,
      args.hubTime,
    );
    return { deskId, libraryCode: args.libraryCode, name: args.name };
  }

  async deskByTokenHash(tokenHash: Buffer): Promise<DeskIdentity | undefined> {
    const row = this.sql('SELECT desk_id, library_code, name, token_hash FROM desks WHERE token_hash = ?').get(tokenHash) as
      | { desk_id: string; library_code: string; name: string; token_hash: Buffer }
      | undefined;
    if (!row || !sameHash(row.token_hash, tokenHash)) return undefined;
    return { deskId: row.desk_id, libraryCode: row.library_code, name: row.name };
  }

  // ---- numbers

  /** Takes the library's next serial not yet naming a request; the counter only moves forward. */
  private takeSerialNumber(libraryCode: string): string {
    const library = this.libraryRow(libraryCode);
    if (!library) throw new HubError(500, 'INTERNAL', `Library ${libraryCode} is missing.`);
    let serial = library.next_serial;
    let number = formatRequestNumber(library.prefix, serial);
    while (this.sql('SELECT 1 FROM requests WHERE id = ? UNION ALL SELECT 1 FROM number_leases WHERE number = ?').get(number, number)) {
      serial += 1;
      number = formatRequestNumber(library.prefix, serial);
    }
    if (serial > 99_999_999) throw new HubError(409, 'NO_NUMBERS', `Library ${libraryCode} has used every request number of its prefix.`);
    this.sql('UPDATE libraries SET next_serial = ? WHERE code = ?').run(serial + 1, libraryCode);
    return number;
  }

  async leaseNumbers(desk: DeskIdentity, count: number, hubTime: string): Promise<string[]> {
    return this.db
      .transaction(() => {
        const numbers: string[] = [];
        for (let i = 0; i < count; i++) {
          const number = this.takeSerialNumber(desk.libraryCode);
          this.sql('INSERT INTO number_leases (number, library_code, desk_id, leased_at) VALUES (?, ?, ?, ?)').run(number, desk.libraryCode, desk.deskId, hubTime);
          numbers.push(number);
        }
        return numbers;
      })
      .immediate();
  }

  // ---- changes

  private appendChange(kind: ChangeKind, entityId: string, version: number, borrowerCode: string | null, data: unknown, audience: string[], hubTime: string): void {
    const seq = Number(
      this.sql('INSERT INTO changes (kind, entity_id, version, borrower_code, data_json, hub_time) VALUES (?, ?, ?, ?, ?, ?)').run(
        kind,
        entityId,
        version,
        borrowerCode,
        JSON.stringify(data),
        hubTime,
      ).lastInsertRowid,
    );
    for (const library of new Set(audience)) {
      this.sql('INSERT INTO change_audience (library_code, seq) VALUES (?, ?)').run(library, seq);
      // This change carries the whole record: the library's earlier changes of it leave its feed
      // (a desk that already pulled them lost nothing; one that had not gets this one instead).
      this.sql(
        `DELETE FROM change_audience WHERE library_code = ? AND seq IN (SELECT seq FROM changes WHERE kind = ? AND entity_id = ? AND seq < ?)`,
      ).run(library, kind, entityId, seq);
    }
    // Earlier snapshots no feed holds any more go (the timeline itself is kept in request_events).
    this.sql(
      `DELETE FROM changes WHERE kind = ? AND entity_id = ? AND seq < ? AND NOT EXISTS (SELECT 1 FROM change_audience a WHERE a.seq = changes.seq)`,
    ).run(kind, entityId, seq);
  }

  private latestSeq(): number {
    const row = this.sql("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  private requestEvents(id: string): SyncEvent[] {
    return (this.sql('SELECT * FROM request_events WHERE request_id = ? ORDER BY id').all(id) as EventRow[]).map(rowToEvent);
  }

  private requestRecord(id: string): RequestRecord | undefined {
    const row = this.sql('SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
    return row && rowToRequest(row);
  }

  /** The request's full snapshot (with the reader's fields; pulls strip them for non-borrowers). */
  private requestSnapshot(id: string, record: RequestRecord = this.requestRecord(id)!): ReturnType<typeof toSyncRequest> {
    return toSyncRequest(record, this.requestEvents(id));
  }

  private currentAudience(id: string): string[] {
    return (this.sql("SELECT library_code FROM request_parties WHERE request_id = ? AND role != 'former_lender'").all(id) as { library_code: string }[]).map(
      (r) => r.library_code,
    );
  }

  /** Appends the request's snapshot to the changes; `record`, when given, is its row as it stands now. */
  private recordRequestChange(id: string, hubTime: string, record?: RequestRecord): void {
    const snapshot = this.requestSnapshot(id, record);
    this.appendChange('request', id, snapshot.version ?? 0, snapshot.borrowerCode, snapshot, this.currentAudience(id), hubTime);
  }

  private appendEvent(id: string, type: string, from: Status | null, to: Status, actor: Actor, deskTime: string, hubTime: string, detail: Record<string, unknown>): void {
    this.sql(
      `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time, detail_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, type, from, to, actor.clerk, actor.deskId, actor.libraryCode, deskTime, hubTime, JSON.stringify(detail));
  }

  private partyRole(id: string, libraryCode: string): PartyRole | undefined {
    const row = this.sql('SELECT role FROM request_parties WHERE request_id = ? AND library_code = ?').get(id, libraryCode) as { role: PartyRole } | undefined;
    return row?.role;
  }

  private countOpenRequests(readerId: string): number {
    const placeholders = OPEN_STATUSES.map(() => '?').join(', ');
    const row = this.sql(`SELECT COUNT(*) AS n FROM requests WHERE reader_id = ? AND status IN (${placeholders})`).get(readerId, ...OPEN_STATUSES) as { n: number };
    return row.n;
  }

  private insertRequest(record: Omit<RequestRecord, 'version'>): void {
    this.sql(
      `INSERT INTO requests (id, service_type, status, borrower_code, lender_code, reader_id, title, author, publisher, pub_year, isbn, issn,
         language, material_type, lender_call_number, preferred_lender, pages, note_to_lender, item_barcode, hold_slot, courier,
         tracking_no, unfilled_reason, lender_due_date, due_date, checked_in_at, recipient_name, email, phone, custom_no, remark,
         created_at, status_at, updated_at)
       VALUES (@id, @serviceType, @status, @borrowerCode, @lenderCode, @readerId, @title, @author, @publisher, @pubYear, @isbn, @issn,
         @language, @materialType, @lenderCallNumber, @preferredLender, @pages, @noteToLender, @itemBarcode, @holdSlot, @courier,
         @trackingNo, @unfilledReason, @lenderDueDate, @dueDate, @checkedInAt, @recipientName, @email, @phone, @customNo, @remark,
         @createdAt, @statusAt, @updatedAt)`,
    ).run(record);
    this.sql("INSERT INTO request_parties (request_id, library_code, role) VALUES (?, ?, 'borrower')").run(record.id, record.borrowerCode);
  }

  private newRequest(
    id: string,
    borrowerCode: string,
    reader: ReaderRow,
    input: ReaderRequestInput | OpPayload<'request.create'>,
    createdAt: string,
    hubTime: string,
  ): Omit<RequestRecord, 'version'> {
    return {
      id,
      serviceType: input.serviceType,
      status: 'SUBMITTED',
      borrowerCode,
      lenderCode: null,
      readerId: reader.id,
      title: input.title,
      author: input.author ?? null,
      publisher: input.publisher ?? null,
      pubYear: input.pubYear ?? null,
      isbn: input.isbn ?? null,
      issn: input.issn ?? null,
      language: input.language ?? null,
      materialType: input.materialType ?? null,
      lenderCallNumber: input.lenderCallNumber ?? null,
      preferredLender: input.preferredLender ?? null,
      pages: input.pages ?? null,
      noteToLender: 'noteToLender' in input ? (input.noteToLender ?? null) : null,
      itemBarcode: null,
      holdSlot: null,
      courier: null,
      trackingNo: null,
      unfilledReason: null,
      lenderDueDate: null,
      dueDate: null,
      checkedInAt: null,
      recipientName: input.recipientName ?? reader.name,
      email: input.email ?? reader.email,
      phone: input.phone ?? reader.phone,
      customNo: input.customNo ?? null,
      remark: input.remark ?? null,
      createdAt,
      statusAt: hubTime,
      updatedAt: hubTime,
    };
  }

  private readerRow(id: string): ReaderRow | undefined {
    return this.sql('SELECT * FROM readers WHERE id = ?').get(id) as ReaderRow | undefined;
  }

  // ---- push

  async push(desk: DeskIdentity, ops: PushOp[], hubTime: string): Promise<PushOutcome> {
    return this.db
      .transaction((): PushOutcome => {
        const deskRow = this.sql('SELECT last_desk_seq FROM desks WHERE desk_id = ?').get(desk.deskId) as { last_desk_seq: number };
        let last = deskRow.last_desk_seq;
        const results: OpResult[] = [];
        for (const op of ops) {
          if (op.deskSeq <= last) {
            const prior = this.sql('SELECT op_id, entity_id, outcome, result_json FROM desk_ops WHERE desk_id = ? AND desk_seq = ?').get(desk.deskId, op.deskSeq) as
              | SettledOpRow
              | undefined;
            if (!prior || prior.op_id !== op.opId) return { kind: 'conflict', results, ackedDeskSeq: last, deskSeq: op.deskSeq };
            results.push(this.duplicateOf(desk, op, prior));
            continue;
          }
          if (op.deskSeq > last + 1) return { kind: 'gap', results, ackedDeskSeq: last, expected: last + 1, got: op.deskSeq };
          // An opId is settled once, ever (DESIGN §7): the same op under the next deskSeq is a
          // duplicate, and that deskSeq counts as settled so the desk's next op is taken.
          const earlier = this.sql(
            'SELECT desk_id, op_id, entity_id, outcome, result_json FROM desk_ops WHERE op_id = ? ORDER BY hub_time, desk_seq LIMIT 1',
          ).get(op.opId) as (SettledOpRow & { desk_id: string }) | undefined;
          let result: OpResult;
          let settled: { outcome: 'applied' | 'rejected'; json: string };
          if (earlier && earlier.desk_id === desk.deskId) {
            result = this.duplicateOf(desk, op, earlier);
            settled = { outcome: earlier.outcome, json: earlier.result_json };
          } else {
            result = earlier
              ? { opId: op.opId, deskSeq: op.deskSeq, outcome: 'rejected', code: 'ALREADY_EXISTS', message: `opId: ${op.opId} was settled already, by another desk.`, field: 'opId' }
              : this.settleOp(desk, op, hubTime);
            // The first result is kept without the entity: a duplicate repeats the verdict, not a stale copy.
            const { entity: _entity, ...stored } = result;
            settled = { outcome: result.outcome === 'rejected' ? 'rejected' : 'applied', json: JSON.stringify(stored) };
          }
          this.sql('INSERT INTO desk_ops (desk_id, desk_seq, op_id, type, entity_id, outcome, result_json, hub_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
            desk.deskId,
            op.deskSeq,
            op.opId,
            rawText(op.raw, 'type', 40),
            rawText(op.raw, 'entityId', 64),
            settled.outcome,
            settled.json,
            hubTime,
          );
          last = op.deskSeq;
          this.sql('UPDATE desks SET last_desk_seq = ? WHERE desk_id = ?').run(last, desk.deskId);
          results.push(result);
        }
        return { kind: 'settled', results, ackedDeskSeq: last };
      })
      .immediate();
  }

  /** The answer to an op settled before: its first outcome, code, message and field, and nothing changed. */
  private duplicateOf(desk: DeskIdentity, op: PushOp, prior: SettledOpRow): OpResult {
    const first = JSON.parse(prior.result_json) as OpResult;
    return {
      opId: op.opId,
      deskSeq: op.deskSeq,
      outcome: 'duplicate',
      firstOutcome: prior.outcome,
      ...(first.code !== undefined ? { code: first.code } : {}),
      ...(first.message !== undefined ? { message: first.message } : {}),
      ...(first.field !== undefined ? { field: first.field } : {}),
      ...(first.noop ? { noop: true } : {}),
      // A repeated rejection (its first answer was lost) brings the hub's copy as it is now,
      // so the desk can still put its record right.
      ...(prior.outcome === 'rejected' ? this.currentEntity(desk, prior.entity_id) : {}),
    };
  }

  /** Judges one op and writes its effects; the caller records the result in the same transaction. */
  private settleOp(desk: DeskIdentity, op: PushOp, hubTime: string): OpResult {
    const base = { opId: op.opId, deskSeq: op.deskSeq };
    const rejected = (code: string, message: string, field?: string, entity?: unknown): OpResult => ({
      ...base,
      outcome: 'rejected',
      code,
      message,
      ...(field !== undefined ? { field } : {}),
      ...(entity !== undefined ? { entity } : {}),
    });
    const shape = opSchema.safeParse(op.raw);
    if (!shape.success) {
      const { field, message } = firstIssue(shape.error);
      return rejected('INVALID_INPUT', message, field);
    }
    const parsed = shape.data;
    const payloadCheck = OP_PAYLOAD_SCHEMAS[parsed.type].safeParse(parsed.payload);
    if (!payloadCheck.success) {
      const { field, message } = firstIssue(payloadCheck.error, 'payload');
      return rejected('INVALID_INPUT', message, field);
    }
    const payload = payloadCheck.data as Record<string, unknown>;
    const actor: Actor = {
      deskId: desk.deskId,
      libraryCode: desk.libraryCode,
      clerk: typeof payload.clerk === 'string' ? payload.clerk : desk.name.slice(0, 60),
    };
    const type: OpType = parsed.type;
    if (type === 'request.create') return this.createFromDesk(desk, parsed.entityId, payload as OpPayload<'request.create'>, actor, parsed.clientTime, hubTime, base);
    if (type === 'reader.approve' || type === 'reader.reject') return this.decideReader(desk, parsed.entityId, type, payload, hubTime, base);
    if (type === 'statement.confirm' || type === 'statement.dispute') return this.ledger.statementOp(desk, type, parsed.entityId, payload, hubTime, base);
    if (type === 'ledger.add' || type === 'ledger.reverse') return this.ledger.ledgerOp(desk, type, parsed.entityId, payload, actor.clerk, parsed.clientTime, hubTime, base);
    if (type === 'ledger.accept' || type === 'ledger.dispute') return this.ledger.consentOp(desk, type, parsed.entityId, payload, actor.clerk, hubTime, base);
    if (type === 'library.rules') return this.setOwnRules(desk, parsed.entityId, payload, hubTime, base);
    return this.requestOp(desk, parsed.entityId, type, payload, actor, parsed.clientTime, hubTime, base);
  }

  private createFromDesk(
    desk: DeskIdentity,
    id: string,
    payload: OpPayload<'request.create'>,
    actor: Actor,
    clientTime: string,
    hubTime: string,
    base: { opId: string; deskSeq: number },
  ): OpResult {
    const rejected = (code: string, message: string, field?: string): OpResult => ({ ...base, outcome: 'rejected', code, message, ...(field ? { field } : {}) });
    const lease = this.sql('SELECT desk_id FROM number_leases WHERE number = ?').get(id) as { desk_id: string } | undefined;
    if (!lease || lease.desk_id !== desk.deskId) return rejected('FORBIDDEN', `entityId: ${id} is not a request number leased to this desk.`, 'entityId');
    if (this.requestRecord(id)) return rejected('ALREADY_EXISTS', `entityId: request ${id} already exists; a number is used once.`, 'entityId');
    const reader = this.readerRow(payload.readerId);
    if (!reader || reader.library_code !== desk.libraryCode) {
      return rejected('INVALID_INPUT', `payload.readerId: no reader ${payload.readerId} of this library.`, 'payload.readerId');
    }
    if (reader.status !== 'APPROVED') {
      return rejected('FORBIDDEN', `payload.readerId: reader ${reader.login} is ${reader.status}; only approved readers may request.`, 'payload.readerId');
    }
    if (payload.preferredLender && (!this.libraryRow(payload.preferredLender) || payload.preferredLender === desk.libraryCode)) {
      return rejected('INVALID_INPUT', `payload.preferredLender: ${payload.preferredLender} is not another member library.`, 'payload.preferredLender');
    }
    const rules = this.libraryInfo(desk.libraryCode)!.rules;
    const open = this.countOpenRequests(reader.id);
    if (!withinReaderLimit(open, rules)) {
      return rejected(
        'LIMIT_EXCEEDED',
        `payload.readerId: reader ${reader.login} already has ${open} open requests; the limit is ${rules.maxOpenRequestsPerReader}.`,
        'payload.readerId',
      );
    }
    this.insertRequest(this.newRequest(id, desk.libraryCode, reader, payload, clientTime, hubTime));
    this.sql('UPDATE number_leases SET used_at = ? WHERE number = ?').run(hubTime, id);
    this.appendEvent(id, 'request.create', null, 'SUBMITTED', actor, clientTime, hubTime, { origin: 'desk' });
    this.recordRequestChange(id, hubTime);
    return { ...base, outcome: 'applied' };
  }

  private requestOp(
    desk: DeskIdentity,
    id: string,
    type: RequestOpType,
    payload: Record<string, unknown>,
    actor: Actor,
    clientTime: string,
    hubTime: string,
    base: { opId: string; deskSeq: number },
  ): OpResult {
    const request = this.requestRecord(id);
    const role = request && this.partyRole(id, desk.libraryCode);
    if (!request || !role) {
      // The same answer for a number nobody has and for one we are no party to: nothing to probe.
      return { ...base, outcome: 'rejected', code: 'NOT_FOUND', message: `entityId: no request ${id} is known to this library.`, field: 'entityId' };
    }
    // A former lender sees only what it saw; the hub's current copy would name the next lender.
    const entity = (): unknown =>
      role === 'former_lender' ? undefined : viewForLibrary(this.requestSnapshot(id), request.borrowerCode, desk.libraryCode);
    const verdict =
      type === 'request.note' && this.eventCount(id) >= MAX_TIMELINE_FOR_NOTES
        ? ({ kind: 'reject', code: 'LIMIT_EXCEEDED', message: `payload.text: request ${id} already has ${MAX_TIMELINE_FOR_NOTES} or more timeline entries; no more notes.`, field: 'payload.text' } as const)
        : judgeRequestOp({ type, payload: payload as OpPayload<RequestOpType>, request, role, library: this.libraryInfo, clientTime });
    if (verdict.kind === 'reject') {
      const current = entity();
      return {
        ...base,
        outcome: 'rejected',
        code: verdict.code,
        message: verdict.message,
        ...(verdict.field ? { field: verdict.field } : {}),
        ...(current !== undefined ? { entity: current } : {}),
      };
    }
    if (verdict.kind === 'noop') return { ...base, outcome: 'applied', noop: true, entity: entity() };

    const { to, changes } = verdict;
    const keys = (Object.keys(changes) as (keyof RequestChanges)[]).filter((k) => changes[k] !== undefined);
    const sets = keys.map((k) => `, ${CHANGE_COLUMNS[k]} = @${k}`).join('');
    const moves = to !== request.status;
    // RETURNING gives the record as it now stands, for the change's snapshot, without reading it again.
    const updated = this.sql(
      `UPDATE requests SET status = @to, updated_at = @hubTime, version = version + 1 ${moves ? ', status_at = @hubTime' : ''}${sets} WHERE id = @id RETURNING *`,
    ).get({ ...changes, to, hubTime, id }) as RequestRow;
    if (type === 'request.forward' && changes.lenderCode) this.setLender(id, request.lenderCode, changes.lenderCode);
    this.appendEvent(id, type, request.status, to, actor, clientTime, hubTime, verdict.detail);
    const record = rowToRequest(updated);
    this.recordRequestChange(id, hubTime, record);
    // The fee ledger's entries of this step (a fine, a lost-book charge, a parcel, the subsidy).
    this.ledger.afterRequestOp(type, record, payload, clientTime, actor.clerk, hubTime);
    return { ...base, outcome: 'applied' };
  }

  private eventCount(id: string): number {
    return (this.sql('SELECT count(*) AS n FROM request_events WHERE request_id = ?').get(id) as { n: number }).n;
  }

  /** The hub's copy of a record the desk is a party to (nothing for a former lender or a stranger). */
  private currentEntity(desk: DeskIdentity, entityId: string): { entity?: unknown } {
    const request = this.requestRecord(entityId);
    if (request) {
      const role = this.partyRole(entityId, desk.libraryCode);
      return role && role !== 'former_lender' ? { entity: viewForLibrary(this.requestSnapshot(entityId), request.borrowerCode, desk.libraryCode) } : {};
    }
    const reader = this.readerRow(entityId);
    return reader && reader.library_code === desk.libraryCode ? { entity: rowToReader(reader) } : {};
  }

  /** A forward makes the new library the lender; a previous lender keeps read-only sight of what it saw. */
  private setLender(id: string, previous: string | null, next: string): void {
    if (previous && previous !== next) {
      this.sql("UPDATE request_parties SET role = 'former_lender' WHERE request_id = ? AND library_code = ?").run(id, previous);
    }
    this.sql(
      `INSERT INTO request_parties (request_id, library_code, role) VALUES (?, ?, 'lender')
       ON CONFLICT (request_id, library_code) DO UPDATE SET role = 'lender'`,
    ).run(id, next);
  }

  private decideReader(
    desk: DeskIdentity,
    id: string,
    type: 'reader.approve' | 'reader.reject',
    payload: Record<string, unknown>,
    hubTime: string,
    base: { opId: string; deskSeq: number },
  ): OpResult {
    const reader = this.readerRow(id);
    if (!reader || reader.library_code !== desk.libraryCode) {
      return { ...base, outcome: 'rejected', code: 'NOT_FOUND', message: `entityId: no reader ${id} is known to this library.`, field: 'entityId' };
    }
    const target = type === 'reader.approve' ? 'APPROVED' : 'REJECTED';
    if (reader.status === target) return { ...base, outcome: 'applied', noop: true, entity: rowToReader(reader) };
    if (reader.status !== 'PENDING') {
      return {
        ...base,
        outcome: 'rejected',
        code: 'INVALID_TRANSITION',
        message: `Reader ${reader.login} is ${reader.status}; only a PENDING registration can be decided (${type}).`,
        entity: rowToReader(reader),
      };
    }
    const reason = typeof payload.reason === 'string' ? payload.reason : null;
    this.sql('UPDATE readers SET status = ?, reject_reason = ?, updated_at = ?, version = version + 1 WHERE id = ?').run(target, reason, hubTime, id);
    this.recordReaderChange(id, hubTime);
    return { ...base, outcome: 'applied' };
  }

  private recordReaderChange(id: string, hubTime: string): void {
    const row = this.readerRow(id)!;
    this.appendChange('reader', id, row.version, null, rowToReader(row), [row.library_code], hubTime);
  }

  // ---- pull

  async pull(desk: DeskIdentity, afterSeq: number, limit: number): Promise<PullPage | undefined> {
    return this.db.transaction((): PullPage | undefined => {
      const latest = this.latestSeq();
      if (afterSeq > latest) return undefined;
      const rows = this.sql(
        // Two ordered range scans (ours, and the directory's '*'), merged: no sort of the whole backlog.
        // The page's numbers are chosen first and the changes read for them after, so only
        // numbers are ever sorted, never the snapshots.
        `SELECT c.seq, c.kind, c.entity_id, c.version, c.borrower_code, c.data_json
         FROM (
           SELECT seq FROM (SELECT seq FROM change_audience WHERE library_code = @library AND seq > @after ORDER BY seq LIMIT @n)
           UNION ALL
           SELECT seq FROM (SELECT seq FROM change_audience WHERE library_code = '*' AND seq > @after ORDER BY seq LIMIT @n)
           ORDER BY seq LIMIT @n
         ) s CROSS JOIN changes c ON c.seq = s.seq
         ORDER BY s.seq`,
      ).all({ library: desk.libraryCode, after: afterSeq, n: limit + 1 }) as { seq: number; kind: ChangeKind; entity_id: string; version: number; borrower_code: string | null; data_json: string }[];
      // The stored snapshot is sent as it is; only a copy that must lose the reader's fields (the
      // lender's) is parsed and written again. A page also ends once its changes pass
      // PULL_PAGE_BYTES (always with at least one): a request with a long timeline makes big
      // changes, and a desk refuses an answer over 32 MB.
      const changes: StoredChange[] = [];
      let bytes = 0;
      for (const row of rows.slice(0, limit)) {
        if (changes.length > 0 && bytes >= PULL_PAGE_BYTES) break;
        const dataJson =
          row.kind === 'request' && row.borrower_code !== desk.libraryCode
            ? JSON.stringify(viewForLibrary(JSON.parse(row.data_json) as Record<string, unknown>, row.borrower_code, desk.libraryCode))
            : row.data_json;
        bytes += Buffer.byteLength(dataJson);
        changes.push({ seq: row.seq, kind: row.kind, id: row.entity_id, version: row.version, dataJson });
      }
      const more = rows.length > changes.length;
      // With nothing more for us, the cursor moves to the hub's latest: the rest was not ours to see.
      const lastSeq = more ? changes[changes.length - 1]!.seq : latest;
      const acked = this.sql('SELECT last_desk_seq FROM desks WHERE desk_id = ?').get(desk.deskId) as { last_desk_seq: number };
      return { changes, lastSeq, more, ackedDeskSeq: acked.last_desk_seq };
    })();
  }

  // ---- failed passwords (DESIGN §7: 5 for one login, then 15 minutes refused)

  async countLoginAttempt(keys: readonly string[], hubTime: string, windowMs: number): Promise<LoginAttempt[]> {
    const windowStart = new Date(Date.parse(hubTime) - windowMs).toISOString();
    return this.db
      .transaction((): LoginAttempt[] => {
        // Rows whose window and lock are both over say nothing any more; the table stays small.
        this.sql('DELETE FROM login_attempts WHERE window_started_at < ? AND (locked_until IS NULL OR locked_until <= ?)').run(windowStart, hubTime);
        return keys.map((key): LoginAttempt => {
          const row = this.sql('SELECT failures, window_started_at, locked_until FROM login_attempts WHERE key = ?').get(key) as
            | { failures: number; window_started_at: string; locked_until: string | null }
            | undefined;
          if (row?.locked_until && row.locked_until > hubTime) return { key, failures: row.failures, lockedUntil: row.locked_until };
          const fresh = !row || row.window_started_at < windowStart || row.locked_until !== null;
          const failures = fresh ? 1 : row.failures + 1;
          this.sql(
            `INSERT INTO login_attempts (key, failures, window_started_at, locked_until) VALUES (?, ?, ?, NULL)
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at, locked_until = NULL`,
          ).run(key, failures, fresh ? hubTime : row.window_started_at);
          return { key, failures, lockedUntil: null };
        });
      })
      .immediate();
  }

  async lockLogin(key: string, until: string): Promise<void> {
    this.sql('UPDATE login_attempts SET failures = 0, locked_until = ? WHERE key = ?').run(until, key);
  }

  async loginSucceeded(loginKey: string, addressKey: string): Promise<void> {
    this.db
      .transaction(() => {
        this.sql('DELETE FROM login_attempts WHERE key = ? AND locked_until IS NULL').run(loginKey);
        this.sql('UPDATE login_attempts SET failures = max(failures - 1, 0) WHERE key = ? AND locked_until IS NULL').run(addressKey);
      })
      .immediate();
  }

  // ---- readers

  async registerReader(input: Omit<ReaderRegistration, 'password'>, password: PasswordHash, hubTime: string): Promise<ReaderIdentity> {
    return this.db
      .transaction((): ReaderIdentity => {
        if (!this.libraryRow(input.libraryCode)) throw new HubError(400, 'INVALID_INPUT', `libraryCode: ${input.libraryCode} is not a member library.`, 'libraryCode');
        if (this.sql('SELECT 1 FROM readers WHERE login = ?').get(input.login)) {
          throw new HubError(409, 'ALREADY_EXISTS', `login: ${input.login} is taken; choose another login.`, 'login');
        }
        const id = randomUUID();
        this.sql(
          `INSERT INTO readers (id, library_code, login, password_hash, password_salt, name, card_number, email, phone, id_type, gender,
             department, birth_date, title, education, postal_code, address, remark, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)`,
        ).run(
          id,
          input.libraryCode,
          input.login,
          password.hash,
          password.salt,
          input.name,
          input.cardNumber,
          input.email,
          input.phone,
          input.idType ?? null,
          input.gender ?? null,
          input.department ?? null,
          input.birthDate ?? null,
          input.title ?? null,
          input.education ?? null,
          input.postalCode ?? null,
          input.address ?? null,
          input.remark ?? null,
          hubTime,
          hubTime,
        );
        this.recordReaderChange(id, hubTime);
        return { id, libraryCode: input.libraryCode, login: input.login, status: 'PENDING' };
      })
      .immediate();
  }

  /** For demo loading: a reader registered and approved in one go. */
  async registerApprovedReader(input: Omit<ReaderRegistration, 'password'>, password: PasswordHash, hubTime: string): Promise<ReaderIdentity> {
    const reader = await this.registerReader(input, password, hubTime);
    this.db
      .transaction(() => {
        this.sql("UPDATE readers SET status = 'APPROVED', version = version + 1, updated_at = ? WHERE id = ?").run(hubTime, reader.id);
        this.recordReaderChange(reader.id, hubTime);
      })
      .immediate();
    return { ...reader, status: 'APPROVED' };
  }

  async readerCredentials(login: string): Promise<{ reader: ReaderIdentity; password: PasswordHash } | undefined> {
    const row = this.sql('SELECT * FROM readers WHERE login = ?').get(login) as ReaderRow | undefined;
    if (!row) return undefined;
    return {
      reader: { id: row.id, libraryCode: row.library_code, login: row.login, status: row.status },
      password: { hash: row.password_hash, salt: row.password_salt },
    };
  }

  async submitReaderRequest(reader: ReaderIdentity, input: ReaderRequestInput, hubTime: string): Promise<{ id: string; status: 'SUBMITTED' }> {
    return this.db
      .transaction(() => {
        const row = this.readerRow(reader.id);
        if (!row || row.status !== 'APPROVED') throw new HubError(403, 'READER_NOT_APPROVED', 'Your registration has not been approved by your library yet.');
        if (input.preferredLender && (!this.libraryRow(input.preferredLender) || input.preferredLender === row.library_code)) {
          throw new HubError(400, 'INVALID_INPUT', `preferredLender: ${input.preferredLender} is not another member library.`, 'preferredLender');
        }
        const rules = this.libraryInfo(row.library_code)!.rules;
        const open = this.countOpenRequests(row.id);
        if (!withinReaderLimit(open, rules)) {
          throw new HubError(409, 'LIMIT_EXCEEDED', `You already have ${open} open requests; the limit is ${rules.maxOpenRequestsPerReader}.`);
        }
        const id = this.takeSerialNumber(row.library_code);
        this.insertRequest(this.newRequest(id, row.library_code, row, input, hubTime, hubTime));
        const actor: Actor = { deskId: PORTAL_DESK_ID, libraryCode: row.library_code, clerk: READER_ACTOR_CLERK };
        this.appendEvent(id, 'request.create', null, 'SUBMITTED', actor, hubTime, hubTime, { origin: 'reader' });
        this.recordRequestChange(id, hubTime);
        return { id, status: 'SUBMITTED' as const };
      })
      .immediate();
  }

  async cancelReaderRequest(reader: ReaderIdentity, id: string, hubTime: string): Promise<{ id: string; status: 'CANCELLED' }> {
    return this.db
      .transaction(() => {
        const request = this.requestRecord(id);
        if (!request || request.readerId !== reader.id) throw new HubError(404, 'NOT_FOUND', `No request ${id} of yours is known.`);
        const row = this.readerRow(reader.id);
        if (!row || row.status !== 'APPROVED') throw new HubError(403, 'READER_NOT_APPROVED', 'Your registration is not approved.');
        if (request.status === 'CANCELLED') return { id, status: 'CANCELLED' as const };
        const rules = this.libraryInfo(request.borrowerCode)!.rules;
        if (!readerMayCancel(request.createdAt, hubTime, rules)) {
          throw new HubError(
            409,
            'CANCEL_WINDOW_PASSED',
            `A request may be cancelled by its reader within ${rules.readerCancelWindowMinutes} minutes of submitting it; ask your library's desk.`,
          );
        }
        try {
          applyOp('request.cancel', request.status, 'reader', request.serviceType);
        } catch (error) {
          if (error instanceof TransitionError) throw new HubError(409, error.code, `${id}: ${error.message}`);
          throw error;
        }
        this.sql("UPDATE requests SET status = 'CANCELLED', status_at = ?, updated_at = ?, version = version + 1 WHERE id = ?").run(hubTime, hubTime, id);
        const actor: Actor = { deskId: PORTAL_DESK_ID, libraryCode: request.borrowerCode, clerk: READER_ACTOR_CLERK };
        this.appendEvent(id, 'request.cancel', request.status, 'CANCELLED', actor, hubTime, hubTime, { reason: 'cancelled by the reader' });
        this.recordRequestChange(id, hubTime);
        return { id, status: 'CANCELLED' as const };
      })
      .immediate();
  }
}

/** A text field of an op not yet known to be well formed, for the audit columns of desk_ops. */
function rawText(raw: unknown, key: string, max: number): string {
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '?';
}

export function openSqliteHubStore(file: string): SqliteHubStore {
  return new SqliteHubStore(openHubDatabase(file));
}
