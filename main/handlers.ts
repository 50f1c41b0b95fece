// The handler map: one entry per contract command. Its type makes a command without a handler
// (or a handler with the wrong input or output) a compile error.
import type { CommandName, OutputOf, ParsedInputOf } from '../shared/contract';
import { AppError } from '../shared/errors';
import { libraryRulesSchema } from '../shared/rules';
import { checkIn, completeReturn, handOut, handOutAll, takeReturn } from './circulation/services';
import { readerAtDesk, requestNotices } from './circulation/readerDesk';
import type { DeskContext, DeskControl } from './context';
import { confirmStatement, disputeStatement, listStatements, statementView } from './fees/statements';
import { getLibrary, listLibraries, rulesOf, saveRulesOverrides } from './libraries/store';
import { holdShelf, listQueue, overdueLoans, returnsPending, statusCounts } from './requests/queries';
import {
  acceptRequest,
  addNote,
  cancelRequest,
  createRequest,
  deliverCopy,
  forwardRequest,
  loseRequest,
  recallRequest,
  rejectRequest,
  requestDetail,
  shipRequest,
  unfillRequest,
} from './requests/services';
import { approveReader, readerDetail, rejectReader } from './readers/services';
import { checkShipmentScan, createReturnShipment, getShipment, listShipments } from './shipping/services';
import { searchReaders } from './readers/store';
import { listSyncProblems, resolveSyncProblem, unconfiguredStatus } from './sync/status';
import { appVersion } from './version';
import type { ClerkSessions } from './clerks/session';
import { createClerk, listClerks, updateClerk } from './clerks/store';
import { dismissPrintJob, listPrintJobs, printSlip, retryPrintJob } from './printing/jobs';
import { todayCounts } from './today/counts';
import { previewShiftDue, shiftDue } from './circulation/shiftDue';
import { getPrinters, setPrinters } from './settings/printers';
import { getSmtp, setSmtp } from './settings/smtp';
import { resendNotice } from './notices/outbox';
import { appendOutbox, inTransaction } from './requests/ops';
import { acceptEntry, addManualEntry, disputeEntry, feeStats, listClaims, listLedger, reverseEntry } from './ledger/services';
import { feeSummary } from './ledger/summary';

/** The commands that talk to the hub (or ask the system for its printers): their handlers answer a promise. */
type AsyncCommand =
  | 'sync.now'
  | 'hub.connect'
  | 'print.targets'
  | 'backup.create'
  | 'backup.restore'
  | 'recovery.restore'
  | 'recovery.freshStart'
  | 'recovery.retry';

export type Handlers = {
  [K in CommandName]: (ctx: DeskContext, input: ParsedInputOf<K>) => K extends AsyncCommand ? Promise<OutputOf<K>> : OutputOf<K>;
};

function control(ctx: DeskContext): DeskControl {
  if (!ctx.control) throw new AppError('NOT_CONFIGURED', 'This desk was started without sync (a test or a read-only tool).');
  return ctx.control;
}

function sessions(ctx: DeskContext): ClerkSessions {
  if (!ctx.session) throw new AppError('NOT_CONFIGURED', 'This desk was started without clerk sign-in (a test or a read-only tool).');
  return ctx.session;
}

