// The boundary every transport goes through (IPC, the browser host): the command name is checked
// against the contract, the input validated by its schema, and any failure returned as data.
import { contract, isCommandName, type CommandName } from '../shared/contract';
import { AppError, zodErrorToAppError, type Result } from '../shared/errors';
import type { DeskContext } from './context';
import { handlers } from './handlers';
import { storeErrorOf } from './store/storeErrors';

export interface DispatchLog {
  error: (message: string, error: unknown) => void;
  /** Events worth a line in the log that are not failures (a login refused for too many attempts). */
  warn?: (message: string) => void;
}

function runHandler<K extends CommandName>(ctx: DeskContext, name: K, input: unknown): unknown {
  const handler = handlers[name] as (ctx: DeskContext, input: unknown) => unknown;
  return handler(ctx, input);
}

function failure(ctx: DeskContext, name: string, error: unknown, log: DispatchLog): Result<unknown> {
  if (error instanceof AppError) return { ok: false, error: error.toData() };
  // A full or read-only disk, an I/O error, a damaged page: the transaction was rolled back.
  const store = storeErrorOf(error, ctx.db.name);
  if (store) {
    log.error(`command ${name} failed on the store`, error);
    return { ok: false, error: store.toData() };
  }
  log.error(`command ${name} failed`, error);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'INTERNAL', message: `The desk could not complete ${name}: ${message}` } };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

type Started = { done: Result<unknown> } | { pending: Promise<unknown>; name: string };

function start(ctx: DeskContext, name: string, rawInput: unknown, log: DispatchLog): Started {
  if (!isCommandName(name)) {
    return { done: { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command ${JSON.stringify(name).slice(0, 80)}.` } } };
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { done: { ok: false, error: zodErrorToAppError(parsed.error).toData() } };
  try {
    const value = runHandler(ctx, name, parsed.data);
    return isPromise(value) ? { pending: value, name } : { done: { ok: true, value } };
  } catch (error) {
    return { done: failure(ctx, name, error, log) };
  }
}

/**
 * Runs a command at once, for the commands that work on the store alone (all but the few that talk
 * to the hub, which answer INTERNAL here: transports use dispatchAsync).
 */
export function dispatch(ctx: DeskContext, name: string, rawInput: unknown, log: DispatchLog = console): Result<unknown> {
  const started = start(ctx, name, rawInput, log);
  if ('done' in started) return started.done;
  started.pending.catch(() => undefined);
  return { ok: false, error: { code: 'INTERNAL', message: `${name} waits for the hub: call it through dispatchAsync.` } };
}

/** Runs any command; the ones that talk to the hub answer when the hub has. */
export async function dispatchAsync(ctx: DeskContext, name: string, rawInput: unknown, log: DispatchLog = console): Promise<Result<unknown>> {
  const started = start(ctx, name, rawInput, log);
  if ('done' in started) return started.done;
  try {
    return { ok: true, value: await started.pending };
  } catch (error) {
    return failure(ctx, name, error, log);
  }
}

export function isCommand(name: CommandName): boolean {
  return contract[name].kind === 'command';
}
