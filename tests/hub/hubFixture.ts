// A real hub for tests: its own SQLite file in a temp folder, served over HTTP on 127.0.0.1 (port 0),
// three libraries, a clock the test moves, and small desk and reader clients built on fetch.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { hashDeskToken, newDeskToken } from '../../hub/auth';
import { buildHub, listen, type HubOptions } from '../../hub/server';
import { openSqliteHubStore, type SqliteHubStore } from '../../hub/store';
import type { Change, OpResult, OpType } from '../../shared/sync';

export const A = '211130'; // 北京邮电大学, borrows (prefix BY)
export const B = '211060'; // 北京航空航天大学, lends (prefix BH)
export const C = '211010'; // 北京大学, a third party (prefix BD)

export interface Clock {
  now: Date;
  advanceMinutes(minutes: number): void;
}

export interface TestHub {
  url: string;
  dir: string;
  file: string;
  store: SqliteHubStore;
  app: FastifyInstance;
  clock: Clock;
  lines: string[];
  addDesk(libraryCode: string, name?: string): Promise<DeskClient>;
  close(): Promise<void>;
}

/** A hub for tests; registrations are not limited per address unless a test asks (one address registers every reader here). */
export async function startHub(options: Partial<Pick<HubOptions, 'rateLimit' | 'registrationLimit'>> = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'ill-hub-test-'));
  const file = join(dir, 'hub.sqlite');
  const store = openSqliteHubStore(file);
  const clock: Clock = {
    now: new Date('2026-11-02T02:00:00.000Z'),
    advanceMinutes(minutes) {
      this.now = new Date(this.now.getTime() + minutes * 60_000);
    },
  };
  const t = clock.now.toISOString();
  await store.upsertLibrary({ code: A, name: '北京邮电大学', shortName: '北邮', prefix: 'BY', active: true, rules: {} }, t);
  await store.upsertLibrary({ code: B, name: '北京航空航天大学', shortName: '北航', prefix: 'BH', active: true, rules: { loanPeriodDays: 28 } }, t);
  await store.upsertLibrary({ code: C, name: '北京大学', shortName: '北大', prefix: 'BD', active: true, rules: {} }, t);
  const lines: string[] = [];
  const app = await buildHub({ store, log: (line) => lines.push(line), now: () => clock.now, registrationLimit: { max: 100_000, timeWindowMs: 60_000 }, ...options });
  const url = await listen(app, { port: 0, host: '127.0.0.1' });
  return {
    url,
    dir,
    file,
    store,
    app,
    clock,
    lines,
    async addDesk(libraryCode, name = `desk of ${libraryCode}`) {
      const token = newDeskToken();
      const desk = await store.addDesk({ libraryCode, name, tokenHash: hashDeskToken(token), hubTime: clock.now.toISOString() });
      return new DeskClient(url, desk.deskId, libraryCode, token, () => clock.now);
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OpInput {
  type: OpType;
  entityId: string;
  payload?: Record<string, unknown>;
}

export interface WireOp {
  opId: string;
  deskSeq: number;
  type: string;
  entityId: string;
  baseVersion: number | null;
  clientTime: string;
  payload: Record<string, unknown>;
}

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function call<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<HttpAnswer<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

export interface PushAnswer {
  results: OpResult[];
  ackedDeskSeq: number;
  hubTime: string;
  code?: string;
  message?: string;
  field?: string;
}

export interface PullAnswer {
  changes: Change[];
  cursor: string;
  more: boolean;
  ackedDeskSeq: number;
  code?: string;
}

/** A desk as the hub sees it: a token, a deskSeq counter and a cursor. */
export class DeskClient {
  seq = 0;
  cursor = '';

  constructor(
    readonly url: string,
    readonly deskId: string,
    readonly libraryCode: string,
    readonly token: string,
    private readonly now: () => Date,
  ) {}

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' };
  }

  /** Ops numbered from this desk's next deskSeq. */
  ops(...inputs: OpInput[]): WireOp[] {
    return inputs.map((input) => ({
      opId: randomUUID(),
      deskSeq: ++this.seq,
      type: input.type,
      entityId: input.entityId,
      baseVersion: null,
      clientTime: this.now().toISOString(),
      payload: input.payload ?? {},
    }));
  }

  pushRaw(ops: unknown[]): Promise<HttpAnswer<PushAnswer>> {
    return call<PushAnswer>(`${this.url}/v1/sync/push`, { method: 'POST', headers: this.headers(), body: JSON.stringify({ deskId: this.deskId, ops }) });
  }

  /** Pushes ops and expects each one applied (not a noop). */
  async apply(...inputs: OpInput[]): Promise<OpResult[]> {
    const answer = await this.pushRaw(this.ops(...inputs));
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    for (const result of answer.body.results) {
      if (result.outcome !== 'applied') throw new Error(`op ${result.deskSeq} ${result.outcome}: ${result.code} ${result.message}`);
    }
    return answer.body.results;
  }

  async one(input: OpInput): Promise<OpResult> {
    const answer = await this.pushRaw(this.ops(input));
    if (answer.status !== 200) throw new Error(`push answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.results[0]!;
  }

  pullPage(cursor = this.cursor, limit?: number): Promise<HttpAnswer<PullAnswer>> {
    const query = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
    return call<PullAnswer>(`${this.url}/v1/sync/pull?${query}`, { headers: { authorization: `Bearer ${this.token}` } });
  }

  /** Pulls every page from the saved cursor and returns the changes. */
  async pull(limit?: number): Promise<Change[]> {
    const changes: Change[] = [];
    for (;;) {
      const page = await this.pullPage(this.cursor, limit);
      if (page.status !== 200) throw new Error(`pull answered ${page.status}: ${JSON.stringify(page.body)}`);
      changes.push(...page.body.changes);
      this.cursor = page.body.cursor;
      if (!page.body.more) return changes;
    }
  }

  async lease(count: number): Promise<string[]> {
    const answer = await call<{ numbers: string[] }>(`${this.url}/v1/numbers/lease`, { method: 'POST', headers: this.headers(), body: JSON.stringify({ count }) });
    if (answer.status !== 200) throw new Error(`lease answered ${answer.status}`);
    return answer.body.numbers;
  }
}

export function basic(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

export async function registerReader(url: string, libraryCode: string, login: string, password = 'secret123'): Promise<HttpAnswer<{ readerId: string; status: string }>> {
  return call(`${url}/v1/readers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ libraryCode, login, password, name: '王茜', cardNumber: '2008110001', email: `${login}@bupt.edu.cn`, phone: '62281970' }),
  });
}

