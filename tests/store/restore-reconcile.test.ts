// The bookkeeping of a restored store before it pushes (main/sync/restore.ts), on a real store:
// ops made since the restore are numbered past max(hub's count, backup's last deskSeq) in one
// transaction with the outbox's counter; nothing is renumbered twice; held numbers come back once
// the pull has shown which were used.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendOutbox } from '../../main/requests/ops';
import { finishRestore, markRestored, mustLearnHubSeq, readRestoreMarker, renumberAfterRestore } from '../../main/sync/restore';
import { makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk({ numbers: 5 });
});
afterEach(() => desk.close());

function note(text: string): number {
  return appendOutbox(desk.ctx, { type: 'request.note', entityId: 'BY00000061', baseVersion: 1, payload: { text } }, desk.ctx.now());
}
const seqs = () => (desk.db.prepare('SELECT desk_seq FROM outbox ORDER BY desk_seq').pluck().all() as number[]);
const textAt = (seq: number) => JSON.parse((desk.db.prepare('SELECT payload_json FROM outbox WHERE desk_seq = ?').get(seq) as { payload_json: string }).payload_json).text;

describe('after a restore', () => {
  it('numbers the ops made since past the hub count when the hub counted further than the backup', () => {
    note('a');
    note('b');
    markRestored(desk.db, { name: 'desk-20261102T020000.000Z-daily.sqlite', takenAt: '2026-11-02T02:00:00.000Z' }, desk.ctx.now());
    expect(mustLearnHubSeq(desk.ctx)).toBe(true);
    note('after 1');
    note('after 2');
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(renumberAfterRestore(desk.ctx, 9)).toBe(2);
    expect(seqs()).toEqual([1, 2, 10, 11]);
    expect([textAt(10), textAt(11)]).toEqual(['after 1', 'after 2']);
    expect(note('next')).toBe(12);
    expect(desk.db.prepare('SELECT acked_desk_seq FROM sync_state').get()).toEqual({ acked_desk_seq: 9 });
    // Learnt once: a second answer changes nothing.
    expect(mustLearnHubSeq(desk.ctx)).toBe(false);
    expect(renumberAfterRestore(desk.ctx, 20)).toBe(0);
    expect(seqs()).toEqual([1, 2, 10, 11, 12]);
  });

  it('keeps the numbers when the hub has counted less than the backup holds (ops of the backup it never got)', () => {
    note('a');
    note('b');
    note('c');
    markRestored(desk.db, { name: null, takenAt: null }, desk.ctx.now());
    note('after');
    expect(renumberAfterRestore(desk.ctx, 1)).toBe(0);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    expect(note('next')).toBe(5);
  });

  it('a new store for a desk the hub knows: its first op goes after the hub count', () => {
    markRestored(desk.db, { name: null, takenAt: null }, desk.ctx.now());
    expect(renumberAfterRestore(desk.ctx, 41)).toBe(0);
    expect(note('first')).toBe(42);
  });

  it('holds the unused numbers until the pull, then gives back those no request took', () => {
    const marker = markRestored(desk.db, { name: null, takenAt: null }, desk.ctx.now());
    expect(marker.heldNumbers).toEqual(['BY00000061', 'BY00000062', 'BY00000063', 'BY00000064', 'BY00000065']);
    expect(desk.db.prepare('SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL').get()).toEqual({ n: 0 });
    renumberAfterRestore(desk.ctx, 0);
    // The pull brought BY00000062: this desk used it after the backup.
    desk.db
      .prepare(
        `INSERT INTO requests (id, service_type, status, borrower_code, title, created_at, status_at, updated_at)
         VALUES ('BY00000062', 'loan', 'SUBMITTED', '211130', '从中心取回', ?, ?, ?)`,
      )
      .run(desk.ctx.now(), desk.ctx.now(), desk.ctx.now());
    expect(finishRestore(desk.ctx)).toBe(true);
    expect(desk.db.prepare('SELECT number FROM number_pool WHERE used_at IS NULL ORDER BY number').pluck().all()).toEqual([
      'BY00000061',
      'BY00000063',
      'BY00000064',
      'BY00000065',
    ]);
    expect(readRestoreMarker(desk.db)).toMatchObject({ stage: 'done', heldNumbers: [] });
    expect(finishRestore(desk.ctx)).toBe(false);
  });
});
