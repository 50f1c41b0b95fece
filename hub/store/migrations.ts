// The hub store's schema, as numbered forward-only steps (PRAGMA user_version). Append only;
// never edit a landed step.
import type { Database } from 'better-sqlite3';

export interface HubMigration {
  version: number;
  name: string;
  up: string | ((db: Database) => void);
}

const v1 = `
CREATE TABLE libraries (
  code         TEXT PRIMARY KEY CHECK (length(code) = 6),
  name         TEXT NOT NULL,
  short_name   TEXT,
  prefix       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  active       INTEGER NOT NULL DEFAULT 1,
  rules_json   TEXT NOT NULL DEFAULT '{}',
  -- The next request-number serial of this library: leases and reader requests both take from it.
  next_serial  INTEGER NOT NULL DEFAULT 1,
  version      INTEGER NOT NULL DEFAULT 1,
  updated_at   TEXT NOT NULL
);

CREATE TABLE desks (
  desk_id        TEXT PRIMARY KEY,
  library_code   TEXT NOT NULL REFERENCES libraries(code),
  name           TEXT NOT NULL,
  token_hash     BLOB NOT NULL UNIQUE,
  -- The last deskSeq settled for this desk (DESIGN §5): moves in the same transaction as the op.
  last_desk_seq  INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL
);

CREATE TABLE readers (
  id             TEXT PRIMARY KEY,
  library_code   TEXT NOT NULL REFERENCES libraries(code),
  login          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash  BLOB NOT NULL,
  password_salt  BLOB NOT NULL,
  name           TEXT NOT NULL,
  card_number    TEXT NOT NULL,
  email          TEXT NOT NULL,
  phone          TEXT NOT NULL,
  id_type        TEXT,
  gender         TEXT,
  department     TEXT,
  birth_date     TEXT,
  title          TEXT,
  education      TEXT,
  postal_code    TEXT,
  address        TEXT,
  remark         TEXT,
  status         TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  reject_reason  TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX readers_by_library ON readers(library_code);

CREATE TABLE requests (
  id                  TEXT PRIMARY KEY,
  service_type        TEXT NOT NULL CHECK (service_type IN ('loan', 'copy')),
  status              TEXT NOT NULL,
  borrower_code       TEXT NOT NULL REFERENCES libraries(code),
  lender_code         TEXT REFERENCES libraries(code),
  reader_id           TEXT REFERENCES readers(id),
  title               TEXT NOT NULL,
  author              TEXT,
  publisher           TEXT,
  pub_year            TEXT,
  isbn                TEXT,
  issn                TEXT,
  language            TEXT,
  material_type       TEXT,
  lender_call_number  TEXT,
  preferred_lender    TEXT,
  pages               TEXT,
  note_to_lender      TEXT,
  item_barcode        TEXT,
  hold_slot           TEXT,
  courier             TEXT,
  tracking_no         TEXT,
  unfilled_reason     TEXT,
  lender_due_date     TEXT,
  due_date            TEXT,
  checked_in_at       TEXT,
  recipient_name      TEXT,
  email               TEXT,
  phone               TEXT,
  custom_no           TEXT,
  remark              TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  status_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX requests_by_reader ON requests(reader_id, status);

-- Who may see a request: its borrower, its lender, and lenders that answered UNFILLED before it
-- went elsewhere (read-only, and only the changes made while they were its lender).
CREATE TABLE request_parties (
  request_id    TEXT NOT NULL REFERENCES requests(id),
  library_code  TEXT NOT NULL REFERENCES libraries(code),
  role          TEXT NOT NULL CHECK (role IN ('borrower', 'lender', 'former_lender')),
  PRIMARY KEY (request_id, library_code)
) WITHOUT ROWID;

CREATE TABLE request_events (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id    TEXT NOT NULL REFERENCES requests(id),
  type          TEXT NOT NULL,
  from_status   TEXT,
  to_status     TEXT NOT NULL,
  clerk         TEXT NOT NULL,
  desk_id       TEXT NOT NULL,
  library_code  TEXT NOT NULL,
  desk_time     TEXT NOT NULL,
  hub_time      TEXT NOT NULL,
  detail_json   TEXT NOT NULL
);
CREATE INDEX request_events_by_request ON request_events(request_id, id);

-- The hub's sequence. Each row is a snapshot of one record as it was after one change; the
-- audience table says which libraries' desks receive it ('*' = every desk: the directory).
CREATE TABLE changes (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  version        INTEGER NOT NULL,
  borrower_code  TEXT,
  data_json      TEXT NOT NULL,
  hub_time       TEXT NOT NULL
);
CREATE TABLE change_audience (
  library_code  TEXT NOT NULL,
  seq           INTEGER NOT NULL REFERENCES changes(seq),
  PRIMARY KEY (library_code, seq)
) WITHOUT ROWID;

-- Each settled op with its first result, written in the same transaction as the op's effects.
CREATE TABLE desk_ops (
  desk_id      TEXT NOT NULL REFERENCES desks(desk_id),
  desk_seq     INTEGER NOT NULL,
  op_id        TEXT NOT NULL,
  type         TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  result_json  TEXT NOT NULL,
  hub_time     TEXT NOT NULL,
  PRIMARY KEY (desk_id, desk_seq)
) WITHOUT ROWID;

CREATE TABLE number_leases (
  number        TEXT PRIMARY KEY,
  library_code  TEXT NOT NULL REFERENCES libraries(code),
  desk_id       TEXT NOT NULL REFERENCES desks(desk_id),
  leased_at     TEXT NOT NULL,
  used_at       TEXT
);
`;

