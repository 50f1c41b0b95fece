// The running desk, for both shells (Electron and the browser host): which store is open (the
// demo profile, or the library's live store once a hub is set up), the sync engine on it, and the
// one place commands go through, so that a clerk's command is followed by the same events and the
// same prompt to sync whichever window sent it.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { OPEN_COMMANDS, SUPERVISOR_COMMANDS, isCommandName, type EventName, type EventPayload, type HubConnectInput } from '../shared/contract';
import { AppError, type Result } from '../shared/errors';
import type { ClerkSession, HubSettings, PrintJob, PrintTargets, SyncStatus } from '../shared/types';
import type { BackupRecord, StoreHealth } from '../shared/storeSafety';
import { backupsDir, findBackup } from './backup/files';
import { backupFile, putBack, requireRestorable, stageBackup, swapInStaged } from './backup/restore';
import { BackupService, type BackupSchedule } from './backup/service';
import { checkStoreFile, problemOfOpenError, StoreProblemError, withoutLeftovers } from './store/health';
import { lastFullCheck, recordFullCheck } from './store/healthLog';
import { markRestored, readRestoreMarker } from './sync/restore';
import { ClerkSessions } from './clerks/session';
import { deskContext, type DeskContext, type DeskControl } from './context';
import { ensureDemoStore, type DemoStoreOptions } from './demo/profile';
import { dispatchAsync, isCommand, type DispatchLog } from './dispatch';
import { hubSettingsOf, openToken, plainSecrets, readHub, writeHub, type SecretBox } from './settings/hub';
import { readDeskIdentity, writeDeskIdentity } from './settings/store';
import { openStore, type Db, type OpenStoreOptions } from './store/db';
import { HubRefusedError, HubUnavailableError, whoami } from './sync/client';
import { SyncEngine, type SyncEngineOptions } from './sync/engine';
import { NoticeSender } from './notices/sender';
import { countFailedPrintJobs } from './printing/jobs';
import type { SlipPrinter } from './printing/printer';
import { PrintSpooler } from './printing/spooler';
import { unconfiguredStatus } from './sync/status';

export type DeskEventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

export interface DeskRuntimeOptions {
  /** Where the stores live: `demo.sqlite` (the demo profile) and `desk.sqlite` (the library's own). */
  dataDir: string;
  /** Another file for the demo profile (the browser host's `--db`). */
  demoFile?: string;
  nativeBinding?: string;
  secrets?: SecretBox;
  now?: () => string;
  /** The demo generated on a first start (tests make it small). */
  demo?: Omit<DemoStoreOptions, keyof OpenStoreOptions>;
  /** Engine settings (tests use short intervals). */
  engine?: Omit<SyncEngineOptions, 'ctx' | 'connection' | 'onStatus' | 'onDataChanged'>;
  log?: DispatchLog;
  /**
   * Where slips go (Electron's printers, the browser host's PDF files). Without one the print jobs
   * stay queued on the reprint list (tools, tests of other parts).
   */
  printer?: SlipPrinter;
  /** When the daily backup and full check run (tests shorten it; `off` leaves only backups on demand). */
  backups?: BackupSchedule;
  /** The check at open (tests of a big store's path set `quickCheckMaxBytes: 0`). */
  storeCheck?: { quickCheckMaxBytes?: number };
}

const HUB_COMMANDS = new Set(['sync.now', 'sync.resolveProblem', 'hub.connect']);
const NOTICE_COMMANDS = new Set(['request.checkIn', 'notice.resend', 'smtp.set']);

export class DeskRuntime implements DeskControl {
  private db: Db;
  private context: DeskContext;
  private engine: SyncEngine | null = null;
  /** Sends reader notices from the outbox once a mail server is set up (smtp.set). */
  private notices: NoticeSender | null = null;
  /** Prints the queued slips after the commands that queued them have answered. */
  private spooler: PrintSpooler | null = null;
  /** Why a configured desk is not syncing (a token this machine cannot read). */
  private startProblem: string | null = null;
  private readonly listeners = new Set<DeskEventListener>();
  private readonly secrets: SecretBox;
  /** The connect in progress: connects run one after another, never interleaved. */
  private connecting: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Who is signed in: one clerk for every window of this desk. */
  private readonly sessions: ClerkSessions;
  /** Checks now and then whether the desk has sat idle long enough to lock (and tells the windows). */
  private readonly idleTimer: NodeJS.Timeout;
  /** Backups and the full check of the store the desk runs on. */
  private backups: BackupService | null = null;
  /** A backup is being put in the store's place: commands wait for the desk to reopen. */
  private restoring = false;
  /** A command found the store damaged: no more changes go into it (a backup must be restored). */
  private damage: string | null = null;

