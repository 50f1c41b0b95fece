// Readers at the hub: registration, approval by a desk of their library (a push), requests under
// the per-reader limit, and cancelling within the hour (the hub's clock decides).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncReaderSchema } from '../../shared/sync';
import { A, B, approvedReader, basic, call, cancelAsReader, registerReader, startHub, submitAsReader, type TestHub } from './hubFixture';

describe('readers at the hub', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('registers a reader as PENDING; the reader may not submit until a desk of the library approves', async () => {
    const deskA = await hub.addDesk(A);
    const registered = await registerReader(hub.url, A, 'wangqian830');
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ readerId: expect.any(String), status: 'PENDING' });

    const early = await submitAsReader(hub.url, 'wangqian830');
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({ code: 'READER_NOT_APPROVED' });

    // The library's desks receive the registration (never a password hash), and approve it.
    const pulled = await deskA.pull();
    const readers = pulled.filter((c) => c.kind === 'reader' && c.id === registered.body.readerId);
    expect(readers).toHaveLength(1);
    expect(syncReaderSchema.parse(readers[0]!.data).status).toBe('PENDING');
    expect(JSON.stringify(pulled)).not.toMatch(/password|salt|secret123/i);

    // Another library's desk neither sees nor decides it.
    const deskB = await hub.addDesk(B);
    expect((await deskB.pull()).some((c) => c.kind === 'reader')).toBe(false);
    const foreign = await deskB.one({ type: 'reader.approve', entityId: registered.body.readerId });
    expect(foreign).toMatchObject({ outcome: 'rejected', code: 'NOT_FOUND' });

    expect((await deskA.one({ type: 'reader.approve', entityId: registered.body.readerId })).outcome).toBe('applied');
    const approved = (await deskA.pull()).filter((c) => c.kind === 'reader');
    expect(approved.map((c) => syncReaderSchema.parse(c.data).status)).toEqual(['APPROVED']);

    const submitted = await submitAsReader(hub.url, 'wangqian830');
    expect(submitted.status).toBe(201);
    expect(submitted.body).toEqual({ id: expect.stringMatching(/^BY\d{8}$/), status: 'SUBMITTED' });
  });

  it('refuses a taken login, a bad field and an unknown library', async () => {
    await registerReader(hub.url, A, 'takenlogin');
    const taken = await registerReader(hub.url, A, 'TakenLogin');
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'ALREADY_EXISTS', field: 'login' });
    const badLogin = await registerReader(hub.url, A, '王茜');
    expect(badLogin.status).toBe(400);
    expect(badLogin.body).toMatchObject({ code: 'INVALID_INPUT', field: 'login' });
    const noLibrary = await registerReader(hub.url, '999999', 'nolibrary');
    expect(noLibrary.status).toBe(400);
    expect(noLibrary.body).toMatchObject({ code: 'INVALID_INPUT', field: 'libraryCode' });
  });

  it('answers 401 to a wrong password or unknown login', async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'pwcheck');
    expect((await submitAsReader(hub.url, 'pwcheck', 'wrong-password')).status).toBe(401);
    expect((await submitAsReader(hub.url, 'nobodyhere')).status).toBe(401);
    const noAuth = await call(`${hub.url}/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('names the field of a bad request', async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'badfields');
    const badIsbn = await submitAsReader(hub.url, 'badfields', undefined, { isbn: '9787111111111' });
    expect(badIsbn.status).toBe(400);
    expect(badIsbn.body).toMatchObject({ code: 'INVALID_INPUT', field: 'isbn' });
    const readerIdGiven = await submitAsReader(hub.url, 'badfields', undefined, { readerId: 'someone-else' });
    expect(readerIdGiven.status).toBe(400);
    expect(readerIdGiven.body).toMatchObject({ code: 'INVALID_INPUT', field: 'readerId' });
  });

  it('holds a reader to 3 open requests: the 4th is 409 LIMIT_EXCEEDED', async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'limitreader');
    for (let i = 0; i < 3; i++) expect((await submitAsReader(hub.url, 'limitreader', undefined, { title: `书 ${i}` })).status).toBe(201);
    const fourth = await submitAsReader(hub.url, 'limitreader');
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });

  it('takes a cancel sent with a JSON content type and no body (as curl sends it)', async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'curlreader');
    const submitted = await submitAsReader(hub.url, 'curlreader', undefined, { title: '空正文' });
    const res = await fetch(`${hub.url}/v1/requests/${submitted.body.id}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('curlreader:secret123').toString('base64')}` },
    });
    expect(res.status).toBe(200);
    const broken = await fetch(`${hub.url}/v1/readers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lets a reader cancel at 59 minutes but not at 61', async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'cancelreader');
    const first = await submitAsReader(hub.url, 'cancelreader', undefined, { title: '第一本' });
    const second = await submitAsReader(hub.url, 'cancelreader', undefined, { title: '第二本' });
    hub.clock.advanceMinutes(59);
    const inTime = await cancelAsReader(hub.url, 'cancelreader', first.body.id);
    expect(inTime.status).toBe(200);
    expect(inTime.body).toEqual({ id: first.body.id, status: 'CANCELLED' });
    hub.clock.advanceMinutes(2);
    const late = await cancelAsReader(hub.url, 'cancelreader', second.body.id);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'CANCEL_WINDOW_PASSED' });

    // The borrower's desks see the reader's cancel as an event of the request.
    const changes = (await deskA.pull()).filter((c) => c.kind === 'request' && c.id === first.body.id);
    const last = changes[changes.length - 1]!.data as { status: string; events: { type: string }[] };
    expect(last.status).toBe('CANCELLED');
    expect(last.events.map((e) => e.type)).toEqual(['request.create', 'request.cancel']);
  });

  it("answers 404 for another reader's request", async () => {
    const deskA = await hub.addDesk(A);
    await approvedReader(hub, deskA, 'ownerreader');
    await approvedReader(hub, deskA, 'otherreader');
    const mine = await submitAsReader(hub.url, 'ownerreader');
    const theirs = await cancelAsReader(hub.url, 'otherreader', mine.body.id);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ code: 'NOT_FOUND' });
    const basicHeader = basic('ownerreader', 'secret123');
    const unknown = await call(`${hub.url}/v1/requests/BY99999999/cancel`, { method: 'POST', headers: { authorization: basicHeader } });
    expect(unknown.status).toBe(404);
  });
});
