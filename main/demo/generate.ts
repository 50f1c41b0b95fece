// The demo data generator: a consortium directory, 北京邮电大学's readers, and requests on both
// sides (our readers borrowing, other libraries borrowing from us) in every status, each with the
// event trail of a plausible path from SUBMITTED to where it stands. Deterministic for a seed.
//
// It runs in two passes so request numbers follow creation time, as numbers leased from the hub
// do: pass 1 decides each request's side, service, status and reader and works out its timeline
// (keeping only the creation time); pass 2 walks the requests in creation order, re-derives each
// one from its own seed and writes it. Per-request state lives only in typed arrays (a few bytes a
// request) and pass 2 commits in batches, so memory stays flat for a million requests.
//
// Speed (a million requests, ~7 million events): the store is bulk-loaded (bulk.ts: indexes and
// the search trigger set aside, the search index filled in one pass at the end), and with
// `parallel` a worker thread re-derives the same pass 2 on the second core and writes the event
// log into a scratch file that is then copied in whole.
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { AppError } from '../../shared/errors';
import { resolveRules, type LibraryRules } from '../../shared/rules';
import { CLOSED_STATUSES, STATUSES, type RequestOpType, type Status, type UnfilledReason } from '../../shared/status';
import { formatRequestNumber } from '../../shared/validators';
import { readDeskIdentity, writeDeskIdentity, type DeskIdentity } from '../settings/store';
import { hashPassword } from '../clerks/passwords';
import { DEMO_CLERK_PASSWORD } from '../../shared/shippedPasswords';
import type { Db } from '../store/db';
import { beginBulkLoad, type BulkLoad } from './bulk';
import { writeDemoLedger } from './ledger';
import {
  DEPARTMENTS,
  SEED_ITEMS,
  STAFF_TITLES,
  chapterPages,
  chineseName,
  makeCatalog,
  type Catalog,
  type CatalogItem,
} from './corpus';
import { DEMO_LIBRARIES, NATIONAL_LIBRARY_CODE, OUR_LIBRARY_CODE, type DemoLibrary } from './directory';
import { Rng, Weighted, mix32, subSeed } from './rng';

export interface DemoOptions {
  /** How many requests to generate (2,000 for the desk's demo profile; up to millions for benchmarks). */
  requests: number;
  /** Readers of 北京邮电大学 (default 200): mostly approved, about ten pending, a few rejected. */
  readers?: number;
  seed?: number;
  /** The demo's "now" (ISO instant): everything happened before it; overdue is relative to it. */
  now?: string;
  /** Called after each committed batch with requests written so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each stage after the requests begins (search index, events, indexes). */
  onStage?: (stage: string) => void;
  /**
   * Write the event log from a worker thread on a second core (big runs from the CLI). Needs a
   * file store and the worker script beside this module (under tsx); otherwise ignored.
   */
  parallel?: boolean;
}

export interface DemoSummary {
  libraries: number;
  readers: number;
  requests: number;
}

export const DEFAULT_DEMO_SEED = 20110428;
export const DEFAULT_DEMO_NOW = '2026-11-28T09:00:00Z';
export const DEMO_DESK_IDENTITY: DeskIdentity = Object.freeze({
  libraryCode: OUR_LIBRARY_CODE,
  deskId: 'demo-desk-1',
  deskName: '二层流通台',
  clerk: 'by01',
  profile: 'demo',
});
/** The demo desk's clerk accounts (the logins its timelines carry); the sign-in screen shows them. */
export const DEMO_CLERKS = [
  { login: 'by01', name: '王静', role: 'supervisor' },
  { login: 'by02', name: '李明', role: 'clerk' },
  { login: 'by03', name: '赵敏', role: 'clerk' },
] as const;

