// The contract's input schemas (the boundary every command passes) and the error they produce.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  channelOf,
  contract,
  eventChannelOf,
  isCommandName,
  type CommandName,
  type InputOf,
} from '../../shared/contract';
import { AppError, ERROR_CODES, zodErrorToAppError } from '../../shared/errors';
import { STATUSES, UNFILLED_REASONS } from '../../shared/status';

/** A good input for every command; `satisfies` makes the compiler demand one per command. */
const GOOD = {
  'desk.info': {},
  'libraries.list': {},
  'rules.get': { libraryCode: '211130' },
  'queue.list': { side: 'borrowing', statuses: ['SUBMITTED', 'SENT'], q: '图书馆', limit: 50 },
  'queue.statusCounts': { side: 'lending' },
  'request.get': { id: 'BY00000061' },
  'holdShelf.list': { pastPickUpOnly: true },
  'loans.overdue': {},
  'returns.pending': {},
  'readers.search': { q: '张', status: 'PENDING' },
  'reader.get': { id: 'reader-1' },
  'request.create': { serviceType: 'loan', readerId: 'reader-1', title: '数据库系统概论', isbn: '978-7-115-16424-7' },
  'request.forward': { id: 'BY00000061', lender: '211060' },
  'request.reject': { id: 'BY00000061', reason: '超出合理使用范围' },
  'request.cancel': { id: 'BY00000061', reason: 'reader asked' },
  'request.checkIn': { scan: 'BY00000061' },
  'request.handOut': { id: 'BY00000061' },
  'request.return': { scan: 'BJSD000065' },
  'shipment.create': { lenderCode: '211060', requestIds: ['BY00000061', 'BY00000062'], courier: 'EMS', trackingNo: 'EA123456789CN' },
  'request.accept': { id: 'BY00000061' },
  'request.unfill': { id: 'BY00000061', reasonCode: 'OnLoan' },
  'request.ship': { id: 'BY00000061', courier: '顺丰', trackingNo: 'SF1234567890', itemBarcode: '0123456789', lenderDueDate: '2026-04-15' },
  'request.deliver': { id: 'BY00000061' },
  'request.recall': { id: 'BY00000061' },
  'request.complete': { scan: 'rd00001098' },
  'request.lose': { id: 'BY00000061', reason: 'courier lost it' },
  'request.note': { id: 'BY00000061', text: '已电话通知读者' },
  'reader.approve': { id: 'reader-1' },
  'reader.reject': { id: 'reader-1', reason: '证件号码不符' },
  'statement.confirm': { month: '2026-11' },
  'statement.dispute': { month: '2026-11', comment: '11月补贴少算两笔' },
  'rules.set': { loanPeriodDays: 45, returnMarginDays: 5 },
  'sync.status': {},
  'sync.problems': { includeResolved: true },
  'sync.now': {},
  'sync.resolveProblem': { id: 3 },
  'hub.get': {},
  'hub.connect': { url: 'http://hub.balis.edu.cn:8470', deskId: '211130-9f3a1c2e', token: 'q3Vb0x7mPp2-kR_9sLw4YtZc8nEa1uHd6jFgXoBiKvA' },
  'clerk.session': {},
  'clerk.setup': { login: 'wangjing', name: '王静', password: 'correct horse' },
  'clerk.signIn': { login: 'by01', password: 'demo1234' },
  'clerk.signOut': {},
  'clerk.lock': {},
  'clerk.touch': {},
  'clerk.changePassword': { current: 'demo1234', next: 'a longer one' },
  'clerks.list': {},
  'clerk.create': { login: 'by04', name: '孙丽', role: 'clerk', password: 'welcome2026' },
  'clerk.update': { login: 'by04', role: 'supervisor', active: false },
  'clerk.setLockAfter': { minutes: 10 },
  'print.slip': { kind: 'pull', refs: ['BH00000012', 'BH00000013'] },
  'print.jobs': { openOnly: false },
  'print.retry': { id: 3 },
  'print.dismiss': { id: 3 },
  'print.targets': {},
  'statement.get': { month: '2026-11' },
  'statements.list': {},
  'fees.summary': { from: '2026-01', to: '2026-11' },
  'ledger.list': { libraryCode: '211060', from: '2026-11-01', to: '2026-11-30', limit: 50 },
  'ledger.feeStats': { readerId: 'r-wangqian' },
  'ledger.add': { kind: 'refund', amountFen: 1250, direction: 'pay', counterparty: '211060', reason: '多收的逾期罚款退还' },
  'ledger.reverse': { id: 'overdue_fine:BY00000012', reason: '借出馆同意免除' },
  'ledger.claims': {},
  'ledger.accept': { id: 'overdue_fine:BY00000012' },
  'ledger.dispute': { id: 'overdue_fine:BY00000012', comment: '该书已按期归还' },
  'reader.desk': { card: '2019211234' },
  'request.handOutAll': { readerId: 'reader-1', ids: ['BY00000061', 'BY00000062'] },
  'request.notices': { id: 'BY00000061' },
  'shipment.checkScan': { scan: 'BH0012345', lenderCode: '211060' },
  'shipments.list': { lenderCode: '211060', offset: 0, limit: 20 },
  'shipment.get': { id: 'RS-20261127-211060' },
  'today.counts': {},
  'smtp.get': {},
  'smtp.set': { host: 'smtp.bupt.edu.cn', port: 587, user: 'ill', password: 'secret', from: 'ill@lib.bupt.edu.cn', deskPhone: '010-62282345' },
  'notice.resend': { id: 1 },
  'printers.get': {},
  'printers.set': { pickup: { printer: '二层流通台 热敏打印机', paper: 'roll80' }, packingList: { printer: '', paper: 'A4' } },
  'loans.shiftPreview': { from: '2027-01-10', to: '2027-02-20', newDate: '2027-02-21' },
  'loans.shiftDue': { from: '2027-01-10', to: '2027-02-20', newDate: '2027-02-21' },
  'store.health': {},
  'backup.list': {},
  'backup.create': {},
  'backup.restore': { name: 'desk-20261102T020000.000Z-daily.sqlite' },
  'recovery.restore': { name: 'desk-20261102T020000.000Z-manual-2.sqlite' },
  'recovery.freshStart': { url: 'http://127.0.0.1:8470', deskId: '211130-abc', token: 'abcdefghijklmnop1234' },
  'recovery.retry': {},
} satisfies { [K in CommandName]: InputOf<K> };

