// Printing the queued slips (issue 5): a job is marked `printing` while the printer has it, so a
// desk that stops mid-print knows the slip may or may not have come out (it is never printed twice
// behind the clerk's back: it goes to the reprint list); `output` records where it went (the
// printer's name or the PDF file); `dismissed` takes an unwanted slip off the reprint list without
// pretending it printed. SQLite cannot change a CHECK, so the table is rebuilt.
import type { Migration } from './types';

export const migration0006: Migration = {
  version: 6,
  name: 'print outcome',
  up: `
CREATE TABLE print_jobs_new (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL CHECK (kind IN ('pickup', 'pull', 'packingList', 'dateDue')),
  refs_json   TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'printed', 'failed', 'dismissed')),
  error       TEXT,
  clerk       TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  done_at     TEXT,
  output      TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO print_jobs_new (id, kind, refs_json, status, error, clerk, created_at, done_at)
  SELECT id, kind, refs_json, status, error, clerk, created_at, done_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_new RENAME TO print_jobs;
CREATE INDEX print_jobs_open ON print_jobs (id) WHERE status IN ('queued', 'printing', 'failed');
`,
};