function seedDemoClerks(db: Db, now: string): void {
  const hash = hashPassword(DEMO_CLERK_PASSWORD);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO clerks (login, name, role, password_hash, active, created_at, created_by, password_set_at)
     VALUES (?, ?, ?, ?, 1, ?, NULL, ?)`,
  );
  for (const clerk of DEMO_CLERKS) insert.run(clerk.login, clerk.name, clerk.role, hash, now, now);
}

/** Unused request numbers the demo desk holds after the demo, as if leased from the hub. */
export const DEMO_POOL_SIZE = 1000;

/** Requests per committed batch in big runs (smaller runs commit about every 5%). */
const BATCH = 10_000;
/** Requests are created over the last ~2 years. */
const SPAN_DAYS = 730;
const MIN = 60_000;
const H = 3_600_000;
const DAY = 24 * H;
/** Beijing is UTC+8; timelines are laid out in Beijing days so clerks work 8:30–17:30 local. */
const BEIJING = 8 * H;
const KEY_INDEX_BITS = 2 ** 26;
const STAGING = 'demo_staging_requests';

// ---- the directory at run time ---------------------------------------------------------------

interface Lib extends DemoLibrary {
  idx: number;
  resolved: LibraryRules;
  lower: string;
  /** Clerk codes and desk id used in this library's events (our own are by01–by03). */
  clerks: readonly [string, string];
  desk: string;
}

const LIBS: readonly Lib[] = DEMO_LIBRARIES.map((l, idx) => ({
  ...l,
  idx,
  resolved: resolveRules(l.rules),
  lower: l.prefix.toLowerCase(),
  clerks: [`${l.prefix.toLowerCase()}01`, `${l.prefix.toLowerCase()}02`] as const,
  desk: `${l.prefix.toLowerCase()}-desk-1`,
}));
function libIndex(code: string): number {
  const i = LIBS.findIndex((l) => l.code === code);
  if (i < 0) throw new Error(`demo directory has no library ${code}`);
  return i;
}
const OUR = libIndex(OUR_LIBRARY_CODE);
const NLC = libIndex(NATIONAL_LIBRARY_CODE);
const OUR_LIB = LIBS[OUR] as Lib;
const others = LIBS.filter((l) => l.idx !== OUR);
const LOAN_LENDERS = new Weighted(
  others.map((l) => l.idx),
  others.map((l) => l.weight),
);
const COPY_LENDERS = new Weighted(
  others.map((l) => l.idx),
  others.map((l) => (l.idx === NLC ? 1 : l.weight)),
);
const borrowerLibs = others.filter((l) => l.borrows);
const BORROWERS = new Weighted(
  borrowerLibs.map((l) => l.idx),
  borrowerLibs.map((l) => l.weight),
);
const lib = (i: number): Lib => LIBS[i] as Lib;

// ---- time stamps -----------------------------------------------------------------------------

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * ISO-8601 UTC stamps (`2026-11-28T09:00:00.000Z`, as Date#toISOString writes them) and dates,
 * whole seconds, from a per-day cache: a million-request demo formats tens of millions of them.
 */
export class StampFormatter {
  private readonly dates = new Map<number, string>();

  date(ms: number): string {
    const day = Math.floor(ms / DAY);
    let d = this.dates.get(day);
    if (d === undefined) {
      d = new Date(day * DAY).toISOString().slice(0, 10);
      this.dates.set(day, d);
    }
    return d;
  }

  stamp(ms: number): string {
    const sec = Math.floor(ms / 1000);
    const day = Math.floor(sec / 86_400);
    let rest = sec - day * 86_400;
    const h = Math.floor(rest / 3600);
    rest -= h * 3600;
    const m = Math.floor(rest / 60);
    return `${this.date(day * DAY)}T${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[rest - m * 60]}.000Z`;
  }
}

// ---- statuses --------------------------------------------------------------------------------

type Side = 0 | 1; // 0 borrowing (we are the borrower), 1 lending (we are the lender)
type Service = 0 | 1; // 0 loan, 1 copy
const STATUS_INDEX = new Map<Status, number>(STATUSES.map((s, i) => [s, i]));
const isClosed = (s: Status) => CLOSED_STATUSES.includes(s);

/** How often each status occurs, by side and service. Lenders never see SUBMITTED or REJECTED. */
const STATUS_WEIGHTS: Record<`${Side}${Service}`, Partial<Record<Status, number>>> = {
  '00': {
    SUBMITTED: 4, CANCELLED: 4, REJECTED: 2, SENT: 4, ACCEPTED: 3, UNFILLED: 3, SHIPPED: 3, ON_HOLD: 4,
    LOANED: 9, RECALLED: 1.5, RETURNED: 2, RETURN_SHIPPED: 2, COMPLETED: 40, LOST: 0.8,
  },
  '01': { SUBMITTED: 4, CANCELLED: 4, REJECTED: 3, SENT: 4, ACCEPTED: 3, UNFILLED: 5, DELIVERED: 60 },
  '10': {
    CANCELLED: 2, SENT: 5, ACCEPTED: 4, UNFILLED: 8, SHIPPED: 3, ON_HOLD: 3, LOANED: 8, RECALLED: 1.5,
    RETURNED: 2, RETURN_SHIPPED: 3, COMPLETED: 40, LOST: 0.7,
  },
  '11': { CANCELLED: 2, SENT: 5, ACCEPTED: 4, UNFILLED: 8, DELIVERED: 60 },
};
const closedOnly = (t: Partial<Record<Status, number>>) =>
  Object.fromEntries(Object.entries(t).filter(([s]) => isClosed(s as Status))) as Partial<Record<Status, number>>;
const PICK_STATUS = {
  '00': Weighted.of(STATUS_WEIGHTS['00']),
  '01': Weighted.of(STATUS_WEIGHTS['01']),
  '10': Weighted.of(STATUS_WEIGHTS['10']),
  '11': Weighted.of(STATUS_WEIGHTS['11']),
};
/** When no reader has room for another open request, the request is one of these instead. */
const PICK_CLOSED = {
  '00': Weighted.of(closedOnly(STATUS_WEIGHTS['00'])),
  '01': Weighted.of(closedOnly(STATUS_WEIGHTS['01'])),
};

const UNFILL_REASONS = Weighted.of<UnfilledReason>({
  NotOnShelf: 25, OnLoan: 25, NotHeld: 20, NonCirculating: 10, NotAvailableForILL: 8, PoorCondition: 4,
  PolicyProblem: 3, Other: 5,
});
const REJECT_REASONS = ['超出读者借阅限额', '超出合理使用范围', '申请信息不完整，请补充出版信息', '本馆已有馆藏，请到本馆借阅', '重复申请'];
const CANCEL_REASONS = ['读者不再需要', '读者要求撤销', '本馆已购入该书', '等待时间过长，读者撤销'];
const RECALL_REASONS = ['本馆读者预约', '教学急需', '馆藏清点', '本馆课程指定参考书'];
const NOTE_TEXTS = ['读者电话询问进度', '已电话通知读者', '已发邮件提醒读者', '书有轻微破损，已拍照存档', '读者要求加急处理', '借出馆来电确认'];
const REMARKS = ['急用，谢谢', '写毕业论文用', '课程参考书', '科研项目需要', '如有电子版也可'];
const NOTES_TO_LENDER = ['请尽快寄出，谢谢', '读者急用，麻烦加急', '如无此版本，其他版本亦可', '仅需第3章，谢谢'];
const COURIERS = ['宅急送', 'EMS', '顺丰速运', '京东物流'] as const;
const OUR_CLERKS = new Weighted(['by01', 'by02', 'by03'], [5, 3, 2]);

// ---- one request's plan: path and timeline ---------------------------------------------------

type Token =
  | 'forward0' | 'accept0' | 'unfill0' // a first lender that could not supply
  | 'forward' | 'accept' | 'unfill' | 'ship' | 'deliver' | 'checkIn' | 'handOut' | 'recall' | 'return'
  | 'returnShip' | 'complete' | 'lose' | 'reject' | 'cancel';

const TOKEN_OP: Record<Token, RequestOpType> = {
  forward0: 'request.forward', accept0: 'request.accept', unfill0: 'request.unfill',
  forward: 'request.forward', accept: 'request.accept', unfill: 'request.unfill', ship: 'request.ship',
  deliver: 'request.deliver', checkIn: 'request.checkIn', handOut: 'request.handOut', recall: 'request.recall',
  return: 'request.return', returnShip: 'request.returnShip', complete: 'request.complete', lose: 'request.lose',
  reject: 'request.reject', cancel: 'request.cancel',
};

interface Step {
  op: RequestOpType | 'request.create';
  token: Token | 'create';
  from: Status | null;
  to: Status;
  /** ms after the plan's base (a Beijing midnight). */
  t: number;
  /** The acting library. */
  actor: number;
  byReader: boolean;
}

interface Plan {
  side: Side;
  service: Service;
  status: Status;
  borrower: number;
  /** The lender the request stands with now, -1 when never forwarded. */
  lender: number;
  /** The lender the reader or clerk had in mind (the form's 出借馆). */
  intended: number;
  /** A first lender that could not supply, -1 when there was none. */
  prior: number;
  readerCreated: boolean;
  steps: Step[];
  checkInT: number;
  lenderDueDay: number;
  readerDueDay: number;
  /** Day index of "now" counted from the base. */
  nowDay: number;
}

/** Fixed decisions for the seed's own requests. */
interface Forced {
  lender?: number;
  borrower?: number;
  overdue?: boolean;
  readerCreated?: boolean;
}

function work(t: number, rng: Rng): number {
  const day = Math.floor(t / DAY);
  const tod = t - day * DAY;
  if (tod < 8.5 * H) return day * DAY + 8.5 * H + rng.range(0, 1.5 * H);
  if (tod > 17.5 * H) return (day + 1) * DAY + 8.5 * H + rng.range(0, 1.5 * H);
  return t;
}
const atDay = (day: number, rng: Rng) => day * DAY + rng.range(8.5 * H, 17.5 * H);
const dayOf = (t: number) => Math.floor(t / DAY);

function sequence(rng: Rng, side: Side, status: Status, cycle: boolean, simple: boolean): Token[] {
  const sent = (): Token[] => (cycle ? ['forward0', ...(rng.chance(0.3) ? ['accept0' as const] : []), 'unfill0', 'forward'] : ['forward']);
  const shipped = (): Token[] => [...sent(), 'accept', 'ship'];
  const onHold = (): Token[] => [...shipped(), 'checkIn'];
  const loaned = (): Token[] => [...onHold(), 'handOut'];
  const returned = (): Token[] => {
    const r = simple ? 0.5 : rng.next();
    if (r < 0.15) return [...onHold(), 'return'];
    if (r < 0.85) return [...loaned(), 'return'];
    return [...loaned(), 'recall', 'return'];
  };
  switch (status) {
    case 'SUBMITTED':
      return [];
    case 'REJECTED':
      return ['reject'];
    case 'CANCELLED': {
      const r = simple ? 0 : rng.next();
      if (side === 0 && r < 0.45) return ['cancel'];
      if (r < 0.8) return [...sent(), 'cancel'];
      return [...sent(), 'unfill', 'cancel'];
    }
    case 'SENT':
      return sent();
    case 'ACCEPTED':
      return [...sent(), 'accept'];
    case 'UNFILLED':
      return [...sent(), ...(rng.chance(0.3) ? ['accept' as const] : []), 'unfill'];
    case 'SHIPPED':
      return shipped();
    case 'ON_HOLD':
      return onHold();
    case 'LOANED':
      return loaned();
    case 'RECALLED':
      return rng.chance(0.2) && !simple ? [...onHold(), 'recall'] : [...loaned(), 'recall'];
    case 'RETURNED':
      return returned();
    case 'RETURN_SHIPPED':
      return [...returned(), 'returnShip'];
    case 'COMPLETED':
      return [...returned(), 'returnShip', 'complete'];
    case 'DELIVERED':
      return [...sent(), 'accept', 'deliver'];
    case 'LOST': {
      const r = rng.next();
      if (r < 0.2) return [...shipped(), 'lose'];
      if (r < 0.65) return [...loaned(), 'lose'];
      if (r < 0.75) return [...loaned(), 'recall', 'lose'];
      return [...returned(), 'returnShip', 'lose'];
    }
  }
}

function buildPlan(rng: Rng, side: Side, service: Service, status: Status, forced: Forced | undefined, nowTod: number): Plan {
  const borrower = side === 0 ? OUR : (forced?.borrower ?? BORROWERS.pick(rng));
  const lender = side === 1 ? OUR : (forced?.lender ?? (service === 0 ? LOAN_LENDERS : COPY_LENDERS).pick(rng));
  const cycle = !forced && rng.chance(0.1);
  let prior = -1;
  if (cycle) {
    do prior = LOAN_LENDERS.pick(rng);
    while (prior === lender || prior === borrower);
  }
  const tokens = sequence(rng, side, status, cycle, forced !== undefined);
  const readerCreated = forced?.readerCreated ?? rng.chance(side === 0 ? 0.7 : 0.6);

  let t = readerCreated ? rng.range(7 * H, 23.5 * H) : rng.range(8.5 * H, 17.5 * H);
  const steps: Step[] = [{ op: 'request.create', token: 'create', from: null, to: 'SUBMITTED', t, actor: borrower, byReader: readerCreated }];
  let cur: Status = 'SUBMITTED';
  let curLender = -1;
  let checkInT = -1;
  let handOutDay = -1;
  let lenderDueDay = -1;
  let readerDueDay = -1;

  for (const token of tokens) {
    let to: Status;
    let actor = borrower;
    let byReader = false;
    switch (token) {
      case 'forward0':
      case 'forward':
        t = work(t + (cur === 'UNFILLED' ? rng.range(1 * H, 24 * H) : rng.range(0.5 * H, 30 * H)), rng);
        curLender = token === 'forward0' ? prior : lender;
        to = 'SENT';
        break;
      case 'accept0':
      case 'accept':
        t = work(t + rng.range(1 * H, 48 * H), rng);
        to = 'ACCEPTED';
        actor = curLender;
        break;
      case 'unfill0':
      case 'unfill':
        t = work(t + rng.range(2 * H, cur === 'SENT' ? 72 * H : 48 * H), rng);
        to = 'UNFILLED';
        actor = curLender;
        break;
      case 'reject':
        t = work(t + rng.range(1 * H, 30 * H), rng);
        to = 'REJECTED';
        break;
      case 'cancel':
        if (cur === 'SUBMITTED' && readerCreated && rng.chance(0.6)) {
          // The reader withdrew it within the hour (DESIGN §2).
          t += rng.range(5 * MIN, 55 * MIN);
          byReader = true;
        } else {
          t = work(t + (cur === 'SUBMITTED' ? rng.range(2 * H, 48 * H) : rng.range(4 * H, 96 * H)), rng);
        }
        to = 'CANCELLED';
        break;
      case 'ship':
        t = work(t + rng.range(2 * H, 48 * H), rng);
        lenderDueDay = dayOf(t) + lib(curLender).resolved.loanPeriodDays;
        to = 'SHIPPED';
        actor = curLender;
        break;
      case 'deliver':
        t = work(t + rng.range(4 * H, 72 * H), rng);
        to = 'DELIVERED';
        actor = curLender;
        break;
      case 'checkIn':
        t = work(t + rng.range(20 * H, 72 * H), rng);
        checkInT = t;
        to = 'ON_HOLD';
        break;
      case 'handOut': {
        t = work(t + rng.range(2 * H, 6.5 * DAY), rng);
        handOutDay = dayOf(t);
        readerDueDay = Math.max(lenderDueDay - lib(curLender).resolved.returnMarginDays, handOutDay);
        to = 'LOANED';
        break;
      }
      case 'recall':
        if (cur === 'ON_HOLD') {
          t = work(t + rng.range(1 * DAY, 5 * DAY), rng);
        } else {
          const lo = handOutDay + 3;
          const hi = Math.max(lo, Math.min(readerDueDay - 1, handOutDay + 25));
          t = Math.max(atDay(rng.int(lo, hi), rng), t + H);
        }
        to = 'RECALLED';
        actor = curLender;
        break;
      case 'return':
        if (cur === 'ON_HOLD') {
          // Not picked up within the hold-shelf days: the book goes back.
          t = work(checkInT + rng.range(7.5 * DAY, 9 * DAY), rng);
        } else if (cur === 'LOANED') {
          const late = rng.chance(0.15);
          const day = late ? readerDueDay + rng.int(1, 20) : rng.int(handOutDay + 2, Math.max(handOutDay + 2, readerDueDay));
          t = Math.max(atDay(day, rng), t + H);
        } else {
          t = work(t + rng.range(1 * DAY, 10 * DAY), rng);
        }
        to = 'RETURNED';
        break;
      case 'returnShip': {
        // Return shipments go out in a batch at 15:00 (one per lender and day).
        let day = dayOf(t) + rng.int(0, 5);
        if (day === dayOf(t) && t - day * DAY >= 15 * H) day++;
        t = day * DAY + 15 * H;
        to = 'RETURN_SHIPPED';
        break;
      }
      case 'complete':
        t = work(t + rng.range(1 * DAY, 3 * DAY), rng);
        to = 'COMPLETED';
        actor = curLender;
        break;
      case 'lose': {
        const [lo, hi] = cur === 'LOANED' ? [20, 90] : cur === 'RECALLED' ? [10, 40] : [7, 20];
        t = work(t + rng.range(lo * DAY, hi * DAY), rng);
        actor = cur === 'SHIPPED' || cur === 'RETURN_SHIPPED' ? curLender : borrower;
        to = 'LOST';
        break;
      }
    }
    steps.push({ op: TOKEN_OP[token], token, from: cur, to, t, actor, byReader });
    cur = to;
  }

  // Place the timeline before "now": open requests recently, closed ones anywhere in two years.
  const last = steps[steps.length - 1] as Step;
  const lastDay = dayOf(last.t);
  let nowDay: number;
  switch (status) {
    case 'LOANED': {
      const overdue = forced?.overdue ?? rng.chance(0.2);
      nowDay = overdue ? readerDueDay + rng.int(1, 45) : rng.int(handOutDay + 1, Math.max(handOutDay + 1, readerDueDay));
      break;
    }
    case 'ON_HOLD':
      // About a quarter are past their pick-up date (checked in more than 7 days ago).
      nowDay = lastDay + (rng.chance(0.25) ? rng.int(8, 20) : rng.int(0, 6));
      break;
    case 'SUBMITTED':
      nowDay = lastDay + rng.int(0, 2);
      break;
    case 'SENT':
      nowDay = lastDay + rng.int(0, 4);
      break;
    case 'ACCEPTED':
    case 'SHIPPED':
      nowDay = lastDay + rng.int(0, 3);
      break;
    case 'UNFILLED':
    case 'RETURNED':
      nowDay = lastDay + rng.int(0, 6);
      break;
    case 'RECALLED':
      nowDay = lastDay + rng.int(0, 14);
      break;
    case 'RETURN_SHIPPED':
      nowDay = lastDay + rng.int(0, 4);
      break;
    default:
      nowDay = lastDay + rng.int(0, Math.max(0, SPAN_DAYS - lastDay));
  }
  if (nowDay === lastDay && last.t - lastDay * DAY > nowTod) nowDay++;

  return {
    side,
    service,
    status,
    borrower,
    lender: curLender,
    intended: lender,
    prior,
    readerCreated,
    steps,
    checkInT,
    lenderDueDay,
    readerDueDay,
    nowDay,
  };
}

// ---- readers ---------------------------------------------------------------------------------

interface ReaderRow {
  id: string;
  login: string;
  name: string;
  cardNumber: string;
  email: string;
  phone: string;
  gender: string;
  department: string;
  birthDate: string;
  title: string | null;
  education: string | null;
  address: string | null;
  remark: string | null;
  status: 'APPROVED' | 'PENDING' | 'REJECTED';
  rejectReason: string | null;
  createdAt: string;
  updatedAt: string;
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '158', '159', '180', '185', '186', '187', '188', '189'];
const READER_REMARKS = ['需借阅外文资料', '博士论文开题需要', '项目组共用', '请邮件通知到馆'];
const READER_REJECT_REASONS = ['证件号码与借书证号不符', '非本校读者', '重复注册，请使用原登录名'];
const STAFF_BUILDINGS = ['教一楼', '教二楼', '教三楼', '教四楼', '科研楼', '主楼', '明光楼'];

function readerCounts(total: number): { approved: number; pending: number; rejected: number } {
  const pending = Math.min(10, Math.floor(total * 0.05));
  const rejected = Math.min(4, Math.floor(total * 0.02));
  return { approved: total - pending - rejected, pending, rejected };
}

function makeReaders(rng: Rng, total: number, nowMs: number): ReaderRow[] {
  const { approved, pending } = readerCounts(total);
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const logins = new Set<string>(['wangqian830']);
  const cards = new Set<string>(['0000830']);
  const rows: ReaderRow[] = [];
  // The seed's reader: 王茜, login wangqian830, 女, 讲师, 博士, of the library itself.
  const wqCreated = nowMs - 1300 * DAY;
  rows.push({
    id: readerId(0),
    login: 'wangqian830',
    name: '王茜',
    cardNumber: '0000830',
    email: 'wangqian830@bupt.edu.cn',
    phone: '010-62281970',
    gender: '女',
    department: '图书馆',
    birthDate: '1980-05-12',
    title: '讲师',
    education: '博士',
    address: '北京市海淀区西土城路10号 图书馆四层406室',
    remark: null,
    status: 'APPROVED',
    rejectReason: null,
    createdAt: iso(wqCreated),
    updatedAt: iso(wqCreated + DAY),
  });
  for (let n = 1; n < total; n++) {
    const status = n < approved ? 'APPROVED' : n < approved + pending ? 'PENDING' : 'REJECTED';
    const female = rng.chance(0.48);
    const person = chineseName(rng, female);
    let login: string;
    do login = `${person.pinyin}${rng.int(1, 999)}`;
    while (logins.has(login));
    logins.add(login);
    const staff = rng.chance(0.25);
    let cardNumber: string;
    do cardNumber = staff ? `0${rng.digits(6)}` : `${rng.int(2019, 2025)}${rng.pick(['21', '21', '11', '01', '02', '03', '06', '09', '13'])}${rng.digits(4)}`;
    while (cards.has(cardNumber));
    cards.add(cardNumber);
    const level = rng.next();
    const domain = staff || rng.chance(0.55) ? 'bupt.edu.cn' : rng.chance(0.55) ? '163.com' : 'qq.com';
    const created =
      status === 'APPROVED' ? nowMs - rng.range(760, 1400) * DAY : status === 'PENDING' ? nowMs - rng.range(0.2, 14) * DAY : nowMs - rng.range(15, 120) * DAY;
    const birthYear = staff ? rng.int(1965, 1992) : rng.int(1996, 2007);
    rows.push({
      id: readerId(n),
      login,
      name: person.name,
      cardNumber,
      email: `${login}@${domain}`,
      phone: staff && rng.chance(0.3) ? `010-6228${rng.digits(4)}` : `${rng.pick(MOBILE_PREFIXES)}${rng.digits(8)}`,
      gender: female ? '女' : '男',
      department: rng.pick(DEPARTMENTS),
      birthDate: `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      title: staff ? rng.pick(STAFF_TITLES) : null,
      education: staff ? rng.pick(['博士', '博士', '硕士', '本科']) : level < 0.5 ? '本科在读' : level < 0.85 ? '硕士在读' : '博士在读',
      address: rng.chance(0.2)
        ? null
        : staff
          ? `北京市海淀区西土城路10号 ${rng.pick(STAFF_BUILDINGS)}${rng.int(1, 6)}${String(rng.int(1, 30)).padStart(2, '0')}室`
          : `北京市海淀区西土城路10号 学生公寓${rng.int(1, 29)}号楼${rng.int(1, 6)}${String(rng.int(1, 40)).padStart(2, '0')}`,
      remark: rng.chance(0.08) ? rng.pick(READER_REMARKS) : null,
      status,
      rejectReason: status === 'REJECTED' ? rng.pick(READER_REJECT_REASONS) : null,
      createdAt: iso(created),
      updatedAt: iso(status === 'PENDING' ? created : created + rng.range(0.5, 3) * DAY),
    });
  }
  return rows;
}