function parse(name: CommandName, input: unknown) {
  return contract[name].input.safeParse(input);
}
function accepts(name: CommandName, input: unknown): unknown {
  const r = parse(name, input);
  if (!r.success) throw new Error(`${name} refused ${JSON.stringify(input)}: ${zodErrorToAppError(r.error).message}`);
  return r.data;
}
/** Asserts the input is refused and returns the AppError a caller would get. */
function refuses(name: CommandName, input: unknown): AppError {
  const r = parse(name, input);
  expect(r.success, `${name} should refuse ${JSON.stringify(input)}`).toBe(false);
  const err = zodErrorToAppError((r as { error: z.ZodError }).error);
  expect(err.code).toBe('INVALID_INPUT');
  return err;
}
/** Refused, with the error naming `field` both as its field and in its message. */
function refusesField(name: CommandName, input: unknown, field: string): AppError {
  const err = refuses(name, input);
  expect(err.field).toBe(field);
  expect(err.message).toContain(field);
  return err;
}

const CREATE = GOOD['request.create'];

// ---- the command list --------------------------------------------------------------------------

describe('command names and channels', () => {
  it('COMMAND_NAMES lists every command of the contract once', () => {
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(contract).sort());
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(GOOD).sort());
  });

  it('every command maps to its own channel, naming it', () => {
    const channels = COMMAND_NAMES.map((name) => channelOf(name));
    expect(new Set(channels).size).toBe(COMMAND_NAMES.length);
    for (const name of COMMAND_NAMES) {
      expect(channelOf(name)).toMatch(/^ill:/);
      expect(channelOf(name)).toContain(name);
    }
  });

  it('event channels are unique and never clash with a command channel', () => {
    const commandChannels = new Set(COMMAND_NAMES.map((n) => channelOf(n)));
    const eventChannels = EVENT_NAMES.map((n) => eventChannelOf(n));
    expect(new Set(eventChannels).size).toBe(EVENT_NAMES.length);
    for (const ch of eventChannels) expect(commandChannels.has(ch)).toBe(false);
  });

  it('covers every DESIGN §5 op a desk performs', () => {
    const deskOps = [
      'request.create',
      'request.forward',
      'request.reject',
      'request.cancel',
      'request.accept',
      'request.unfill',
      'request.ship',
      'request.deliver',
      'request.checkIn',
      'request.handOut',
      'request.recall',
      'request.return',
      'request.complete',
      'request.lose',
      'request.note',
      'reader.approve',
      'reader.reject',
      'statement.confirm',
      'statement.dispute',
      'shipment.create', // request.returnShip, in batches
    ];
    for (const op of deskOps) expect(COMMAND_NAMES, op).toContain(op);
  });

  it('isCommandName knows the commands and nothing inherited', () => {
    for (const name of COMMAND_NAMES) expect(isCommandName(name)).toBe(true);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'request.returnShip', '', 'ill:request.get']) {
      expect(isCommandName(name), name).toBe(false);
    }
  });

  it('reads are queries, changes are commands', () => {
    for (const name of ['desk.info', 'libraries.list', 'queue.list', 'request.get', 'readers.search'] as const) {
      expect(contract[name].kind).toBe('query');
    }
    for (const name of ['request.create', 'request.forward', 'request.ship', 'shipment.create', 'rules.set', 'reader.approve'] as const) {
      expect(contract[name].kind).toBe('command');
    }
  });
});

