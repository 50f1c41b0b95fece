// What the full checks found, kept beside the stores (`<data>/store-health.json`) and not inside
// them: a store found damaged cannot be trusted to remember that it is. The next start reads it,
// so a store the background check (or a command) found damaged opens the recovery page instead.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from '../backup/files';

const entrySchema = z.object({ at: z.string(), ok: z.boolean(), message: z.string(), inode: z.number().optional() });
const logSchema = z.record(z.string(), entrySchema);
export type FullCheckEntry = { at: string; ok: boolean; message: string };

function inodeOf(file: string): number | undefined {
  try {
    return statSync(file).ino;
  } catch {
    return undefined;
  }
}

function logFile(storeFile: string): string {
  return join(dirname(storeFile), 'store-health.json');
}

function readLog(storeFile: string): Record<string, z.infer<typeof entrySchema>> {
  try {
    const parsed = logSchema.safeParse(JSON.parse(readFileSync(logFile(storeFile), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The last full check of this store file, if any (not of another file put in its place since). */
export function lastFullCheck(storeFile: string): FullCheckEntry | null {
  const entry = readLog(storeFile)[basename(storeFile)];
  if (!entry) return null;
  if (entry.inode !== undefined && entry.inode !== inodeOf(storeFile)) return null;
  return { at: entry.at, ok: entry.ok, message: entry.message };
}

/** Records a full check's result (or a damage a command ran into); null forgets it (a new file took the name). */
export function recordFullCheck(storeFile: string, entry: FullCheckEntry | null): void {
  const log = readLog(storeFile);
  if (entry === null) delete log[basename(storeFile)];
  else log[basename(storeFile)] = { ...entry, inode: inodeOf(storeFile) };
  try {
    writeDurably(logFile(storeFile), `${JSON.stringify(log, null, 2)}\n`);
  } catch {
    // A full or read-only disk: the alert on the screens still says it; the next check tries again.
  }
}
