// Every refusal the hub gives, on every call: an HTTP status and `{ code, message, field? }`
// (DESIGN §5). Thrown anywhere below the routes; the server's one error handler writes it.
import type { z } from 'zod';

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra keys for the body (the results of a batch stopped by SEQ_GAP or SEQ_CONFLICT). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HubError';
  }

  body(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }), ...this.extra };
  }
}

/** The first zod issue as `{ field, message }`, the field a dotted path under `prefix`. */
export function firstIssue(error: z.ZodError, prefix = ''): { field: string | undefined; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: prefix || undefined, message: `${prefix || 'input'}: is not valid` };
  // An unexpected key is named as the field it is, so the caller sees which one to drop.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const parts = [...(prefix ? [prefix] : []), ...path.map(String)];
  const field = parts.join('.');
  return { field: field === '' ? undefined : field, message: `${field === '' ? 'input' : field}: ${issue.message}` };
}

export function invalidInput(error: z.ZodError, prefix = ''): HubError {
  const { field, message } = firstIssue(error, prefix);
  return new HubError(400, 'INVALID_INPUT', message, field);
}
