// Bulk loading an empty store: the secondary indexes of `requests` and `request_events` and the
// search trigger on `requests` are set aside while the rows go in, then the search index is filled
// in one pass and the indexes and triggers are put back exactly as the store defined them (their
// SQL from sqlite_master). The schema ends as it began. Filling the two full-text indexes in one
// pass costs about half of what the trigger costs row by row, and building an index over sorted
// keys costs a fraction of keeping it up to date on every insert.
import type { Db } from '../store/db';

interface SchemaObject {
  name: string;
  sql: string;
}

export interface BulkLoad {
  /** True when the insert triggers are set aside: insert straight into `requests`. */
  readonly triggersSuspended: boolean;
  /** Fills the search index as the triggers would have, for every request. Idempotent. */
  fillSearch(): void;
  /** Rebuilds the indexes and restores the triggers (after fillSearch). Idempotent. */
  restore(): void;
}

const TABLES: readonly string[] = ['requests', 'request_events'];
const FILL_CHUNK = 50_000;

/**
 * The statements of an AFTER INSERT trigger on `requests` as INSERT … SELECT over the table, or
 * undefined when its body is anything but plain `INSERT INTO t (cols) VALUES (exprs);` statements.
 */
export function triggerAsBulkFill(sql: string): string[] | undefined {
  const begin = /\bBEGIN\b/i.exec(sql);
  const end = sql.lastIndexOf('END');
  if (!begin || end < begin.index) return undefined;
  const body = sql.slice(begin.index + begin[0].length, end);
  const statements = body
    .split(/;\s*(?=\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const fills: string[] = [];
  for (const statement of statements) {
    const m = /^INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(([^()]*)\)\s*VALUES\s*\(([\s\S]*)\)$/i.exec(statement);
    if (!m) return undefined;
    const [, table, columns, values] = m as unknown as [string, string, string, string];
    // `new` names the inserted row in the trigger; here it names each row of the table.
    fills.push(`INSERT INTO ${table} (${columns}) SELECT ${values} FROM main.requests AS new WHERE new.rowid > ? AND new.rowid <= ?`);
  }
  return fills.length > 0 ? fills : undefined;
}

/**
 * Sets the indexes of `tables` and (when it can) the insert triggers of `requests` aside. Call on
 * an empty store only.
 */
export function beginBulkLoad(db: Db, tables: readonly string[] = TABLES): BulkLoad {
  const placeholders = tables.map(() => '?').join(', ');
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${placeholders})`)
    .all(...tables) as SchemaObject[];
  const triggers = (
    db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'requests'").all() as SchemaObject[]
  ).filter((t) => /\bAFTER\s+INSERT\s+ON\s+["`[]?requests\b/i.test(t.sql));
  const fills = triggers.map((t) => triggerAsBulkFill(t.sql));
  const suspendTriggers = triggers.length > 0 && fills.every((f) => f !== undefined);
  const fillStatements = suspendTriggers ? fills.flatMap((f) => f ?? []) : [];

  db.transaction(() => {
    for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
    if (suspendTriggers) for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  })();

  let filled = false;
  let restored = false;
  const fillSearch = (): void => {
    if (filled) return;
    filled = true;
    if (fillStatements.length === 0) return;
    const fill = fillStatements.map((sql) => db.prepare(sql));
    const { lo, hi } = db.prepare('SELECT coalesce(min(rowid), 1) - 1 AS lo, coalesce(max(rowid), 0) AS hi FROM requests').get() as {
      lo: number;
      hi: number;
    };
    const chunk = db.transaction((from: number, to: number) => {
      for (const stmt of fill) stmt.run(from, to);
    });
    for (let from = lo; from < hi; from += FILL_CHUNK) chunk(from, Math.min(hi, from + FILL_CHUNK));
  };
  return {
    triggersSuspended: suspendTriggers,
    fillSearch,
    restore(): void {
      if (restored) return;
      fillSearch();
      restored = true;
      db.transaction(() => {
        const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?');
        for (const i of indexes) if (!exists.get('index', i.name)) db.exec(i.sql);
        if (suspendTriggers) for (const t of triggers) if (!exists.get('trigger', t.name)) db.exec(t.sql);
      })();
    },
  };
}
