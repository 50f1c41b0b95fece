// The browser host: serves the renderer and the contract over HTTP on 127.0.0.1, so the real
// screens run in Chromium against the real services (no Electron binary can be downloaded here).
// It is a door into the clerk's data, so: loopback only, a random per-launch secret on every
// call, and Host/Origin checked so no web page the clerk visits can drive it (DNS rebinding,
// cross-site requests).
//
// The secret never travels in an address (it would stay in the browser's history): the page takes
// it from the fragment, sends it once in X-Desk-Secret to /api/session, and gets a cookie (HttpOnly,
// SameSite=Strict, for /api and /slips only) holding a random session value. The event stream and
// slip links, which cannot send headers, go by that cookie; scripts send the header everywhere.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { EVENT_NAMES, type EventName, type EventPayload } from '../../shared/contract';
import type { AppErrorData, ErrorCode, Result } from '../../shared/errors';
import { PDF_FILE_NAME } from '../printing/printer';
import type { DeskRuntime } from '../runtime';

export interface WebHostOptions {
  desk: Pick<DeskRuntime, 'dispatch' | 'onEvent'>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Where the desk's slips are saved as PDF files: served at /slips/<file> (cookie or header) for the clerk to open and print. */
  slipsDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export interface WebHost {
  port: number;
  secret: string;
  /** The address to open, with the secret in the fragment (never sent over the wire by a browser). */
  url: string;
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_SIGNED_IN: 403,
  SUPERVISOR_ONLY: 403,
  NOT_FOUND: 404,
  UNKNOWN_COMMAND: 404,
  INVALID_TRANSITION: 409,
  LIMIT_EXCEEDED: 409,
  ALREADY_EXISTS: 409,
  CANCEL_WINDOW_PASSED: 409,
  NO_NUMBERS: 409,
  NOT_CONFIGURED: 409,
  HUB_UNREACHABLE: 502,
  HUB_REFUSED: 502,
  DB_TOO_NEW: 500,
  DB_OUTDATED: 500,
  INTERNAL: 500,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOO_MANY_ATTEMPTS: 429,
  STORE_FULL: 507,
  STORE_READONLY: 503,
  STORE_IO: 503,
  STORE_DAMAGED: 503,
  STORE_UNAVAILABLE: 503,
  BACKUP_FAILED: 500,
};
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
};
/** The slips folder's address; only the spooler's file names are served from it (printer.ts PDF_FILE_NAME). */
const SLIP_FILE = /^\/slips\/([^/]+)$/;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: AppErrorData): void {
  sendJson(res, STATUS_OF[error.code], { ok: false, error } satisfies Result<never>);
}

function secretMatches(expected: Buffer, given: string | undefined): boolean {
  if (typeof given !== 'string') return false;
  const buf = Buffer.from(given, 'utf8');
  return buf.length === expected.length && timingSafeEqual(buf, expected);
}