  private constructor(
    private readonly options: DeskRuntimeOptions,
    db: Db,
  ) {
    this.secrets = options.secrets ?? plainSecrets;
    const now = options.now;
    const log = options.log;
    this.sessions = new ClerkSessions(
      (session) => this.emit('clerk.session', session),
      now ? () => Date.parse(now()) : Date.now,
      (line) => (log?.warn ? log.warn(line) : console.warn(line)),
    );
    this.idleTimer = setInterval(() => {
      if (!this.restoring) this.sessions.lockIfIdle(this.db);
    }, 15_000);
    this.idleTimer.unref();
    this.db = db;
    this.context = this.contextFor(db);
    this.startNotices();
    this.startPrinting();
    this.startBackups();
  }

  /**
   * Opens the library's store when a hub is set up, else the demo profile (made on first start).
   * Each store is checked first, without writing to it; one that is damaged, truncated, empty,
   * from a newer version, locked or unreadable is not opened (and never replaced by the demo):
   * this throws a StoreProblemError naming the file and the problem, for the recovery page.
   */
  static open(options: DeskRuntimeOptions): DeskRuntime {
    mkdirSync(options.dataDir, { recursive: true });
    const live = liveFile(options.dataDir);
    if (requireSoundStore(live, 'live', options)) {
      const db = openCheckedStore(live, 'live', options);
      if (readDeskIdentity(db) && readHub(db)) {
        const runtime = new DeskRuntime(options, db);
        runtime.startEngine();
        return runtime;
      }
      db.close();
    }
    const demoFile = demoFileOf(options);
    requireSoundStore(demoFile, 'demo', options);
    let demo: Db;
    try {
      demo = withoutLeftovers(
        demoFile,
        () => ensureDemoStore(demoFile, { nativeBinding: options.nativeBinding, backupDir: backupsDir(options.dataDir), clock: options.now, ...options.demo }),
        () => true,
      );
    } catch (error) {
      throw asStoreProblem(error, demoFile, 'demo');
    }
    return new DeskRuntime(options, demo);
  }

  /** A runtime on a store already open (tests, tools); it syncs if the store has a hub set up. */
  static forStore(db: Db, options: DeskRuntimeOptions): DeskRuntime {
    const runtime = new DeskRuntime(options, db);
    runtime.startEngine();
    return runtime;
  }

  get ctx(): DeskContext {
    return this.context;
  }

  get syncEngine(): SyncEngine | null {
    return this.engine;
  }

