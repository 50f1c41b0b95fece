// A desk whose store was restored from a backup (or started afresh for a desk the hub already
// knows) catches up with the hub in its next rounds (DESIGN §5):
//
// - Its outbox is back at the backup's last deskSeq R, while the hub has settled this desk's ops up
//   to H (learnt from a pull's `ackedDeskSeq` before anything is pushed). Ops of the backup still
//   pending keep their numbers and opIds: those at or below H answer `duplicate` (settled once,
//   never applied again), the others are new to the hub. Ops made since the restore, numbered from
//   R + 1, are renumbered past max(H, R) in one transaction, and the outbox's counter with them,
//   so no new op reuses a number the hub settled with another op (SEQ_CONFLICT).
// - Request numbers the backup held unused may have been used since: they are held back until the
//   pull has brought this library's requests, then those no request took are given back.
// - The pull carries on from the backup's cursor: every record changed since then comes back,
//   the hub's feed keeping each record's latest change.
import { z } from 'zod';
import type { DeskContext } from '../context';
import type { Db } from '../store/db';
import { readSetting, writeSetting } from '../settings/store';

const markerSchema = z.object({
  /** The backup restored, or null for a new store started afresh. */
  name: z.string().nullable(),
  takenAt: z.string().nullable(),
  restoredAt: z.string(),
  /** The outbox's highest deskSeq when the store was restored (R). */
  lastDeskSeq: z.number().int().min(0),
  stage: z.enum(['learn-seq', 'catch-up', 'done']),
  /** Numbers unused in the backup, held until the pull says which were used since. */
  heldNumbers: z.array(z.string()),
  hubAckedDeskSeq: z.number().int().min(0).nullable(),
  reconciledAt: z.string().nullable(),
});
export type RestoreMarker = z.infer<typeof markerSchema>;

const KEY = 'restore';

export function readRestoreMarker(db: Db): RestoreMarker | undefined {
  return readSetting(db, KEY, markerSchema);
}

/**
 * Marks a store just put in place (a backup, or a new store for a known desk) as needing to catch
 * up, and holds back its unused request numbers. Call before the desk syncs with it.
 */
export function markRestored(db: Db, from: { name: string | null; takenAt: string | null }, now: string): RestoreMarker {
  return db
    .transaction(() => {
      const lastDeskSeq = (db.prepare('SELECT coalesce(max(desk_seq), 0) AS n FROM outbox').get() as { n: number }).n;
      const held = db.prepare('SELECT number FROM number_pool WHERE used_at IS NULL ORDER BY number').pluck().all() as string[];
      db.prepare('UPDATE number_pool SET used_at = ? WHERE used_at IS NULL').run(now);
      const marker: RestoreMarker = {
        name: from.name,
        takenAt: from.takenAt,
        restoredAt: now,
        lastDeskSeq,
        stage: 'learn-seq',
        heldNumbers: held,
        hubAckedDeskSeq: null,
        reconciledAt: null,
      };
      writeSetting(db, KEY, marker);
      return marker;
    })
    .immediate();
}

/** True while the outbox must not be pushed: the hub's count of this desk's ops is not known yet. */
export function mustLearnHubSeq(ctx: DeskContext): boolean {
  return readRestoreMarker(ctx.db)?.stage === 'learn-seq';
}

/**
 * Given the hub's `ackedDeskSeq` for this desk, renumbers the ops made since the restore past it
 * and sets the outbox's counter, in one transaction. Returns how many ops were renumbered.
 */
export function renumberAfterRestore(ctx: DeskContext, hubAcked: number): number {
  const { db } = ctx;
  return db
    .transaction(() => {
      const marker = readRestoreMarker(db);
      if (!marker || marker.stage !== 'learn-seq') return 0;
      const from = marker.lastDeskSeq;
      const base = Math.max(hubAcked, from);
      let moved = 0;
      if (base > from) {
        const shift = base - from;
        // Two steps, so no number is ever held by two rows at once (desk_seq is the primary key).
        moved = db.prepare('UPDATE outbox SET desk_seq = -desk_seq WHERE desk_seq > ?').run(from).changes;
        db.prepare('UPDATE outbox SET desk_seq = -desk_seq + ? WHERE desk_seq < 0').run(shift);
      }
      const highest = (db.prepare('SELECT coalesce(max(desk_seq), 0) AS n FROM outbox').get() as { n: number }).n;
      const next = Math.max(base, highest);
      // AUTOINCREMENT numbers from sqlite_sequence: the next op made here gets next + 1.
      const counted = db.prepare("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'").run(next).changes;
      if (counted === 0 && next > 0) db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)").run(next);
      db.prepare('UPDATE sync_state SET acked_desk_seq = ? WHERE id = 1').run(hubAcked);
      writeSetting(db, KEY, { ...marker, stage: 'catch-up', hubAckedDeskSeq: hubAcked } satisfies RestoreMarker);
      return moved;
    })
    .immediate();
}

/**
 * After a complete pull: gives back the held numbers no request took (the pull brought every
 * request this desk made since the backup), and marks the store caught up.
 */
export function finishRestore(ctx: DeskContext): boolean {
  const { db } = ctx;
  if (readRestoreMarker(db)?.stage !== 'catch-up') return false;
  return db
    .transaction(() => {
      const marker = readRestoreMarker(db);
      if (!marker || marker.stage !== 'catch-up') return false;
      const release = db.prepare('UPDATE number_pool SET used_at = NULL WHERE number = ? AND used_at = ? AND NOT EXISTS (SELECT 1 FROM requests WHERE id = ?)');
      for (const number of marker.heldNumbers) release.run(number, marker.restoredAt, number);
      writeSetting(db, KEY, { ...marker, stage: 'done', heldNumbers: [], reconciledAt: ctx.now() } satisfies RestoreMarker);
      return true;
    })
    .immediate();
}
