// The sync loop inside the desk: a round (clock, push, lease ahead, pull) on a timer, on demand,
// soon after a clerk's command, and when the network comes back. One round at a time; a request
// during a round runs one more round after it. Faults back off exponentially with jitter; a hub
// that refuses the desk (wrong token, outbox out of step) is not retried until the clerk acts.
// Every change of state goes out as a status the screens show.
import type { SyncConnection, SyncStatus } from '../../shared/types';
import type { DeskContext } from '../context';
import { backoffDelay, HubRefusedError, HubUnavailableError, syncOnce, type HubConnection, type SyncOptions } from './client';
import { SyncPageError } from './apply';
import { storedSyncStatus } from './status';

export interface SyncEngineOptions {
  ctx: DeskContext;
  connection: HubConnection;
  /** Each new status (throttled while a big pull runs). */
  onStatus?: (status: SyncStatus) => void;
  /** A round brought or settled something: screens reload what they show. */
  onDataChanged?: () => void;
  /** Between good rounds. */
  intervalMs?: number;
  /** After a clerk's command, how soon its op goes to the hub. */
  pushDelayMs?: number;
  /** Lease `leaseCount` numbers whenever fewer than `leaseLowWater` are left. */
  leaseLowWater?: number;
  leaseCount?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  /** Passed to each round (time-outs, batch sizes). */
  sync?: Omit<SyncOptions, 'onProgress' | 'onPushed' | 'lease'>;
  /** Minimum time between two progress statuses. */
  progressEveryMs?: number;
}

const DEFAULTS = {
  intervalMs: 60_000,
  pushDelayMs: 1_000,
  leaseLowWater: 20,
  leaseCount: 100,
  backoffBaseMs: 2_000,
  backoffMaxMs: 5 * 60_000,
  progressEveryMs: 250,
};

function errorCode(error: unknown): string {
  if (error instanceof HubRefusedError) return error.code;
  if (error instanceof HubUnavailableError) return 'HUB_UNREACHABLE';
  if (error instanceof SyncPageError) return 'HUB_ANSWER_INVALID';
  return 'INTERNAL';
}

/**
 * The engine was stopped (the desk is closing or switching hubs) while a round ran: the round ends
 * at the next page or batch boundary instead of pulling everything first. What was applied stays
 * (each page with its cursor, each batch with its settlement); the next round carries on.
 */
class RoundStopped extends Error {
  constructor() {
    super('Sync was stopped mid-round (the desk closed or changed hub); the next round carries on.');
    this.name = 'RoundStopped';
  }
}

/** A refusal the desk cannot get past by trying again: the clerk or IT must act. */
function isStuck(error: unknown): boolean {
  if (!(error instanceof HubRefusedError)) return false;
  return error.status === 401 || error.status === 403 || error.code === 'SEQ_CONFLICT' || error.code === 'HUB_BEHIND';
}

export class SyncEngine {
  private readonly opts: typeof DEFAULTS & SyncEngineOptions;
  private connectionState: SyncConnection = 'offline';
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextAt: number | null = null;
  private attempt = 0;
  private lastAttemptAt: string | null = null;
  private lastErrorCode: string | null = null;
  private progress: SyncStatus['progress'] = null;
  private lastProgressEmit = 0;
  /** Cuts off the hub call in flight when the engine stops. */
  private abort: AbortController | null = null;

  constructor(options: SyncEngineOptions) {
    this.opts = { ...DEFAULTS, ...options };
  }

  get hubUrl(): string {
    return this.opts.connection.url;
  }

