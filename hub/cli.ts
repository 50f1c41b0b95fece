// The hub's command line (DESIGN §5, "Running the hub"):
//   npm run hub -- serve --port 8470 --db hub.sqlite [--host 127.0.0.1]
//   npm run hub -- desk add --db hub.sqlite --library <code> --name <text>   → {"deskId","token"}
//   npm run hub -- demo --db hub.sqlite                                      → the directory and demo readers
//   npm run hub -- config --db hub.sqlite [--subsidy-fen 500]                → the hub's settings, as JSON
//   npm run hub -- statement --db hub.sqlite --month 2026-11 [--force]       → each library's monthly statement
//   npm run hub -- ledger approve --db hub.sqlite --id <entry>               → the center approves a claimed entry
//   npm run hub -- ledger reverse --db hub.sqlite --id <entry> --reason <text> → the center reverses an entry
import { parseArgs } from 'node:util';
import { DEMO_LIBRARIES } from '../main/demo/directory';
import { hashDeskToken, hashPassword, newDeskToken } from './auth';
import { buildHub, listen } from './server';
import { openSqliteHubStore } from './store';

const USAGE = `Usage:
  npm run hub -- serve --port 8470 --db hub.sqlite [--host 127.0.0.1]
  npm run hub -- desk add --db hub.sqlite --library <code> --name <text>
  npm run hub -- demo --db hub.sqlite
  npm run hub -- config --db hub.sqlite [--subsidy-fen <fen>]
  npm run hub -- statement --db hub.sqlite --month <YYYY-MM> [--force]
  npm run hub -- ledger approve --db hub.sqlite --id <entry>
  npm run hub -- ledger reverse --db hub.sqlite --id <entry> --reason <text>`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function options(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>): Record<string, string | undefined> {
  try {
    return parseArgs({ args, options: spec, strict: true }).values as Record<string, string | undefined>;
  } catch (error) {
    return fail((error as Error).message);
  }
}

