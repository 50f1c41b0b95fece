// Crash safety with a real process: a worker runs real clerk commands against a store file and
// is killed with SIGKILL (no grace, no close, a WAL left behind) at a random point. Re-opened,
// the store must hold every command whole or not at all: record, event and outbox op together,
// desk_seq without gaps, numbers used exactly by the requests that exist, and nothing a reported
// command committed may be missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REQUEST_OP_TYPES } from '../../shared/status';
import { deskContext } from '../../main/context';
import { dispatch } from '../../main/dispatch';
import { openStore, type Db } from '../../main/store/db';
import { checkStoreFile } from '../../main/store/health';
import { CRASH_NOW, CRASH_NUMBERS, prepareCrashStore, seededRandom } from '../fixtures/crash-store';

const ROOT = resolve(__dirname, '../..');
const WORKER = join(ROOT, 'tests/fixtures/crash-worker.ts');
const ITERATIONS = 3;
const BASE_SEED = Number(process.env.ILL_CRASH_SEED ?? Math.floor(Math.random() * 1_000_000));
const WORKER_TIMEOUT_MS = 15_000;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface WorkerRun {
  /** Commands the worker reported committed before the kill. */
  reported: number;
  /** The highest desk_seq a reported command saw after its commit. */
  reportedSeq: number;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Starts the worker and SIGKILLs it the moment it has reported `killAfter` commands. */
function runAndKill(file: string, seed: number, killAfter: number): Promise<WorkerRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file, String(seed)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let reported = 0;
    let reportedSeq = 0;
    let pending = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      if (!killed) {
        killed = true;
        child.kill('SIGKILL');
        stderr += `\n(test: no ${killAfter} reports within ${WORKER_TIMEOUT_MS} ms)`;
      }
    }, WORKER_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (killed) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^done (\d+) (\S+) (\d+)$/.exec(line);
        if (!m) {
          stderr += `\n(test: unexpected worker output ${JSON.stringify(line)})`;
          continue;
        }
        reported = Number(m[1]);
        reportedSeq = Math.max(reportedSeq, Number(m[3]));
      }
      if (reported >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ reported, reportedSeq, signal, code, stderr });
    });
  });
}

interface RequestRow {
  id: string;
  status: string;
  version: number;
  lender_code: string | null;
  item_barcode: string | null;
  hold_slot: string | null;
}
interface EventRow {
  id: number;
  request_id: string;
  type: string;
  from_status: string | null;
  to_status: string;
  clerk: string;
  detail_json: string;
}
interface OutboxRow {
  desk_seq: number;
  type: string;
  entity_id: string;
  base_version: number | null;
  payload_json: string;
  state: string;
}

const KNOWN_OP_TYPES = new Set<string>(['request.create', ...REQUEST_OP_TYPES]);

