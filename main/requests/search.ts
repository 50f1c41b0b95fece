// Turns what a clerk types into FTS5 queries. Terms of 3+ characters go to the trigram index
// (any substring, any script); 1–2 character terms go to the per-character index as a phrase
// (资源 → "资 源") or, for Latin text, as a word prefix. ISBNs match with or without hyphens.
import { charCount } from '../../shared/validators';
import { spacedForShortIndex } from '../store/db';

export interface SearchClause {
  sql: string;
  params: string[];
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

const ISBN_LIKE = /^[0-9][0-9Xx-]*$/;
const HAS_WIDE = /[\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60]/u;

/** Splits a query into terms; a hyphenated number (978-7-115-16424-7) is one compact term. */
export function searchTerms(q: string): string[] {
  return q
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .map((t) => (ISBN_LIKE.test(t) ? t.replace(/-/g, '').toUpperCase() : t))
    .filter((t) => t.length > 0);
}

/**
 * A `rowid IN (...)` clause for `requests r`, or null when the query has no terms. Without
 * `includeReader` the reader's name is not searched: a lender never learns who asked.
 */
export function searchClause(q: string, includeReader = true): SearchClause | null {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  const long: string[] = [];
  const short: string[] = [];
  for (const term of terms) {
    if (charCount(term) >= 3) long.push(quote(term));
    else if (HAS_WIDE.test(term)) short.push(quote(spacedForShortIndex(term).trim().replace(/\s+/g, ' ')));
    else short.push(`${quote(term)}*`);
  }
  const parts: string[] = [];
  const params: string[] = [];
  if (long.length > 0) {
    parts.push('r.rowid IN (SELECT rowid FROM request_search WHERE request_search MATCH ?)');
    const expr = long.join(' AND ');
    params.push(includeReader ? expr : `{number title author ids} : (${expr})`);
  }
  if (short.length > 0) {
    parts.push('r.rowid IN (SELECT rowid FROM request_search_short WHERE request_search_short MATCH ?)');
    const expr = short.join(' AND ');
    params.push(includeReader ? expr : `{title author} : (${expr})`);
  }
  return { sql: parts.join(' AND '), params };
}
