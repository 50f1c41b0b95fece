// The renderer's one door to the desk services. Inside Electron it goes through the preload's
// `illDesk` bridge; in a plain browser it posts to the local host that serves this page. Either
// way a command answers a Result, and a refusal becomes an ApiError the screens can translate.
import type { CommandName, EventName, EventPayload, InputOf, OutputOf } from '../../shared/contract';
import { ERROR_CODES, type AppErrorData, type ErrorCode, type Result } from '../../shared/errors';

export const SECRET_STORAGE_KEY = 'ill-desk-secret';
const SECRET_HEADER = 'X-Desk-Secret';

export class ApiError extends Error implements AppErrorData {
  readonly code: ErrorCode;
  readonly field?: string;
  readonly retryAt?: string;
  /**
   * True when no Result came back at all (the host is down, the answer was not JSON): the screen
   * then says "cannot reach the desk service" rather than blaming the clerk's input.
   */
  readonly transport: boolean;

  constructor(data: AppErrorData, transport = false) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    if (data.field !== undefined) this.field = data.field;
    if (data.retryAt !== undefined) this.retryAt = data.retryAt;
    this.transport = transport;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.field !== undefined) data.field = this.field;
    if (this.retryAt !== undefined) data.retryAt = this.retryAt;
    return data;
  }
}

/** Any thrown value as an ApiError, so every screen handles one error shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: 'INTERNAL', message }, true);
}

// ---- the per-launch secret of the browser host --------------------------------------------------

/**
 * The browser host opens the page as `…/#secret=<hex>`. Keep the secret for this tab only and
 * take it out of the address bar at once, so it is neither bookmarked nor shown on screen.
 */
