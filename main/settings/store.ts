// Settings are small JSON values by key. The desk's identity lives here: which library this desk
// belongs to, its id at the hub, its name, and the clerk signed in.
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { Db } from '../store/db';
import { prepared } from '../store/prepared';

export const deskIdentitySchema = z.object({
  libraryCode: z.string().regex(/^\d{6}$/),
  deskId: z.string().min(1).max(64),
  deskName: z.string().min(1).max(50),
  clerk: z.string().min(1).max(30),
  profile: z.enum(['demo', 'live']),
});
export type DeskIdentity = z.infer<typeof deskIdentitySchema>;

export function readSetting<T>(db: Db, key: string, schema: z.ZodType<T>): T | undefined {
  // Prepared once: every clerk command reads a setting or two (the idle lock) on the scan path.
  const row = prepared(db, 'SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
  if (!row) return undefined;
  const parsed = schema.safeParse(JSON.parse(row.value_json));
  if (!parsed.success) throw new AppError('INTERNAL', `Setting ${key} in the store is damaged: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
  ).run(key, JSON.stringify(value));
}

export function readDeskIdentity(db: Db): DeskIdentity | undefined {
  return readSetting(db, 'desk', deskIdentitySchema);
}
export function writeDeskIdentity(db: Db, identity: DeskIdentity): void {
  writeSetting(db, 'desk', deskIdentitySchema.parse(identity));
}