// ---- every schema ------------------------------------------------------------------------------

describe('every command', () => {
  it.each(COMMAND_NAMES)('%s accepts its good input', (name) => {
    expect(parse(name, GOOD[name]).success).toBe(true);
  });

  it.each(COMMAND_NAMES)('%s is strict: an unknown key is refused and named', (name) => {
    const err = refuses(name, { ...GOOD[name], sneaky: 1 });
    expect(err.field).toBe('sneaky');
    expect(err.message).toContain('sneaky');
  });

  it.each(COMMAND_NAMES)('%s refuses a non-object', (name) => {
    for (const bad of [null, 'BY00000061', 42, []]) {
      const err = refuses(name, bad);
      expect(err.message.length).toBeGreaterThan(0);
    }
  });
});

// ---- request numbers ---------------------------------------------------------------------------

describe('request number fields', () => {
  const idCommands = ['request.get', 'request.handOut', 'request.accept', 'request.deliver', 'request.recall'] as const;

  it.each(idCommands)('%s: SQL-looking and malformed numbers are refused, naming id', (name) => {
    for (const id of ["BY00000061' OR 1=1", "BY00000061'; DROP TABLE requests; --", 'BY0000006', 'B00000061', 'BY000000611', 'BY0000006X', '']) {
      refusesField(name, { id }, 'id');
    }
    refusesField(name, { id: 61 }, 'id');
    refusesField(name, {}, 'id');
  });

  it('accepts the seed’s legacy and lower-case numbers, trimmed and upper-cased', () => {
    expect(accepts('request.get', { id: 'BJSD000065' })).toEqual({ id: 'BJSD000065' });
    expect(accepts('request.get', { id: 'rd00001098' })).toEqual({ id: 'RD00001098' });
    expect(accepts('request.get', { id: '  by00000061 ' })).toEqual({ id: 'BY00000061' });
  });

  it('shipment.create names the bad number by its index', () => {
    const input = { ...GOOD['shipment.create'], requestIds: ['BY00000061', 'BY00000062', "BY1' OR '1'='1"] };
    refusesField('shipment.create', input, 'requestIds.2');
    refusesField('shipment.create', { ...GOOD['shipment.create'], requestIds: [] }, 'requestIds');
  });

  it('scans allow letters, digits and hyphens only', () => {
    expect(accepts('request.checkIn', { scan: ' 31001-0042 ' })).toEqual({ scan: '31001-0042' });
    refusesField('request.checkIn', { scan: "BY00000061' OR 1=1" }, 'scan');
    refusesField('request.return', { scan: '' }, 'scan');
    refusesField('request.complete', { scan: 'A'.repeat(65) }, 'scan');
    expect(parse('request.complete', { scan: 'A'.repeat(64) }).success).toBe(true);
  });
});