/** One cookie's value from the Cookie header (the first of that name), or undefined. */
function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The paths the session cookie is sent to: nothing else of the page's origin ever sees it. */
const SESSION_COOKIE_PATHS = ['/api', '/slips'] as const;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop keeping the body but let it drain, so the 413 answer reaches the caller.
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { desk, log = () => undefined } = options;
  const rendererDir = resolve(options.rendererDir);
  const secret = randomBytes(32).toString('hex');
  const secretBuf = Buffer.from(secret, 'utf8');
  // What the session cookie holds: not the secret itself, and it opens nothing but this host.
  const sessionBuf = Buffer.from(randomBytes(32).toString('hex'), 'utf8');
  const listeners = new Set<ServerResponse>();
  let port = 0;
  // Cookies do not keep ports apart: two desks on one machine (4781, 4782) each need their own name.
  const cookieName = () => `ill_desk_session_${port}`;

  /** The header (scripts, the page's calls) or the session cookie (the event stream, slip links). */
  function authorized(req: IncomingMessage): boolean {
    return (
      secretMatches(secretBuf, req.headers['x-desk-secret'] as string | undefined) ||
      secretMatches(sessionBuf, cookieValue(req, cookieName()))
    );
  }

  /** The page proved the secret once in the header: it gets the session cookie for /api and /slips. */
  function handleSession(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (!secretMatches(secretBuf, req.headers['x-desk-secret'] as string | undefined)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong desk secret: open the address the desk printed.' });
      return;
    }
    const value = sessionBuf.toString('utf8');
    res.writeHead(204, {
      'Set-Cookie': SESSION_COOKIE_PATHS.map((path) => `${cookieName()}=${value}; Path=${path}; HttpOnly; SameSite=Strict`),
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!authorized(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong desk secret: open the address the desk printed.' });
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      sendError(res, { code: 'INVALID_INPUT', message: 'The body must be JSON (Content-Type: application/json).' });
      return;
    }
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      res.setHeader('Connection', 'close');
      sendJson(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: 'The body is over 1 MB.' } });
      return;
    }
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      sendError(res, { code: 'INVALID_INPUT', message: 'The body is not valid JSON.' });
      return;
    }
    const started = performance.now();
    // The caller's address counts its failed sign-ins (on loopback: every tab of this desk at once).
    const result = await desk.dispatch(name, input, req.socket.remoteAddress === undefined ? {} : { address: req.socket.remoteAddress });
    log(`${name} ${result.ok ? 'ok' : result.error.code} ${(performance.now() - started).toFixed(1)}ms`);
    if (!result.ok) {
      sendError(res, result.error);
      return;
    }
    sendJson(res, 200, result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (!authorized(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong desk secret (or session cookie).' });
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    listeners.add(res);
    req.on('close', () => listeners.delete(res));
  }

  /** A slip's PDF: it names a reader, so it takes the secret (or the session cookie) like every call. */
  function handleSlip(req: IncomingMessage, res: ServerResponse, name: string): void {
    if (!options.slipsDir || !authorized(req)) {
      sendError(res, { code: 'UNAUTHORIZED', message: 'Missing or wrong desk secret (or session cookie).' });
      return;
    }
    serveFile(res, join(resolve(options.slipsDir), name), 'no-store');
  }

  function serveFile(res: ServerResponse, file: string, cache: string): void {
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': cache,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });
    createReadStream(file).pipe(res);
  }

  function handleStatic(res: ServerResponse, pathname: string): void {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad path');
      return;
    }
    const relative = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = normalize(join(rendererDir, relative));
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    serveFile(res, file, file.endsWith('index.html') ? 'no-store' : 'max-age=3600');
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendError(res, { code: 'FORBIDDEN', message: 'Wrong Host header: the desk answers only on 127.0.0.1.' });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      sendError(res, { code: 'FORBIDDEN', message: 'Requests from other sites are refused.' });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      sendError(res, { code: 'INVALID_INPUT', message: 'The request line is not a valid address.' });
      return;
    }
    const guarded = url.pathname.startsWith('/api/') || url.pathname.startsWith('/slips/');
    if (guarded && url.searchParams.has('secret')) {
      // An address ends up in the history, logs and Referer: refused, so no script keeps doing it.
      sendError(res, {
        code: 'INVALID_INPUT',
        message: 'The desk secret is never taken from an address: send it in the X-Desk-Secret header (the page uses its session cookie).',
        field: 'secret',
      });
      return;
    }
    if (url.pathname === '/api/session') return handleSession(req, res);
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      return handleEvents(req, res);
    }
    if (url.pathname.startsWith('/api/')) {
      handleApi(req, res, url.pathname.slice('/api/'.length)).catch((error: unknown) => {
        log(`api failure: ${String(error)}`);
        if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'The desk host failed.' });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const slip = SLIP_FILE.exec(url.pathname);
    if (slip) {
      if (!PDF_FILE_NAME.test(slip[1]!)) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      return handleSlip(req, res, slip[1]!);
    }
    handleStatic(res, url.pathname);
  }

  // Nothing a caller sends may bring the desk down: a fault answers 500 and is logged.
  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (error) {
      log(`request failure: ${String(error)}`);
      if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: 'The desk host failed.' });
      else res.end();
    }
  });

  const host: WebHost = {
    get port() {
      return port;
    },
    secret,
    get url() {
      return `http://127.0.0.1:${port}/#secret=${secret}`;
    },
    emit(name, payload) {
      if (!EVENT_NAMES.includes(name)) return;
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of listeners) res.write(frame);
    },
    close() {
      unsubscribe();
      for (const res of listeners) res.end();
      listeners.clear();
      // An open page keeps its connections alive (and its event stream reconnects): close them too,
      // or the host would wait for the browser to let go.
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      return closed;
    },
  };

  const unsubscribe = desk.onEvent((name, payload) => host.emit(name, payload));

  return new Promise((resolveHost, reject) => {
    server.once('error', (error) => {
      unsubscribe();
      reject(error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolveHost(host);
    });
  });
}