  onEvent(listener: DeskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Every transport's way in: validates, runs, and after a clerk's command tells screens and sync.
   * `caller.address` is where the call came from, where the transport knows (the browser host).
   */
  async dispatch(name: string, input: unknown, caller: { address?: string } = {}): Promise<Result<unknown>> {
    // Every command but the few the sign-in screen needs runs as the clerk signed in; a locked desk
    // answers none of them. A clerk's command is activity; a query is not (windows reload lists
    // after every sync round, with nobody at the desk).
    if (this.restoring) {
      return { ok: false, error: { code: 'STORE_UNAVAILABLE', message: 'A backup is being put in place of the store: try again in a moment.' } };
    }
    if (this.damage !== null && isCommandName(name) && isCommand(name) && !STILL_ALLOWED_ON_DAMAGE.has(name)) {
      return { ok: false, error: { code: 'STORE_DAMAGED', message: this.damage } };
    }
    const guarded = isCommandName(name) && !OPEN_COMMANDS.has(name);
    if (guarded || name === 'clerk.session') this.sessions.lockIfIdle(this.db);
    const acting = this.sessions.acting(this.db);
    if (guarded) {
      if (!acting) return refusal('NOT_SIGNED_IN', 'No clerk is signed in at this desk (or the desk is locked): sign in first.');
      if (SUPERVISOR_COMMANDS.has(name) && acting.role !== 'supervisor') {
        return refusal('SUPERVISOR_ONLY', `${name} is for a supervisor; ${acting.login} is signed in as a clerk.`);
      }
      if (isCommand(name)) this.sessions.touch();
    }
    // The clerk is written into what a command records (and desk.info names them on the lock screen).
    const clerk = acting ?? this.sessions.current(this.db);
    const ctx = { ...this.context, ...(clerk ? { clerk: clerk.login } : {}), ...(caller.address === undefined ? {} : { address: caller.address }) };
    const result = await dispatchAsync(ctx, name, input, this.options.log);
    if (!result.ok) this.noticeStoreFailure(result.error.code, result.error.message);
    if (result.ok && isCommandName(name) && isCommand(name) && !HUB_COMMANDS.has(name) && !name.startsWith('clerk')) {
      this.emit('data.changed', { requestIds: touchedIds(input, result.value), readers: name.startsWith('reader.') });
      // Print jobs and printer settings stay on this desk: nothing for the hub.
      if (!name.startsWith('print')) this.engine?.localChange();
    }
    // A notice queued, resent or a mail server set up: send now, not at the next minute's round.
    if (result.ok && NOTICE_COMMANDS.has(name)) this.notices?.kick();
    // A slip queued (check-in, handout, parcel, by hand): printed after this answer, never before it.
    if (result.ok && isCommandName(name) && isCommand(name)) this.spooler?.kick();
    if (result.ok && (name === 'print.retry' || name === 'print.dismiss')) this.emitPrintJob(result.value as PrintJob);
    // Every window shows the count of open problems: tell them all.
    if (result.ok && name === 'sync.resolveProblem') this.emit('sync.status', this.syncStatus());
    return result;
  }

  /** Signs a clerk in without a window (the browser host's tools, tests): the same checks as `clerk.signIn`. */
  signIn(login: string, password: string, newPassword?: string): ClerkSession {
    return this.sessions.signIn(this.db, newPassword === undefined ? { login, password } : { login, password, newPassword });
  }

  /** The operating system reports the network is back (Electron's `online`, a resume from sleep). */
  networkBack(): void {
    this.engine?.networkBack();
  }

  syncStatus(): SyncStatus {
    if (this.engine) return this.engine.status();
    const status = unconfiguredStatus(this.context);
    if (this.startProblem === null) return status;
    return { ...status, connection: 'refused', hubUrl: readHub(this.db)?.url ?? null, lastError: this.startProblem, lastErrorCode: 'TOKEN_UNREADABLE' };
  }

  async syncNow(): Promise<SyncStatus> {
    if (!this.engine) {
      throw new AppError('NOT_CONFIGURED', this.startProblem ?? 'This desk is not connected to a hub: enter the hub address, desk ID and token first.');
    }
    return this.engine.syncNow();
  }

  hubSettings(): HubSettings {
    return hubSettingsOf(readHub(this.db));
  }

  /**
   * Connects the desk to a hub. The hub is asked who the token belongs to; the library's store
   * (`desk.sqlite`) is created for that desk on first connection, and the desk switches to it. A
   * store already connected keeps its desk: only its address and token can change.
   *
   * No clerk account comes along from the demo: its passwords ship with ILL Desk, and a live store
   * never accepts one (DESIGN §7). The new store has no accounts, so every window asks for the
   * library's own first supervisor (`clerk.setup`) before anything else.
   *
   * Connects run one at a time (two windows, a second click): interleaved, each would wait for the
   * old engine to stop and then start its own, leaving one engine running that nothing stops.
   */
  connect(input: HubConnectInput): Promise<HubSettings> {
    const run = this.connecting.then(() => this.connectNow(input));
    this.connecting = run.catch(() => undefined);
    return run;
  }

  private async connectNow(input: HubConnectInput): Promise<HubSettings> {
    if (this.closed) throw new AppError('NOT_CONFIGURED', 'The desk is closing.');
    const url = input.url.replace(/\/+$/, '');
    const who = await askHub(url, input.token);
    if (this.closed) throw new AppError('NOT_CONFIGURED', 'The desk is closing.');
    if (who.deskId !== input.deskId) {
      throw new AppError('INVALID_INPUT', `The token belongs to desk ${who.deskId}, not ${input.deskId}.`, 'deskId');
    }
    const file = liveFile(this.options.dataDir);
    const switching = readDeskIdentity(this.db)?.profile !== 'live';
    const db = switching ? openStore(file, { nativeBinding: this.options.nativeBinding }) : this.db;
    try {
      db.transaction(() => {
        const identity = readDeskIdentity(db);
        if (identity && identity.libraryCode !== who.libraryCode) {
          throw new AppError('INVALID_INPUT', `This desk's store belongs to library ${identity.libraryCode}; the token is for ${who.libraryCode}.`, 'token');
        }
        if (identity && identity.deskId !== who.deskId) {
          throw new AppError(
            'INVALID_INPUT',
            `This desk's store belongs to desk ${identity.deskId}: its unsent work is numbered for that desk. Use that desk's token, or a new data folder for desk ${who.deskId}.`,
            'deskId',
          );
        }
        if (!identity) {
          writeDeskIdentity(db, {
            libraryCode: who.libraryCode,
            deskId: who.deskId,
            deskName: who.name.slice(0, 50),
            // Clerks sign in with the clerk screens (issue 4); until then a desk has one generic clerk.
            clerk: 'clerk1',
            profile: 'live',
          });
        }
        writeHub(db, this.secrets, { url, deskId: who.deskId, token: input.token });
      }).immediate();
    } catch (error) {
      if (switching) db.close();
      throw error;
    }
    const saved = hubSettingsOf(readHub(db));
    await this.stopWork();
    if (this.closed) {
      // The desk closed meanwhile: the settings are saved, the next start syncs with them.
      if (switching) db.close();
      return saved;
    }
    if (switching) {
      this.db.close();
      this.db = db;
      // The demo's clerk is nobody in the library's store (a login there of the same name is
      // another person): every window shows the first-supervisor form, or the sign-in.
      this.sessions.signOut(this.db);
    }
    this.startWork();
    this.emit('desk.changed', { profile: 'live' });
    return saved;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.idleTimer);
    await this.stopWork();
    this.db.close();
  }

