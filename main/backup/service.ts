// The desk's backups while it runs: on demand (a supervisor's 立即备份), once a day, and the full
// integrity check once a day, each in a worker thread with its own connection, one at a time. A
// long copy or check reports its progress as it goes; a failed check raises an alert.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { BackupProgress, BackupReason, BackupRecord, StoreAlert } from '../../shared/storeSafety';
import { lastFullCheck, recordFullCheck } from '../store/healthLog';
import { BACKUPS_KEPT, listBackups, newBackupName, pruneBackups, removePartials, writeRecord } from './files';
import { runTask, type RunningTask } from './runner';

export interface BackupServiceOptions {
  /** The store file the desk runs on. */
  file: string;
  /** `<data>/backups`. */
  dir: string;
  profile: 'demo' | 'live';
  deskId: string | null;
  libraryCode: string | null;
  nativeBinding?: string;
  now: () => string;
  onProgress: (progress: BackupProgress) => void;
  onAlert: (alert: StoreAlert) => void;
  log?: { error: (message: string, error: unknown) => void };
  /** Timing of the daily work (tests shorten it). */
  schedule?: BackupSchedule;
}

export interface BackupSchedule {
  /** A backup is due when the newest good one is older than this (default a day). */
  backupEveryMs?: number;
  /** The full integrity check is due when the last one is older than this (default a day). */
  checkEveryMs?: number;
  /** How often the desk looks whether either is due (default an hour), and the first look after start. */
  lookEveryMs?: number;
  firstLookMs?: number;
  /** Only backups on demand and before migrations: no timer (tools, tests of other parts). */
  off?: boolean;
}

const DAY = 24 * 60 * 60 * 1000;
/** Progress events at most this often: a 2.4 GB copy takes some 600 steps. */
const PROGRESS_EVERY_MS = 200;

export class BackupService {
  private queue: Promise<unknown> = Promise.resolve();
  private running: RunningTask | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastProgressAt = 0;

  constructor(private readonly options: BackupServiceOptions) {
    try {
      mkdirSync(options.dir, { recursive: true });
      removePartials(options.dir);
    } catch {
      // The folder cannot be made (a full or read-only disk): each backup says so when it is tried.
    }
  }

