// What both shells (Electron, the browser host) run: the desk, or — when its store could not be
// opened — the recovery page's few commands. A store that is damaged, truncated, empty, from a
// newer version, locked or unreadable is never written to and never silently replaced by the
// demo: the page says what is wrong with which file, and offers the latest good backup or a new
// store that pulls the library's records from the hub (the damaged file is moved aside, kept).
// Once the clerk has chosen, the desk opens and every window is told (`desk.changed`).
import Database from 'better-sqlite3';
import { contract, type CommandName, type EventName, type EventPayload, type HubConnectInput } from '../../shared/contract';
import { AppError, zodErrorToAppError, type Result } from '../../shared/errors';
import type { StoreHealth } from '../../shared/storeSafety';
import type { HubSettings } from '../../shared/types';
import { backupsDir, findBackup, listBackups, setAside } from '../backup/files';
import { backupFile, requireRestorable, stageBackup, swapInStaged } from '../backup/restore';
import { runTask } from '../backup/runner';
import type { DeskContext } from '../context';
import { askHub, DeskRuntime, liveFile, type DeskEventListener, type DeskRuntimeOptions } from '../runtime';
import { openToken, plainSecrets, writeHub } from '../settings/hub';
import { writeDeskIdentity } from '../settings/store';
import { openStore } from '../store/db';
import { StoreProblemError, withoutLeftovers } from '../store/health';
import { lastFullCheck, recordFullCheck } from '../store/healthLog';
import { markRestored } from '../sync/restore';

/** What could be read from a store that would not open: its desk and the saved hub settings. */
interface DamagedStoreFacts {
  deskId: string | null;
  hub: { url: string; deskId: string; token: string | null } | null;
}

/** Reads the desk's identity and hub settings from a damaged store, read-only, if SQLite can. */
function readFacts(file: string, problem: StoreProblemError, options: DeskRuntimeOptions): DamagedStoreFacts {
  // A locked store is another program's: not even looked at.
  if (problem.problem === 'locked') return { deskId: null, hub: null };
  return withoutLeftovers(file, () => lookForFacts(file, options));
}

function lookForFacts(file: string, options: DeskRuntimeOptions): DamagedStoreFacts {
  const facts: DamagedStoreFacts = { deskId: null, hub: null };
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding, timeout: 300 });
  } catch {
    return facts;
  }
  try {
    const value = (key: string): Record<string, unknown> | null => {
      try {
        const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
        const parsed: unknown = row ? JSON.parse(row.value_json) : null;
        return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    };
    const desk = value('desk');
    if (typeof desk?.['deskId'] === 'string') facts.deskId = desk['deskId'];
    const hub = value('hub');
    if (typeof hub?.['url'] === 'string' && typeof hub['deskId'] === 'string' && typeof hub['token'] === 'string') {
      const scheme = hub['tokenScheme'] === 'os' ? 'os' : 'plain';
      const opened = openToken({ url: hub['url'], deskId: hub['deskId'], token: hub['token'], tokenScheme: scheme }, options.secrets ?? plainSecrets);
      facts.hub = { url: hub['url'], deskId: hub['deskId'], token: 'token' in opened ? opened.token : null };
    }
  } finally {
    db.close();
  }
  return facts;
}

const RECOVERY_ANSWERS: ReadonlySet<string> = new Set(['store.health', 'backup.list', 'recovery.restore', 'recovery.freshStart', 'recovery.retry']);

export class DeskShell {
  private runtime: DeskRuntime | null = null;
  private problem: StoreProblemError | null = null;
  private facts: DamagedStoreFacts = { deskId: null, hub: null };
  /** Where the last store replaced from the recovery page went. */
  private lastSetAside: string | null = null;
  private readonly listeners = new Set<DeskEventListener>();
  private unsubscribe: (() => void) | null = null;
  /** Recovery choices run one at a time (two windows, a second click). */
  private busy: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(private readonly options: DeskRuntimeOptions) {}

  /** Opens the desk, or the recovery page when its store cannot be opened. Throws only for other faults. */
  static open(options: DeskRuntimeOptions): DeskShell {
    const shell = new DeskShell(options);
    shell.openDesk();
    return shell;
  }

  /** True while the recovery page is all the desk offers. */
  get inRecovery(): boolean {
    return this.runtime === null;
  }

  /** The running desk (throws while the recovery page shows). */
  get desk(): DeskRuntime {
    if (!this.runtime) throw new AppError('STORE_UNAVAILABLE', this.problem?.message ?? 'The desk has no store open.');
    return this.runtime;
  }

