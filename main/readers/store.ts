import type { Reader, ReaderDetail, ReaderStatus } from '../../shared/types';
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';

export interface ReaderRow {
  id: string;
  library_code: string;
  login: string;
  name: string;
  card_number: string;
  email: string;
  phone: string;
  id_type: string | null;
  gender: string | null;
  department: string | null;
  birth_date: string | null;
  title: string | null;
  education: string | null;
  postal_code: string | null;
  address: string | null;
  remark: string | null;
  status: ReaderStatus;
  reject_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export function rowToReader(row: ReaderRow): Reader {
  return {
    id: row.id,
    libraryCode: row.library_code,
    login: row.login,
    name: row.name,
    cardNumber: row.card_number,
    email: row.email,
    phone: row.phone,
    department: row.department,
    status: row.status,
    createdAt: row.created_at,
  };
}

export function getReaderRow(db: Db, id: string): ReaderRow | undefined {
  return prepared(db, 'SELECT * FROM readers WHERE id = ?').get(id) as ReaderRow | undefined;
}

export function getReader(db: Db, id: string): Reader | undefined {
  const row = getReaderRow(db, id);
  return row ? rowToReader(row) : undefined;
}

export function rowToReaderDetail(row: ReaderRow, openRequestCount: number, maxOpen: number): ReaderDetail {
  return {
    ...rowToReader(row),
    idType: row.id_type,
    gender: row.gender,
    birthDate: row.birth_date,
    title: row.title,
    education: row.education,
    postalCode: row.postal_code,
    address: row.address,
    remark: row.remark,
    openRequestCount,
    mayRequestMore: Math.max(0, maxOpen - openRequestCount),
  };
}

/** Readers of one library by name, login or card number (a card scan is an exact hit first). */
export function searchReaders(
  db: Db,
  libraryCode: string,
  query: { q: string; status?: ReaderStatus | undefined; limit: number },
): Reader[] {
  const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = prepared(
    db,
    `SELECT * FROM readers
     WHERE library_code = @libraryCode
       AND (@status IS NULL OR status = @status)
       AND (@q = '' OR card_number = @q OR login = @q OR name LIKE @like ESCAPE '\\' OR login LIKE @like ESCAPE '\\'
            OR card_number LIKE @like ESCAPE '\\')
     ORDER BY (card_number = @q OR login = @q) DESC, status = 'PENDING' DESC, name
     LIMIT @limit`,
  ).all({ libraryCode, status: query.status ?? null, q: query.q, like, limit: query.limit }) as ReaderRow[];
  return rows.map(rowToReader);
}
