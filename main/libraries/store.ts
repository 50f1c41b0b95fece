import { resolveRules, type LibraryRules } from '../../shared/rules';
import type { Library } from '../../shared/types';
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';

interface LibraryRow {
  code: string;
  name: string;
  short_name: string;
  prefix: string;
  active: number;
  rules_json: string;
}

// Rules are read on every scan (due dates, pick-up dates) and change about never: resolve each
// stored JSON text once. A library's new rules are new text, so nothing stale is ever returned.
const resolvedRules = new Map<string, LibraryRules>();
/** Stored (or synced) rules text; anything unreadable counts as "no overrides". */
function parseRulesJson(json: string | null): Partial<LibraryRules> | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as Partial<LibraryRules>;
  } catch {
    return null;
  }
}

function rulesFromJson(json: string | null): LibraryRules {
  const key = json ?? '';
  let rules = resolvedRules.get(key);
  if (!rules) {
    rules = Object.freeze(resolveRules(parseRulesJson(json)));
    if (resolvedRules.size > 500) resolvedRules.clear();
    resolvedRules.set(key, rules);
  }
  return rules;
}

function rowToLibrary(row: LibraryRow): Library {
  return {
    code: row.code,
    name: row.name,
    shortName: row.short_name,
    prefix: row.prefix,
    active: row.active === 1,
    rules: rulesFromJson(row.rules_json),
  };
}

export function listLibraries(db: Db): Library[] {
  return (prepared(db, 'SELECT * FROM libraries ORDER BY code').all() as LibraryRow[]).map(rowToLibrary);
}

export function getLibrary(db: Db, code: string): Library | undefined {
  const row = prepared(db, 'SELECT * FROM libraries WHERE code = ?').get(code) as LibraryRow | undefined;
  return row ? rowToLibrary(row) : undefined;
}

/** A library's rules, defaults where it set none (or where the library is unknown). */
export function rulesOf(db: Db, code: string | null): LibraryRules {
  if (!code) return rulesFromJson(null);
  const row = prepared(db, 'SELECT rules_json FROM libraries WHERE code = ?').get(code) as { rules_json: string } | undefined;
  return rulesFromJson(row?.rules_json ?? null);
}

export function saveRulesOverrides(db: Db, code: string, overrides: Partial<LibraryRules>, now: string): void {
  prepared(db, 'UPDATE libraries SET rules_json = ?, updated_at = ? WHERE code = ?').run(JSON.stringify(overrides), now, code);
}

export function upsertLibrary(db: Db, library: Omit<Library, 'rules'> & { rules: Partial<LibraryRules> }, now: string): void {
  prepared(
    db,
    `INSERT INTO libraries (code, name, short_name, prefix, active, rules_json, updated_at)
     VALUES (@code, @name, @shortName, @prefix, @active, @rules, @now)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, prefix = excluded.prefix,
       active = excluded.active, rules_json = excluded.rules_json, updated_at = excluded.updated_at`,
  ).run({ ...library, active: library.active ? 1 : 0, rules: JSON.stringify(library.rules), now });
}
