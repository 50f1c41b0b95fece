// Sends the reader notices waiting in the outbox through the library's mail server (settings/smtp),
// oldest first. A notice the server accepted is marked sent in the step that records the
// acceptance, and only a queued notice is ever sent, so a notice goes out once; one the server
// refused (or could not be reached for) keeps the server's answer and is tried again later, less
// often each time, until it is marked failed for a clerk to resend by hand.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Notice } from '../../shared/types';
import type { DeskContext } from '../context';
import { readSmtp, type StoredSmtp } from '../settings/smtp';
import { prepared } from '../store/prepared';
import { composeNotice } from './compose';
import { getNotice } from './outbox';
import { queueDueNotices } from './due';

/** After this many attempts a notice is failed: the clerk sees the server's answer and may resend it. */
export const MAX_NOTICE_ATTEMPTS = 8;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … at most 6 hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

export interface SendRound {
  sent: number;
  failed: number;
  /** Notices left queued for a later round after a failed attempt. */
  retrying: number;
}

export interface NoticeSenderOptions {
  maxAttempts?: number;
  /** How long to wait for the server at each step (connect, greeting, answer). */
  timeoutMs?: number;
  /** After a round that changed notices: the requests whose notices changed (screens reload them). */
  onChange?: (requestIds: string[]) => void;
}

/** What went wrong, in the server's own words when it answered. */
function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { response?: unknown; code?: unknown; message?: unknown };
    if (typeof e.response === 'string' && e.response !== '') return e.response.slice(0, 1000);
    const message = typeof e.message === 'string' ? e.message : String(error);
    return (typeof e.code === 'string' ? `${e.code}: ${message}` : message).slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}

function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

export class NoticeSender {
  private running: Promise<SendRound> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly onChange: (requestIds: string[]) => void;
  private onError: (error: unknown) => void = () => undefined;

  constructor(
    private readonly ctx: DeskContext,
    options: NoticeSenderOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? MAX_NOTICE_ATTEMPTS;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.onChange = options.onChange ?? (() => undefined);
  }

  /** Sends every notice due now; a round already under way is joined, never run twice at once. */
  sendDue(): Promise<SendRound> {
    if (!this.running) {
      this.running = this.round().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /**
   * A kick during a round: that round took its list of notices when it began, so one queued since
   * (a check-in while fifty overdue notices go out) gets a round of its own right after it.
   */
  private again = false;
  /** Stopped for good (the desk closes or switches store): no kick starts a round any more. */
  private stopped = false;

  /**
   * The runtime's timer: every `intervalMs` a round (see `kick`), and one at once.
   */
  start(intervalMs = 60_000, onError: (error: unknown) => void = () => undefined): void {
    if (this.timer) return;
    this.onError = onError;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref?.();
    this.kick();
  }

  /**
   * One round in the background, once a mail server is set up: queues the due-date notices and
   * sends what is due (a desk without a server, like the demo, is left as it is). The runtime also
   * calls it after a command that queued or freed a notice, so it need not wait for the timer.
   */
  kick(): void {
    if (this.stopped) return;
    try {
      if (!readSmtp(this.ctx.db)) return;
      queueDueNotices(this.ctx);
    } catch (error) {
      this.onError(error);
    }
    if (this.running) {
      if (!this.again) {
        this.again = true;
        void this.running
          .catch(() => undefined)
          .finally(() => {
            if (!this.again || this.stopped) return; // stopped meanwhile
            this.again = false;
            this.kick();
          });
      }
      return;
    }
    this.sendDue().catch(this.onError);
  }

  /** Stops the timer and waits for a round under way to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    if (this.running) await this.running.catch(() => undefined);
  }

  private dueIds(): number[] {
    const rows = prepared(
      this.ctx.db,
      `SELECT id FROM notices WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY created_at, id`,
    ).all(this.ctx.now()) as { id: number }[];
    return rows.map((r) => r.id);
  }

  private async round(): Promise<SendRound> {
    const result: SendRound = { sent: 0, failed: 0, retrying: 0 };
    const smtp = readSmtp(this.ctx.db);
    if (!smtp) return result; // no mail server set up yet: the notices wait
    const ids = this.dueIds();
    if (ids.length === 0) return result;
    const transport = this.transportFor(smtp);
    const changed = new Set<string>();
    try {
      for (const id of ids) {
        const notice = getNotice(this.ctx, id);
        if (!notice || notice.status !== 'queued') continue; // resent, sent or failed meanwhile
        const outcome = await this.sendOne(transport, smtp, notice);
        result[outcome] += 1;
        changed.add(notice.requestId);
      }
    } finally {
      transport.close();
      if (changed.size > 0) this.onChange([...changed]);
    }
    return result;
  }

  private transportFor(smtp: StoredSmtp) {
    // One connection for the whole round (pooled): fifty overdue notices on a Monday morning go
    // through one SMTP session instead of fifty handshakes. The round closes it.
    return nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      maxMessages: 200,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
    });
  }

  private async sendOne(transport: Transporter, smtp: StoredSmtp, notice: Notice): Promise<keyof SendRound> {
    let mail;
    try {
      mail = composeNotice(this.ctx, notice);
    } catch (error) {
      // Nothing to send it to (or nothing to fill it from): no retry can help, a clerk must look.
      this.recordFailure(notice, describeError(error), true);
      return 'failed';
    }
    try {
      const info = await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
      const accepted = (info.accepted ?? []).map((a: unknown) => (typeof a === 'string' ? a : ((a as { address?: string }).address ?? '')));
      if (!accepted.some((a: string) => a.toLowerCase() === mail.to.toLowerCase())) {
        const answer = typeof info.response === 'string' && info.response !== '' ? info.response : 'the server did not accept the recipient';
        return this.recordFailure(notice, answer, false);
      }
      // The server took it: sent, in one step with the acceptance, so no later round sends it again.
      prepared(
        this.ctx.db,
        "UPDATE notices SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL WHERE id = ? AND status = 'queued'",
      ).run(this.ctx.now(), notice.id);
      return 'sent';
    } catch (error) {
      return this.recordFailure(notice, describeError(error), false);
    }
  }

  private recordFailure(notice: Notice, error: string, final: boolean): 'failed' | 'retrying' {
    const attempts = notice.attempts + 1;
    const failed = final || attempts >= this.maxAttempts;
    prepared(
      this.ctx.db,
      `UPDATE notices SET attempts = ?, last_error = ?, status = ?, next_attempt_at = ? WHERE id = ? AND status = 'queued'`,
    ).run(attempts, error, failed ? 'failed' : 'queued', failed ? null : addMinutes(this.ctx.now(), retryDelayMinutes(attempts)), notice.id);
    return failed ? 'failed' : 'retrying';
  }
}