  /** Starts the daily timer: a backup and a full check whenever one is due. */
  start(): void {
    const schedule = this.options.schedule ?? {};
    if (schedule.off) return;
    const look = () => {
      this.timer = null;
      if (this.stopped) return;
      void this.dailyWork().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(look, schedule.lookEveryMs ?? 60 * 60 * 1000);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(look, schedule.firstLookMs ?? 60_000);
    this.timer.unref();
  }

  /** Stops the timer and any copy or check in progress (a half-made copy is never listed). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.stop();
    await this.queue.catch(() => undefined);
  }

  list(): BackupRecord[] {
    return listBackups(this.options.dir, { profile: this.options.profile, deskId: this.options.deskId });
  }

  /** Takes a backup now (after any copy or check in progress) and answers its record. */
  create(reason: BackupReason): Promise<BackupRecord> {
    return this.serial(() => this.copyAndCheck(reason));
  }

  /** Runs the full integrity check of the live store now; a failure raises an alert. */
  fullCheck(): Promise<{ ok: boolean; message: string }> {
    return this.serial(() => this.checkLiveStore());
  }

  /** Checks a backup again (just before it is restored: a file may rot in the backups folder too). */
  recheck(record: BackupRecord): Promise<{ ok: boolean; message: string; schemaVersion: number }> {
    return this.serial(async () => {
      const task = runTask({ kind: 'check', file: join(this.options.dir, record.name), nativeBinding: this.options.nativeBinding }, () =>
        this.progress({ name: record.name, phase: 'verify', done: 0, total: 0 }),
      );
      this.running = task;
      try {
        const result = await task.result;
        return { ok: result.ok, message: result.message, schemaVersion: result.schemaVersion };
      } finally {
        this.running = null;
      }
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new AppError('BACKUP_FAILED', 'The desk is closing: no backup was taken.'));
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async dailyWork(): Promise<void> {
    const schedule = this.options.schedule ?? {};
    const now = Date.parse(this.options.now());
    try {
      const newestGood = this.list().find((r) => r.verified);
      if (!newestGood || now - Date.parse(newestGood.takenAt) >= (schedule.backupEveryMs ?? DAY)) await this.create('daily');
    } catch (error) {
      this.options.log?.error('The daily backup failed', error);
    }
    try {
      const last = lastFullCheck(this.options.file);
      if (!last || now - Date.parse(last.at) >= (schedule.checkEveryMs ?? DAY)) await this.fullCheck();
    } catch (error) {
      this.options.log?.error('The daily integrity check failed to run', error);
    }
  }

  private progress(progress: BackupProgress, force = false): void {
    const now = Date.now();
    if (!force && progress.phase === 'copy' && now - this.lastProgressAt < PROGRESS_EVERY_MS) return;
    this.lastProgressAt = now;
    this.options.onProgress(progress);
  }

  private async copyAndCheck(reason: BackupReason): Promise<BackupRecord> {
    const { dir, profile } = this.options;
    const takenAt = this.options.now();
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new AppError('BACKUP_FAILED', `The backups folder ${dir} cannot be made: ${error instanceof Error ? error.message : String(error)}`);
    }
    const name = newBackupName(dir, takenAt, reason, profile);
    this.progress({ name, phase: 'copy', done: 0, total: 0 }, true);
    const task = runTask({ kind: 'copy', source: this.options.file, target: join(dir, name), nativeBinding: this.options.nativeBinding }, (p) =>
      this.progress({ name, phase: p.verifying ? 'verify' : 'copy', done: p.done, total: p.total }, p.verifying),
    );
    this.running = task;
    let result;
    try {
      result = await task.result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.progress({ name, phase: 'failed', done: 0, total: 0, message }, true);
      this.options.onAlert({ kind: 'backup', file: this.options.file, message: `The backup ${name} failed: ${message}`, at: this.options.now() });
      throw new AppError('BACKUP_FAILED', `The backup of ${this.options.file} into ${dir} failed: ${message}`);
    } finally {
      this.running = null;
    }
    const record: BackupRecord = {
      name,
      takenAt,
      reason,
      sizeBytes: result.sizeBytes,
      schemaVersion: result.schemaVersion,
      verified: result.ok,
      check: result.message,
      profile,
      deskId: this.options.deskId,
      libraryCode: this.options.libraryCode,
    };
    writeRecord(dir, record);
    pruneBackups(dir, { profile, deskId: this.options.deskId }, BACKUPS_KEPT);
    this.progress({ name, phase: result.ok ? 'done' : 'failed', done: 1, total: 1, message: result.ok ? undefined : result.message }, true);
    if (!result.ok) {
      this.options.onAlert({ kind: 'backup', file: this.options.file, message: `The backup ${name} did not pass its check: ${result.message}`, at: this.options.now() });
    }
    return record;
  }

  private async checkLiveStore(): Promise<{ ok: boolean; message: string }> {
    const name = this.options.file;
    this.progress({ name, phase: 'check', done: 0, total: 0 }, true);
    const task = runTask({ kind: 'check', file: this.options.file, nativeBinding: this.options.nativeBinding });
    this.running = task;
    let result;
    try {
      result = await task.result;
    } finally {
      this.running = null;
    }
    const at = this.options.now();
    recordFullCheck(this.options.file, { at, ok: result.ok, message: result.message });
    this.progress({ name, phase: result.ok ? 'done' : 'failed', done: 1, total: 1, message: result.ok ? undefined : result.message }, true);
    if (!result.ok) {
      this.options.onAlert({
        kind: 'integrity',
        file: this.options.file,
        message: `The daily check of ${this.options.file} found damage: ${result.message}`,
        at,
      });
    }
    return { ok: result.ok, message: result.message };
  }
}
