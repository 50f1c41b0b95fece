// `npm run bench:store [-- --requests N] [--json] [--rebuild]`: the store on a big library.
// A benchmark, not a test: it prints medians and p99s, and the check-in service against the same
// SQL run raw with prepared statements, measured side by side (interleaved) in one run.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deskContext } from '../main/context';
import { generateDemo } from '../main/demo/generate';
import { dispatch } from '../main/dispatch';
import { openStore } from '../main/store/db';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../main/store/migrations';
import { round, summarize, time, type Summary } from './stats';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    json: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    checkins: { type: 'string', default: '1000' },
  },
});
const requestCount = Number(values.requests);
const checkIns = Number(values.checkins);
const say = (line: string) => {
  if (!values.json) console.error(line);
};

const benchDir = resolve('.bench');
mkdirSync(benchDir, { recursive: true });
// The cached store is rebuilt whenever the schema or the generator changes.
const buildKey = createHash('sha256')
  .update(MIGRATIONS.map((m) => String(m.up)).join('\n'))
  .update(generateDemo.toString())
  .digest('hex')
  .slice(0, 10);
const master = join(benchDir, `store-${requestCount}-v${LATEST_SCHEMA_VERSION}-${buildKey}.sqlite`);
const work = join(benchDir, `work-${requestCount}.sqlite`);

function removeStore(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

// 1. The big store, built once and copied for each run (check-ins change it).
if (values.rebuild || !existsSync(master)) {
  removeStore(master);
  say(`building a ${requestCount.toLocaleString()}-request store in ${master} …`);
  const db = openStore(master);
  const started = performance.now();
  let lastTenth = -1;
  generateDemo(db, {
    requests: requestCount,
    readers: Math.max(200, Math.round(requestCount / 50)),
    seed: 2026,
    onProgress: (done, total) => {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        say(`  ${tenth * 10}% (${Math.round((performance.now() - started) / 1000)} s)`);
      }
    },
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('optimize');
  db.close();
  say(`built in ${Math.round((performance.now() - started) / 1000)} s`);
}
removeStore(work);
copyFileSync(master, work);

// 2. Cold open + migration check + first queue page, each in a fresh process.
const coldSamples: number[] = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', resolve('bench/cold-open.ts'), work], { encoding: 'utf8' });
  coldSamples.push(Number(out.trim()));
}
const cold = summarize(coldSamples);

const db = openStore(work);
const ctx = deskContext(db);
const ours = ctx.libraryCode;

// 3. Check-in: the service (boundary validation, transaction with record + event + outbox, the
// detail it returns) against the same statements run raw, interleaved one for one.
const shipped = db
  .prepare("SELECT id FROM requests WHERE status = 'SHIPPED' AND borrower_code = ? ORDER BY random() LIMIT ?")
  .all(ours, checkIns * 2) as { id: string }[];
if (shipped.length < 20) throw new Error(`only ${shipped.length} SHIPPED requests to check in`);
const raw = {
  select: db.prepare('SELECT * FROM requests WHERE id = ?'),
  freeSlot: db.prepare('SELECT slot FROM hold_shelf WHERE request_id IS NULL ORDER BY slot LIMIT 1'),
  nextSlot: db.prepare('SELECT coalesce(max(slot), 0) + 1 AS slot FROM hold_shelf'),
  takeSlot: db.prepare('UPDATE hold_shelf SET request_id = ?, assigned_at = ? WHERE slot = ?'),
  addSlot: db.prepare('INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, ?, ?)'),
  update: db.prepare(
    `UPDATE requests SET status = 'ON_HOLD', updated_at = ?, version = version + 1, status_at = ?, checked_in_at = ?, hold_slot = ?
     WHERE id = ? AND version = ?`,
  ),
  event: db.prepare(
    `INSERT INTO request_events (request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, detail_json)
     VALUES (?, 'request.checkIn', 'SHIPPED', 'ON_HOLD', ?, ?, ?, ?, ?)`,
  ),
  outbox: db.prepare(
    `INSERT INTO outbox (op_id, type, entity_id, base_version, client_time, payload_json) VALUES (?, 'request.checkIn', ?, ?, ?, ?)`,
  ),
};
const rawCheckIn = db.transaction((id: string) => {
  const row = raw.select.get(id) as { version: number };
  const now = new Date().toISOString();
  const free = raw.freeSlot.get() as { slot: number } | undefined;
  let slot: number;
  if (free) {
    slot = free.slot;
    raw.takeSlot.run(id, now, slot);
  } else {
    slot = (raw.nextSlot.get() as { slot: number }).slot;
    raw.addSlot.run(slot, id, now);
  }
  raw.update.run(now, now, now, String(slot), id, row.version);
  raw.event.run(id, ctx.clerk, ctx.deskId, ours, now, JSON.stringify({ holdSlot: String(slot) }));
  raw.outbox.run(randomUUID(), id, row.version, now, JSON.stringify({ holdSlot: String(slot) }));
});
const serviceSamples: number[] = [];
const rawSamples: number[] = [];
const pairs = Math.floor(shipped.length / 2);
for (let i = 0; i < pairs; i++) {
  const a = shipped[2 * i]!.id;
  const b = shipped[2 * i + 1]!.id;
  const service = () => {
    const result = dispatch(ctx, 'request.checkIn', { scan: a });
    if (!result.ok) throw new Error(result.error.message);
  };
  // Alternate which goes first so neither always meets a warmer cache.
  if (i % 2 === 0) {
    serviceSamples.push(time(service));
    rawSamples.push(time(() => rawCheckIn(b)));
  } else {
    rawSamples.push(time(() => rawCheckIn(b)));
    serviceSamples.push(time(service));
  }
}
const checkIn = summarize(serviceSamples);
const rawCheck = summarize(rawSamples);

// 4. Queue pages: filter + sort + 100 rows (with the total for the scroll bar).
const queueQueries = [
  { side: 'borrowing', statuses: ['LOANED', 'RECALLED'], sort: 'dueDate', order: 'asc' },
  { side: 'borrowing', sort: 'createdAt', order: 'desc' },
  { side: 'lending', statuses: ['SENT', 'ACCEPTED'], sort: 'createdAt', order: 'asc' },
  { side: 'all', statuses: ['SHIPPED'], sort: 'statusAt', order: 'desc' },
  { side: 'borrowing', statuses: ['ON_HOLD'], sort: 'statusAt', order: 'desc', offset: 100 },
] as const;
const queueSamples: number[] = [];
for (let round = 0; round < 40; round++) {
  for (const q of queueQueries) {
    queueSamples.push(
      time(() => {
        const result = dispatch(ctx, 'queue.list', { ...q, limit: 100 });
        if (!result.ok) throw new Error(result.error.message);
      }),
    );
  }
}
const queuePage = summarize(queueSamples);

// 5. Search, first page of 100: specific substrings (a title word, an author, an ISBN, a reader)
// are what a clerk types; broad ones (one or two common characters) are timed apart.
const specificSearches = ['资源共享', '高等数学', '联盟实现机制', '信息检索', '网络环境下', 'Java', '978-7-115-16424-7', '王茜', 'словарь'];
const broadSearches = ['图书馆', '数字', '资源', '学', '通信原理'];
const searchRows: Record<string, string> = {};
function timeSearches(queries: string[], rounds: number): number[] {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      samples.push(
        time(() => {
          const result = dispatch(ctx, 'queue.list', { q, limit: 100 });
          if (!result.ok) throw new Error(result.error.message);
          const page = result.value as { total: number; totalIsExact: boolean };
          searchRows[q] = `${page.total}${page.totalIsExact ? '' : '+'}`;
        }),
      );
    }
  }
  return samples;
}
const searchSamples = timeSearches(specificSearches, 12);
const broadSearch = summarize(timeSearches(broadSearches, 6));
const search = summarize(searchSamples);
db.close();
removeStore(work);

