// Search over number, title, author, ISBN/ISSN and reader name that finds substrings in any
// script. FTS5's trigram tokenizer answers queries of 3+ characters; 1–2 character queries (常见
// for Chinese: 资源, 图) go to a second index where every CJK character is its own token, so a
// two-character query is a two-token phrase. Both are contentless: the text lives in `requests`.
// `ill_spaced()` is registered on every connection by openStore().
import type { Migration } from './types';

const readerText = (r: string) =>
  `trim(coalesce((SELECT name FROM readers WHERE id = ${r}.reader_id), '') || ' ' || coalesce(${r}.recipient_name, ''))`;
const idText = (r: string) =>
  `trim(coalesce(upper(replace(replace(${r}.isbn, '-', ''), ' ', '')), '') || ' ' || coalesce(upper(replace(replace(${r}.issn, '-', ''), ' ', '')), ''))`;

const insertLong = (r: string) => `
  INSERT INTO request_search (rowid, number, title, author, ids, reader)
  VALUES (${r}.rowid, ${r}.id, ${r}.title, coalesce(${r}.author, ''), ${idText(r)}, ${readerText(r)});`;
const insertShort = (r: string) => `
  INSERT INTO request_search_short (rowid, title, author, reader)
  VALUES (${r}.rowid, ill_spaced(${r}.title), ill_spaced(coalesce(${r}.author, '')), ill_spaced(${readerText(r)}));`;

export const migration0002: Migration = {
  version: 2,
  name: 'search',
  up: `
CREATE VIRTUAL TABLE request_search USING fts5(
  number, title, author, ids, reader,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE VIRTUAL TABLE request_search_short USING fts5(
  title, author, reader,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO request_search (rowid, number, title, author, ids, reader)
  SELECT r.rowid, r.id, r.title, coalesce(r.author, ''), ${idText('r')}, ${readerText('r')} FROM requests r;
INSERT INTO request_search_short (rowid, title, author, reader)
  SELECT r.rowid, ill_spaced(r.title), ill_spaced(coalesce(r.author, '')), ill_spaced(${readerText('r')}) FROM requests r;

CREATE TRIGGER requests_search_insert AFTER INSERT ON requests BEGIN
  ${insertLong('new')}
  ${insertShort('new')}
END;

CREATE TRIGGER requests_search_update
AFTER UPDATE OF id, title, author, isbn, issn, reader_id, recipient_name ON requests BEGIN
  DELETE FROM request_search WHERE rowid = old.rowid;
  DELETE FROM request_search_short WHERE rowid = old.rowid;
  ${insertLong('new')}
  ${insertShort('new')}
END;

CREATE TRIGGER requests_search_delete AFTER DELETE ON requests BEGIN
  DELETE FROM request_search WHERE rowid = old.rowid;
  DELETE FROM request_search_short WHERE rowid = old.rowid;
END;

CREATE TRIGGER readers_search_rename AFTER UPDATE OF name ON readers BEGIN
  DELETE FROM request_search WHERE rowid IN (SELECT rowid FROM requests WHERE reader_id = new.id);
  DELETE FROM request_search_short WHERE rowid IN (SELECT rowid FROM requests WHERE reader_id = new.id);
  INSERT INTO request_search (rowid, number, title, author, ids, reader)
    SELECT r.rowid, r.id, r.title, coalesce(r.author, ''), ${idText('r')}, ${readerText('r')} FROM requests r WHERE r.reader_id = new.id;
  INSERT INTO request_search_short (rowid, title, author, reader)
    SELECT r.rowid, ill_spaced(r.title), ill_spaced(coalesce(r.author, '')), ill_spaced(${readerText('r')}) FROM requests r WHERE r.reader_id = new.id;
END;
`,
};