  /** The store's state for the screens (store.health): sound here, with its last full check and restore. */
  storeHealth(): StoreHealth {
    const file = this.db.name;
    const marker = readRestoreMarker(this.db);
    const last = lastFullCheck(file);
    return {
      state: 'ok',
      file,
      profile: this.context.profile,
      problem: this.damage === null ? null : 'corrupt',
      detail: this.damage,
      setAside: null,
      lastFullCheck: last,
      hubKnown: null,
      restoredFrom: marker && marker.name !== null && marker.takenAt !== null ? { name: marker.name, takenAt: marker.takenAt, reconciled: marker.stage === 'done' } : null,
    };
  }

  listBackups(): BackupRecord[] {
    return this.backupService().list();
  }

  createBackup(): Promise<BackupRecord> {
    return this.backupService().create('manual');
  }

  /** Runs the full integrity check now (tests and tools; the desk runs it once a day). */
  fullCheck(): Promise<{ ok: boolean; message: string }> {
    return this.backupService().fullCheck();
  }

  /**
   * Puts a backup in the store's place (backup.restore, a supervisor in Settings). The backup is
   * checked again, the desk stops syncing, printing and mailing, closes the store and moves it
   * aside (kept in <data>/set-aside), puts the backup's copy in its place, marks it restored (its
   * next rounds catch up with the hub: sync/restore.ts) and carries on with it.
   */
  async restoreBackup(name: string): Promise<StoreHealth> {
    const service = this.backupService();
    const record = requireRestorable(findBackup(backupsDir(this.options.dataDir), name), name, {
      profile: this.context.profile,
      deskId: this.context.deskId,
    });
    const check = await service.recheck(record);
    if (!check.ok) throw new AppError('BACKUP_FAILED', `The backup ${name} no longer passes its check (${check.message}): choose another. Nothing was changed.`);
    if (this.restoring) throw new AppError('STORE_UNAVAILABLE', 'Another restore is in progress.');
    this.restoring = true;
    try {
      const file = this.db.name;
      const staged = await stageBackup(backupFile(backupsDir(this.options.dataDir), record), file);
      await this.stopWork();
      this.db.close();
      const now = (this.options.now ?? (() => new Date().toISOString()))();
      const aside = swapInStaged(staged, file, this.options.dataDir, 'replaced', now);
      let db: Db | null = null;
      try {
        db = openStore(file, { nativeBinding: this.options.nativeBinding, backupDir: backupsDir(this.options.dataDir), clock: this.options.now });
        // A library's store catches up with the hub; the demo has no hub to catch up with.
        if (this.context.profile === 'live') markRestored(db, { name: record.name, takenAt: record.takenAt }, now);
      } catch (error) {
        // The backup would not open: the store that was there goes back, and the desk carries on with it.
        db?.close();
        if (aside) putBack(aside, file);
        this.db = openStore(file, { nativeBinding: this.options.nativeBinding });
        this.startWork();
        throw new AppError('BACKUP_FAILED', `The backup ${name} could not be opened (${error instanceof Error ? error.message : String(error)}); the store was put back.`);
      }
      recordFullCheck(file, null);
      this.damage = null;
      this.db = db;
      this.startWork();
      this.emit('desk.changed', { profile: this.context.profile });
      this.emit('clerk.session', this.sessions.session(this.db));
      return { ...this.storeHealth(), setAside: aside };
    } finally {
      this.restoring = false;
    }
  }

