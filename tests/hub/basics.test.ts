// The hub's plain calls over real HTTP: health, directory, tokens, leases, body limit, rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryResponseSchema, healthResponseSchema, hubErrorSchema } from '../../shared/sync';
import { A, B, C, call, startHub, type TestHub } from './hubFixture';

describe('hub basics', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('answers health without a token, with the hub clock', async () => {
    const answer = await call(`${hub.url}/v1/health`);
    expect(answer.status).toBe(200);
    expect(healthResponseSchema.parse(answer.body)).toEqual({ ok: true, hubTime: hub.clock.now.toISOString() });
  });

  it('serves the directory to a desk', async () => {
    const desk = await hub.addDesk(A);
    const answer = await call(`${hub.url}/v1/directory`, { headers: desk.headers() });
    expect(answer.status).toBe(200);
    const { libraries } = directoryResponseSchema.parse(answer.body);
    expect(libraries.map((l) => [l.code, l.prefix, l.active])).toEqual([
      [C, 'BD', true],
      [B, 'BH', true],
      [A, 'BY', true],
    ]);
  });

  it('refuses a missing or wrong token with 401 and learns the caller nothing', async () => {
    const desk = await hub.addDesk(B, '北航流通台');
    const wrongHeaders: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { authorization: `Bearer ${desk.token}x` }, { authorization: desk.token }];
    for (const headers of wrongHeaders) {
      for (const [method, path] of [
        ['GET', '/v1/directory'],
        ['GET', '/v1/sync/pull'],
        ['POST', '/v1/sync/push'],
        ['POST', '/v1/numbers/lease'],
      ] as const) {
        const answer = await call(`${hub.url}${path}`, {
          method,
          headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
          ...(method === 'POST' ? { body: JSON.stringify({ deskId: desk.deskId, ops: [], count: 1 }) } : {}),
        });
        expect(answer.status, `${method} ${path}`).toBe(401);
        expect(hubErrorSchema.parse(answer.body).code).toBe('UNAUTHORIZED');
        const text = JSON.stringify(answer.body);
        for (const secret of [desk.deskId, B, A, '北航', desk.token]) expect(text).not.toContain(secret);
      }
    }
  });

  it('never leases the same number twice, across desks and calls', async () => {
    const a1 = await hub.addDesk(A);
    const a2 = await hub.addDesk(A);
    const b1 = await hub.addDesk(B);
    const batches = await Promise.all([a1.lease(20), a2.lease(20), a1.lease(5), b1.lease(3), a2.lease(7)]);
    const all = batches.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(batches[0]![0]).toMatch(/^BY\d{8}$/);
    expect(batches[3]).toEqual(['BH00000001', 'BH00000002', 'BH00000003']);
    const bad = await call(`${hub.url}/v1/numbers/lease`, { method: 'POST', headers: a1.headers(), body: JSON.stringify({ count: 0 }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'count' });
  });

  it('refuses a body over 1 MB with 413 and the error shape', async () => {
    const desk = await hub.addDesk(A);
    const huge = JSON.stringify({ deskId: desk.deskId, ops: [], pad: 'x'.repeat(1024 * 1024 + 10) });
    const answer = await call(`${hub.url}/v1/sync/push`, { method: 'POST', headers: desk.headers(), body: huge });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers bad JSON and unknown routes with the error shape', async () => {
    const desk = await hub.addDesk(A);
    const bad = await call(`${hub.url}/v1/sync/push`, { method: 'POST', headers: desk.headers(), body: '{"deskId":' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT' });
    const missing = await call(`${hub.url}/v1/nothing`, { headers: desk.headers() });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('logs one line per request, without tokens', async () => {
    const desk = await hub.addDesk(A);
    const before = hub.lines.length;
    await call(`${hub.url}/v1/directory`, { headers: desk.headers() });
    await call(`${hub.url}/v1/health`);
    const lines = hub.lines.slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/GET \/v1\/directory 200/);
    expect(lines.join('\n')).not.toContain(desk.token);
  });
});

describe('hub rate limit', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('limits each desk on its own and answers 429 with the error shape', async () => {
    const a = await hub.addDesk(A);
    const b = await hub.addDesk(B);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(`${hub.url}/v1/directory`, { headers: a.headers() })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call(`${hub.url}/v1/directory`, { headers: a.headers() });
    expect(limited.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await call(`${hub.url}/v1/directory`, { headers: b.headers() })).status).toBe(200);
  });
});