/** Every invariant a whole-or-nothing command log implies. Returns the outbox length. */
function checkStore(db: Db): number {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);

  const requests = db.prepare('SELECT * FROM requests ORDER BY id').all() as RequestRow[];
  const events = db.prepare('SELECT * FROM request_events ORDER BY id').all() as EventRow[];
  const outbox = db.prepare('SELECT * FROM outbox ORDER BY desk_seq').all() as OutboxRow[];
  const byId = new Map(requests.map((r) => [r.id, r]));

  // desk_seq is 1..N with no gap, and AUTOINCREMENT's counter agrees (it rolled back too).
  expect(outbox.map((o) => o.desk_seq)).toEqual(outbox.map((_, i) => i + 1));
  const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'").get() as { seq: number } | undefined;
  expect(seq?.seq ?? 0).toBe(outbox.length);
  for (const o of outbox) {
    expect(KNOWN_OP_TYPES.has(o.type), o.type).toBe(true);
    expect(o.state).toBe('pending');
    expect(byId.has(o.entity_id), `outbox ${o.desk_seq} names request ${o.entity_id}`).toBe(true);
  }

  // One event per outbox op, in the same global order (each command writes both in one transaction).
  expect(events.map((e) => `${e.request_id} ${e.type}`)).toEqual(outbox.map((o) => `${o.entity_id} ${o.type}`));
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));

  // Per request: created first, a chain of statuses ending at the row's status, version = events,
  // each op's base_version the version it was made on, the event's detail = the op's payload.
  const eventsOf = new Map<string, EventRow[]>();
  for (const e of events) eventsOf.set(e.request_id, [...(eventsOf.get(e.request_id) ?? []), e]);
  const opsOf = new Map<string, OutboxRow[]>();
  for (const o of outbox) opsOf.set(o.entity_id, [...(opsOf.get(o.entity_id) ?? []), o]);
  for (const r of requests) {
    const evs = eventsOf.get(r.id) ?? [];
    const ops = opsOf.get(r.id) ?? [];
    expect(evs.length, `events of ${r.id}`).toBeGreaterThan(0);
    expect(evs[0]).toMatchObject({ type: 'request.create', from_status: null, to_status: 'SUBMITTED' });
    evs.slice(1).forEach((e, i) => expect(e.from_status, `event ${e.id} of ${r.id}`).toBe(evs[i]!.to_status));
    expect(r.status, `status of ${r.id}`).toBe(evs[evs.length - 1]!.to_status);
    expect(r.version, `version of ${r.id}`).toBe(evs.length);
    expect(ops.map((o) => o.base_version)).toEqual(ops.map((_, i) => (i === 0 ? null : i)));
    // The op carries the event's detail and the clerk who acted (the hub writes it into its event).
    ops.slice(1).forEach((o, i) =>
      expect(o.payload_json, `op ${o.desk_seq}`).toBe(JSON.stringify({ ...(JSON.parse(evs[i + 1]!.detail_json) as object), clerk: evs[i + 1]!.clerk })),
    );
  }

  // Numbers: used exactly by the requests that exist; the rest still free.
  const used = db.prepare('SELECT number FROM number_pool WHERE used_at IS NOT NULL ORDER BY number').all() as { number: string }[];
  expect(used.map((u) => u.number)).toEqual(requests.map((r) => r.id));
  expect(db.prepare('SELECT count(*) AS n FROM number_pool').get()).toEqual({ n: CRASH_NUMBERS });

  // Hold shelf: a book on the shelf (ON_HOLD, or RECALLED straight from it) has its slot and
  // only it; every ON_HOLD request has one.
  const shelf = db.prepare('SELECT slot, request_id FROM hold_shelf WHERE request_id IS NOT NULL').all() as {
    slot: number;
    request_id: string;
  }[];
  for (const s of shelf) {
    const r = byId.get(s.request_id)!;
    expect(['ON_HOLD', 'RECALLED'], `${r.id} on slot ${s.slot}`).toContain(r.status);
    expect(r.hold_slot).toBe(String(s.slot));
  }
  const onShelf = new Set(shelf.map((s) => s.request_id));
  for (const r of requests) if (r.status === 'ON_HOLD') expect(onShelf.has(r.id), `${r.id} ON_HOLD without a slot`).toBe(true);

  // Return shipments: a shipment has items, each item is one request.returnShip op naming it.
  const items = db
    .prepare(
      `SELECT i.shipment_id, i.request_id, i.item_barcode, s.to_code FROM shipment_items i JOIN shipments s ON s.id = i.shipment_id
       ORDER BY i.shipment_id, i.request_id`,
    )
    .all() as { shipment_id: string; request_id: string; item_barcode: string | null; to_code: string }[];
  const returnShips = outbox
    .filter((o) => o.type === 'request.returnShip')
    .map((o) => ({ shipment_id: (JSON.parse(o.payload_json) as { shipmentId: string }).shipmentId, request_id: o.entity_id }))
    .sort((a, b) => (a.shipment_id + a.request_id < b.shipment_id + b.request_id ? -1 : 1));
  expect(items.map((i) => ({ shipment_id: i.shipment_id, request_id: i.request_id }))).toEqual(returnShips);
  for (const i of items) {
    const r = byId.get(i.request_id)!;
    expect(i.to_code).toBe(r.lender_code);
    expect(i.item_barcode).toBe(r.item_barcode);
  }
  expect(db.prepare('SELECT count(*) AS n FROM shipments WHERE id NOT IN (SELECT shipment_id FROM shipment_items)').get()).toEqual({
    n: 0,
  });

  return outbox.length;
}

describe('a desk killed with SIGKILL mid-work', () => {
  const seeds = Array.from({ length: ITERATIONS }, (_, i) => BASE_SEED + i);

  it.each(seeds)(
    'keeps every command whole or absent (seed %i; rerun with ILL_CRASH_SEED)',
    async (seed) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-desk-crash-'));
      dirs.push(dir);
      const file = join(dir, 'desk.sqlite');
      prepareCrashStore(file);

      const killAfter = 20 + Math.floor(seededRandom(seed)() * 181); // 20..200
      const run = await runAndKill(file, seed, killAfter);
      const why = `seed ${seed}, kill after ${killAfter}: worker exit code ${run.code} signal ${run.signal}\n${run.stderr}`;

      // The worker died of our SIGKILL, not by itself, and did report its progress.
      expect(run.signal, why).toBe('SIGKILL');
      expect(run.code, why).toBeNull();
      expect(run.reported, why).toBeGreaterThanOrEqual(killAfter);
      expect(run.stderr.trim(), why).toBe('');
      // It died with work only in the WAL: recovery has something to do.
      expect(existsSync(`${file}-wal`), why).toBe(true);
      expect(statSync(`${file}-wal`).size, why).toBeGreaterThan(0);
      // The desk's check at start takes a killed store for what it is: sound, its log to replay.
      expect(checkStoreFile(file), why).toMatchObject({ ok: true, exists: true });

      const db = openStore(file);
      try {
        const n = checkStore(db);
        // Nothing a reported command committed is lost.
        expect(n, why).toBeGreaterThanOrEqual(run.reportedSeq);
        expect(n, why).toBeGreaterThanOrEqual(killAfter);

        // The recovered store carries on: the next op is desk_seq n + 1 and all still holds.
        const ctx = deskContext(db, () => CRASH_NOW);
        const created = dispatch(ctx, 'request.create', { serviceType: 'loan', readerId: 'r-extra1', title: '恢复后的第一条申请' });
        const next = created.ok
          ? created
          : dispatch(ctx, 'request.note', { id: (db.prepare('SELECT id FROM requests LIMIT 1').get() as { id: string }).id, text: '恢复后' });
        expect(next.ok, JSON.stringify(next)).toBe(true);
        expect(checkStore(db)).toBe(n + 1);
      } finally {
        db.close();
      }
    },
    20_000,
  );
});
