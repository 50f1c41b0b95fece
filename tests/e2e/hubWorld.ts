// A hub on 127.0.0.1 with 北邮 and 北航, and desks served by the browser host, each in its own
// folder with a small demo store and the demo supervisor signed in: for the e2e tests that need
// two libraries (sync, whole loops). Connected, a desk signs in as its library's own supervisor.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { test as base } from '@playwright/test';
import { hashDeskToken, newDeskToken } from '../../hub/auth';
import { buildHub, listen } from '../../hub/server';
import { openSqliteHubStore, type SqliteHubStore } from '../../hub/store';
import { startWebHost, type WebHost } from '../../main/host/server';
import { DeskRuntime } from '../../main/runtime';
import { DEMO_CLERK_PASSWORD } from '../../shared/shippedPasswords';

export interface Setup {
  hubUrl: string;
  store: SqliteHubStore;
  app: FastifyInstance;
  desks: { runtime: DeskRuntime; host: WebHost }[];
  dir: string;
}

export const test = base.extend<{ setup: Setup }>({
  setup: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'ill-e2e-sync-'));
      const store = openSqliteHubStore(join(dir, 'hub.sqlite'));
      const t = new Date().toISOString();
      await store.upsertLibrary({ code: '211130', name: '北京邮电大学', shortName: '北邮', prefix: 'BY', active: true, rules: {} }, t);
      await store.upsertLibrary({ code: '211060', name: '北京航空航天大学', shortName: '北航', prefix: 'BH', active: true, rules: {} }, t);
      const app = await buildHub({ store, log: () => undefined });
      const hubUrl = await listen(app, { port: 0, host: '127.0.0.1' });
      const setup: Setup = { hubUrl, store, app, desks: [], dir };
      await use(setup);
      for (const { runtime, host } of setup.desks) {
        await host.close();
        await runtime.close();
      }
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'test' },
  ],
});

export async function openDesk(setup: Setup, name: string) {
  const runtime = DeskRuntime.open({
    dataDir: join(setup.dir, name),
    demo: { requests: 30, readers: 10, seed: 3 },
    engine: { intervalMs: 2000, pushDelayMs: 100 },
  });
  runtime.signIn('by01', DEMO_CLERK_PASSWORD);
  const host = await startWebHost({ desk: runtime, rendererDir: resolve('out/renderer') });
  setup.desks.push({ runtime, host });
  return { runtime, host };
}

/** The library's own first supervisor: a connected desk's store has no accounts until one is made. */
export const LIBRARY_SUPERVISOR = { login: 'zhangwei', name: '张伟', password: 'library-pass-1' } as const;

/**
 * Connects a desk the way IT would script it, then creates the library's first supervisor (the
 * demo's accounts do not come along), who is then signed in at that desk.
 */
export async function connectDesk(runtime: DeskRuntime, hubUrl: string, desk: { deskId: string; token: string }): Promise<void> {
  await runtime.connect({ url: hubUrl, deskId: desk.deskId, token: desk.token });
  const created = await runtime.dispatch('clerk.setup', LIBRARY_SUPERVISOR);
  if (!created.ok) throw new Error(`clerk.setup: ${created.error.code} ${created.error.message}`);
}

export async function registerDesk(store: SqliteHubStore, libraryCode: string, name: string) {
  const token = newDeskToken();
  const desk = await store.addDesk({ libraryCode, name, tokenHash: hashDeskToken(token), hubTime: new Date().toISOString() });
  return { deskId: desk.deskId, token };
}

export async function hubCall(url: string, init: RequestInit) {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}


export { expect } from '@playwright/test';
