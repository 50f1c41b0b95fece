// Request numbers leased from the hub ahead of time (so a desk offline for days still creates
// requests with consortium-unique numbers), and the hold shelf's numbered slots.
import type { Migration } from './types';

export const migration0003: Migration = {
  version: 3,
  name: 'numbers-and-hold-shelf',
  up: `
CREATE TABLE number_pool (
  number     TEXT PRIMARY KEY,
  leased_at  TEXT NOT NULL,
  used_at    TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX number_pool_unused ON number_pool(number) WHERE used_at IS NULL;

CREATE TABLE hold_shelf (
  slot         INTEGER PRIMARY KEY CHECK (slot > 0),
  request_id   TEXT UNIQUE REFERENCES requests(id),
  assigned_at  TEXT
) STRICT;
CREATE INDEX hold_shelf_free ON hold_shelf(slot) WHERE request_id IS NULL;

-- Books already on the shelf keep the slot they were given.
INSERT OR IGNORE INTO hold_shelf (slot, request_id, assigned_at)
  SELECT CAST(hold_slot AS INTEGER), id, coalesce(checked_in_at, status_at)
  FROM requests
  WHERE status = 'ON_HOLD' AND hold_slot GLOB '[1-9]*' AND hold_slot NOT GLOB '*[^0-9]*';
`,
};
