// The records of one desk: the library directory, readers, requests with their event log,
// shipments, the ledger, the sync outbox and state, and settings.
import type { Migration } from './types';

const statusList = `'SUBMITTED','CANCELLED','REJECTED','SENT','ACCEPTED','UNFILLED','SHIPPED','ON_HOLD',
  'LOANED','RECALLED','RETURNED','RETURN_SHIPPED','COMPLETED','DELIVERED','LOST'`;

export const migration0001: Migration = {
  version: 1,
  name: 'core',
  up: `
CREATE TABLE libraries (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  short_name  TEXT NOT NULL,
  -- Unique at the hub; the desk mirrors the directory, where a prefix may move between codes.
  prefix      TEXT NOT NULL,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  rules_json  TEXT NOT NULL DEFAULT '{}',
  updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX libraries_by_prefix ON libraries(prefix);

CREATE TABLE readers (
  id            TEXT PRIMARY KEY,
  library_code  TEXT NOT NULL REFERENCES libraries(code),
  login         TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  card_number   TEXT NOT NULL,
  email         TEXT NOT NULL,
  phone         TEXT NOT NULL,
  id_type       TEXT,
  gender        TEXT,
  department    TEXT,
  birth_date    TEXT,
  title         TEXT,
  education     TEXT,
  postal_code   TEXT,
  address       TEXT,
  remark        TEXT,
  status        TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  reject_reason TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX readers_by_library_status ON readers(library_code, status);
CREATE INDEX readers_by_card ON readers(card_number);

CREATE TABLE requests (
  id                  TEXT PRIMARY KEY,
  service_type        TEXT NOT NULL CHECK (service_type IN ('loan', 'copy')),
  status              TEXT NOT NULL CHECK (status IN (${statusList})),
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
  recipient_name      TEXT,
  email               TEXT,
  phone               TEXT,
  custom_no           TEXT,
  remark              TEXT,
  note_to_lender      TEXT,
  item_barcode        TEXT,
  hold_slot           TEXT,
  courier             TEXT,
  tracking_no         TEXT,
  unfilled_reason     TEXT,
  lender_due_date     TEXT,
  due_date            TEXT,
  checked_in_at       TEXT,
  created_at          TEXT NOT NULL,
  status_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  version             INTEGER NOT NULL DEFAULT 1,
  CHECK (lender_code IS NULL OR lender_code <> borrower_code)
) STRICT;
-- The queue reads each side (we borrow / we lend) through these. A page is chosen from an index
-- alone: by request date or status date in order, or, with a status filter, from the wide index
-- that carries every sort key, so sorting never touches the table; then 100 rows are read.
CREATE INDEX requests_by_borrower_created ON requests(borrower_code, created_at);
CREATE INDEX requests_by_lender_created ON requests(lender_code, created_at);
CREATE INDEX requests_by_borrower_status_at ON requests(borrower_code, status_at);
CREATE INDEX requests_by_lender_status_at ON requests(lender_code, status_at);
CREATE INDEX requests_by_borrower_status ON requests(borrower_code, status, created_at, status_at, due_date, service_type);
CREATE INDEX requests_by_lender_status ON requests(lender_code, status, created_at, status_at, due_date, service_type);
CREATE INDEX requests_by_reader ON requests(reader_id, status);
CREATE INDEX requests_by_item_barcode ON requests(item_barcode) WHERE item_barcode IS NOT NULL;

-- The timeline and audit trail: one row per transition or note, never updated.
CREATE TABLE request_events (
  id            INTEGER PRIMARY KEY,
  request_id    TEXT NOT NULL REFERENCES requests(id),
  type          TEXT NOT NULL,
  from_status   TEXT,
  to_status     TEXT NOT NULL,
  clerk         TEXT NOT NULL,
  desk_id       TEXT NOT NULL,
  library_code  TEXT NOT NULL,
  desk_time     TEXT NOT NULL,
  hub_time      TEXT,
  detail_json   TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX request_events_by_request ON request_events(request_id, id);

CREATE TABLE shipments (
  id           TEXT PRIMARY KEY,
  from_code    TEXT NOT NULL REFERENCES libraries(code),
  to_code      TEXT NOT NULL REFERENCES libraries(code),
  courier      TEXT NOT NULL,
  tracking_no  TEXT NOT NULL,
  clerk        TEXT NOT NULL,
  desk_id      TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX shipments_by_created ON shipments(created_at);

CREATE TABLE shipment_items (
  shipment_id   TEXT NOT NULL REFERENCES shipments(id),
  request_id    TEXT NOT NULL REFERENCES requests(id),
  item_barcode  TEXT,
  PRIMARY KEY (shipment_id, request_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX shipment_items_by_request ON shipment_items(request_id);

-- Money is integer fen. Entries are never edited: a mistake is reversed by a new entry.
CREATE TABLE ledger_entries (
  id            TEXT PRIMARY KEY,
  request_id    TEXT REFERENCES requests(id),
  shipment_id   TEXT REFERENCES shipments(id),
  kind          TEXT NOT NULL CHECK (kind IN ('service_fee', 'courier_cost', 'overdue_fine', 'lost_charge', 'subsidy', 'refund')),
  amount_fen    INTEGER NOT NULL,
  payer_code    TEXT,
  payee_code    TEXT,
  operator      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  month         TEXT NOT NULL,
  reverses_id   TEXT REFERENCES ledger_entries(id),
  reason        TEXT
) STRICT;
CREATE INDEX ledger_by_month ON ledger_entries(month);
CREATE INDEX ledger_by_request ON ledger_entries(request_id) WHERE request_id IS NOT NULL;

CREATE TABLE statements (
  month         TEXT NOT NULL,
  library_code  TEXT NOT NULL REFERENCES libraries(code),
  status        TEXT NOT NULL CHECK (status IN ('RECEIVED', 'CONFIRMED', 'DISPUTED')),
  data_json     TEXT NOT NULL DEFAULT '{}',
  comment       TEXT,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (month, library_code)
) STRICT;

-- Ops waiting for (or settled by) the hub. desk_seq counts 1, 2, 3, … with no gaps:
-- AUTOINCREMENT never reuses a number, and a rolled-back insert rolls its number back too.
CREATE TABLE outbox (
  desk_seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id         TEXT NOT NULL UNIQUE,
  type          TEXT NOT NULL,
  entity_id     TEXT NOT NULL,
  base_version  INTEGER,
  client_time   TEXT NOT NULL,
  payload_json  TEXT NOT NULL,
  state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'duplicate', 'rejected')),
  settled_at    TEXT,
  result_json   TEXT
);
CREATE INDEX outbox_pending ON outbox(desk_seq) WHERE state = 'pending';
CREATE INDEX outbox_by_entity ON outbox(entity_id, desk_seq);

CREATE TABLE sync_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  cursor           TEXT,
  -- The hub's sequence number of the last change applied: a page that goes backwards is refused.
  last_seq         INTEGER NOT NULL DEFAULT 0,
  acked_desk_seq   INTEGER NOT NULL DEFAULT 0,
  last_success_at  TEXT,
  last_error       TEXT,
  clock_skew_ms    INTEGER
) STRICT;
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE sync_problems (
  id                 INTEGER PRIMARY KEY,
  kind               TEXT NOT NULL CHECK (kind IN ('rejected', 'notice')),
  desk_seq           INTEGER,
  op_id              TEXT,
  op_type            TEXT,
  entity_id          TEXT,
  code               TEXT NOT NULL,
  message            TEXT NOT NULL,
  hub_entity_json    TEXT,
  local_entity_json  TEXT,
  created_at         TEXT NOT NULL,
  resolved_at        TEXT,
  resolved_by        TEXT
) STRICT;
CREATE INDEX sync_problems_open ON sync_problems(created_at) WHERE resolved_at IS NULL;

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value_json  TEXT NOT NULL
) STRICT;
`,
};