export const handlers: Handlers = {
  'desk.info': (ctx) => ({
    libraryCode: ctx.libraryCode,
    libraryName: getLibrary(ctx.db, ctx.libraryCode)?.name ?? ctx.libraryCode,
    deskId: ctx.deskId,
    deskName: ctx.deskName,
    clerk: ctx.clerk,
    profile: ctx.profile,
    appVersion,
    unusedNumbers: (ctx.db.prepare('SELECT count(*) AS n FROM number_pool WHERE used_at IS NULL').get() as { n: number }).n,
  }),
  'libraries.list': (ctx) => listLibraries(ctx.db),
  'rules.get': (ctx, input) => rulesOf(ctx.db, input.libraryCode ?? ctx.libraryCode),
  'rules.set': (ctx, input) => {
    const merged = { ...rulesOf(ctx.db, ctx.libraryCode), ...input };
    const parsed = libraryRulesSchema.safeParse(merged);
    if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'invalid rules');
    // Saved here and sent to the hub, whose directory every desk and the hub's ledger read the rates from.
    inTransaction(ctx, () => {
      saveRulesOverrides(ctx.db, ctx.libraryCode, parsed.data, ctx.now());
      appendOutbox(ctx, { type: 'library.rules', entityId: ctx.libraryCode, baseVersion: null, payload: { ...input } }, ctx.now());
    });
    return parsed.data;
  },
  'queue.list': listQueue,
  'queue.statusCounts': statusCounts,
  'request.get': (ctx, input) => requestDetail(ctx, input.id),
  'holdShelf.list': holdShelf,
  'loans.overdue': (ctx) => overdueLoans(ctx),
  'returns.pending': (ctx) => returnsPending(ctx),
  'readers.search': (ctx, input) => searchReaders(ctx.db, ctx.libraryCode, input),
  'reader.get': (ctx, input) => readerDetail(ctx, input.id),
  'request.create': createRequest,
  'request.forward': forwardRequest,
  'request.reject': rejectRequest,
  'request.cancel': cancelRequest,
  'request.checkIn': checkIn,
  'request.handOut': handOut,
  'request.return': takeReturn,
  'shipment.create': createReturnShipment,
  'request.accept': acceptRequest,
  'request.unfill': unfillRequest,
  'request.ship': shipRequest,
  'request.deliver': deliverCopy,
  'request.recall': recallRequest,
  'request.complete': completeReturn,
  'request.lose': loseRequest,
  'request.note': addNote,
  'reader.approve': approveReader,
  'reader.reject': rejectReader,
  'statement.confirm': confirmStatement,
  'statement.dispute': disputeStatement,
  'sync.status': (ctx) => (ctx.control ? ctx.control.syncStatus() : unconfiguredStatus(ctx)),
  'sync.problems': (ctx, input) => listSyncProblems(ctx, input.includeResolved),
  'sync.now': (ctx) => control(ctx).syncNow(),
  'sync.resolveProblem': (ctx, input) => resolveSyncProblem(ctx, input.id),
  'hub.get': (ctx) => (ctx.control ? ctx.control.hubSettings() : { url: null, deskId: null, token: null }),
  'hub.connect': (ctx, input) => control(ctx).connect(input),

  'clerk.session': (ctx) => sessions(ctx).session(ctx.db),
  'clerk.setup': (ctx, input) => sessions(ctx).setup(ctx.db, input, ctx.now()),
  'clerk.signIn': (ctx, input) => sessions(ctx).signIn(ctx.db, input, ctx.address),
  'clerk.signOut': (ctx) => sessions(ctx).signOut(ctx.db),
  'clerk.lock': (ctx) => sessions(ctx).lock(ctx.db),
  'clerk.touch': (ctx) => {
    sessions(ctx).touch();
    return sessions(ctx).session(ctx.db);
  },
  'clerk.changePassword': (ctx, input) =>
    sessions(ctx).changePassword(ctx.db, input, (login, password) => updateClerk(ctx.db, { login, password }, login, ctx.now())),
  'clerks.list': (ctx) => listClerks(ctx.db),
  'clerk.create': (ctx, input) => createClerk(ctx.db, input, ctx.clerk, ctx.now()),
  'clerk.update': (ctx, input) => updateClerk(ctx.db, input, ctx.clerk, ctx.now()),
  'clerk.setLockAfter': (ctx, input) => sessions(ctx).setLockAfter(ctx.db, input.minutes),

  'today.counts': todayCounts,
  'printers.get': getPrinters,
  'printers.set': setPrinters,
  'loans.shiftPreview': previewShiftDue,
  'loans.shiftDue': shiftDue,
  'smtp.get': getSmtp,
  'smtp.set': setSmtp,
  'notice.resend': resendNotice,
  'print.slip': printSlip,
  'print.jobs': listPrintJobs,
  'print.retry': retryPrintJob,
  'print.dismiss': dismissPrintJob,
  'print.targets': (ctx) => (ctx.control ? ctx.control.printTargets() : Promise.resolve({ mode: 'pdf', printers: [], pdfDir: null })),

  'reader.desk': readerAtDesk,
  'request.handOutAll': handOutAll,
  'request.notices': requestNotices,

  'shipment.checkScan': checkShipmentScan,
  'shipments.list': listShipments,
  'shipment.get': getShipment,

  'fees.summary': feeSummary,
  'statement.get': statementView,
  'statements.list': listStatements,
  'ledger.list': listLedger,
  'ledger.feeStats': feeStats,
  'ledger.add': addManualEntry,
  'ledger.reverse': reverseEntry,
  'ledger.claims': listClaims,
  'ledger.accept': acceptEntry,
  'ledger.dispute': disputeEntry,

  'store.health': (ctx) => control(ctx).storeHealth(),
  'backup.list': (ctx) => control(ctx).listBackups(),
  'backup.create': (ctx) => control(ctx).createBackup(),
  'backup.restore': (ctx, input) => control(ctx).restoreBackup(input.name),
  // A desk whose store opened has nothing to recover: the recovery page's commands (open to anyone
  // at the desk before sign-in) do nothing. A supervisor restores a backup in Settings.
  'recovery.restore': () => Promise.reject(nothingToRecover()),
  'recovery.freshStart': () => Promise.reject(nothingToRecover()),
  'recovery.retry': () => Promise.reject(nothingToRecover()),
};

function nothingToRecover(): AppError {
  return new AppError('FORBIDDEN', 'The store opened normally: there is nothing to recover. A supervisor restores a backup in Settings → Backup and restore.');
}
