// The hub's HTTP service (DESIGN §5, protocol version 1): one Fastify app over one HubStore.
// Every body is checked with the shared schemas before the store sees it; every refusal is an
// HTTP status and `{ code, message, field? }`; one log line per request, never a secret in it.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { leaseRequestSchema, MAX_BODY_BYTES, protoKeyPath, type PushResponse } from '../shared/sync';
import { basicCredentials, bearerToken, hashDeskToken, hashPassword, verifyPassword } from './auth';
import { readerRegistrationSchema, readerRequestSchema } from './domain/schemas';
import { HubError, invalidInput } from './errors';
import { loginGuard } from './lockout';
import type { DeskIdentity, HubStore, PushOp, ReaderIdentity } from './store';

export interface HubOptions {
  store: HubStore;
  /** One line per request; defaults to stdout. */
  log?: (line: string) => void;
  /** The hub's clock; tests move it. */
  now?: () => Date;
  /** Requests per desk (or per address, for a call without a known desk token) in each window. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Reader registrations (`POST /v1/readers`, each a scrypt hash) per address in each window. */
  registrationLimit?: { max: number; timeWindowMs: number };
}

export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 5000;

/** Cursors are the hub's sequence in base 36: opaque to desks, cheap to check. */
export function encodeCursor(seq: number): string {
  return seq.toString(36);
}
function decodeCursor(cursor: string): number | undefined {
  if (cursor === '') return 0;
  if (!/^[0-9a-z]{1,11}$/.test(cursor)) return undefined;
  const seq = parseInt(cursor, 36);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

const pullQuerySchema = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(1, 'must be 1 or more').optional(),
  })
  .strict();

const pushEnvelopeSchema = z
  .object({
    deskId: z.string().min(1).max(64),
    ops: z.array(z.unknown()).max(500, 'may hold at most 500 ops'),
  })
  .strict();
/** The two fields an op must have right to be settled at all; the rest is judged and may be rejected. */
const opIdentitySchema = z.object({
  opId: z.string().uuid('must be a UUID'),
  deskSeq: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(Number.MAX_SAFE_INTEGER),
});

const cancelParamsSchema = z.object({ id: z.string().min(1).max(20) });

function unauthorized(): HubError {
  return new HubError(401, 'UNAUTHORIZED', 'Missing or unknown credentials.');
}