function readerId(n: number): string {
  return `R${OUR_LIBRARY_CODE}${String(n + 1).padStart(5, '0')}`;
}

// ---- the seed's own requests -----------------------------------------------------------------

interface Scripted extends Forced {
  side: Side;
  service: Service;
  status: Status;
  /** Index among the approved readers (0 is wangqian830). */
  reader?: number;
  item: CatalogItem;
}

const S = SEED_ITEMS;
/** The requests the seed shows, first so that even a tiny demo has them. */
const SCRIPTED: readonly Scripted[] = [
  // wangqian830's list in the seed (申请单查询结果); at most 3 open at once.
  { side: 0, service: 0, status: 'COMPLETED', reader: 0, lender: libIndex('211020'), readerCreated: true, item: S.resourceSharing },
  { side: 0, service: 0, status: 'ACCEPTED', reader: 0, lender: libIndex('211020'), readerCreated: true, item: S.resourceSharing },
  { side: 0, service: 0, status: 'SUBMITTED', reader: 0, lender: libIndex('211040'), readerCreated: true, item: S.campusCulture },
  { side: 0, service: 0, status: 'COMPLETED', reader: 0, lender: libIndex('211040'), readerCreated: true, item: S.modernisation },
  { side: 0, service: 0, status: 'LOANED', reader: 0, lender: libIndex('211010'), readerCreated: true, overdue: false, item: S.digitalCollections },
  { side: 0, service: 0, status: 'CANCELLED', reader: 0, lender: libIndex('211010'), readerCreated: true, item: S.digitalCollections },
  { side: 0, service: 0, status: 'COMPLETED', reader: 0, lender: libIndex('211020'), readerCreated: true, item: S.tolstoy },
  { side: 0, service: 0, status: 'COMPLETED', reader: 0, lender: libIndex('211010'), readerCreated: true, item: S.herzen },
  // Foreign books come from the National Library (国家图书馆收藏的外文图书): this one is overdue.
  { side: 0, service: 0, status: 'LOANED', reader: 1, lender: NLC, readerCreated: false, overdue: true, item: S.russianEncyclopedia },
  { side: 0, service: 0, status: 'SENT', reader: 2, lender: libIndex('211040'), readerCreated: true, item: S.digitalReference },
  // The seed's request form: Java高级编程 from 北京航空航天大学 (211060).
  { side: 0, service: 0, status: 'ON_HOLD', reader: 3, lender: libIndex('211060'), readerCreated: true, item: S.java },
  // The seed's search results (北京交通大学, 中国农业大学, 中国政法大学 hold them).
  { side: 0, service: 0, status: 'RETURNED', reader: 4, lender: libIndex('211050'), readerCreated: true, item: S.calculus },
  { side: 1, service: 0, status: 'ACCEPTED', borrower: libIndex('211120'), readerCreated: true, item: S.calculusQa },
  { side: 0, service: 0, status: 'COMPLETED', reader: 5, lender: libIndex('211190'), readerCreated: true, item: S.calculusVol1 },
];