// The feed keeps, for each library, only the latest change of each record: every change carries the
// whole record (its timeline included), so an earlier one adds nothing a desk that has not pulled it
// yet would need. The change rows themselves stay, for the audit trail.
const v2 = `
CREATE INDEX changes_by_entity ON changes(kind, entity_id, seq);
DELETE FROM change_audience
 WHERE EXISTS (
   SELECT 1
     FROM changes c
     JOIN changes later ON later.kind = c.kind AND later.entity_id = c.entity_id AND later.seq > c.seq
     JOIN change_audience seen ON seen.seq = later.seq AND seen.library_code = change_audience.library_code
    WHERE c.seq = change_audience.seq);
`;

// A snapshot no library's feed holds any more is dropped: each carries the record's whole timeline,
// so keeping every one made a chatty request cost the square of its length. The audit trail is
// request_events (and desk_ops), which keep every step.
const v3 = `
CREATE INDEX change_audience_by_seq ON change_audience(seq);
DELETE FROM changes WHERE NOT EXISTS (SELECT 1 FROM change_audience a WHERE a.seq = changes.seq);
`;

// The fee ledger and monthly statements (issue 6). Ledger entries are never edited, only reversed
// by a new one (at most one reversal each). Amounts are integer fen. Settings hold the hub's own
// configuration (the consortium's subsidy per filled request).
const v4 = `
CREATE TABLE hub_settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE ledger_entries (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('service_fee', 'courier_cost', 'overdue_fine', 'lost_charge', 'subsidy', 'refund')),
  amount_fen   INTEGER NOT NULL CHECK (typeof(amount_fen) = 'integer'),
  payer_code   TEXT NOT NULL,
  payee_code   TEXT NOT NULL,
  request_id   TEXT,
  shipment_id  TEXT,
  reader_id    TEXT,
  operator     TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  month        TEXT NOT NULL,
  reverses_id  TEXT REFERENCES ledger_entries(id),
  reason       TEXT,
  source       TEXT NOT NULL CHECK (source IN ('event', 'manual')),
  hub_time     TEXT NOT NULL
);
CREATE INDEX ledger_entries_by_month ON ledger_entries(month);
CREATE UNIQUE INDEX ledger_entries_one_reversal ON ledger_entries(reverses_id) WHERE reverses_id IS NOT NULL;

CREATE TABLE statements (
  library_code  TEXT NOT NULL REFERENCES libraries(code),
  month         TEXT NOT NULL,
  data_json     TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('RECEIVED', 'CONFIRMED', 'DISPUTED')),
  comment       TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (library_code, month)
) WITHOUT ROWID;
`;

// Issue 12. An opId is settled once, ever, whatever deskSeq it comes with: desk_ops is looked up by
// opId too. Failed passwords are counted in the store (per login and per address), so a restart of
// the hub does not hand an attacker a fresh set of tries.
const v5 = `
CREATE INDEX desk_ops_by_op_id ON desk_ops(op_id);

CREATE TABLE login_attempts (
  key                TEXT PRIMARY KEY,
  failures           INTEGER NOT NULL,
  window_started_at  TEXT NOT NULL,
  locked_until       TEXT
) WITHOUT ROWID;
`;

// Issue 12: money between libraries needs the payer's consent (DESIGN §7). An entry is `claimed`
// until the library it takes money from accepts it (or the center approves it), and carries who
// made it (the one that may reverse it), the payer's dispute, and a version (its state changes).
// Entries already there were applied under the rules of their day and may sit on confirmed
// statements: they stay in force (the center reverses a bad one with `hub ledger reverse`). The
// maker of an event's entry is its payee library (shared/ledger.ts makerOfEventEntry); of a manual
// one, the library of the desk whose op made it.
const v6 = `
ALTER TABLE ledger_entries ADD COLUMN state TEXT NOT NULL DEFAULT 'in_force' CHECK (state IN ('claimed', 'in_force'));
ALTER TABLE ledger_entries ADD COLUMN made_by TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_comment TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_at TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_by TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_clerk TEXT;
ALTER TABLE ledger_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE ledger_entries SET made_by = CASE
  WHEN source = 'event' THEN CASE WHEN payee_code IN ('consortium', 'reader') THEN payer_code ELSE payee_code END
  ELSE coalesce(
    (SELECT d.library_code FROM desk_ops o JOIN desks d ON d.desk_id = o.desk_id
      WHERE o.entity_id = ledger_entries.id AND o.type IN ('ledger.add', 'ledger.reverse') AND o.outcome = 'applied' LIMIT 1),
    payer_code)
END;
CREATE INDEX ledger_entries_claimed ON ledger_entries(state) WHERE state = 'claimed';
`;

export const HUB_MIGRATIONS: readonly HubMigration[] = [
  { version: 1, name: 'initial', up: v1 },
  { version: 2, name: 'compact feed', up: v2 },
  { version: 3, name: 'drop superseded snapshots', up: v3 },
  { version: 4, name: 'ledger and statements', up: v4 },
  { version: 5, name: 'settled op ids and login attempts', up: v5 },
  { version: 6, name: 'ledger consent', up: v6 },
];
export const HUB_SCHEMA_VERSION = HUB_MIGRATIONS[HUB_MIGRATIONS.length - 1]!.version;
