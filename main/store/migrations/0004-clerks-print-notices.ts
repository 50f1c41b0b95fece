// The desk's own records that never go to the hub: the clerks who may sign in at this desk, the
// print jobs (what was sent to a printer, so a failed slip can be printed again), and the reader
// notices waiting for the mail server (an outbox, so a notice made offline goes out later).
import type { Migration } from './types';

export const migration0004: Migration = {
  version: 4,
  name: 'clerks, print jobs and notices',
  up: `
CREATE TABLE clerks (
  login          TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
  password_hash  TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     TEXT NOT NULL,
  created_by     TEXT,
  password_set_at TEXT NOT NULL
) STRICT;

CREATE TABLE print_jobs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('pickup', 'pull', 'packingList', 'dateDue')),
  refs_json   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'printed', 'failed')),
  error       TEXT,
  clerk       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  done_at     TEXT
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs (id) WHERE status <> 'printed';

CREATE TABLE notices (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('arrival', 'recall', 'courtesy', 'overdue1', 'overdue7', 'overdue14')),
  request_id  TEXT NOT NULL REFERENCES requests(id),
  reader_id   TEXT,
  to_address  TEXT,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  sent_at     TEXT,
  UNIQUE (request_id, kind)
) STRICT;
CREATE INDEX notices_queued ON notices (id) WHERE status = 'queued';
`,
};
