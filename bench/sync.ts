// `npm run bench:sync [-- --requests N] [--notes N] [--runs N] [--json] [--rebuild]
//   [--pull-limit N] [--push-batch N]`: sync over 127.0.0.1 between a real hub and a real desk.
// A benchmark, not a test. Without --pull-limit/--push-batch the sync client's defaults are used;
// BENCH_DESK_NODE_ARGS='--cpu-prof' profiles the desk process.
//
// The hub (this process) holds N requests of library A (北邮), each created by a desk of A and
// forwarded to B (北航) through the hub store's own push path, so its rows are the ones real pushes
// write (two changes per request: the create and the forward). That hub file is built once and
// cached in .bench/. Each run copies it, serves it on 127.0.0.1 (port 0) and starts a desk in a
// child process (bench/sync-desk.ts), so the desk's peak memory is its own: an empty desk store
// pulls everything with the sync client (`pullAll`), then 10,000 notes made with the real
// `request.note` command are pushed with `pushAll`. Medians of the runs are reported.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { hashDeskToken, newDeskToken } from '../hub/auth';
import { buildHub, listen } from '../hub/server';
import { openSqliteHubStore, type SqliteHubStore } from '../hub/store';
import { HUB_MIGRATIONS } from '../hub/store/migrations';
import { isbn13CheckDigit } from '../shared/validators';
import type { SyncLibrary } from '../shared/sync';
import type { DeskFigures, DeskJob } from './sync-desk';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    notes: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'pull-limit': { type: 'string' },
    'push-batch': { type: 'string' },
  },
});
const requestCount = Number(values.requests);
const noteCount = Number(values.notes);
const runs = Number(values.runs);
const pullLimit = values['pull-limit'] ? Number(values['pull-limit']) : undefined;
const pushBatch = values['push-batch'] ? Number(values['push-batch']) : undefined;
if (![requestCount, noteCount, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--requests, --notes and --runs must be whole numbers ≥ 1');
if (noteCount > requestCount) throw new Error('--notes may not exceed --requests (one note per request)');
const say = (line: string) => {
  if (!values.json) console.error(line);
};

const A = '211130';
const B = '211060';
const C = '211010';
/** Readers of A; the limit of open requests per reader is raised so they can hold N open requests. */
const READERS = Math.max(100, Math.ceil(requestCount / 50));
const OPEN_PER_READER = Math.min(100, Math.ceil(requestCount / READERS));
const DIRECTORY: SyncLibrary[] = [
  { code: A, name: '北京邮电大学', shortName: '北邮', prefix: 'BY', active: true, rules: { maxOpenRequestsPerReader: OPEN_PER_READER } },
  { code: B, name: '北京航空航天大学', shortName: '北航', prefix: 'BH', active: true, rules: { loanPeriodDays: 28 } },
  { code: C, name: '北京大学', shortName: '北大', prefix: 'BD', active: true, rules: {} },
];

// ---- 1. The hub file, built once ---------------------------------------------------------------

const TITLES = ['信息论基础', '数字图书馆资源共享研究', '通信原理', '高等数学', 'Introduction to Algorithms', '联盟实现机制探讨', '网络环境下的馆际互借', 'Signals and Systems', '现代汉语词典', 'Русско-китайский словарь'];
const AUTHORS = ['Cover, T. M.', '王建', '樊昌信', '同济大学数学系', 'Cormen, T. H.', '李明', '张晓林', 'Oppenheim, A. V.', null, 'Иванов'];
const PUBLISHERS = ['清华大学出版社', '人民邮电出版社', '高等教育出版社', 'MIT Press', '北京大学出版社', null];

/** A deterministic request payload for request i (the fields a desk's request.create sends). */
function createPayload(i: number, readerId: string): Record<string, unknown> {
  const isbn12 = `978711${String(100000 + (i % 900000)).padStart(6, '0')}`;
  const author = AUTHORS[i % AUTHORS.length];
  const publisher = PUBLISHERS[i % PUBLISHERS.length];
  return {
    serviceType: i % 5 === 0 ? 'copy' : 'loan',
    readerId,
    title: `${TITLES[i % TITLES.length]}（第${(i % 7) + 1}版）`,
    ...(author ? { author } : {}),
    ...(publisher ? { publisher } : {}),
    pubYear: String(1990 + (i % 35)),
    isbn: isbn12 + isbn13CheckDigit(isbn12),
    ...(i % 5 === 0 ? { pages: `${(i % 200) + 1}-${(i % 200) + 20}` } : {}),
  };
}

const benchDir = resolve('.bench');
mkdirSync(benchDir, { recursive: true });
// Rebuilt whenever the hub's schema or this generator changes.
const buildKey = createHash('sha256')
  .update(HUB_MIGRATIONS.map((m) => String(m.up)).join('\n'))
  .update(createPayload.toString())
  .update(fillHub.toString())
  .update(JSON.stringify(DIRECTORY))
  .digest('hex')
  .slice(0, 10);
const master = join(benchDir, `hub-${requestCount}-${buildKey}.sqlite`);
const work = join(benchDir, `hub-work-${requestCount}.sqlite`);

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

async function fillHub(file: string): Promise<void> {
  const store = openSqliteHubStore(file);
  // Building the fixture only: the rows are the same, the disk waits less.
  store.db.pragma('synchronous = OFF');
  const t = '2026-11-02T02:00:00.000Z';
  for (const lib of DIRECTORY) await store.upsertLibrary(lib, t);
  const desk = await store.addDesk({ libraryCode: A, name: '二层流通台', tokenHash: hashDeskToken(newDeskToken()), hubTime: t });
  const password = { hash: randomBytes(32), salt: randomBytes(16) }; // nobody logs in as these readers
  const readerIds: string[] = [];
  for (let r = 0; r < READERS; r++) {
    const login = `benchreader${r + 1}`;
    const reader = await store.registerApprovedReader(
      { libraryCode: A, login, name: r % 3 === 0 ? '王茜' : r % 3 === 1 ? '李明' : 'Иван Петров', cardNumber: `2008${String(r).padStart(6, '0')}`, email: `${login}@bupt.edu.cn`, phone: '62281970' },
      password,
      t,
    );
    readerIds.push(reader.id);
  }
  const numbers = await store.leaseNumbers(desk, requestCount, t);
  let deskSeq = 0;
  const op = (type: string, entityId: string, payload: Record<string, unknown>) => {
    const opId = randomUUID();
    deskSeq += 1;
    return { opId, deskSeq, raw: { opId, deskSeq, type, entityId, baseVersion: null, clientTime: t, payload } };
  };
  const perBatch = 250; // 250 creates + 250 forwards: the hub's 500-op push limit
  const started = performance.now();
  let lastTenth = -1;
  for (let from = 0; from < requestCount; from += perBatch) {
    const ids = numbers.slice(from, from + perBatch);
    const creates = ids.map((id, k) => op('request.create', id, createPayload(from + k, readerIds[(from + k) % READERS]!)));
    const forwards = ids.map((id) => op('request.forward', id, { lender: B }));
    const outcome = await store.push(desk, [...creates, ...forwards], t);
    const bad = outcome.results.find((r) => r.outcome !== 'applied');
    if (outcome.kind !== 'settled' || bad) throw new Error(`filling the hub: ${outcome.kind} ${JSON.stringify(bad)}`);
    const tenth = Math.floor(((from + perBatch) / requestCount) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      say(`  ${Math.min(100, tenth * 10)}% (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
}

async function ensureHub(): Promise<void> {
  if (!values.rebuild && existsSync(master)) return;
  removeDb(master);
  const building = `${master}.building`;
  removeDb(building);
  say(`building a hub with ${requestCount.toLocaleString()} requests (${READERS} readers) in ${master} …`);
  const started = performance.now();
  await fillHub(building);
  renameSync(building, master);
  say(`built in ${Math.round((performance.now() - started) / 1000)} s`);
}

// ---- 2. Runs -----------------------------------------------------------------------------------

interface Run extends DeskFigures {
  pullRowsPerSec: number;
  pullRequestsPerSec: number;
  pushOpsPerSec: number;
  hubChanges: number;
}

function runDesk(job: DeskJob): Promise<DeskFigures> {
  return new Promise((done, fail) => {
    const extra = (process.env.BENCH_DESK_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...extra, '--import', 'tsx', resolve('bench/sync-desk.ts'), JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`the desk process exited with ${code}: ${err.trim()}`));
      else done(JSON.parse(out.trim().split('\n').pop() ?? '') as DeskFigures);
    });
  });
}

async function oneRun(index: number): Promise<Run> {
  removeDb(work);
  copyFileSync(master, work);
  const store: SqliteHubStore = openSqliteHubStore(work);
  const hubChanges = (store.db.prepare('SELECT count(*) AS n FROM changes').get() as { n: number }).n;
  const app = await buildHub({ store, log: () => {} });
  const url = await listen(app, { port: 0, host: '127.0.0.1' });
  const token = newDeskToken();
  const desk = await store.addDesk({ libraryCode: A, name: `bench desk ${index}`, tokenHash: hashDeskToken(token), hubTime: new Date().toISOString() });
  const deskFile = join(benchDir, `desk-work-${requestCount}.sqlite`);
  removeDb(deskFile);
  try {
    const figures = await runDesk({
      file: deskFile,
      conn: { url, token, deskId: desk.deskId },
      libraryCode: A,
      directory: DIRECTORY,
      notes: noteCount,
      ...(pullLimit ? { pullLimit } : {}),
      ...(pushBatch ? { pushBatch } : {}),
    });
    if (figures.requests !== requestCount) throw new Error(`the desk holds ${figures.requests} requests after the pull, not ${requestCount}`);
    if (figures.rejected !== 0) throw new Error(`${figures.rejected} notes were rejected`);
    return {
      ...figures,
      hubChanges,
      pullRowsPerSec: figures.pulledRows / (figures.pullMs / 1000),
      pullRequestsPerSec: figures.requests / (figures.pullMs / 1000),
      pushOpsPerSec: figures.pushedOps / (figures.pushMs / 1000),
    };
  } finally {
    await app.close();
    await store.close();
    removeDb(work);
    removeDb(deskFile);
  }
}

async function main(): Promise<void> {
  await ensureHub();
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await oneRun(i);
    results.push(run);
    say(
      `run ${i + 1}/${runs}: pull ${run.pulledRows.toLocaleString()} rows in ${(run.pullMs / 1000).toFixed(1)} s = ${Math.round(run.pullRowsPerSec).toLocaleString()} rows/s, ` +
        `desk peak RSS ${Math.round(run.pullPeakRssMb)} MB; push ${run.pushedOps.toLocaleString()} ops in ${(run.pushMs / 1000).toFixed(2)} s = ${Math.round(run.pushOpsPerSec).toLocaleString()} ops/s`,
    );
  }

  const median = (pick: (r: Run) => number): number => {
    const sorted = results.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };

  const first = results[0]!;
  const figures = {
    pullRowsPerSec: Math.round(median((r) => r.pullRowsPerSec)),
    pullPeakRssMb: Math.round(median((r) => r.pullPeakRssMb)),
    pushOpsPerSec: Math.round(median((r) => r.pushOpsPerSec)),
    pullRequestsPerSec: Math.round(median((r) => r.pullRequestsPerSec)),
    pullSeconds: Math.round(median((r) => r.pullMs)) / 1000,
    pushSeconds: Math.round(median((r) => r.pushMs)) / 1000,
    pulledRows: first.pulledRows,
    requests: first.requests,
    pushedOps: first.pushedOps,
    deskStartRssMb: Math.round(median((r) => r.startRssMb)),
    noteCommandMs: Math.round((median((r) => r.noteCommandsMs) / noteCount) * 1000) / 1000,
    pullLimit: pullLimit ?? 'default',
    pushBatch: pushBatch ?? 'default',
    runs,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  };

  if (values.json) {
    console.log(JSON.stringify(figures));
  } else {
    const pkg = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const sqliteVersion = (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const row = (what: string, value: string, aim: string) => `| ${what.padEnd(58)} | ${value.padStart(14)} | ${aim.padEnd(16)} |`;
    console.log(`Sync benchmark: ${requestCount.toLocaleString()} requests (${first.pulledRows.toLocaleString()} changes for the desk), ${noteCount.toLocaleString()} ops pushed, medians of ${runs} runs`);
    console.log(`Machine: ${figures.machine}, better-sqlite3 ${pkg.dependencies['better-sqlite3']} (SQLite ${sqliteVersion})`);
    console.log('');
    console.log(`| ${'measure'.padEnd(58)} | ${'median'.padStart(14)} | ${'aim'.padEnd(16)} |`);
    console.log(`|${'-'.repeat(60)}|${'-'.repeat(16)}|${'-'.repeat(18)}|`);
    console.log(row('initial pull into an empty desk, changes applied', `${figures.pullRowsPerSec.toLocaleString()} rows/s`, '≥ 20,000 rows/s'));
    console.log(row('  the same, in requests', `${figures.pullRequestsPerSec.toLocaleString()} req/s`, ''));
    console.log(row('  whole pull', `${figures.pullSeconds.toFixed(1)} s`, ''));
    console.log(row('desk process peak RSS (maxRSS, after the pull)', `${figures.pullPeakRssMb} MB`, ''));
    console.log(row('  its RSS before the pull (Node + tsx + store open)', `${figures.deskStartRssMb} MB`, ''));
    console.log(row(`push of ${noteCount.toLocaleString()} ops (request.note), outbox → hub → settled`, `${figures.pushOpsPerSec.toLocaleString()} ops/s`, '≥ 5,000 ops/s'));
    console.log(row('  one request.note command on the desk (not part of the push)', `${figures.noteCommandMs} ms`, ''));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
