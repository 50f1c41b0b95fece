// Settling the outbox with the hub's push answers: only the hub's word settles an op; a rejection
// restores the hub's copy and lands in the sync problems with the hub's reason.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { applyPullPage, parsePullResponse } from '../../main/sync/apply';
import { dropEntriesOfRejectedOp } from '../../main/ledger/services';
import { parsePushResponse, pendingOps, settlePush } from '../../main/sync/settle';
import type { SyncRequest } from '../../shared/sync';
import { BUAA, BUPT, makeDesk, snapshot, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
const T = '2026-11-02T02:00:00.000Z';

function hubCopy(over: Partial<SyncRequest> = {}): SyncRequest {
  return {
    id: 'BY00000500', status: 'SHIPPED', serviceType: 'loan', borrowerCode: BUPT, lenderCode: BUAA, title: '赫尔岑传',
    author: null, publisher: null, pubYear: null, isbn: null, issn: null, language: null, materialType: null,
    lenderCallNumber: null, preferredLender: null, pages: null, noteToLender: null, itemBarcode: 'BH-9', holdSlot: null,
    courier: null, trackingNo: null, unfilledReason: null, lenderDueDate: '2026-12-17', dueDate: null, checkedInAt: null,
    createdAt: T, statusAt: T, updatedAt: T, events: [], readerId: 'r-wangqian', recipientName: '王茜', email: null, phone: null,
    customNo: null, remark: null, version: 4, ...over,
  };
}

beforeEach(() => {
  desk = makeDesk();
  applyPullPage(desk.ctx, parsePullResponse({ changes: [{ seq: 1, kind: 'request', id: 'BY00000500', version: 4, data: hubCopy() }], cursor: 'c1', more: false, ackedDeskSeq: 0 }, 0));
});
afterEach(() => desk.close());

function answer(results: unknown[], ackedDeskSeq = 1) {
  return parsePushResponse({ results, ackedDeskSeq, hubTime: '2026-11-02T02:00:01.000Z' });
}
const state = () => desk.db.prepare('SELECT desk_seq, state FROM outbox ORDER BY desk_seq').all();
const problems = () => desk.db.prepare('SELECT kind, code, message, op_type FROM sync_problems ORDER BY id').all();

describe('settling a push', () => {
  it('lists pending ops in deskSeq order in the protocol shape', () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    dispatch(desk.ctx, 'request.handOut', { id: 'BY00000500' });
    const ops = pendingOps(desk.ctx, 10);
    expect(ops.map((o) => [o.deskSeq, o.type, o.entityId, o.baseVersion])).toEqual([
      [1, 'request.checkIn', 'BY00000500', 4],
      [2, 'request.handOut', 'BY00000500', 5],
    ]);
    expect(ops[0]!.opId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('settles an applied op and keeps the clerk\'s work', () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    const [op] = pendingOps(desk.ctx, 10);
    expect(settlePush(desk.ctx, answer([{ opId: op!.opId, deskSeq: 1, outcome: 'applied' }]))).toEqual({ applied: 1, rejected: 0, notices: 0 });
    expect(state()).toEqual([{ desk_seq: 1, state: 'applied' }]);
    expect(desk.db.prepare('SELECT acked_desk_seq FROM sync_state').get()).toEqual({ acked_desk_seq: 1 });
    expect(desk.db.prepare("SELECT status FROM requests WHERE id = 'BY00000500'").get()).toEqual({ status: 'ON_HOLD' });
  });

  it("restores the hub's copy on a rejection and lists it with the hub's reason", () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    const [op] = pendingOps(desk.ctx, 10);
    const lost = hubCopy({ status: 'LOST', version: 6 });
    settlePush(desk.ctx, answer([{ opId: op!.opId, deskSeq: 1, outcome: 'rejected', code: 'INVALID_TRANSITION', message: 'LOST → ON_HOLD is not allowed', entity: lost }]));
    expect(state()).toEqual([{ desk_seq: 1, state: 'rejected' }]);
    expect(problems()).toEqual([{ kind: 'rejected', code: 'INVALID_TRANSITION', message: 'LOST → ON_HOLD is not allowed', op_type: 'request.checkIn' }]);
    expect(desk.db.prepare("SELECT status, version FROM requests WHERE id = 'BY00000500'").get()).toEqual({ status: 'LOST', version: 6 });
    expect(desk.db.prepare('SELECT count(*) AS n FROM hold_shelf WHERE request_id IS NOT NULL').get()).toEqual({ n: 0 });
  });

  it('notes when another desk already did it with other values, and takes the hub\'s', () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    const [op] = pendingOps(desk.ctx, 10);
    const held = hubCopy({ status: 'ON_HOLD', holdSlot: '4', checkedInAt: T, version: 5 });
    const settled = settlePush(desk.ctx, answer([{ opId: op!.opId, deskSeq: 1, outcome: 'applied', noop: true, entity: held }]));
    expect(settled).toEqual({ applied: 1, rejected: 0, notices: 1 });
    expect(problems()).toMatchObject([{ kind: 'notice', code: 'NOOP_DIFFERS' }]);
    expect((problems()[0] as { message: string }).message).toContain('holdSlot');
    expect(desk.db.prepare("SELECT hold_slot FROM requests WHERE id = 'BY00000500'").get()).toEqual({ hold_slot: '4' });
  });

  it('settles a duplicate by its first outcome', () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    const [op] = pendingOps(desk.ctx, 10);
    settlePush(desk.ctx, answer([{ opId: op!.opId, deskSeq: 1, outcome: 'duplicate', firstOutcome: 'rejected', code: 'INVALID_TRANSITION', message: 'no' }]));
    expect(state()).toEqual([{ desk_seq: 1, state: 'rejected' }]);
    expect(problems()).toHaveLength(1);
  });

  it('refuses an answer about ops it did not send, settling nothing', () => {
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    const before = snapshot(desk.db);
    expect(() => settlePush(desk.ctx, answer([{ opId: '00000000-0000-4000-8000-000000000000', deskSeq: 1, outcome: 'applied' }]))).toThrow(/did not send/);
    expect(() => parsePushResponse({ results: 'ok' })).toThrow(/not valid/);
    expect(snapshot(desk.db)).toBe(before);
    expect(state()).toEqual([{ desk_seq: 1, state: 'pending' }]);
  });

  it('drops the fees a refused step made here; an entry the hub sent for the same thing stays', async () => {
    const { saveRulesOverrides } = await import('../../main/libraries/store');
    saveRulesOverrides(desk.db, BUPT, { readerServiceFeeFen: 200 }, T);
    dispatch(desk.ctx, 'request.checkIn', { scan: 'BH-9' });
    dispatch(desk.ctx, 'request.handOut', { id: 'BY00000500' });
    const refund = dispatch(desk.ctx, 'ledger.add', { kind: 'refund', amountFen: 300, direction: 'pay', counterparty: BUAA, reason: '退运费' });
    expect(refund.ok).toBe(true);
    const entries = () => desk.db.prepare('SELECT id FROM ledger_entries ORDER BY id').pluck().all();
    const refundId = (refund as { value: { id: string } }).value.id;
    expect(entries()).toEqual([refundId, 'service_fee:BY00000500'].sort());
    const [checkIn, handOut, add] = pendingOps(desk.ctx, 10);
    settlePush(
      desk.ctx,
      answer(
        [
          { opId: checkIn!.opId, deskSeq: 1, outcome: 'applied' },
          { opId: handOut!.opId, deskSeq: 2, outcome: 'rejected', code: 'INVALID_TRANSITION', message: 'recalled meanwhile' },
          { opId: add!.opId, deskSeq: 3, outcome: 'rejected', code: 'NOT_FOUND', message: 'payload.payee' },
        ],
        3,
      ),
    );
    expect(entries()).toEqual([]);
    // The same fee sent by the hub (another desk's handout, at its own time) is not touched by a refusal of ours.
    desk.db
      .prepare("INSERT INTO ledger_entries (id, request_id, kind, amount_fen, payer_code, payee_code, operator, created_at, month) VALUES ('service_fee:BY00000500', 'BY00000500', 'service_fee', 200, 'reader', ?, 'by02', '2026-11-01T01:00:00.000Z', '2026-11')")
      .run(BUPT);
    dropEntriesOfRejectedOp(desk.ctx, { type: 'request.handOut', entity_id: 'BY00000500', client_time: T });
    expect(entries()).toEqual(['service_fee:BY00000500']);
  });
});

