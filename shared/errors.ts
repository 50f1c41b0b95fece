// Errors cross every boundary (IPC, the browser host, later the hub) as data with a stable code;
// the renderer turns the code into words in the clerk's language.
import type { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'INVALID_TRANSITION',
  'LIMIT_EXCEEDED',
  'ALREADY_EXISTS',
  'CANCEL_WINDOW_PASSED',
  'NO_NUMBERS',
  'UNKNOWN_COMMAND',
  'DB_TOO_NEW',
  'DB_OUTDATED',
  'UNAUTHORIZED',
  'NOT_CONFIGURED',
  'HUB_UNREACHABLE',
  'HUB_REFUSED',
  'NOT_SIGNED_IN',
  'SUPERVISOR_ONLY',
  'INTERNAL',
  'PASSWORD_CHANGE_REQUIRED',
  'TOO_MANY_ATTEMPTS',
  // The store's disk or file (issue 12): refused with nothing written, the file named.
  'STORE_FULL',
  'STORE_READONLY',
  'STORE_IO',
  'STORE_DAMAGED',
  'STORE_UNAVAILABLE',
  'BACKUP_FAILED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** The input field the error is about, as a dotted path (`isbn`, `requestIds.2`). */
  field?: string;
  /** When a refusal for too many attempts ends (ISO-8601 UTC), for the screen to say in local time. */
  retryAt?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly retryAt?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.retryAt !== undefined) data.retryAt = this.retryAt;
    return data;
  }
}

/** The first zod issue as an INVALID_INPUT error that names the field and the rule. */
export function zodErrorToAppError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError('INVALID_INPUT', 'The input is not valid.');
  // An unexpected key is named as the field it is, so the caller sees which one to drop.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.map(String).join('.');
  const where = field === '' ? 'input' : field;
  return new AppError('INVALID_INPUT', `${where}: ${issue.message}`, field === '' ? undefined : field);
}