  get ctx(): DeskContext {
    return this.desk.ctx;
  }

  health(): StoreHealth {
    if (this.runtime) return { ...this.runtime.storeHealth(), setAside: this.lastSetAside };
    const problem = this.problem!;
    return {
      state: 'recovery',
      file: problem.file,
      profile: problem.profile,
      problem: problem.problem,
      detail: problem.detail,
      setAside: null,
      lastFullCheck: lastFullCheck(problem.file),
      hubKnown: this.facts.hub ? { url: this.facts.hub.url, deskId: this.facts.hub.deskId } : null,
      restoredFrom: null,
    };
  }

  onEvent(listener: DeskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispatch(name: string, input: unknown, caller: { address?: string } = {}): Promise<Result<unknown>> {
    if (this.runtime) {
      // The caller's address reaches the runtime: sign-in failures are counted per address too.
      const result = await this.runtime.dispatch(name, input, caller);
      if (result.ok && name === 'store.health') return { ok: true, value: { ...(result.value as StoreHealth), setAside: this.lastSetAside } };
      return result;
    }
    if (!RECOVERY_ANSWERS.has(name)) {
      return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: `The desk's store could not be opened (${this.problem?.message ?? 'unknown'}): choose what to do on the recovery page.` } };
    }
    const parsed = contract[name as CommandName].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodErrorToAppError(parsed.error).toData() };
    try {
      return { ok: true, value: await this.recoveryAnswer(name, parsed.data as Record<string, unknown>) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      this.options.log?.error(`recovery ${name} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: `The desk could not complete ${name}: ${error instanceof Error ? error.message : String(error)}` } };
    }
  }

  networkBack(): void {
    this.runtime?.networkBack();
  }

  hubSettings(): HubSettings {
    return this.runtime ? this.runtime.hubSettings() : { url: this.facts.hub?.url ?? null, deskId: this.facts.hub?.deskId ?? null, token: null };
  }

  connect(input: HubConnectInput): Promise<HubSettings> {
    return this.desk.connect(input);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.busy.catch(() => undefined);
    this.unsubscribe?.();
    await this.runtime?.close();
    this.runtime = null;
  }

  private recoveryAnswer(name: string, input: Record<string, unknown>): Promise<unknown> {
    switch (name) {
      case 'store.health':
        return Promise.resolve(this.health());
      case 'backup.list':
        return Promise.resolve(this.damagedStoreBackups());
      case 'recovery.restore':
        return this.oneAtATime(() => this.restore(String(input['name'])));
      case 'recovery.freshStart':
        return this.oneAtATime(() => this.freshStart(input as Partial<HubConnectInput>));
      default:
        return this.oneAtATime(() => Promise.resolve(this.retry()));
    }
  }

  private oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(() => {
      if (this.closed) throw new AppError('STORE_UNAVAILABLE', 'The desk is closing.');
      // A second window's click after the first one's recovery: the desk is open already.
      if (this.runtime) return this.health() as T;
      return work();
    });
    this.busy = run.catch(() => undefined);
    return run;
  }

  /** Tries to open the desk; a store problem leaves the recovery page up. */
  private openDesk(): boolean {
    try {
      this.attach(DeskRuntime.open(this.options));
      return true;
    } catch (error) {
      if (!(error instanceof StoreProblemError)) throw error;
      this.problem = error;
      this.facts = readFacts(error.file, error, this.options);
      // Said in one line: what is wrong with which file (a stack trace helps nobody at the desk).
      this.options.log?.error(`The desk's store ${error.file} cannot be opened (${error.problem})`, error.detail);
      return false;
    }
  }

  private attach(runtime: DeskRuntime): void {
    this.runtime = runtime;
    this.problem = null;
    this.unsubscribe = runtime.onEvent((name, payload) => this.emit(name, payload));
  }

  private emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  private opened(): StoreHealth {
    this.emit('desk.changed', { profile: this.desk.ctx.profile });
    return this.health();
  }

  private damagedStoreBackups() {
    const problem = this.problem!;
    return listBackups(backupsDir(this.options.dataDir), { profile: problem.profile, deskId: this.facts.deskId });
  }

  private refuseWhileLocked(): void {
    const problem = this.problem!;
    if (problem.problem === 'locked') {
      throw new AppError(
        'STORE_UNAVAILABLE',
        `Another program has ${problem.file} open (another ILL Desk?): close it, then choose "check again". The file was not moved while it is in use.`,
      );
    }
    if (problem.problem === 'readonly') {
      throw new AppError('STORE_READONLY', `${problem.detail} Nothing can be restored into a folder that cannot be written: make it writable, then choose "check again".`);
    }
  }

  private retry(): StoreHealth {
    return this.openDesk() ? this.opened() : this.health();
  }

  /** Puts a backup in place of the store that would not open; the damaged file goes aside. */
  private async restore(name: string): Promise<StoreHealth> {
    this.refuseWhileLocked();
    const problem = this.problem!;
    const dir = backupsDir(this.options.dataDir);
    const record = requireRestorable(findBackup(dir, name), name, { profile: problem.profile, deskId: this.facts.deskId });
    // Checked again: a backup may have rotted on the same disk as the store.
    const check = await runTask({ kind: 'check', file: backupFile(dir, record), nativeBinding: this.options.nativeBinding }).result;
    if (!check.ok) throw new AppError('BACKUP_FAILED', `The backup ${name} no longer passes its check (${check.message}): choose another. Nothing was changed.`);
    const now = this.now();
    const staged = await stageBackup(backupFile(dir, record), problem.file);
    this.lastSetAside = swapInStaged(staged, problem.file, this.options.dataDir, problem.problem, now);
    recordFullCheck(problem.file, null);
    if (problem.profile === 'live') {
      const db = openStore(problem.file, { nativeBinding: this.options.nativeBinding, backupDir: dir, clock: this.options.now });
      try {
        markRestored(db, { name: record.name, takenAt: record.takenAt }, now);
      } finally {
        db.close();
      }
    }
    if (!this.openDesk()) return this.health();
    return this.opened();
  }

  /**
   * Moves the damaged store aside and starts a new one: for the library's store, an empty store
   * connected to the hub (the saved settings, or the ones typed in) that pulls everything back;
   * for the demo profile, a new demo.
   */
  private async freshStart(input: Partial<HubConnectInput>): Promise<StoreHealth> {
    this.refuseWhileLocked();
    const problem = this.problem!;
    const now = this.now();
    if (problem.profile === 'demo' || problem.file !== liveFile(this.options.dataDir)) {
      this.lastSetAside = setAside(problem.file, this.options.dataDir, problem.problem, now);
      recordFullCheck(problem.file, null);
      if (!this.openDesk()) return this.health();
      return this.opened();
    }
    const given = input.url !== undefined || input.deskId !== undefined || input.token !== undefined;
    let hub: HubConnectInput;
    if (given) {
      for (const field of ['url', 'deskId', 'token'] as const) {
        if (!input[field]) throw new AppError('INVALID_INPUT', `${field}: is required (enter the hub address, desk ID and token together).`, field);
      }
      hub = { url: input.url!.replace(/\/+$/, ''), deskId: input.deskId!, token: input.token! };
    } else if (this.facts.hub?.token) {
      hub = { url: this.facts.hub.url, deskId: this.facts.hub.deskId, token: this.facts.hub.token };
    } else {
      throw new AppError(
        'INVALID_INPUT',
        `url: the hub settings cannot be read from ${problem.file}: enter the hub address, desk ID and token (from the hub's administrator).`,
        'url',
      );
    }
    const who = await askHub(hub.url, hub.token);
    if (who.deskId !== hub.deskId) throw new AppError('INVALID_INPUT', `The token belongs to desk ${who.deskId}, not ${hub.deskId}.`, 'deskId');
    this.lastSetAside = setAside(problem.file, this.options.dataDir, problem.problem, now);
    recordFullCheck(problem.file, null);
    const db = openStore(problem.file, { nativeBinding: this.options.nativeBinding });
    try {
      db.transaction(() => {
        writeDeskIdentity(db, { libraryCode: who.libraryCode, deskId: who.deskId, deskName: who.name.slice(0, 50), clerk: 'clerk1', profile: 'live' });
        writeHub(db, this.options.secrets ?? plainSecrets, hub);
      }).immediate();
      // A desk the hub already knows: its first round learns how far the hub has counted its ops.
      markRestored(db, { name: null, takenAt: null }, now);
    } finally {
      db.close();
    }
    if (!this.openDesk()) return this.health();
    return this.opened();
  }

  private now(): string {
    return (this.options.now ?? (() => new Date().toISOString()))();
  }
}

