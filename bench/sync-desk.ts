// The desk's side of `npm run bench:sync`, run in its own process so its peak memory is its own:
// a real desk store (empty, identity and directory only) pulls everything from the hub with the
// sync client, then 10,000 clerk notes go into the outbox through the real command boundary and
// are pushed. Prints one JSON line with what it measured.
import { dispatch } from '../main/dispatch';
import { deskContext } from '../main/context';
import { upsertLibrary } from '../main/libraries/store';
import { writeDeskIdentity } from '../main/settings/store';
import { openStore } from '../main/store/db';
import { pullAll, pushAll, type HubConnection } from '../main/sync/client';
import type { SyncLibrary } from '../shared/sync';

export interface DeskJob {
  file: string;
  conn: HubConnection;
  libraryCode: string;
  directory: SyncLibrary[];
  notes: number;
  pullLimit?: number;
  pushBatch?: number;
}

export interface DeskFigures {
  pulledRows: number;
  requests: number;
  pullMs: number;
  /** process.resourceUsage().maxRSS after the pull, in MB (the kernel's high-water mark). */
  pullPeakRssMb: number;
  /** Resident memory before the pull started (Node, tsx, the store open), in MB. */
  startRssMb: number;
  noteCommandsMs: number;
  pushedOps: number;
  pushMs: number;
  rejected: number;
  peakRssMb: number;
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as DeskJob;
  const db = openStore(job.file);
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const lib of job.directory) upsertLibrary(db, { ...lib, shortName: lib.shortName ?? lib.name, rules: lib.rules ?? {} }, now);
    writeDeskIdentity(db, { libraryCode: job.libraryCode, deskId: job.conn.deskId, deskName: '基准测试台', clerk: 'bench', profile: 'live' });
  })();
  const ctx = deskContext(db);
  const options = { ...(job.pullLimit ? { pullLimit: job.pullLimit } : {}), ...(job.pushBatch ? { pushBatch: job.pushBatch } : {}) };

  const startRssMb = process.memoryUsage().rss / MB;
  const pullStart = performance.now();
  const pulledRows = await pullAll(ctx, job.conn, options);
  const pullMs = performance.now() - pullStart;
  const pullPeakRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
  const requests = (db.prepare('SELECT count(*) AS n FROM requests').get() as { n: number }).n;

  // 10,000 notes by the real command (validation, record + event + outbox in one transaction each).
  const ids = (db.prepare('SELECT id FROM requests ORDER BY id LIMIT ?').all(job.notes) as { id: string }[]).map((r) => r.id);
  if (ids.length < job.notes) throw new Error(`only ${ids.length} requests to note`);
  const notesStart = performance.now();
  for (const [i, id] of ids.entries()) {
    const result = dispatch(ctx, 'request.note', { id, text: `读者来电询问进度（第 ${i + 1} 次记录）` });
    if (!result.ok) throw new Error(`request.note ${id}: ${result.error.code} ${result.error.message}`);
  }
  const noteCommandsMs = performance.now() - notesStart;

  const pushStart = performance.now();
  const pushed = await pushAll(ctx, job.conn, options);
  const pushMs = performance.now() - pushStart;
  const pending = (db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
  if (pending !== 0) throw new Error(`${pending} ops still pending after the push`);
  db.close();

  const figures: DeskFigures = {
    pulledRows,
    requests,
    pullMs,
    pullPeakRssMb,
    startRssMb,
    noteCommandsMs,
    pushedOps: pushed.sent,
    pushMs,
    rejected: pushed.rejected,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