const figures = {
  requests: requestCount,
  checkInMedianMs: round(checkIn.medianMs),
  checkInP99Ms: round(checkIn.p99Ms),
  checkInRawMedianMs: round(rawCheck.medianMs),
  checkInRawRatio: round(checkIn.medianMs / rawCheck.medianMs, 2),
  queuePageMedianMs: round(queuePage.medianMs),
  queuePageP99Ms: round(queuePage.p99Ms),
  searchMedianMs: round(search.medianMs),
  searchP99Ms: round(search.p99Ms),
  broadSearchMedianMs: round(broadSearch.medianMs),
  coldOpenMs: round(cold.medianMs, 1),
  storeMb: Math.round(statSync(master).size / 1e6),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
};

if (values.json) {
  console.log(JSON.stringify(figures));
} else {
  const row = (what: string, s: Summary, aim: string) =>
    `| ${what.padEnd(44)} | ${s.medianMs.toFixed(3).padStart(9)} | ${s.p99Ms.toFixed(3).padStart(9)} | ${String(s.n).padStart(6)} | ${aim.padEnd(12)} |`;
  console.log(`Store benchmark: ${requestCount.toLocaleString()} requests, ${figures.storeMb} MB, schema v${LATEST_SCHEMA_VERSION}`);
  console.log(`Machine: ${figures.machine}`);
  console.log('');
  console.log(`| ${'measure'.padEnd(44)} | median ms | p99 ms    | n      | aim          |`);
  console.log(`|${'-'.repeat(46)}|-----------|-----------|--------|--------------|`);
  console.log(row('check-in service (record + event + outbox)', checkIn, '≤ 1 ms'));
  console.log(row('check-in, same SQL raw (prepared statements)', rawCheck, ''));
  console.log(row('queue page (filter + sort + 100 rows + total)', queuePage, '≤ 10 ms'));
  console.log(row('search, specific substrings (Chinese, ISBN…)', search, '≤ 30 ms'));
  console.log(row('search, broad (学, 数字, 图书馆 …)', broadSearch, ''));
  console.log(row('cold open + migrations check + first page', cold, '≤ 300 ms'));
  console.log('');
  console.log(`check-in service / raw SQL (medians): ${figures.checkInRawRatio}× (aim ≤ 3×)`);
  console.log(`search matches: ${Object.entries(searchRows).map(([q, n]) => `${q}=${n}`).join(', ')}`);
}