export async function submitAsReader(
  url: string,
  login: string,
  password = 'secret123',
  fields: Record<string, unknown> = {},
): Promise<HttpAnswer<{ id: string; status: string; code?: string; field?: string }>> {
  return call(`${url}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(login, password) },
    body: JSON.stringify({ serviceType: 'loan', title: '信息论基础', author: 'Cover', recipientName: '王茜', email: `${login}@bupt.edu.cn`, phone: '62281970', ...fields }),
  });
}

export async function cancelAsReader(url: string, login: string, id: string, password = 'secret123'): Promise<HttpAnswer<{ id: string; status: string; code?: string }>> {
  return call(`${url}/v1/requests/${id}/cancel`, { method: 'POST', headers: { authorization: basic(login, password) } });
}

/** Registers a reader and has a desk of their library approve it. */
export async function approvedReader(hub: TestHub, desk: DeskClient, login: string): Promise<string> {
  const registered = await registerReader(hub.url, desk.libraryCode, login);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  await desk.apply({ type: 'reader.approve', entityId: registered.body.readerId });
  return registered.body.readerId;
}

export function requestChanges(changes: Change[], id: string): Record<string, unknown>[] {
  return changes.filter((c) => c.kind === 'request' && c.id === id).map((c) => c.data as Record<string, unknown>);
}