async function serve(args: string[]): Promise<void> {
  const o = options(args, { port: { type: 'string' }, db: { type: 'string' }, host: { type: 'string' } });
  if (!o.db) fail('--db is required.');
  const port = Number(o.port ?? '8470');
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${o.port}: not a port number.`);
  const store = openSqliteHubStore(o.db);
  const app = await buildHub({ store });
  const address = await listen(app, { port, host: o.host ?? '127.0.0.1' });
  process.stdout.write(`ILL hub listening on ${address} (store ${o.db})\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: closing\n`);
    // Finish the requests in flight, then close the store so the WAL is checkpointed.
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

async function addDesk(args: string[]): Promise<void> {
  const o = options(args, { db: { type: 'string' }, library: { type: 'string' }, name: { type: 'string' } });
  if (!o.db || !o.library || !o.name) fail('--db, --library and --name are required.');
  const store = openSqliteHubStore(o.db);
  try {
    const token = newDeskToken();
    const desk = await store.addDesk({ libraryCode: o.library, name: o.name, tokenHash: hashDeskToken(token), hubTime: new Date().toISOString() });
    process.stdout.write(`${JSON.stringify({ deskId: desk.deskId, token })}\n`);
  } finally {
    await store.close();
  }
}

/** A few readers per library, approved, with passwords printed so a newcomer can log in. */
const DEMO_READER_NAMES = ['王茜', '李明', 'Иван Петров'];

async function demo(args: string[]): Promise<void> {
  const o = options(args, { db: { type: 'string' } });
  if (!o.db) fail('--db is required.');
  const store = openSqliteHubStore(o.db);
  try {
    const now = new Date().toISOString();
    const existing = new Set((await store.listLibraries()).map((l) => l.code));
    for (const lib of DEMO_LIBRARIES) {
      await store.upsertLibrary({ code: lib.code, name: lib.name, shortName: lib.shortName, prefix: lib.prefix, active: true, rules: lib.rules }, now);
    }
    // Readers only for libraries new to this store, so running demo twice adds nobody twice.
    const readers = DEMO_LIBRARIES.filter((lib) => lib.borrows && !existing.has(lib.code)).flatMap((lib) =>
      DEMO_READER_NAMES.map((name, i) => ({
        library: lib.code,
        login: `${lib.prefix.toLowerCase()}reader${i + 1}`,
        password: `demo${lib.code.slice(-3)}${i + 1}`,
        name,
      })),
    );
    // scrypt is slow on purpose; the hashes are computed side by side on libuv's thread pool.
    const hashes = await Promise.all(readers.map((r) => hashPassword(r.password)));
    for (const [i, r] of readers.entries()) {
      const serial = String((i % DEMO_READER_NAMES.length) + 1);
      await store.registerApprovedReader(
        { libraryCode: r.library, login: r.login, name: r.name, cardNumber: `${r.library}${serial.padStart(4, '0')}`, email: `${r.login}@example.edu.cn`, phone: `6228${r.library.slice(-3)}${serial}` },
        hashes[i]!,
        now,
      );
    }
    process.stdout.write(`Loaded ${DEMO_LIBRARIES.length} libraries and ${readers.length} approved demo readers (login password library name):\n`);
    for (const r of readers) process.stdout.write(`${r.login} ${r.password} ${r.library} ${r.name}\n`);
  } finally {
    await store.close();
  }
}

/** Shows the hub's settings; `--subsidy-fen` sets the consortium's subsidy per filled request (works while the hub serves). */
async function config(args: string[]): Promise<void> {
  const o = options(args, { db: { type: 'string' }, 'subsidy-fen': { type: 'string' } });
  if (!o.db) fail('--db is required.');
  const raw = o['subsidy-fen'];
  if (raw !== undefined && !/^\d{1,9}$/.test(raw)) fail(`--subsidy-fen ${raw}: a whole number of fen (500 = 5.00 yuan).`);
  const store = openSqliteHubStore(o.db);
  try {
    if (raw !== undefined) await store.setSubsidyFen(Number(raw), new Date().toISOString());
    process.stdout.write(`${JSON.stringify({ subsidyFen: store.ledger.subsidyFen() })}\n`);
  } finally {
    await store.close();
  }
}

/** Computes, stores and publishes every active library's statement for a month (works while the hub serves). */
async function statement(args: string[]): Promise<void> {
  const o = options(args, { db: { type: 'string' }, month: { type: 'string' }, force: { type: 'boolean' } }) as Record<string, string | boolean | undefined>;
  if (typeof o.db !== 'string' || typeof o.month !== 'string') fail('--db and --month are required.');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(o.month)) fail(`--month ${o.month}: a month YYYY-MM.`);
  const store = openSqliteHubStore(o.db);
  try {
    const runs = await store.computeStatements(o.month, new Date().toISOString(), { force: o.force === true });
    for (const run of runs) {
      const { totals, filledAsLender, filledAsBorrower, lines } = run.data;
      process.stdout.write(
        `${JSON.stringify({ libraryCode: run.libraryCode, outcome: run.outcome, lines: lines.length, filledAsLender, filledAsBorrower, netFen: totals.netFen })}\n`,
      );
    }
    const kept = runs.filter((r) => r.outcome === 'kept').length;
    if (kept > 0) process.stderr.write(`${kept} confirmed statement(s) kept as they were; --force recomputes them.\n`);
  } finally {
    await store.close();
  }
}

/**
 * The consortium's center on the fee ledger (DESIGN §7): approves an entry claimed from a library
 * (or from the consortium) as if its payer had accepted it, or reverses any entry. Prints the
 * entry as it now stands; works while the hub serves.
 */
async function ledger(action: string | undefined, args: string[]): Promise<void> {
  if (action !== 'approve' && action !== 'reverse') fail(`Unknown command: ledger ${action ?? ''}`);
  const o = options(args, { db: { type: 'string' }, id: { type: 'string' }, ...(action === 'reverse' ? { reason: { type: 'string' } } : {}) });
  if (!o.db || !o.id) fail('--db and --id are required.');
  if (action === 'reverse' && !o.reason) fail('--reason is required: say why the center reverses it.');
  const store = openSqliteHubStore(o.db);
  try {
    const now = new Date().toISOString();
    const entry = action === 'approve' ? await store.approveLedgerEntry(o.id, now) : await store.reverseLedgerEntry(o.id, o.reason!, now);
    process.stdout.write(`${JSON.stringify(entry)}\n`);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') return serve(argv.slice(1));
  if (command === 'desk' && sub === 'add') return addDesk(rest);
  if (command === 'demo') return demo(argv.slice(1));
  if (command === 'config') return config(argv.slice(1));
  if (command === 'statement') return statement(argv.slice(1));
  if (command === 'ledger') return ledger(sub, rest);
  fail(`Unknown command: ${argv.join(' ') || '(none)'}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}\n`);
  process.exit(1);
});
