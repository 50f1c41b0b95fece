// The fee ledger (issue 6): an entry names the reader it concerns (the reader's account log) and
// whether an event or a supervisor made it. Entries are never edited; a reversal is a new entry.
// The hub sends a library every entry it is a party to, including ones for parcels and requests
// this desk never held (another desk of the library sent the parcel), so the request and
// shipment ids are kept as they are, without foreign keys; SQLite cannot drop a foreign key, so
// the table is rebuilt.
import type { Migration } from './types';

export const migration0007: Migration = {
  version: 7,
  name: 'ledger',
  up: `
CREATE TABLE ledger_entries_new (
  id            TEXT PRIMARY KEY,
  request_id    TEXT,
  shipment_id   TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('service_fee', 'courier_cost', 'overdue_fine', 'lost_charge', 'subsidy', 'refund')),
  amount_fen    INTEGER NOT NULL,
  payer_code    TEXT NOT NULL,
  payee_code    TEXT NOT NULL,
  operator      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  month         TEXT NOT NULL,
  reverses_id   TEXT,
  reason        TEXT,
  reader_id     TEXT,
  source        TEXT NOT NULL DEFAULT 'event' CHECK (source IN ('event', 'manual'))
) STRICT;
INSERT INTO ledger_entries_new (id, request_id, shipment_id, kind, amount_fen, payer_code, payee_code, operator, created_at, month, reverses_id, reason)
  SELECT id, request_id, shipment_id, kind, amount_fen, coalesce(payer_code, ''), coalesce(payee_code, ''), operator, created_at, month, reverses_id, reason FROM ledger_entries;
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_new RENAME TO ledger_entries;
CREATE INDEX ledger_by_month ON ledger_entries(month);
CREATE INDEX ledger_by_request ON ledger_entries(request_id) WHERE request_id IS NOT NULL;
CREATE INDEX ledger_by_reader ON ledger_entries(reader_id, created_at) WHERE reader_id IS NOT NULL;
CREATE INDEX ledger_by_created ON ledger_entries(created_at);
CREATE UNIQUE INDEX ledger_one_reversal ON ledger_entries(reverses_id) WHERE reverses_id IS NOT NULL;
`,
};