  /** What this desk can print to (print.targets): the system's printers, or PDF files only. */
  printTargets(): Promise<PrintTargets> {
    return this.options.printer ? this.options.printer.targets() : Promise.resolve({ mode: 'pdf', printers: [], pdfDir: null });
  }

  /** Resolves when every queued slip has been printed or has failed (tests and tools). */
  async printingIdle(): Promise<void> {
    await this.spooler?.idle();
  }

  private backupService(): BackupService {
    if (!this.backups) throw new AppError('STORE_UNAVAILABLE', 'The desk is closing or changing its store: try again in a moment.');
    return this.backups;
  }

  private startBackups(): void {
    const identity = readDeskIdentity(this.db);
    this.backups = new BackupService({
      file: this.db.name,
      dir: backupsDir(this.options.dataDir),
      profile: identity?.profile ?? 'demo',
      deskId: identity?.deskId ?? null,
      libraryCode: identity?.libraryCode ?? null,
      nativeBinding: this.options.nativeBinding,
      now: this.options.now ?? (() => new Date().toISOString()),
      onProgress: (progress) => this.emit('backup.progress', progress),
      onAlert: (alert) => {
        if (alert.kind === 'integrity') this.markDamaged(alert.message);
        this.emit('store.alert', alert);
      },
      log: this.options.log,
      // The demo profile is made again from nothing: only the library's own store is copied daily.
      schedule: identity?.profile === 'live' ? this.options.backups : { ...this.options.backups, off: true },
    });
    this.backups.start();
  }

  /** Stops everything that works on the store in the background (before it is closed or replaced). */
  private async stopWork(): Promise<void> {
    await this.engine?.stop();
    this.engine = null;
    await this.notices?.stop();
    this.notices = null;
    await this.spooler?.stop();
    this.spooler = null;
    await this.backups?.stop();
    this.backups = null;
  }

  private startWork(): void {
    this.context = this.contextFor(this.db);
    this.startEngine();
    this.startNotices();
    this.startPrinting();
    this.startBackups();
  }

  /**
   * A command ran into the store's disk or file: every screen says so. A damaged store takes no
   * more changes, and the next start opens the recovery page (the damage is recorded beside it).
   */
  private noticeStoreFailure(code: string, message: string): void {
    const kinds: Record<string, 'full' | 'readonly' | 'io' | 'damaged'> = { STORE_FULL: 'full', STORE_READONLY: 'readonly', STORE_IO: 'io', STORE_DAMAGED: 'damaged' };
    const kind = kinds[code];
    if (!kind) return;
    const at = (this.options.now ?? (() => new Date().toISOString()))();
    if (kind === 'damaged' && this.damage === null) {
      recordFullCheck(this.db.name, { at, ok: false, message });
      this.markDamaged(message);
    }
    this.emit('store.alert', { kind, file: this.db.name, message, at });
  }

  /**
   * The store is damaged: nothing more is written to it. Commands are refused (but sign-in and
   * restore), and sync, notices and printing stop; the screens still read what can be read.
   */
  private markDamaged(message: string): void {
    if (this.damage !== null) return;
    this.damage = message;
    void (async () => {
      await this.engine?.stop();
      this.engine = null;
      await this.notices?.stop();
      this.notices = null;
      await this.spooler?.stop();
      this.spooler = null;
    })();
  }

  private contextFor(db: Db): DeskContext {
    return { ...deskContext(db, this.options.now), control: this, session: this.sessions };
  }

  private startPrinting(): void {
    if (!this.options.printer) return;
    this.spooler = new PrintSpooler(this.context, this.options.printer, (job) => this.emitPrintJob(job), (error) =>
      this.options.log?.error('Slips could not be printed', error),
    );
    this.spooler.start();
  }

  private emitPrintJob(job: PrintJob): void {
    this.emit('print.job', { job, failed: countFailedPrintJobs(this.context) });
  }

  private startNotices(): void {
    this.notices = new NoticeSender(this.context, {
      // The background sender changed notices: the requests' details show them anew.
      onChange: (requestIds) => this.emit('data.changed', { requestIds, readers: false }),
    });
    this.notices.start(60_000, (error) => this.options.log?.error('Reader notices could not be sent', error));
  }

