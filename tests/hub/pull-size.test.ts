// Pull pages are bounded in bytes as well as in changes: every change carries the request's whole
// timeline, so a request with many long notes makes big changes, and a desk refuses an answer over
// 32 MB. The hub ends a page past PULL_PAGE_BYTES; the desk just pulls on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_PAGE_BYTES } from '../../hub/store/sqlite';
import { pullResponseSchema } from '../../shared/sync';
import { A, approvedReader, startHub, type DeskClient, type TestHub } from './hubFixture';

describe('pull page size', () => {
  let hub: TestHub;
  let desk: DeskClient;
  beforeAll(async () => {
    hub = await startHub();
    desk = await hub.addDesk(A);
  });
  afterAll(async () => {
    await hub.close();
  });

  it('ends a page once its changes pass the byte budget, and the next pages bring the rest, each once', async () => {
    // 1,000-character Chinese notes (about 3 KB each): 30 requests with 100 notes each make
    // changes of about 300 KB (the feed keeps only each request's latest change).
    const text = '馆'.repeat(1000);
    const numbers = await desk.lease(30);
    for (let r = 0; r < 10; r++) {
      const readerId = await approvedReader(hub, desk, `bigtimeline${r}`);
      for (const id of numbers.slice(r * 3, r * 3 + 3)) {
        await desk.apply({ type: 'request.create', entityId: id, payload: { serviceType: 'loan', readerId, title: '长时间线' } });
        for (let round = 0; round < 2; round++) {
          await desk.apply(...Array.from({ length: 50 }, () => ({ type: 'request.note' as const, entityId: id, payload: { text } })));
        }
      }
    }

    const seen: number[] = [];
    let cursor = '';
    let pages = 0;
    for (;;) {
      const answer = await desk.pullPage(cursor, 5000);
      expect(answer.status).toBe(200);
      const page = pullResponseSchema.parse(answer.body);
      const bytes = page.changes.reduce((sum, c) => sum + Buffer.byteLength(JSON.stringify(c.data)), 0);
      const last = page.changes[page.changes.length - 1];
      // Over the budget only by the change that crossed it.
      if (last) expect(bytes - Buffer.byteLength(JSON.stringify(last.data))).toBeLessThan(PULL_PAGE_BYTES);
      seen.push(...page.changes.map((c) => c.seq));
      pages++;
      cursor = page.cursor;
      if (!page.more) break;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    // The directory (3 libraries), ten readers and thirty requests, each once, as they are now.
    expect(seen).toHaveLength(3 + 10 + 30);
    // 3,000 notes pushed one by one: about 15 s on a busy 2-core machine, so a generous bound.
  }, 90_000);
});