export function captureSecretFromUrl(): void {
  const hash = window.location.hash.replace(/^#/, '');
  if (hash === '') return;
  const params = new URLSearchParams(hash);
  const secret = params.get('secret');
  if (secret === null) return;
  if (/^[0-9a-f]{1,512}$/i.test(secret)) {
    try {
      window.sessionStorage.setItem(SECRET_STORAGE_KEY, secret);
    } catch {
      // Storage disabled: calls will answer UNAUTHORIZED, which the screen explains.
    }
  }
  params.delete('secret');
  const rest = params.toString();
  const { pathname, search } = window.location;
  window.history.replaceState(window.history.state, '', `${pathname}${search}${rest === '' ? '' : `#${rest}`}`);
}

function storedSecret(): string | null {
  try {
    return window.sessionStorage.getItem(SECRET_STORAGE_KEY);
  } catch {
    return null;
  }
}

let hostSession: Promise<boolean> | null = null;

/**
 * Trades the secret (once, in the header) for the host's session cookie, which the event stream and
 * slip links need: they cannot send headers, and the secret never goes into an address. Resolves
 * to whether the cookie was set; inside Electron there is nothing to do.
 */
export function openHostSession(): Promise<boolean> {
  if (hostSession) return hostSession;
  const secret = window.illDesk ? null : storedSecret();
  if (secret === null) return Promise.resolve(false);
  hostSession = fetch('/api/session', { method: 'POST', headers: { [SECRET_HEADER]: secret }, credentials: 'same-origin', cache: 'no-store' })
    .then((response) => response.ok)
    .catch(() => false)
    .then((ok) => {
      // Refused or unreachable: the next subscriber asks again (the host may be back).
      if (!ok) hostSession = null;
      return ok;
    });
  return hostSession;
}

// ---- transports ------------------------------------------------------------------------------

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function invokeOverIpc(bridge: IllDeskBridge, name: CommandName, input: unknown): Promise<unknown> {
  try {
    return await bridge.invoke(name, input);
  } catch (error) {
    throw new ApiError({ code: 'INTERNAL', message: `The desk process did not answer ${name}: ${describe(error)}` }, true);
  }
}

async function invokeOverHttp(name: CommandName, input: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const secret = storedSecret();
  if (secret !== null) headers[SECRET_HEADER] = secret;
  let response: Response;
  try {
    response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    throw new ApiError({ code: 'INTERNAL', message: `The desk service cannot be reached: ${describe(error)}` }, true);
  }
  // Refusals come with a 4xx status and the same Result body, so the body decides, not the status.
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiError(
      {
        code: response.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL',
        message: `The desk service answered HTTP ${response.status} ${response.statusText} without a result.`,
      },
      true,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Checks the shape of an answer; the value itself is typed by the contract and trusted. */
function asResult(name: CommandName, raw: unknown): Result<unknown> {
  if (isRecord(raw) && raw.ok === true && 'value' in raw) return { ok: true, value: raw.value };
  if (isRecord(raw) && raw.ok === false && isRecord(raw.error)) {
    const { code, message, field, retryAt } = raw.error;
    const text = typeof message === 'string' ? message : `${name} was refused.`;
    const error: AppErrorData = isErrorCode(code)
      ? { code, message: text }
      : { code: 'INTERNAL', message: `${String(code)}: ${text}` };
    if (typeof field === 'string') error.field = field;
    if (typeof retryAt === 'string' && !Number.isNaN(Date.parse(retryAt))) error.retryAt = retryAt;
    return { ok: false, error };
  }
  throw new ApiError({ code: 'INTERNAL', message: `The answer to ${name} is not a result.` }, true);
}

/**
 * Where the browser can open a slip saved as PDF (the browser host serves `<data>/slips` to the
 * page's session cookie); null inside Electron, where the file is on the clerk's own disk and shown
 * by its path.
 */
export function slipPdfUrl(output: string | null): string | null {
  if (window.illDesk || output === null) return null;
  const name = /([A-Za-z0-9-]{1,64}-\d{7}-[A-Za-z]+\.pdf)$/.exec(output)?.[1];
  return name ? `/slips/${name}` : null;
}

/** Runs one command of the contract and returns its value, or throws an ApiError. */
export async function call<K extends CommandName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const bridge = window.illDesk;
  const raw = bridge ? await invokeOverIpc(bridge, name, input) : await invokeOverHttp(name, input);
  const result = asResult(name, raw);
  if (!result.ok) throw new ApiError(result.error);
  // The service built this value for exactly this command; the contract is its type.
  return result.value as OutputOf<K>;
}

// The browser host pushes events as server-sent events; one stream serves every subscriber. It
// opens once the session cookie is set (EventSource sends cookies, never headers).
let eventStream: EventSource | null = null;
let eventStreamOpening = false;
const eventListeners = new Set<{ name: EventName; onMessage: (message: MessageEvent<unknown>) => void }>();

function openEventStream(): void {
  if (eventStream || eventStreamOpening || typeof EventSource === 'undefined') return;
  eventStreamOpening = true;
  void openHostSession().then((ok) => {
    eventStreamOpening = false;
    if (!ok || eventStream || eventListeners.size === 0) return;
    const stream = new EventSource('/api/events');
    for (const { name, onMessage } of eventListeners) stream.addEventListener(name, onMessage);
    eventStream = stream;
  });
}

/** Subscribes to an event from main (IPC in Electron, server-sent events in a browser). */
export function onEvent<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
  const bridge = window.illDesk;
  if (bridge) {
    // Main validates every event against the contract before it sends it.
    return bridge.on(name, (payload) => listener(payload as EventPayload<K>));
  }
  const onMessage = (message: MessageEvent<unknown>) => {
    if (typeof message.data !== 'string') return;
    let payload: unknown;
    try {
      payload = JSON.parse(message.data);
    } catch {
      return;
    }
    listener(payload as EventPayload<K>);
  };
  const subscription = { name, onMessage };
  eventListeners.add(subscription);
  eventStream?.addEventListener(name, onMessage);
  openEventStream();
  return () => {
    eventListeners.delete(subscription);
    eventStream?.removeEventListener(name, onMessage);
    if (eventListeners.size === 0 && eventStream) {
      eventStream.close();
      eventStream = null;
    }
  };
}
