// Clerk accounts of this desk's store. The desk's clerks are people at this library's counter;
// their accounts never go to the hub (each event carries the clerk's login, which does).
import type { ParsedInputOf } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { Clerk, ClerkRole } from '../../shared/types';
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';
import { readSetting, writeSetting } from '../settings/store';
import { z } from 'zod';
import { hashPassword, verifyPassword } from './passwords';

interface ClerkRow {
  login: string;
  name: string;
  role: ClerkRole;
  password_hash: string;
  active: number;
  created_at: string;
}

function toClerk(row: ClerkRow): Clerk {
  return { login: row.login, name: row.name, role: row.role, active: row.active === 1, createdAt: row.created_at };
}

export const DEFAULT_LOCK_AFTER_MINUTES = 15;

const lockMinutesSchema = z.number().int().min(1).max(240);

export function lockAfterMinutes(db: Db): number {
  return readSetting(db, 'clerk.lockAfterMinutes', lockMinutesSchema) ?? DEFAULT_LOCK_AFTER_MINUTES;
}

export function setLockAfterMinutes(db: Db, minutes: number): void {
  writeSetting(db, 'clerk.lockAfterMinutes', minutes);
}

export function clerkCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM clerks').get() as { n: number }).n;
}

export function listClerks(db: Db): Clerk[] {
  return (db.prepare('SELECT * FROM clerks ORDER BY active DESC, role DESC, login').all() as ClerkRow[]).map(toClerk);
}

function findRow(db: Db, login: string): ClerkRow | undefined {
  // Logins are matched without regard to case: 'Wang' and 'wang' are one clerk.
  return prepared(db, 'SELECT * FROM clerks WHERE login = ? COLLATE NOCASE').get(login) as ClerkRow | undefined;
}

export function getClerk(db: Db, login: string): Clerk | undefined {
  const row = findRow(db, login);
  return row ? toClerk(row) : undefined;
}

export function createClerk(db: Db, input: ParsedInputOf<'clerk.create'>, by: string | null, now: string): Clerk {
  return db.transaction(() => {
    if (findRow(db, input.login)) throw new AppError('ALREADY_EXISTS', `A clerk with login ${input.login} already exists.`, 'login');
    db.prepare(
      `INSERT INTO clerks (login, name, role, password_hash, active, created_at, created_by, password_set_at)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
    ).run(input.login, input.name, input.role, hashPassword(input.password), now, by, now);
    return getClerk(db, input.login)!;
  }).immediate();
}

export function updateClerk(db: Db, input: ParsedInputOf<'clerk.update'>, by: string, now: string): Clerk {
  return db.transaction(() => {
    const row = findRow(db, input.login);
    if (!row) throw new AppError('NOT_FOUND', `No clerk has the login ${input.login}.`, 'login');
    const demoted = input.role === 'clerk' || input.active === false;
    if (demoted && row.role === 'supervisor' && row.active === 1) {
      const others = (
        db.prepare("SELECT count(*) AS n FROM clerks WHERE role = 'supervisor' AND active = 1 AND login <> ?").get(row.login) as { n: number }
      ).n;
      if (others === 0) {
        throw new AppError('INVALID_INPUT', 'The desk needs at least one active supervisor: make another clerk a supervisor first.', input.role ? 'role' : 'active');
      }
    }
    if (input.active === false && row.login.toLowerCase() === by.toLowerCase()) {
      throw new AppError('INVALID_INPUT', 'A clerk cannot switch off their own account while signed in.', 'active');
    }
    db.prepare(
      `UPDATE clerks SET name = coalesce(?, name), role = coalesce(?, role), active = coalesce(?, active),
         password_hash = coalesce(?, password_hash), password_set_at = CASE WHEN ? IS NULL THEN password_set_at ELSE ? END
       WHERE login = ?`,
    ).run(
      input.name ?? null,
      input.role ?? null,
      input.active === undefined ? null : input.active ? 1 : 0,
      input.password === undefined ? null : hashPassword(input.password),
      input.password ?? null,
      now,
      row.login,
    );
    return getClerk(db, row.login)!;
  }).immediate();
}

/** The clerk whose login and password match, if the account is active. One answer for every failure. */
export function authenticate(db: Db, login: string, password: string): Clerk {
  const row = findRow(db, login);
  // A login that does not exist still costs one hash, so timing does not tell which logins exist.
  const ok = row ? verifyPassword(password, row.password_hash) : (verifyPassword(password, dummyHash()), false);
  if (!row || !ok || row.active !== 1) {
    throw new AppError('INVALID_INPUT', 'The login or the password is wrong, or the account is switched off.', 'password');
  }
  return toClerk(row);
}

let dummy: string | undefined;
function dummyHash(): string {
  return (dummy ??= hashPassword('not a real password'));
}
