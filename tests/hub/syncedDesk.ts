// Real desks of any library against a real hub: each its own SQLite store (tests/fixtures/desk.ts)
// with the identity the hub gave it, driven by clerk commands through dispatch() and synced with
// the desk's own sync client. The desks' clocks move with the hub's.
import { expect } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { syncOnce, type HubConnection } from '../../main/sync/client';
import type { RequestRow } from '../../main/requests/store';
import type { CommandName, InputOf, OutputOf } from '../../shared/contract';
import { makeDesk, type TestDesk } from '../fixtures/desk';
import { A, B, C, startHub, type TestHub } from './hubFixture';

export interface SyncedDesk {
  libraryCode: string;
  desk: TestDesk;
  conn: HubConnection;
}

export async function openSyncedDesk(hub: TestHub, libraryCode: string, name: string, clerk: string): Promise<SyncedDesk> {
  const registered = await hub.addDesk(libraryCode, name);
  const desk = makeDesk({ numbers: 0, now: hub.clock.now.toISOString(), libraryCode, deskId: registered.deskId, deskName: name, clerk });
  return { libraryCode, desk, conn: { url: hub.url, token: registered.token, deskId: registered.deskId } };
}

/** A hub of its own with the desks of 北京邮电大学 (A), 北京航空航天大学 (B) and 北京大学 (C). */
export interface ThreeDesks {
  hub: TestHub;
  deskA: SyncedDesk;
  deskB: SyncedDesk;
  deskC: SyncedDesk;
}

/** The three libraries' desks on a fresh hub, as a sync test starts (the hub's rate limit out of the way). */
export async function openThreeDesks(): Promise<ThreeDesks> {
  const hub = await startHub({ rateLimit: { max: 100_000, timeWindowMs: 60_000 } });
  const deskA = await openSyncedDesk(hub, A, '北邮二层流通台', 'by01');
  const deskB = await openSyncedDesk(hub, B, '北航馆际互借', 'bh01');
  const deskC = await openSyncedDesk(hub, C, '北大馆际互借', 'bd01');
  return { hub, deskA, deskB, deskC };
}

export async function closeThreeDesks({ hub, deskA, deskB, deskC }: ThreeDesks): Promise<void> {
  for (const d of [deskA, deskB, deskC]) d.desk.close();
  await hub.close();
}

/** A clerk command that must succeed. */
export function run<K extends CommandName>(d: SyncedDesk, name: K, input: InputOf<K>): OutputOf<K> {
  const result = dispatch(d.desk.ctx, name, input);
  if (!result.ok) throw new Error(`${name} at ${d.libraryCode}: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<K>;
}

/** A clerk command that must be refused; returns the refusal. */
export function refused<K extends CommandName>(d: SyncedDesk, name: K, input: InputOf<K>): { code: string; message: string; field?: string } {
  const result = dispatch(d.desk.ctx, name, input);
  if (result.ok) throw new Error(`${name} at ${d.libraryCode} was carried out; it should have been refused`);
  return result.error;
}

export function sync(d: SyncedDesk): Promise<{ pushed: number; pulled: number }> {
  return syncOnce(d.desk.ctx, d.conn);
}

/** Syncs a desk and checks that the hub took everything it had to say without a problem. */
export async function syncClean(d: SyncedDesk): Promise<void> {
  await sync(d);
  expect(pendingOps(d), `pending ops at ${d.libraryCode}`).toBe(0);
  expect(syncProblems(d), `sync problems at ${d.libraryCode}`).toBe(0);
}

/** Moves the hub's clock and every desk's clock together. */
export function tick(hub: TestHub, desks: SyncedDesk[], minutes: number): void {
  hub.clock.advanceMinutes(minutes);
  for (const d of desks) d.desk.clock.now = hub.clock.now.toISOString();
}

export function requestRow(d: SyncedDesk, id: string): RequestRow | undefined {
  return d.desk.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
}

export function count(d: SyncedDesk, sql: string, ...params: unknown[]): number {
  return (d.desk.db.prepare(sql).get(...params) as { n: number }).n;
}

export const pendingOps = (d: SyncedDesk): number => count(d, "SELECT count(*) AS n FROM outbox WHERE state = 'pending'");
export const syncProblems = (d: SyncedDesk): number => count(d, 'SELECT count(*) AS n FROM sync_problems');

export interface EventLine {
  type: string;
  from_status: string | null;
  to_status: string;
  clerk: string;
  desk_id: string;
  library_code: string;
  desk_time: string;
  hub_time: string | null;
}

const EVENT_COLUMNS = 'type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time';

export function deskEvents(d: SyncedDesk, id: string): EventLine[] {
  return d.desk.db.prepare(`SELECT ${EVENT_COLUMNS} FROM request_events WHERE request_id = ? ORDER BY id`).all(id) as EventLine[];
}

/** The hub's own copy of a request, read from its store. */
export function hubRequest(hub: TestHub, id: string): (Record<string, unknown> & { status: string; version: number }) | undefined {
  return hub.store.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as (Record<string, unknown> & { status: string; version: number }) | undefined;
}

export function hubEvents(hub: TestHub, id: string): EventLine[] {
  return hub.store.db.prepare(`SELECT ${EVENT_COLUMNS} FROM request_events WHERE request_id = ? ORDER BY id`).all(id) as EventLine[];
}

/** Every row of every table of a desk's store, as text: to prove what a store does not hold. */
export function dumpStore(d: SyncedDesk): string {
  const tables = d.desk.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, d.desk.db.prepare(`SELECT * FROM "${name}"`).all()]));
}
