// The boundary every transport goes through (IPC, the browser host): the command name is checked
// against the contract, the input validated by its schema, and any failure returned as data.
import { contract, isCommandName, type CommandName } from '../shared/contract';
import { AppError, zodErrorToAppError, type Result } from '../shared/errors';
import type { DeskContext } from './context';
import { handlers } from './handlers';

export interface DispatchLog {
  error: (message: string, error: unknown) => void;
}

function runHandler<K extends CommandName>(ctx: DeskContext, name: K, input: unknown): unknown {
  const handler = handlers[name] as (ctx: DeskContext, input: unknown) => unknown;
  return handler(ctx, input);
}

export function dispatch(ctx: DeskContext, name: string, rawInput: unknown, log: DispatchLog = console): Result<unknown> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command ${JSON.stringify(name).slice(0, 80)}.` } };
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, error: zodErrorToAppError(parsed.error).toData() };
  try {
    return { ok: true, value: runHandler(ctx, name, parsed.data) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toData() };
    log.error(`command ${name} failed`, error);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'INTERNAL', message: `The desk could not complete ${name}: ${message}` } };
  }
}

export function isCommand(name: CommandName): boolean {
  return contract[name].kind === 'command';
}