  /** Starts the loop with a round at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.syncNow();
  }

  /** Stops the timer, cuts off the call in flight and waits for the round to end (what it settled is kept). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.abort?.abort();
    await this.running;
  }

  status(): SyncStatus {
    return {
      ...storedSyncStatus(this.opts.ctx),
      connection: this.connectionState,
      hubUrl: this.opts.connection.url,
      lastAttemptAt: this.lastAttemptAt,
      lastErrorCode: this.lastErrorCode,
      nextAttemptAt: this.nextAt === null ? null : new Date(this.nextAt).toISOString(),
      progress: this.progress,
    };
  }

  /** Runs a round now; answers when it (and any round asked for meanwhile) is over. */
  syncNow(): Promise<SyncStatus> {
    if (this.stopped) return Promise.resolve(this.status());
    this.clearTimer();
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.status());
    }
    this.running = this.loop();
    return this.running.then(() => this.status());
  }

  /** A clerk's command queued an op: tell the screens, and send it soon if the hub is there. */
  localChange(): void {
    this.emit();
    if (this.stopped || this.connectionState === 'refused') return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.connectionState === 'online' && (this.nextAt === null || this.nextAt - Date.now() > this.opts.pushDelayMs)) {
      this.schedule(this.opts.pushDelayMs);
    }
  }

  /** The operating system says the network is back: don't wait for the backoff. */
  networkBack(): void {
    if (this.stopped) return;
    if (this.running) {
      // The round on the wire may be failing on the network that was down: run one more after it.
      this.again = true;
      return;
    }
    if (this.connectionState === 'offline' || this.connectionState === 'error') void this.syncNow();
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.round();
      } while (this.again && !this.stopped);
    } finally {
      this.running = null;
    }
  }

  private async round(): Promise<void> {
    const { ctx } = this.opts;
    this.nextAt = null;
    const before = this.connectionState;
    this.connectionState = 'syncing';
    this.lastAttemptAt = ctx.now();
    this.progress = { phase: 'push', pushed: 0, pulled: 0 };
    this.emit();
    let delay: number | null;
    try {
      this.abort = new AbortController();
      const result = await syncOnce(ctx, this.opts.connection, {
        ...this.opts.sync,
        signal: this.abort.signal,
        lease: { lowWater: this.opts.leaseLowWater, count: this.opts.leaseCount },
        onPushed: (pushed) => this.reportProgress({ phase: 'push', pushed, pulled: 0 }),
        onProgress: (pulled) => this.reportProgress({ phase: 'pull', pushed: this.progress?.pushed ?? 0, pulled }),
      });
      this.connectionState = 'online';
      this.lastErrorCode = null;
      this.attempt = 0;
      delay = this.opts.intervalMs;
      if (result.pulled > 0 || result.rejected > 0 || result.leased > 0) this.opts.onDataChanged?.();
    } catch (error) {
      if (error instanceof RoundStopped || this.stopped) {
        // Stopped on purpose: no error and no retry; the state is what it was before the round.
        this.connectionState = before;
        delay = null;
      } else if (isStuck(error)) {
        this.lastErrorCode = errorCode(error);
        this.connectionState = 'refused';
        delay = null;
      } else {
        this.lastErrorCode = errorCode(error);
        this.connectionState = error instanceof HubUnavailableError ? 'offline' : 'error';
        delay = backoffDelay(this.attempt, this.opts.backoffBaseMs, this.opts.backoffMaxMs, this.opts.random);
        this.attempt += 1;
      }
      // Ops settled or pages applied before the fault are in the store: let the screens show them
      // (a round that reached nothing changed nothing, and the screens need not reload every retry).
      if ((this.progress?.pushed ?? 0) > 0 || (this.progress?.pulled ?? 0) > 0) this.opts.onDataChanged?.();
    }
    this.progress = null;
    if (delay !== null && !this.again) this.schedule(delay);
    this.emit();
  }

  /** Called after each batch settled and each page applied: a stopped engine ends the round there. */
  private reportProgress(progress: NonNullable<SyncStatus['progress']>): void {
    if (this.stopped) throw new RoundStopped();
    this.progress = progress;
    const now = Date.now();
    if (now - this.lastProgressEmit >= this.opts.progressEveryMs) {
      this.lastProgressEmit = now;
      this.emit();
    }
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.nextAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
  }

  private emit(): void {
    try {
      this.opts.onStatus?.(this.status());
    } catch {
      // The store is closing: the screens are going too.
    }
  }
}