export async function buildHub(options: HubOptions): Promise<FastifyInstance> {
  const { store } = options;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const hubTime = (): string => now().toISOString();

  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true });

  // An empty JSON body (curl -H 'content-type: application/json' with no data, as on a reader's
  // cancel) means "no fields", not a parse error.
  app.removeContentTypeParser('application/json');
  // Every body is JSON (hub/README): Fastify's own text/plain parser would turn a text body into a
  // string the schemas then refuse as 400; it is 415 instead.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, {});
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(new HubError(400, 'INVALID_INPUT', 'The body is not valid JSON.'), undefined);
    }
  });

  const started = new WeakMap<FastifyRequest, bigint>();
  app.addHook('onRequest', async (request) => {
    started.set(request, process.hrtime.bigint());
  });
  app.addHook('onResponse', async (request, reply) => {
    const t0 = started.get(request);
    const ms = t0 === undefined ? 0 : Number(process.hrtime.bigint() - t0) / 1e6;
    const path = request.url.split('?')[0];
    log(`${hubTime()} ${request.ip} ${request.method} ${path} ${reply.statusCode} ${ms.toFixed(1)}ms`);
  });

  // The desk a request's token names, looked up once (by the rate limit, then by the route).
  const desks = new WeakMap<FastifyRequest, DeskIdentity | null>();
  async function deskOf(request: FastifyRequest): Promise<DeskIdentity | undefined> {
    if (desks.has(request)) return desks.get(request) ?? undefined;
    const token = bearerToken(request.headers.authorization);
    const desk = token ? await store.deskByTokenHash(hashDeskToken(token)) : undefined;
    desks.set(request, desk ?? null);
    return desk;
  }

  await app.register(rateLimit, {
    max: options.rateLimit?.max ?? 600,
    timeWindow: options.rateLimit?.timeWindowMs ?? 60_000,
    // A desk is limited by its own id; anyone else by address, whatever token they present: a
    // random token must not buy a fresh bucket (DESIGN §7).
    keyGenerator: async (request) => {
      const desk = await deskOf(request);
      return desk ? `desk:${desk.deskId}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      code: 'RATE_LIMITED',
      message: `Too many requests; try again in ${context.after}.`,
    }),
  });
  // Each registration costs a scrypt hash: an address gets few of them, on top of the limit above.
  const registrationLimit = app.createRateLimit({
    max: options.registrationLimit?.max ?? 30,
    timeWindow: options.registrationLimit?.timeWindowMs ?? 10 * 60_000,
    keyGenerator: (request) => `register:${request.ip}`,
  });
  const guard = loginGuard(store, now, log);

  app.setErrorHandler((error: FastifyError | HubError, _request, reply) => {
    if (error instanceof HubError) {
      const until = error.extra?.lockedUntil;
      if (typeof until === 'string') reply.header('retry-after', String(Math.max(1, Math.ceil((Date.parse(until) - now().getTime()) / 1000))));
      return reply.status(error.status).send(error.body());
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: `Bodies over ${MAX_BODY_BYTES} bytes are refused.` });
    if (status === 429) return reply.status(429).send({ code: 'RATE_LIMITED', message: error.message });
    if (status === 415) return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Bodies must be application/json.' });
    if (status >= 400 && status < 500) return reply.status(400).send({ code: 'INVALID_INPUT', message: `The request is not valid: ${error.message}` });
    log(`${hubTime()} ERROR ${error.stack ?? error.message}`);
    return reply.status(500).send({ code: 'INTERNAL', message: 'The hub failed; nothing was settled. Try again.' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.` });
  });

  async function requireDesk(request: FastifyRequest): Promise<DeskIdentity> {
    const desk = await deskOf(request);
    if (!desk) throw unauthorized();
    return desk;
  }

  async function requireReader(request: FastifyRequest): Promise<ReaderIdentity> {
    const credentials = basicCredentials(request.headers.authorization);
    if (!credentials) throw unauthorized();
    const stored = await store.readerCredentials(credentials.login);
    const right = await guard.attempt('reader', credentials.login, request.ip, () => verifyPassword(credentials.password, stored?.password));
    if (!right || !stored) throw unauthorized();
    return stored.reader;
  }

  /** `ops: false` for a push: each op's keys are judged with the op, which is settled as rejected. */
  function parse<S extends z.ZodType>(schema: S, value: unknown, ops = false): z.output<S> {
    // JSON.parse makes "__proto__" an own key, which zod's records drop without a word.
    const proto = ops ? undefined : protoKeyPath(value);
    if (proto !== undefined) throw new HubError(400, 'INVALID_INPUT', `${proto}: is not an accepted field.`, proto);
    const result = schema.safeParse(value);
    if (!result.success) throw invalidInput(result.error);
    return result.data;
  }

  // ---- desks

  app.get('/v1/health', async () => ({ ok: true, hubTime: hubTime() }));

  // Not in DESIGN §5 (an addition, see README): the desk being set up learns which desk and
  // library its token belongs to, so a clerk never types a library code that could be wrong.
  app.get('/v1/desk', async (request) => {
    const desk = await requireDesk(request);
    return { deskId: desk.deskId, libraryCode: desk.libraryCode, name: desk.name, hubTime: hubTime() };
  });

  app.get('/v1/directory', async (request) => {
    await requireDesk(request);
    return { libraries: await store.listLibraries() };
  });

  app.post('/v1/numbers/lease', async (request) => {
    const desk = await requireDesk(request);
    const { count } = parse(leaseRequestSchema, request.body);
    return { numbers: await store.leaseNumbers(desk, count, hubTime()) };
  });

  app.post('/v1/sync/push', async (request, reply: FastifyReply) => {
    const desk = await requireDesk(request);
    const body = parse(pushEnvelopeSchema, request.body, true);
    // DESIGN §7: a token speaks for its own desk only.
    if (body.deskId !== desk.deskId) throw new HubError(403, 'FORBIDDEN', 'deskId: is not the desk of this token; a desk pushes only its own ops.', 'deskId');
    // An op without a usable opId and deskSeq cannot be settled or answered: the whole push is refused.
    const ops: PushOp[] = body.ops.map((raw, i) => {
      const identity = opIdentitySchema.safeParse(raw);
      if (!identity.success) throw invalidInput(identity.error, `ops.${i}`);
      return { opId: identity.data.opId, deskSeq: identity.data.deskSeq, raw };
    });
    const time = hubTime();
    const outcome = await store.push(desk, ops, time);
    if (outcome.kind === 'gap') {
      throw new HubError(409, 'SEQ_GAP', `deskSeq ${outcome.got} arrived before ${outcome.expected}; send the ops in order, from ${outcome.expected}.`, undefined, {
        results: outcome.results,
        ackedDeskSeq: outcome.ackedDeskSeq,
        hubTime: time,
      });
    }
    if (outcome.kind === 'conflict') {
      throw new HubError(
        409,
        'SEQ_CONFLICT',
        `deskSeq ${outcome.deskSeq} was settled with another op: this desk's outbox was lost or restored; it must resync.`,
        undefined,
        { results: outcome.results, ackedDeskSeq: outcome.ackedDeskSeq, hubTime: time },
      );
    }
    const response: PushResponse = { results: outcome.results, ackedDeskSeq: outcome.ackedDeskSeq, hubTime: time };
    return reply.send(response);
  });

  app.get('/v1/sync/pull', async (request, reply) => {
    const desk = await requireDesk(request);
    const query = parse(pullQuerySchema, request.query);
    const after = decodeCursor(query.cursor ?? '');
    const gone = () => new HubError(410, 'CURSOR_GONE', 'This cursor is not one the hub knows; start a full resync from no cursor.', 'cursor');
    if (after === undefined) throw gone();
    const limit = Math.min(query.limit ?? DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT);
    const page = await store.pull(desk, after, limit);
    if (!page) throw gone();
    // Written by hand so each change's stored JSON goes out as it is, not parsed and written again:
    // the same text JSON.stringify gives for a PullResponse.
    const changes = page.changes.map(
      (c) => `{"seq":${c.seq},"kind":${JSON.stringify(c.kind)},"id":${JSON.stringify(c.id)},"version":${c.version},"data":${c.dataJson}}`,
    );
    const body = `{"changes":[${changes.join(',')}],"cursor":${JSON.stringify(encodeCursor(page.lastSeq))},"more":${page.more},"ackedDeskSeq":${page.ackedDeskSeq}}`;
    return reply.type('application/json; charset=utf-8').send(body);
  });

  // ---- readers

  app.post('/v1/readers', async (request, reply) => {
    const limit = await registrationLimit(request);
    if (!limit.isAllowed && limit.isExceeded) {
      throw new HubError(429, 'RATE_LIMITED', `Too many registrations from this address; try again in ${limit.ttlInSeconds} seconds.`);
    }
    const input = parse(readerRegistrationSchema, request.body);
    const { password, ...fields } = input;
    const reader = await store.registerReader(fields, await hashPassword(password), hubTime());
    return reply.status(201).send({ readerId: reader.id, status: reader.status });
  });

  app.post('/v1/requests', async (request, reply) => {
    const reader = await requireReader(request);
    if (reader.status !== 'APPROVED') throw new HubError(403, 'READER_NOT_APPROVED', 'Your registration has not been approved by your library yet.');
    const input = parse(readerRequestSchema, request.body);
    return reply.status(201).send(await store.submitReaderRequest(reader, input, hubTime()));
  });

  app.post('/v1/requests/:id/cancel', async (request) => {
    const reader = await requireReader(request);
    if (reader.status !== 'APPROVED') throw new HubError(403, 'READER_NOT_APPROVED', 'Your registration has not been approved by your library yet.');
    const { id } = parse(cancelParamsSchema, request.params);
    return store.cancelReaderRequest(reader, id.toUpperCase(), hubTime());
  });

  return app;
}

/** Starts the hub; resolves with the address it listens on. */
export async function listen(app: FastifyInstance, options: { port: number; host?: string }): Promise<string> {
  return app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
}