// ---- request.create ----------------------------------------------------------------------------

describe('request.create', () => {
  it('accepts a full copy request with Chinese, English and Russian fields', () => {
    const full = {
      serviceType: 'copy',
      readerId: 'reader-1',
      title: 'Вестник Московского университета',
      author: 'Иванов И. И.',
      publisher: '人民邮电出版社',
      pubYear: '2008',
      isbn: '7-115-16424-X',
      issn: '1050-124X',
      language: 'ru',
      materialType: 'journal article',
      lenderCallNumber: 'TP311.13/123',
      preferredLender: '211060',
      recipientName: '张三',
      email: 'zhangsan@bupt.edu.cn',
      phone: '010-62282000',
      customNo: 'C-1',
      remark: '急需',
      noteToLender: 'Please scan pp. 10–20',
      pages: '10-20',
    };
    const data = accepts('request.create', full) as Record<string, unknown>;
    expect(data.title).toBe(full.title);
    expect(data.isbn).toBe('7-115-16424-X');
    expect(data.preferredLender).toBe('211060');
  });

  it('blank or null optional fields mean “not given”; text is trimmed', () => {
    const data = accepts('request.create', {
      ...CREATE,
      title: '  数据库系统概论  ',
      author: '   ',
      isbn: '',
      issn: null,
      email: '',
      pubYear: '',
      remark: null,
      preferredLender: '',
    }) as Record<string, unknown>;
    expect(data.title).toBe('数据库系统概论');
    for (const key of ['author', 'isbn', 'issn', 'email', 'pubYear', 'remark', 'preferredLender']) {
      expect(data[key], key).toBeUndefined();
    }
  });

  it('a bad ISBN check digit is refused, naming isbn', () => {
    const err = refusesField('request.create', { ...CREATE, isbn: '978-7-115-16424-8' }, 'isbn');
    expect(err.message).toMatch(/check digit/i);
    refusesField('request.create', { ...CREATE, isbn: '0-306-40615-3' }, 'isbn');
    refusesField('request.create', { ...CREATE, isbn: 'not an isbn' }, 'isbn');
  });

  it('a bad ISSN is refused, naming issn', () => {
    refusesField('request.create', { ...CREATE, issn: '0317-8472' }, 'issn');
  });

  it('wrong types are refused, naming the field', () => {
    refusesField('request.create', { ...CREATE, title: 123 }, 'title');
    refusesField('request.create', { ...CREATE, isbn: 9787115164247 }, 'isbn');
    refusesField('request.create', { ...CREATE, pubYear: 2008 }, 'pubYear');
    refusesField('request.create', { ...CREATE, serviceType: 'book' }, 'serviceType');
    refusesField('request.create', { ...CREATE, readerId: ['reader-1'] }, 'readerId');
    refusesField('request.create', { ...CREATE, remark: { text: 'x' } }, 'remark');
  });

  it('required fields are required', () => {
    const { title: _title, ...noTitle } = CREATE;
    refusesField('request.create', noTitle, 'title');
    refusesField('request.create', { ...CREATE, title: '   ' }, 'title');
    const { serviceType: _st, ...noType } = CREATE;
    refusesField('request.create', noType, 'serviceType');
    refusesField('request.create', { ...CREATE, readerId: '' }, 'readerId');
  });

  it('over-long fields are refused; Chinese text counts against the limit too', () => {
    // title ≤ 500 characters
    expect(parse('request.create', { ...CREATE, title: '书'.repeat(500) }).success).toBe(true);
    refusesField('request.create', { ...CREATE, title: '书'.repeat(501) }, 'title');
    // an astral character is one character: 500 of them (1000 UTF-16 units) fit
    expect(parse('request.create', { ...CREATE, title: '𠀀'.repeat(500) }).success).toBe(true);
    // request remark ≤ 50
    expect(parse('request.create', { ...CREATE, remark: '急'.repeat(50) }).success).toBe(true);
    const remarkErr = refusesField('request.create', { ...CREATE, remark: '急'.repeat(51) }, 'remark');
    expect(remarkErr.message).toContain('50');
    // note to lender ≤ 100
    expect(parse('request.create', { ...CREATE, noteToLender: '请'.repeat(100) }).success).toBe(true);
    refusesField('request.create', { ...CREATE, noteToLender: '请'.repeat(101) }, 'noteToLender');
    // recipient name ≤ 50, publisher ≤ 200
    refusesField('request.create', { ...CREATE, recipientName: '张'.repeat(51) }, 'recipientName');
    refusesField('request.create', { ...CREATE, publisher: '社'.repeat(201) }, 'publisher');
  });

  it('the limit is measured after trimming', () => {
    expect(parse('request.create', { ...CREATE, remark: `  ${'急'.repeat(50)}  ` }).success).toBe(true);
  });

  it('other field rules', () => {
    refusesField('request.create', { ...CREATE, pubYear: '08' }, 'pubYear');
    refusesField('request.create', { ...CREATE, email: 'not-an-email' }, 'email');
    refusesField('request.create', { ...CREATE, preferredLender: '21106' }, 'preferredLender');
    refusesField('request.create', { ...CREATE, preferredLender: "211060' OR 1=1" }, 'preferredLender');
  });

  it('a client may not set the status or the number', () => {
    refusesField('request.create', { ...CREATE, status: 'COMPLETED' }, 'status');
    refusesField('request.create', { ...CREATE, id: 'BY00000061' }, 'id');
  });
});

