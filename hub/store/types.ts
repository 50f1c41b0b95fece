// The hub's store, as the routes see it: one async interface. SQLite (sqlite.ts) is the embedded
// default; a PostgreSQL store implements the same interface, so neither the protocol nor the
// routing rules move when a consortium outgrows one machine (DESIGN §4).
import type { OpResult, SyncLibrary, SyncReader } from '../../shared/sync';
import type { ChangeKind } from '../../shared/sync';
import type { ReaderRegistration, ReaderRequestInput } from '../domain/schemas';
import type { PasswordHash } from '../auth';

export interface DeskIdentity {
  deskId: string;
  libraryCode: string;
  name: string;
}

export interface ReaderIdentity {
  id: string;
  libraryCode: string;
  login: string;
  status: SyncReader['status'];
}

/** One op of a push whose `opId` and `deskSeq` are known good; the rest is judged by the store. */
export interface PushOp {
  opId: string;
  deskSeq: number;
  raw: unknown;
}

export type PushOutcome =
  | { kind: 'settled'; results: OpResult[]; ackedDeskSeq: number }
  /** An op above the next expected deskSeq: the ops before it stay settled. */
  | { kind: 'gap'; results: OpResult[]; ackedDeskSeq: number; expected: number; got: number }
  /** A settled deskSeq arriving with another opId: the desk's outbox was lost or restored. */
  | { kind: 'conflict'; results: OpResult[]; ackedDeskSeq: number; deskSeq: number };

export interface StoredChange {
  seq: number;
  kind: ChangeKind;
  id: string;
  version: number;
  /** The record as this desk may see it, as JSON text: the route sends it as it is, unparsed. */
  dataJson: string;
}

export interface PullPage {
  changes: StoredChange[];
  /** The sequence the next pull starts after. */
  lastSeq: number;
  more: boolean;
  ackedDeskSeq: number;
}

/** Where one login (or one address) stands with failed passwords. */
export interface LoginAttempt {
  key: string;
  /** Tries counted in the current window, this one included (pending until its password is checked). */
  failures: number;
  /** Set while the key is locked out (ISO-8601, hub time); such a try is not counted. */
  lockedUntil: string | null;
}

export interface HubStore {
  close(): Promise<void>;

  upsertLibrary(library: SyncLibrary, hubTime: string): Promise<void>;
  listLibraries(): Promise<SyncLibrary[]>;

  addDesk(args: { libraryCode: string; name: string; tokenHash: Buffer; hubTime: string }): Promise<DeskIdentity>;
  /** The desk whose token hashes to this, compared in constant time; undefined otherwise. */
  deskByTokenHash(tokenHash: Buffer): Promise<DeskIdentity | undefined>;

  /** Numbers of the desk's library, reserved for this desk, never handed out twice. */
  leaseNumbers(desk: DeskIdentity, count: number, hubTime: string): Promise<string[]>;
  /** Settles ops in deskSeq order, each with its effects, in one transaction. */
  push(desk: DeskIdentity, ops: PushOp[], hubTime: string): Promise<PushOutcome>;
  /** Changes visible to the desk's library after `afterSeq`; undefined when the hub does not know that sequence. */
  pull(desk: DeskIdentity, afterSeq: number, limit: number): Promise<PullPage | undefined>;

  /** Counts one password try against each key; a window older than `windowMs` starts again, a locked key is not counted. */
  countLoginAttempt(keys: readonly string[], hubTime: string, windowMs: number): Promise<LoginAttempt[]>;
  /** Locks a key until then; its count starts again after. */
  lockLogin(key: string, until: string): Promise<void>;
  /** A right password: the login's count is cleared and the address's try taken back. */
  loginSucceeded(loginKey: string, addressKey: string): Promise<void>;

  registerReader(input: Omit<ReaderRegistration, 'password'>, password: PasswordHash, hubTime: string): Promise<ReaderIdentity>;
  readerCredentials(login: string): Promise<{ reader: ReaderIdentity; password: PasswordHash } | undefined>;
  submitReaderRequest(reader: ReaderIdentity, input: ReaderRequestInput, hubTime: string): Promise<{ id: string; status: 'SUBMITTED' }>;
  cancelReaderRequest(reader: ReaderIdentity, id: string, hubTime: string): Promise<{ id: string; status: 'CANCELLED' }>;
}
