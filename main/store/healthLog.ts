// What the full checks found, kept beside the stores (`<data>/store-health.json`) and not inside
// them: a store found damaged cannot be trusted to remember that it is. The next start reads it,
// so a store the background check (or a command) found damaged opens the recovery page instead.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { writeDurably } from '../backup/files';

const entrySchema = z.object({ at: z.string(), ok: z.boolean(), message: z.string() });
const logSchema = z.record(z.string(), entrySchema);
export type FullCheckEntry = z.infer<typeof entrySchema>;

function logFile(storeFile: string): string {
  return join(dirname(storeFile), 'store-health.json');
}

function readLog(storeFile: string): Record<string, FullCheckEntry> {
  try {
    const parsed = logSchema.safeParse(JSON.parse(readFileSync(logFile(storeFile), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The last full check of this store file, if any. */
export function lastFullCheck(storeFile: string): FullCheckEntry | null {
  return readLog(storeFile)[basename(storeFile)] ?? null;
}

/** Records a full check's result (or a damage a command ran into); null forgets it (a new file took the name). */
export function recordFullCheck(storeFile: string, entry: FullCheckEntry | null): void {
  const log = readLog(storeFile);
  if (entry === null) delete log[basename(storeFile)];
  else log[basename(storeFile)] = entry;
  try {
    writeDurably(logFile(storeFile), `${JSON.stringify(log, null, 2)}\n`);
  } catch {
    // A full or read-only disk: the alert on the screens still says it; the next check tries again.
  }
}
