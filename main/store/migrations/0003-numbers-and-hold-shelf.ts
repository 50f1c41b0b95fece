// Request numbers leased from the hub ahead of time (so a desk offline for days still creates
// requests with consortium-unique numbers), and the hold shelf's numbered slots.
import type { Db } from '../db';
import type { Migration } from './types';

function seedHoldShelf(db: Db): void {
  // Books already on the shelf keep the slot they were given; one whose slot is unreadable or
  // already taken gets the lowest free slot, and its request is told so.
  const onHold = db
    .prepare("SELECT id, hold_slot, coalesce(checked_in_at, status_at) AS at FROM requests WHERE status = 'ON_HOLD' ORDER BY at, id")
    .all() as { id: string; hold_slot: string | null; at: string }[];
  const taken = new Set<number>();
  const wantsNewSlot: typeof onHold = [];
  const insert = db.prepare('INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, ?, ?)');
  for (const row of onHold) {
    const slot = row.hold_slot !== null && /^[1-9]\d{0,5}$/.test(row.hold_slot) ? Number(row.hold_slot) : null;
    if (slot !== null && !taken.has(slot)) {
      taken.add(slot);
      insert.run(slot, row.id, row.at);
    } else {
      wantsNewSlot.push(row);
    }
  }
  const setSlot = db.prepare('UPDATE requests SET hold_slot = ? WHERE id = ?');
  let candidate = 1;
  for (const row of wantsNewSlot) {
    while (taken.has(candidate)) candidate++;
    taken.add(candidate);
    insert.run(candidate, row.id, row.at);
    setSlot.run(String(candidate), row.id);
  }
  // Slots below the highest one in use exist as free rows, so the shelf fills its gaps first and
  // a check-in only ever looks for a free row or the next number.
  const highest = Math.max(0, ...taken);
  for (let slot = 1; slot <= highest; slot++) if (!taken.has(slot)) insert.run(slot, null, null);
}

export const migration0003: Migration = {
  version: 3,
  name: 'numbers-and-hold-shelf',
  up: (db) => {
    db.exec(`
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
`);
    seedHoldShelf(db);
  },
};
