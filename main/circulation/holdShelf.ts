// The hold shelf's numbered slots. A checked-in book takes the lowest free slot; the slot is
// freed when the book leaves the shelf (handed out, sent back, lost).
import type { DeskContext } from '../context';
import { prepared } from '../store/prepared';

export function assignHoldSlot(ctx: DeskContext, requestId: string, at: string): string {
  const free = prepared(ctx.db, 'SELECT slot FROM hold_shelf WHERE request_id IS NULL ORDER BY slot LIMIT 1').get() as
    | { slot: number }
    | undefined;
  if (free) {
    prepared(ctx.db, 'UPDATE hold_shelf SET request_id = ?, assigned_at = ? WHERE slot = ?').run(requestId, at, free.slot);
    return String(free.slot);
  }
  // Every slot up to the highest has a row (migration 3 fills gaps), so a full shelf grows by one.
  const next = prepared(ctx.db, 'SELECT coalesce(max(slot), 0) + 1 AS slot FROM hold_shelf').get() as { slot: number };
  prepared(ctx.db, 'INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, ?, ?)').run(next.slot, requestId, at);
  return String(next.slot);
}

export function releaseHoldSlot(ctx: DeskContext, requestId: string): void {
  prepared(ctx.db, 'UPDATE hold_shelf SET request_id = NULL, assigned_at = NULL WHERE request_id = ?').run(requestId);
}