// ---- other commands ----------------------------------------------------------------------------

describe('borrowing and lending commands', () => {
  it('request.forward needs a six-digit lender; its note ≤ 100', () => {
    refusesField('request.forward', { id: 'BY00000061', lender: 'BUAA' }, 'lender');
    refusesField('request.forward', { id: 'BY00000061' }, 'lender');
    expect(parse('request.forward', { id: 'BY00000061', lender: '211060', noteToLender: 'n'.repeat(100) }).success).toBe(true);
    refusesField('request.forward', { id: 'BY00000061', lender: '211060', noteToLender: 'n'.repeat(101) }, 'noteToLender');
  });

  it.each(['request.reject', 'request.cancel'] as const)('%s needs a reason of at most 200 characters', (name) => {
    refusesField(name, { id: 'BY00000061' }, 'reason');
    refusesField(name, { id: 'BY00000061', reason: '  ' }, 'reason');
    expect(parse(name, { id: 'BY00000061', reason: '因'.repeat(200) }).success).toBe(true);
    refusesField(name, { id: 'BY00000061', reason: '因'.repeat(201) }, 'reason');
  });

  it('request.unfill takes exactly the ISO 18626 reason codes', () => {
    for (const reasonCode of UNFILLED_REASONS) expect(parse('request.unfill', { id: 'BY00000061', reasonCode }).success).toBe(true);
    for (const reasonCode of ['Busy', 'nothed', '', 'NOTHELD']) {
      refusesField('request.unfill', { id: 'BY00000061', reasonCode }, 'reasonCode');
    }
  });

  it('request.ship: tracking number and barcode rules, due date format', () => {
    const ship = GOOD['request.ship'];
    refusesField('request.ship', { ...ship, trackingNo: 'SF 123' }, 'trackingNo');
    refusesField('request.ship', { ...ship, trackingNo: '' }, 'trackingNo');
    refusesField('request.ship', { ...ship, itemBarcode: "1'; --" }, 'itemBarcode');
    refusesField('request.ship', { ...ship, courier: '' }, 'courier');
    refusesField('request.ship', { ...ship, lenderDueDate: '15/04/2026' }, 'lenderDueDate');
    refusesField('request.ship', { ...ship, lenderDueDate: '2026-4-15' }, 'lenderDueDate');
    const { lenderDueDate: _d, ...noDate } = ship;
    expect(parse('request.ship', noDate).success).toBe(true);
  });

  // A date that is not on the calendar passes the YYYY-MM-DD pattern today; the desk would then
  // compute a due date from it (2026-02-30 silently becomes 2026-03-02; month 13 throws).
  it('request.ship refuses a lender due date that is not a calendar date', () => {
    const ship = GOOD['request.ship'];
    refusesField('request.ship', { ...ship, lenderDueDate: '2026-13-01' }, 'lenderDueDate');
    refusesField('request.ship', { ...ship, lenderDueDate: '2026-02-30' }, 'lenderDueDate');
  });

  it('request.note needs text of at most 1000 characters', () => {
    refusesField('request.note', { id: 'BY00000061', text: '' }, 'text');
    expect(parse('request.note', { id: 'BY00000061', text: '注'.repeat(1000) }).success).toBe(true);
    refusesField('request.note', { id: 'BY00000061', text: '注'.repeat(1001) }, 'text');
  });

  it('shipment.create: courier and tracking number', () => {
    const s = GOOD['shipment.create'];
    refusesField('shipment.create', { ...s, trackingNo: 'EA 1' }, 'trackingNo');
    refusesField('shipment.create', { ...s, courier: '   ' }, 'courier');
    refusesField('shipment.create', { ...s, lenderCode: '2110600' }, 'lenderCode');
  });
});

