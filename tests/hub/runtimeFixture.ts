// The running desk (DeskRuntime with its sync engine) against a real hub on 127.0.0.1, for the
// runtime tests: a fresh folder and hub per test (three libraries, a clock the test moves), desks
// registered at the hub, desk runtimes with short timers, and small helpers to call the desk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import { hashDeskToken, newDeskToken } from '../../hub/auth';
import { buildHub, listen } from '../../hub/server';
import { openSqliteHubStore, type SqliteHubStore } from '../../hub/store';
import { DeskRuntime } from '../../main/runtime';
import type { EventName, EventPayload, HubConnectInput } from '../../shared/contract';
import type { Result } from '../../shared/errors';
import { DEMO_CLERK_PASSWORD } from '../../shared/shippedPasswords';
import type { ClerkSession, HubSettings, SyncStatus } from '../../shared/types';
import { A, B, C, DeskClient, registerReader } from './hubFixture';

export interface Hub {
  store: SqliteHubStore;
  app: FastifyInstance;
  url: string;
  port: number;
  clock: { now: Date };
}

/** This test's folder and hub; a test that restarts the hub puts the new one here. */
export const world = { dir: '', hub: undefined as unknown as Hub };
const runtimes: DeskRuntime[] = [];

/** Serves a hub store over HTTP (port 0 = any; pass the old port to bring a stopped hub back). */
export async function serveHub(store: SqliteHubStore, clock: { now: Date }, port = 0): Promise<Hub> {
  const app = await buildHub({ store, log: () => undefined, now: () => clock.now, rateLimit: { max: 100_000, timeWindowMs: 60_000 }, registrationLimit: { max: 100_000, timeWindowMs: 60_000 } });
  const url = await listen(app, { port, host: '127.0.0.1' });
  return { store, app, url, port: Number(new URL(url).port), clock };
}

/** Registers the hooks: a fresh folder and hub before each test; runtimes, hub and folder gone after. */
export function useRuntimeWorld(prefix: string): void {
  beforeEach(async () => {
    world.dir = mkdtempSync(join(tmpdir(), prefix));
    const clock = { now: new Date('2026-11-02T02:00:00.000Z') };
    const store = openSqliteHubStore(join(world.dir, 'hub.sqlite'));
    const t = clock.now.toISOString();
    await store.upsertLibrary({ code: A, name: '北京邮电大学', shortName: '北邮', prefix: 'BY', active: true, rules: {} }, t);
    await store.upsertLibrary({ code: B, name: '北京航空航天大学', shortName: '北航', prefix: 'BH', active: true, rules: {} }, t);
    await store.upsertLibrary({ code: C, name: '北京大学', shortName: '北大', prefix: 'BD', active: true, rules: {} }, t);
    world.hub = await serveHub(store, clock);
  });
  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.close();
    await world.hub.app.close();
    await world.hub.store.close();
    rmSync(world.dir, { recursive: true, force: true });
  });
}

/** A desk registered at the hub; `client` is a second desk of the same library, for the test to act as. */
export async function addDesk(libraryCode: string, name = `desk of ${libraryCode}`) {
  const { hub } = world;
  const token = newDeskToken();
  const desk = await hub.store.addDesk({ libraryCode, name, tokenHash: hashDeskToken(token), hubTime: hub.clock.now.toISOString() });
  const otherToken = newDeskToken();
  const other = await hub.store.addDesk({ libraryCode, name: `${name} (other)`, tokenHash: hashDeskToken(otherToken), hubTime: hub.clock.now.toISOString() });
  return { deskId: desk.deskId, token, client: new DeskClient(hub.url, other.deskId, libraryCode, otherToken, () => world.hub.clock.now) };
}

/** A reader of the client's library, registered at the hub and approved by that desk. */
export async function approvedReader(client: DeskClient, login: string): Promise<string> {
  const registered = await registerReader(world.hub.url, client.libraryCode, login);
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
  await client.apply({ type: 'reader.approve', entityId: registered.body.readerId });
  return registered.body.readerId;
}

export type Seen = { name: EventName; payload: unknown; at: number }[];

/**
 * The library's own first supervisor: a connected desk's store starts with no clerk accounts (the
 * demo's do not come along), so the tests create this one after connecting, as the screen asks.
 */
export const LIBRARY_SUPERVISOR = { login: 'zhangwei', name: '张伟', password: 'library-pass-1' } as const;

/**
 * A desk runtime on `dataDir` with short timers; its events go to `seen`, its logged errors to
 * `errors`. The demo's supervisor is signed in on the demo profile, the library's own on its store.
 */
export function openRuntime(dataDir: string, seen: Seen = [], engine: Record<string, unknown> = {}, errors: unknown[] = []): DeskRuntime {
  const runtime = DeskRuntime.open({
    dataDir,
    demo: { requests: 40, readers: 10, seed: 7, now: '2026-11-01T02:00:00.000Z' },
    engine: { intervalMs: 60_000, pushDelayMs: 20, backoffBaseMs: 50, backoffMaxMs: 200, progressEveryMs: 0, sync: { timeoutMs: 3000 }, ...engine },
    log: { error: (message, error) => errors.push([message, String(error)]) },
  });
  runtime.onEvent(<K extends EventName>(name: K, payload: EventPayload<K>) => seen.push({ name, payload, at: Date.now() }));
  if (runtime.ctx.profile === 'live') runtime.signIn(LIBRARY_SUPERVISOR.login, LIBRARY_SUPERVISOR.password);
  else runtime.signIn('by01', DEMO_CLERK_PASSWORD);
  runtimes.push(runtime);
  return runtime;
}

/** `hub.connect`, then, on the library's new store, its first supervisor created and signed in. */
export async function connectHub(runtime: DeskRuntime, input: HubConnectInput): Promise<HubSettings> {
  const settings = await ok<HubSettings>(runtime, 'hub.connect', input);
  if ((await ok<ClerkSession>(runtime, 'clerk.session')).needsSetup) await ok(runtime, 'clerk.setup', LIBRARY_SUPERVISOR);
  return settings;
}

/** The test closed this runtime itself: the cleanup must not close it again. */
export function forget(runtime: DeskRuntime): void {
  runtimes.splice(runtimes.indexOf(runtime), 1);
}

export async function ok<T>(runtime: DeskRuntime, name: string, input: unknown = {}): Promise<T> {
  const result = await runtime.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

export async function refused(runtime: DeskRuntime, name: string, input: unknown) {
  const result: Result<unknown> = await runtime.dispatch(name, input);
  if (result.ok) throw new Error(`${name} should have been refused`);
  return result.error;
}

/** Waits until the desk's sync status satisfies `test` (the engine works on its own timers). */
export async function until(runtime: DeskRuntime, test: (s: SyncStatus) => boolean, what: string, ms = 8000): Promise<SyncStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = await ok<SyncStatus>(runtime, 'sync.status');
    if (test(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