// ---- writing ---------------------------------------------------------------------------------

const REQUEST_COLUMNS = [
  'id', 'service_type', 'status', 'borrower_code', 'lender_code', 'reader_id', 'title', 'author', 'publisher',
  'pub_year', 'isbn', 'issn', 'language', 'material_type', 'lender_call_number', 'preferred_lender', 'pages',
  'recipient_name', 'email', 'phone', 'custom_no', 'remark', 'note_to_lender', 'item_barcode', 'hold_slot',
  'courier', 'tracking_no', 'unfilled_reason', 'lender_due_date', 'due_date', 'checked_in_at', 'created_at',
  'status_at', 'updated_at', 'version',
] as const;

function countRows(db: Db, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Whether the store holds nothing a demo would collide with (no desk, libraries, readers or requests). */
export function isEmptyStore(db: Db): boolean {
  return (
    readDeskIdentity(db) === undefined &&
    countRows(db, 'libraries') === 0 &&
    countRows(db, 'readers') === 0 &&
    countRows(db, 'requests') === 0
  );
}

function trackingNo(rng: Rng, courier: string): string {
  switch (courier) {
    case 'EMS':
      return `E${rng.digits(9)}CN`;
    case '顺丰速运':
      return `SF${rng.digits(13)}`;
    case '京东物流':
      return `JD${rng.digits(13)}`;
    default:
      return rng.digits(10);
  }
}

// ---- one run: what both passes and every thread derive from the options -----------------------

/** The run's inputs, validated; all a worker thread needs besides pass 1's decisions. */
export interface RunSettings {
  seed: number;
  total: number;
  readerTotal: number;
  nowMs: number;
}

/** What pass 1 decided for every request, in typed arrays (a few bytes a request). */
export interface Decisions {
  /** Sorted: creation second × 2^26 + request index, so the order numbers are handed out in. */
  keys: Float64Array;
  /** side | service << 1 | status index << 2, by request index. */
  meta: Uint8Array;
  /** Index of the reader (borrowing requests), -1 otherwise, by request index. */
  readerOf: Int32Array;
  onHoldBorrowing: number;
}

interface Run extends RunSettings {
  nowStamp: string;
  nowMidnight: number;
  nowTod: number;
  readers: ReaderRow[];
  approved: number;
  scripted: readonly Scripted[];
}

function settingsOf(options: DemoOptions): RunSettings {
  const total = options.requests;
  if (!Number.isInteger(total) || total < 0) throw new AppError('INVALID_INPUT', 'requests must be a whole number ≥ 0', 'requests');
  if (total >= KEY_INDEX_BITS) throw new AppError('INVALID_INPUT', `requests must be below ${KEY_INDEX_BITS}`, 'requests');
  const nowIso = options.now ?? DEFAULT_DEMO_NOW;
  const nowMs = Date.parse(nowIso);
  if (Number.isNaN(nowMs)) throw new AppError('INVALID_INPUT', `now is not a date: ${nowIso}`, 'now');
  return {
    seed: (options.seed ?? DEFAULT_DEMO_SEED) >>> 0,
    total,
    readerTotal: Math.max(1, Math.floor(options.readers ?? 200)),
    nowMs,
  };
}

function startRun(settings: RunSettings): Run {
  const { seed, total, readerTotal, nowMs } = settings;
  const nowMidnight = Math.floor((nowMs + BEIJING) / DAY) * DAY - BEIJING;
  const { approved } = readerCounts(readerTotal);
  return {
    ...settings,
    nowStamp: new Date(nowMs).toISOString(),
    nowMidnight,
    nowTod: nowMs - nowMidnight,
    readers: makeReaders(new Rng(subSeed(seed, 0, 10)), readerTotal, nowMs),
    approved,
    scripted: SCRIPTED.filter((s) => s.side === 1 || approved > 0).slice(0, total),
  };
}

/** Pass 1: each request's side, service, status and reader, and its place in creation order. */
function decide(run: Run): Decisions {
  const { seed, total, approved, scripted, nowMidnight, nowTod } = run;
  const keyEpoch = run.nowMs - 1200 * DAY;
  const meta = new Uint8Array(total);
  const readerOf = new Int32Array(total).fill(-1);
  const keys = new Float64Array(total);
  const maxOpen = OUR_LIB.resolved.maxOpenRequestsPerReader;
  const openCount = new Uint8Array(approved);
  let freeCapacity = approved * maxOpen;
  const readerOrder = new Rng(subSeed(seed, 0, 11)).shuffle(Array.from({ length: approved }, (_, i) => i));
  const rngA = new Rng(0); // side, service, status, reader
  const rngB = new Rng(0); // the plan: path and timeline (drawn alike in both passes)
  const pickReader = () => readerOrder[rngA.skewed(approved, 1.5)] as number;
  /** A reader with room for one more open request (DESIGN §2: 3 at once), or -1. */
  const takeOpenSlot = (): number => {
    if (freeCapacity <= 0) return -1;
    let r = pickReader();
    while ((openCount[r] as number) >= maxOpen) r = (r + 1) % approved;
    openCount[r] = (openCount[r] as number) + 1;
    freeCapacity--;
    return r;
  };
  let onHoldBorrowing = 0;
  for (let i = 0; i < total; i++) {
    let side: Side;
    let service: Service;
    let status: Status;
    let reader = -1;
    const fixed = scripted[i];
    if (fixed) {
      ({ side, service, status } = fixed);
      if (side === 0) {
        reader = Math.min(fixed.reader ?? 0, approved - 1);
        if (!isClosed(status)) {
          if ((openCount[reader] as number) < maxOpen) {
            openCount[reader] = (openCount[reader] as number) + 1;
            freeCapacity--;
          } else {
            // Too few readers for the seed's open requests (a tiny demo): someone else's, or done.
            const other = takeOpenSlot();
            if (other >= 0) reader = other;
            else status = 'COMPLETED';
          }
        }
      }
    } else {
      rngA.reseed(subSeed(seed, i, 1));
      side = approved > 0 && rngA.chance(0.6) ? 0 : 1;
      service = rngA.chance(0.15) ? 1 : 0;
      status = PICK_STATUS[`${side}${service}`].pick(rngA);
      if (side === 0) {
        if (!isClosed(status)) reader = takeOpenSlot();
        if (reader < 0) {
          if (!isClosed(status)) status = PICK_CLOSED[`0${service}`].pick(rngA);
          reader = pickReader();
        }
      }
    }
    if (side === 0 && status === 'ON_HOLD') onHoldBorrowing++;
    const plan = buildPlan(rngB.reseed(subSeed(seed, i, 2)), side, service, status, fixed, nowTod);
    const createdSec = Math.floor((nowMidnight - plan.nowDay * DAY + (plan.steps[0] as Step).t - keyEpoch) / 1000);
    keys[i] = Math.max(0, createdSec) * KEY_INDEX_BITS + i;
    meta[i] = side | (service << 1) | ((STATUS_INDEX.get(status) as number) << 2);
    readerOf[i] = reader;
  }
  keys.sort();
  return { keys, meta, readerOf, onHoldBorrowing };
}

// ---- pass 2: the rows ------------------------------------------------------------------------

/**
 * Where pass 2's rows go. A sink may decline requests or events: the generation still draws every
 * random number (so each thread stays in step), it only skips building rows nobody writes.
 */
interface Sink {
  readonly wantsRequests: boolean;
  readonly wantsEvents: boolean;
  request(values: unknown[]): void;
  /** One request's events, flattened: 10 values per event. */
  events(values: unknown[], count: number): void;
  slot(slot: number, requestId: string, at: string | null): void;
  shipment(id: string, toCode: string, courier: string, trackingNo: string, clerk: string, at: string): void;
  shipmentItem(shipmentId: string, requestId: string, itemBarcode: string | null): void;
}

const EVENT_COLUMNS = '(request_id, type, from_status, to_status, clerk, desk_id, library_code, desk_time, hub_time, detail_json)';

/** Inserts a request's events with one statement (one prepared statement per event count). */
function eventInserter(db: Db, table: string): (values: unknown[], count: number) => void {
  const statements = new Map<number, Database.Statement<unknown[]>>();
  return (values, count) => {
    let stmt = statements.get(count);
    if (!stmt) {
      const row = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
      stmt = db.prepare(`INSERT INTO ${table} ${EVENT_COLUMNS} VALUES ${Array.from({ length: count }, () => row).join(', ')}`);
      statements.set(count, stmt);
    }
    stmt.run(...values);
  };
}

class Pass2 {
  private readonly catalog: Catalog;
  private readonly shelfSize: number;
  private readonly slots: number[];
  private nextSlot = 0;
  private readonly rngB = new Rng(0); // the plan (as in pass 1)
  private readonly rngC: Rng; // numbering and barcodes, in write order
  private readonly rngD = new Rng(0); // per-request details
  private readonly rngS = new Rng(0); // per-shipment details
  private readonly nextNumber = new Map<number, number>([[OUR, 0]]);
  private readonly nextBarcode = new Map<number, number>();
  private readonly stamps = new StampFormatter();
  private readonly eventValues: unknown[] = [];
  private readonly shipmentsWritten = new Set<string>();

  constructor(
    private readonly run: Run,
    private readonly decisions: Decisions,
    private readonly sink: Sink,
  ) {
    const { seed, total } = run;
    this.shelfSize = Math.max(100, Math.ceil((decisions.onHoldBorrowing * 1.25) / 50) * 50);
    this.slots = new Rng(subSeed(seed, 0, 12)).shuffle(Array.from({ length: this.shelfSize }, (_, i) => i + 1));
    this.catalog = makeCatalog(new Rng(subSeed(seed, 0, 13)), total);
    this.rngC = new Rng(subSeed(seed, 0, 14));
  }

  /** The hold shelf's slots not taken by a book, and its size. */
  freeSlots(): number[] {
    const occupied = new Set(this.slots.slice(0, this.nextSlot));
    const free: number[] = [];
    for (let s = 1; s <= this.shelfSize; s++) if (!occupied.has(s)) free.push(s);
    return free;
  }

  /** The last request number of our own prefix handed out. */
  lastOurSerial(): number {
    return this.nextNumber.get(OUR) ?? 0;
  }

  /** Writes the request at position `r` of creation order. */
  write(r: number): void {
    const { run, decisions, sink, stamps, rngC, catalog } = this;
    const key = decisions.keys[r] as number;
    const i = key - Math.floor(key / KEY_INDEX_BITS) * KEY_INDEX_BITS;
    const m = decisions.meta[i] as number;
    const side = (m & 1) as Side;
    const service = ((m >> 1) & 1) as Service;
    const status = STATUSES[m >> 2] as Status;
    const fixed = run.scripted[i];
    const plan = buildPlan(this.rngB.reseed(subSeed(run.seed, i, 2)), side, service, status, fixed, run.nowTod);
    const rng = this.rngD.reseed(subSeed(run.seed, i, 3));
    const base = run.nowMidnight - plan.nowDay * DAY;
    const iso = (ms: number) => stamps.stamp(ms);
    const dateOfDay = (day: number) => stamps.date(base + BEIJING + day * DAY);
    const borrower = lib(plan.borrower);
    const steps = plan.steps;
    const last = steps.length - 1;

    // The number: the borrowing library's prefix; ours run on, others' have the gaps of their
    // requests to other lenders.
    let serial = this.nextNumber.get(plan.borrower);
    serial = plan.borrower === OUR ? (serial ?? 0) + 1 : (serial ?? rngC.int(1, 3000)) + rngC.int(1, 25);
    this.nextNumber.set(plan.borrower, serial);
    const id = formatRequestNumber(borrower.prefix, serial);

    // What is asked for. Foreign books mostly come from the National Library.
    let item: CatalogItem;
    if (fixed) item = fixed.item;
    else if (service === 1 && rng.chance(0.6)) item = catalog.articles[rng.skewed(catalog.articles.length, 1.6)] as CatalogItem;
    else {
      const x = rng.next();
      const pool =
        plan.intended === NLC
          ? x < 0.55 ? catalog.en : x < 0.75 ? catalog.ru : catalog.zh
          : x < 0.78 ? catalog.zh : x < 0.98 ? catalog.en : catalog.ru;
      item = pool[rng.skewed(pool.length, 1.6)] as CatalogItem;
    }
    const pages = service === 1 ? (item.pages ?? chapterPages(rng, item)) : null;

    // A lender never sees the reader: lending requests carry no reader data at all.
    const reader = side === 0 ? run.readers[decisions.readerOf[i] as number] : undefined;
    const preferred = plan.readerCreated && (fixed?.lender !== undefined || rng.chance(0.6)) ? lib(plan.intended).code : null;
    const remark = rng.chance(0.12) ? rng.pick(REMARKS) : null;
    const noteToLender = rng.chance(0.1) ? rng.pick(NOTES_TO_LENDER) : null;
    const customNo = rng.chance(0.03) ? `${(reader?.login ?? borrower.lower).slice(0, 4).toUpperCase()}${rng.digits(4)}` : null;
    const noteAfter = last >= 2 && rng.chance(0.04) ? rng.int(1, last - 1) : -1;

    let itemBarcode: string | null = null;
    let courier: string | null = null;
    let tracking: string | null = null;
    let unfilledReason: UnfilledReason | null = null;
    let holdSlot: number | null = null;
    let checkedInAt: string | null = null;
    let lenderDue: string | null = null;
    let readerDue: string | null = null;
    let shipmentId: string | null = null;

    const wantsEvents = sink.wantsEvents;
    const events = this.eventValues;
    events.length = 0;
    let eventCount = 0;
    const event = (
      type: string,
      from: Status | null,
      to: Status,
      actor: number,
      byReader: boolean,
      time: number,
      detail: Record<string, unknown> | null,
    ) => {
      let clerk: string;
      let desk: string;
      if (byReader) {
        clerk = 'reader';
        desk = 'web';
      } else if (actor === OUR) {
        clerk = OUR_CLERKS.pick(rng);
        desk = rng.chance(0.75) ? 'demo-desk-1' : 'demo-desk-2';
      } else {
        const l = lib(actor);
        clerk = rng.chance(0.6) ? l.clerks[0] : l.clerks[1];
        desk = l.desk;
      }
      const hubDelay = rng.range(1_000, 90_000);
      eventCount++;
      if (!wantsEvents) return;
      events.push(
        id, type, from, to, clerk, desk, lib(actor).code, iso(time), iso(time + hubDelay),
        detail ? JSON.stringify(detail) : '{}',
      );
    };

    // Walk the path: each step's event, and the fields it sets on the request.
    for (let k = 0; k <= last; k++) {
      const step = steps[k] as Step;
      let detail: Record<string, unknown> | null = null;
      switch (step.token) {
        case 'create':
          detail = { source: step.byReader ? 'reader' : 'desk' };
          break;
        case 'forward0':
          detail = { lender: lib(plan.prior).code };
          break;
        case 'forward':
          detail = noteToLender ? { lender: lib(plan.intended).code, noteToLender } : { lender: lib(plan.intended).code };
          break;
        case 'unfill0':
        case 'unfill':
          unfilledReason = UNFILL_REASONS.pick(rng);
          detail = { reasonCode: unfilledReason };
          break;
        case 'reject':
          detail = { reason: rng.pick(REJECT_REASONS) };
          break;
        case 'cancel':
          detail = step.byReader ? { reason: '读者撤销申请', by: 'reader' } : { reason: rng.pick(CANCEL_REASONS) };
          break;
        case 'ship': {
          let n = this.nextBarcode.get(plan.lender) ?? rngC.int(100_000, 2_000_000);
          n += rngC.int(1, 40);
          this.nextBarcode.set(plan.lender, n);
          itemBarcode = `${lib(plan.lender).code}${String(n % 10_000_000).padStart(7, '0')}`;
          courier = rng.pick(COURIERS);
          tracking = trackingNo(rng, courier);
          lenderDue = dateOfDay(plan.lenderDueDay);
          detail = { courier, trackingNo: tracking, itemBarcode, lenderDueDate: lenderDue };
          break;
        }
        case 'deliver':
          detail = { method: rng.chance(0.85) ? 'email' : 'post' };
          break;
        case 'checkIn':
          checkedInAt = iso(base + step.t);
          if (side === 0 && status === 'ON_HOLD') {
            holdSlot = this.slots[this.nextSlot++] ?? this.shelfSize + this.nextSlot;
            detail = { holdSlot: String(holdSlot) };
          } else if (side === 0) {
            detail = { holdSlot: String(rng.int(1, this.shelfSize)) };
          }
          break;
        case 'handOut':
          readerDue = dateOfDay(plan.readerDueDay);
          detail = { dueDate: readerDue };
          break;
        case 'recall':
          detail = { reason: rng.pick(RECALL_REASONS) };
          break;
        case 'return':
          if (step.from === 'ON_HOLD') detail = { notPickedUp: true };
          break;
        case 'returnShip': {
          // One return shipment per lender and day, the same for every book in it.
          const day = dayOf(step.t);
          const partner = side === 0 ? lib(plan.lender) : borrower;
          const h = mix32(subSeed(run.seed, Math.floor((base + day * DAY) / DAY), partner.idx));
          const shipCourier = COURIERS[h % COURIERS.length] as string;
          const shipTracking = trackingNo(this.rngS.reseed(h), shipCourier);
          detail = { courier: shipCourier, trackingNo: shipTracking };
          if (side === 0) {
            shipmentId = `RS-${dateOfDay(day).replaceAll('-', '')}-${partner.code}`;
            detail.shipmentId = shipmentId;
            if (sink.wantsRequests && !this.shipmentsWritten.has(shipmentId)) {
              this.shipmentsWritten.add(shipmentId);
              sink.shipment(shipmentId, partner.code, shipCourier, shipTracking, OUR_CLERKS.items[h % 3] as string, iso(base + step.t));
            }
          }
          break;
        }
        case 'lose':
          detail = {
            reason: step.from === 'SHIPPED' ? '寄送途中丢失' : step.from === 'RETURN_SHIPPED' ? '归还途中丢失' : '读者遗失图书',
          };
          break;
        default:
          break;
      }
      event(step.op, step.from, step.to, step.actor, step.byReader, base + step.t, detail);
      if (k === noteAfter) {
        const next = steps[k + 1] as Step;
        const at = step.t + Math.min((next.t - step.t) / 2, rng.range(10 * MIN, 120 * MIN));
        event('request.note', step.to, step.to, OUR, false, base + at, { text: rng.pick(NOTE_TEXTS) });
      }
    }
    if (wantsEvents) sink.events(events, eventCount);
    if (!sink.wantsRequests) return;

    // The reason stays on the record while the request stands unfilled (or was cancelled so).
    if (status !== 'UNFILLED' && !(status === 'CANCELLED' && steps[last - 1]?.to === 'UNFILLED')) unfilledReason = null;
    const statusAt = iso(base + (steps[last] as Step).t);
    sink.request([
      id,
      service === 0 ? 'loan' : 'copy',
      status,
      borrower.code,
      plan.lender >= 0 ? lib(plan.lender).code : null,
      reader?.id ?? null,
      item.title,
      item.author,
      item.publisher,
      item.pubYear,
      item.isbn,
      item.issn,
      item.language,
      item.materialType,
      item.callNumber,
      preferred,
      pages,
      reader?.name ?? null,
      reader?.email ?? null,
      reader?.phone ?? null,
      customNo,
      remark,
      noteToLender,
      itemBarcode,
      holdSlot === null ? null : String(holdSlot),
      courier,
      tracking,
      unfilledReason,
      lenderDue,
      readerDue,
      checkedInAt,
      iso(base + (steps[0] as Step).t),
      statusAt,
      statusAt,
      eventCount,
    ]);
    if (holdSlot !== null) sink.slot(holdSlot, id, checkedInAt);
    if (shipmentId !== null) sink.shipmentItem(shipmentId, id, itemBarcode);
  }
}

// ---- the event log from a worker thread ------------------------------------------------------

/** What the events worker gets (structured-cloned). */
export interface EventsWorkerData {
  settings: RunSettings;
  decisions: Decisions;
  /** A scratch SQLite file the worker fills; the main thread copies it in and deletes it. */
  scratchFile: string;
  /**
   * `request_events` and its indexes exactly as the store defines them: the worker builds both,
   * so the main thread's copy is SQLite's record-by-record transfer, table and index alike.
   */
  tableSql: string;
  indexSql: string[];
  batchSize: number;
}

/**
 * The worker's part (run by events-worker.ts): the same pass 2, writing only the events, into a
 * scratch file of its own. Returns the number of events written.
 */
export function writeEventLog(data: EventsWorkerData): number {
  const scratch = new Database(data.scratchFile);
  try {
    scratch.pragma('journal_mode = OFF');
    scratch.pragma('synchronous = OFF');
    scratch.pragma('foreign_keys = OFF');
    scratch.exec(data.tableSql);
    const insert = eventInserter(scratch, 'request_events');
    let written = 0;
    const sink: Sink = {
      wantsRequests: false,
      wantsEvents: true,
      request: () => undefined,
      events: (values, count) => {
        insert(values, count);
        written += count;
      },
      slot: () => undefined,
      shipment: () => undefined,
      shipmentItem: () => undefined,
    };
    const pass = new Pass2(startRun(data.settings), data.decisions, sink);
    const batch = scratch.transaction((from: number, to: number) => {
      for (let r = from; r < to; r++) pass.write(r);
    });
    const total = data.settings.total;
    for (let from = 0; from < total; from += data.batchSize) batch(from, Math.min(total, from + data.batchSize));
    for (const sql of data.indexSql) scratch.exec(sql);
    return written;
  } finally {
    scratch.close();
  }
}

interface EventsWorker {
  /** Blocks until the worker is done; returns its event count or throws its error. */
  wait(): number;
  stop(): void;
}

/** Starts the events worker, or returns undefined where none can run (then events are written in line). */
function startEventsWorker(data: EventsWorkerData): EventsWorker | undefined {
  // Under tsx (the CLI) the worker is the .ts file beside this one, loaded through tsx's require
  // hook; a bundled build has no worker file, and the caller writes the events itself.
  const here = typeof __filename === 'string' ? __filename : '';
  const typescript = here.endsWith('.ts');
  const target = join(dirname(here), typescript ? 'events-worker.ts' : 'events-worker.js');
  if (!here || !existsSync(target)) return undefined;
  let code = `require(${JSON.stringify(target)});`;
  if (typescript) {
    try {
      code = `require(${JSON.stringify(require.resolve('tsx/cjs'))});${code}`;
    } catch {
      return undefined;
    }
  }
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(code, { eval: true, workerData: { ...data, done, port: port2 }, transferList: [port2] });
  worker.unref();
  return {
    wait(): number {
      while (Atomics.wait(done, 0, 0, 1000) === 'timed-out') {
        // keep waiting: a million requests' events take a minute
      }
      const reply = receiveMessageOnPort(port1)?.message as { ok: true; events: number } | { ok: false; error: string } | undefined;
      if (!reply) throw new AppError('INTERNAL', 'The demo events worker stopped without an answer.');
      if (!reply.ok) throw new AppError('INTERNAL', `The demo events worker failed: ${reply.error}`);
      return reply.events;
    },
    stop(): void {
      port1.close();
      void worker.terminate();
    },
  };
}

function removeFile(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

// ---- the generator ---------------------------------------------------------------------------

/**
 * Fills an empty store with the demo: directory, readers, requests with their events, the hold
 * shelf, return shipments, a pool of unused request numbers and, last, the desk identity (so a
 * store whose generation was cut short has data but no desk). Call it outside a transaction: it
 * commits in batches of its own. The store is written without a journal while it fills (a crash
 * leaves a store to delete, never a demo mixed into data) and is back in WAL mode at the end.
 */
export function generateDemo(db: Db, options: DemoOptions): DemoSummary {
  const settings = settingsOf(options);
  const { total } = settings;
  if (db.inTransaction) {
    throw new AppError('INTERNAL', 'generateDemo commits in batches of its own: call it outside a transaction.');
  }
  if (!isEmptyStore(db)) {
    throw new AppError('ALREADY_EXISTS', 'The store is not empty: the demo is only generated into a new, empty store.');
  }
  const batchSize = Math.min(BATCH, Math.max(1000, Math.ceil(total / 20)));

  // Bulk-load settings for the run, put back afterwards. Every generated row refers only to rows
  // that exist or are written in the same batch, so foreign keys are not checked row by row.
  const previous = {
    synchronous: db.pragma('synchronous', { simple: true }) as number,
    foreignKeys: db.pragma('foreign_keys', { simple: true }) as number,
    cacheSize: db.pragma('cache_size', { simple: true }) as number,
    journal: db.pragma('journal_mode', { simple: true }) as string,
  };
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -131072');
  // Each page is written once instead of to the WAL and then again by the checkpoint.
  db.pragma('journal_mode = MEMORY');
  let bulk: BulkLoad | undefined;
  let worker: EventsWorker | undefined;
  let scratchFile: string | undefined;
  try {
    // ---- directory and readers
    const run = startRun(settings);
    db.transaction(() => {
      const insLib = db.prepare(
        'INSERT INTO libraries (code, name, short_name, prefix, active, rules_json, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
      );
      for (const l of LIBS) insLib.run(l.code, l.name, l.shortName, l.prefix, JSON.stringify(l.rules), run.nowStamp);
      const insReader = db.prepare(
        `INSERT INTO readers (id, library_code, login, name, card_number, email, phone, id_type, gender, department,
           birth_date, title, education, postal_code, address, remark, status, reject_reason, created_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, '借书证', ?, ?, ?, ?, ?, '100876', ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of run.readers) {
        insReader.run(
          r.id, OUR_LIBRARY_CODE, r.login, r.name, r.cardNumber, r.email, r.phone, r.gender, r.department, r.birthDate,
          r.title, r.education, r.address, r.remark, r.status, r.rejectReason, r.createdAt, r.updatedAt,
          r.status === 'PENDING' ? 1 : 2,
        );
      }
    })();

    // ---- pass 1
    options.onStage?.('deciding requests');
    const decisions = decide(run);
    options.onStage?.('writing requests');

    // ---- pass 2: requests here; the events here too, or from a worker thread on the other core
    if (options.parallel && db.name && !db.memory) {
      scratchFile = `${db.name}.demo-events`;
      removeFile(scratchFile);
      const schema = (type: string) =>
        (db.prepare("SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = 'request_events' AND sql IS NOT NULL").all(type) as { sql: string }[]).map(
          (r) => r.sql,
        );
      const [tableSql] = schema('table');
      worker = tableSql ? startEventsWorker({ settings, decisions, scratchFile, tableSql, indexSql: schema('index'), batchSize: BATCH }) : undefined;
      if (!worker) scratchFile = undefined;
    }
    // The events' index stays when the worker brings it along with the events.
    bulk = beginBulkLoad(db, worker ? ['requests'] : ['requests', 'request_events']);
    const placeholders = REQUEST_COLUMNS.map(() => '?').join(', ');
    let insRequest: Database.Statement<unknown[]>;
    let flushRequests: (() => void) | undefined;
    if (bulk.triggersSuspended) {
      insRequest = db.prepare(`INSERT INTO main.requests (${REQUEST_COLUMNS.join(', ')}) VALUES (${placeholders})`);
    } else {
      // The search triggers are still in place: stage each batch and move it with one INSERT …
      // SELECT, so the full-text indexes take the batch as one segment, not a segment per row.
      db.exec(`DROP TABLE IF EXISTS temp.${STAGING}; CREATE TEMP TABLE ${STAGING} AS SELECT * FROM main.requests WHERE 0`);
      insRequest = db.prepare(`INSERT INTO temp.${STAGING} (${REQUEST_COLUMNS.join(', ')}) VALUES (${placeholders})`);
      const move = db.prepare(`INSERT INTO main.requests SELECT * FROM temp.${STAGING} ORDER BY rowid`);
      const clear = db.prepare(`DELETE FROM temp.${STAGING}`);
      flushRequests = () => {
        move.run();
        clear.run();
      };
    }
    const insSlot = db.prepare('INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, ?, ?)');
    const insShipment = db.prepare(
      `INSERT INTO shipments (id, from_code, to_code, courier, tracking_no, clerk, desk_id, created_at)
       VALUES (?, '${OUR_LIBRARY_CODE}', ?, ?, ?, ?, 'demo-desk-1', ?)`,
    );
    const insShipmentItem = db.prepare('INSERT INTO shipment_items (shipment_id, request_id, item_barcode) VALUES (?, ?, ?)');
    const insertEvents = eventInserter(db, 'main.request_events');
    const sink: Sink = {
      wantsRequests: true,
      wantsEvents: worker === undefined,
      request: (values) => insRequest.run(...values),
      events: insertEvents,
      slot: (slot, id, at) => insSlot.run(slot, id, at),
      shipment: (id, to, courier, tracking, clerk, at) => insShipment.run(id, to, courier, tracking, clerk, at),
      shipmentItem: (shipmentId, id, barcode) => insShipmentItem.run(shipmentId, id, barcode),
    };
    const pass = new Pass2(run, decisions, sink);
    const writeBatch = db.transaction((from: number, to: number) => {
      for (let r = from; r < to; r++) pass.write(r);
      flushRequests?.();
    });
    for (let from = 0; from < total; from += batchSize) {
      const to = Math.min(total, from + batchSize);
      writeBatch(from, to);
      options.onProgress?.(to, total);
    }
    if (total === 0) options.onProgress?.(0, 0);
    if (flushRequests) db.exec(`DROP TABLE IF EXISTS temp.${STAGING}`);

    // ---- the search index (while the worker may still be writing events), then the events
    options.onStage?.('filling the search index');
    bulk.fillSearch();
    if (worker && scratchFile) {
      options.onStage?.('waiting for the events worker');
      worker.wait();
      options.onStage?.('copying the events');
      worker.stop();
      worker = undefined;
      db.prepare('ATTACH DATABASE ? AS demo_events').run(scratchFile);
      try {
        // Same table and index definitions, an empty target, no foreign-key checks: SQLite
        // transfers the records, table and index, without decoding them.
        db.exec('INSERT INTO main.request_events SELECT * FROM demo_events.request_events');
      } finally {
        db.exec('DETACH DATABASE demo_events');
      }
      removeFile(scratchFile);
      scratchFile = undefined;
    }

    // ---- indexes and triggers back; the rest of the shelf; numbers; the desk
    options.onStage?.('building indexes');
    bulk.restore();
    db.transaction(() => {
      const free = db.prepare('INSERT INTO hold_shelf (slot, request_id, assigned_at) VALUES (?, NULL, NULL)');
      for (const s of pass.freeSlots()) free.run(s);
      const insNumber = db.prepare('INSERT INTO number_pool (number, leased_at, used_at) VALUES (?, ?, NULL)');
      const lastOurs = pass.lastOurSerial();
      for (let n = 1; n <= DEMO_POOL_SIZE; n++) insNumber.run(formatRequestNumber(OUR_LIB.prefix, lastOurs + n), run.nowStamp);
      writeDeskIdentity(db, DEMO_DESK_IDENTITY);
      seedDemoClerks(db, run.nowStamp);
      writeDemoLedger(db, OUR_LIB.code, run.nowStamp);
    })();
    return { libraries: LIBS.length, readers: run.readers.length, requests: total };
  } finally {
    // Whatever happened, the store keeps its schema: indexes and triggers go back.
    worker?.stop();
    if (scratchFile) removeFile(scratchFile);
    if (bulk) {
      try {
        bulk.restore();
      } catch {
        // the error that brought us here is the one to report
      }
    }
    db.pragma(`journal_mode = ${previous.journal}`);
    db.pragma(`synchronous = ${previous.synchronous}`);
    db.pragma(`foreign_keys = ${previous.foreignKeys}`);
    db.pragma(`cache_size = ${previous.cacheSize}`);
  }
}