  private startEngine(): void {
    const stored = readHub(this.db);
    if (!stored) return;
    const token = openToken(stored, this.secrets);
    if ('problem' in token) {
      this.startProblem = token.problem;
      return;
    }
    this.startProblem = null;
    this.engine = new SyncEngine({
      ...this.options.engine,
      ctx: this.context,
      connection: { url: stored.url, deskId: stored.deskId, token: token.token },
      onStatus: (status) => this.emit('sync.status', status),
      onDataChanged: () => this.emit('data.changed', { requestIds: [], readers: true }),
    });
    this.engine.start();
  }

  private emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) listener(name, payload);
  }
}

/**
 * The requests a command changed, for the screens to reload: the input's `id` or `ids`, or the
 * request it answered (a scan names a barcode; the answer names the request). Empty means "reload
 * everything", as after a sync round.
 */
function touchedIds(input: unknown, value: unknown): string[] {
  const ids = new Set<string>();
  const from = (record: unknown) => {
    if (record === null || typeof record !== 'object') return;
    const { id, ids: many, requestIds } = record as { id?: unknown; ids?: unknown; requestIds?: unknown };
    if (typeof id === 'string') ids.add(id);
    for (const list of [many, requestIds]) if (Array.isArray(list)) for (const item of list) if (typeof item === 'string') ids.add(item);
  };
  from(input);
  from(value);
  return [...ids];
}

function refusal(code: 'NOT_SIGNED_IN' | 'SUPERVISOR_ONLY', message: string): Result<unknown> {
  return { ok: false, error: { code, message } };
}

export function liveFile(dataDir: string): string {
  return join(dataDir, 'desk.sqlite');
}

export function demoFileOf(options: DeskRuntimeOptions): string {
  return options.demoFile ?? join(options.dataDir, 'demo.sqlite');
}

/** What the desk does on commands once the store is found damaged: sign in, and restore. */
const STILL_ALLOWED_ON_DAMAGE: ReadonlySet<string> = new Set(['clerk.signIn', 'clerk.signOut', 'clerk.lock', 'backup.create', 'backup.restore']);

/**
 * Checks a store file before it is opened for writing (store/health.ts) and throws its problem;
 * answers whether there is a store at all. A store an earlier full check (or a command) found
 * damaged stays refused until it is replaced.
 */
function requireSoundStore(file: string, profile: 'demo' | 'live', options: DeskRuntimeOptions): boolean {
  // First what an earlier full check (or a command) found: such a file is not even looked at again.
  const last = lastFullCheck(file);
  if (last && !last.ok) {
    throw new StoreProblemError('corrupt', file, profile, `The full check of ${basename(file)} on ${last.at} found it damaged: ${last.message}`);
  }
  const check = checkStoreFile(file, { nativeBinding: options.nativeBinding, ...options.storeCheck });
  if (!check.ok) throw new StoreProblemError(check.problem, file, profile, check.detail);
  return check.exists;
}

function openCheckedStore(file: string, profile: 'demo' | 'live', options: DeskRuntimeOptions): Db {
  try {
    // Damage the check could not see (it shows when the store is read): nothing is left beside it.
    return withoutLeftovers(file, () => openStore(file, { nativeBinding: options.nativeBinding, backupDir: backupsDir(options.dataDir), clock: options.now }), () => true);
  } catch (error) {
    throw asStoreProblem(error, file, profile);
  }
}

function asStoreProblem(error: unknown, file: string, profile: 'demo' | 'live'): unknown {
  if (error instanceof StoreProblemError) return error;
  const problem = problemOfOpenError(error);
  return problem ? new StoreProblemError(problem.problem, file, profile, problem.detail) : error;
}

export async function askHub(url: string, token: string) {
  try {
    return await whoami({ url, token });
  } catch (error) {
    if (error instanceof HubRefusedError) {
      const field = error.status === 401 ? 'token' : 'url';
      throw new AppError('HUB_REFUSED', error.status === 401 ? 'The hub does not know this desk token.' : error.message, field);
    }
    if (error instanceof HubUnavailableError) throw new AppError('HUB_UNREACHABLE', error.message, 'url');
    throw new AppError('HUB_UNREACHABLE', `${url} did not answer as an ILL hub: ${error instanceof Error ? error.message : String(error)}`, 'url');
  }
}
