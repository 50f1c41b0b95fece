// `npm run demo -- --db <file> [--requests N] [--readers N] [--seed N] [--now ISO]`: writes the demo
// into a new store file. Refuses a store that already holds data. Prints progress every 10% for
// big runs (to stderr) and a JSON summary at the end (to stdout).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { openStore } from '../store/db';
import { DEFAULT_DEMO_NOW, DEFAULT_DEMO_SEED, generateDemo, isEmptyStore } from './generate';

const USAGE = 'usage: npm run demo -- --db <file> [--requests N] [--readers N] [--seed N] [--now ISO-instant]';

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number ≥ 0, not ${value}\n${USAGE}`);
  return n;
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        requests: { type: 'string' },
        readers: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.db) fail(`--db is required\n${USAGE}`);
  const requests = wholeNumber('requests', values.requests, 2000);
  const readers = wholeNumber('readers', values.readers, 200);
  const seed = wholeNumber('seed', values.seed, DEFAULT_DEMO_SEED);
  const now = values.now ?? DEFAULT_DEMO_NOW;
  if (Number.isNaN(Date.parse(now))) fail(`--now must be an ISO instant such as ${DEFAULT_DEMO_NOW}, not ${now}`);

  const file = resolve(values.db);
  mkdirSync(dirname(file), { recursive: true });
  const db = openStore(file);
  try {
    if (!isEmptyStore(db)) {
      console.error(
        `${file} already holds data (a desk identity, libraries, readers or requests). ` +
          'The demo is only written into a new, empty store: choose another --db file or delete this one.',
      );
      process.exitCode = 1;
      return;
    }
    const started = performance.now();
    const big = requests >= 20_000;
    let nextTenth = 1;
    const summary = generateDemo(db, {
      requests,
      readers,
      seed,
      now,
      // Big runs write the event log from a worker thread on the second core.
      parallel: big,
      onStage: (stage) => {
        if (big) console.error(`demo: ${stage} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      },
      onProgress: (done, total) => {
        if (!big || total === 0) return;
        while (nextTenth <= 10 && done * 10 >= total * nextTenth) {
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          console.error(`demo: ${nextTenth * 10}% (${done.toLocaleString('en')} of ${total.toLocaleString('en')} requests, ${seconds} s)`);
          nextTenth++;
        }
      },
    });
    const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const byStatus = Object.fromEntries(
      (db.prepare('SELECT status, count(*) AS n FROM requests GROUP BY status ORDER BY status').all() as { status: string; n: number }[]).map(
        (r) => [r.status, r.n],
      ),
    );
    console.log(
      JSON.stringify(
        {
          db: file,
          seed,
          now,
          ...summary,
          events: count('SELECT count(*) AS n FROM request_events'),
          borrowing: count("SELECT count(*) AS n FROM requests WHERE borrower_code = '211130'"),
          lending: count("SELECT count(*) AS n FROM requests WHERE lender_code = '211130' AND borrower_code <> '211130'"),
          unusedNumbers: count('SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL'),
          byStatus,
          seconds,
        },
        null,
        2,
      ),
    );
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(`demo: ${error.message}`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}

main();