describe('queue.list', () => {
  it('fills defaults for an empty query', () => {
    expect(accepts('queue.list', {})).toEqual({ side: 'all', sort: 'createdAt', order: 'desc', offset: 0, limit: 100, countUpTo: 10_000 });
  });

  it('accepts every status', () => {
    expect(parse('queue.list', { statuses: [...STATUSES] }).success).toBe(true);
  });

  it('an unknown status is refused, naming its index', () => {
    const err = refusesField('queue.list', { statuses: ['OVERDUE'] }, 'statuses.0');
    expect(err.message).toContain('SUBMITTED');
    refusesField('queue.list', { statuses: ['SENT', 'LOANED', 'sent'] }, 'statuses.2');
    refusesField('queue.list', { statuses: 'SENT' }, 'statuses');
  });

  it('refuses bad paging, sorting and over-long search text', () => {
    refusesField('queue.list', { limit: 0 }, 'limit');
    refusesField('queue.list', { limit: 501 }, 'limit');
    refusesField('queue.list', { limit: 10.5 }, 'limit');
    refusesField('queue.list', { limit: '10' }, 'limit');
    refusesField('queue.list', { offset: -1 }, 'offset');
    refusesField('queue.list', { sort: 'title; DROP TABLE requests' }, 'sort');
    refusesField('queue.list', { order: 'up' }, 'order');
    refusesField('queue.list', { side: 'both' }, 'side');
    refusesField('queue.list', { q: '书'.repeat(101) }, 'q');
    expect(parse('queue.list', { q: '书'.repeat(100) }).success).toBe(true);
    refusesField('queue.list', { createdFrom: '2026/03/01' }, 'createdFrom');
    refusesField('queue.list', { lender: 'BUAA' }, 'lender');
    refusesField('queue.list', { overdueOnly: 'yes' }, 'overdueOnly');
  });
});

describe('readers, statements and rules', () => {
  it('reader.reject needs a reason', () => {
    refusesField('reader.reject', { id: 'reader-1' }, 'reason');
    refusesField('reader.approve', { id: '' }, 'id');
  });

  it('statement months are YYYY-MM', () => {
    for (const month of ['2026-13', '2026-00', '2026-1', '202611', '']) refusesField('statement.confirm', { month }, 'month');
    refusesField('statement.dispute', { month: '2026-11', comment: '' }, 'comment');
    refusesField('statement.dispute', { month: '2026-11', comment: '差'.repeat(201) }, 'comment');
  });

  it('rules.set takes a partial rule set within bounds', () => {
    expect(parse('rules.set', {}).success).toBe(true);
    refusesField('rules.set', { renewalsAllowed: true }, 'renewalsAllowed');
    refusesField('rules.set', { loanPeriodDays: 0 }, 'loanPeriodDays');
    refusesField('rules.set', { maxOpenRequestsPerReader: 2.5 }, 'maxOpenRequestsPerReader');
    refusesField('rules.set', { overdueFinePerDayFen: -1 }, 'overdueFinePerDayFen');
  });

  it('readers.search: q ≤ 50 and a known status', () => {
    refusesField('readers.search', { q: 'q'.repeat(51) }, 'q');
    refusesField('readers.search', { status: 'ACTIVE' }, 'status');
  });
});

// ---- errors ------------------------------------------------------------------------------------

describe('zodErrorToAppError', () => {
  it('gives INVALID_INPUT with the field and a message naming it and the rule', () => {
    const r = parse('request.create', { ...CREATE, isbn: '9787115164240' });
    expect(r.success).toBe(false);
    const err = zodErrorToAppError((r as { error: z.ZodError }).error);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBe('isbn');
    expect(err.message.startsWith('isbn')).toBe(true);
    expect(err.message).toMatch(/ISBN/);
    expect(err.toData()).toEqual({ code: 'INVALID_INPUT', field: 'isbn', message: err.message });
  });

  it('joins a nested path with dots', () => {
    const r = parse('queue.list', { statuses: ['SENT', 'NOPE'] });
    const err = zodErrorToAppError((r as { error: z.ZodError }).error);
    expect(err.field).toBe('statuses.1');
    expect(err.message).toContain('statuses.1');
  });

  it('a whole-input error has no field and says “input”', () => {
    const r = parse('request.get', 'BY00000061');
    const err = zodErrorToAppError((r as { error: z.ZodError }).error);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBeUndefined();
    expect(err.message).toMatch(/^input/);
    expect(err.toData()).not.toHaveProperty('field');
  });

  it('an error with no issues still becomes INVALID_INPUT', () => {
    const r = parse('request.get', 1);
    const empty = (r as { error: z.ZodError }).error;
    const noIssues = Object.assign(Object.create(Object.getPrototypeOf(empty) as object) as z.ZodError, { issues: [] });
    const err = zodErrorToAppError(noIssues);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.field).toBeUndefined();
    expect(err.message.length).toBeGreaterThan(0);
  });
});

describe('AppError', () => {
  it('carries its code, message and field', () => {
    const err = new AppError('LIMIT_EXCEEDED', 'reader has 3 open requests', 'readerId');
    expect(err.name).toBe('AppError');
    expect(err.toData()).toEqual({ code: 'LIMIT_EXCEEDED', message: 'reader has 3 open requests', field: 'readerId' });
    expect(new AppError('NOT_FOUND', 'no such request').toData()).toEqual({ code: 'NOT_FOUND', message: 'no such request' });
  });

  it('has every error code the desk answers with (DESIGN §5)', () => {
    for (const code of [
      'INVALID_INPUT',
      'NOT_FOUND',
      'FORBIDDEN',
      'INVALID_TRANSITION',
      'LIMIT_EXCEEDED',
      'ALREADY_EXISTS',
      'CANCEL_WINDOW_PASSED',
    ]) {
      expect(ERROR_CODES).toContain(code);
    }
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});
