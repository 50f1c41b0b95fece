// Words of the Today screen: what needs a clerk now.
export const todayZh = {
  title: '今日工作',
  subtitle: '{{date}} · 需要处理的事项',
  refresh: '刷新',
  open: '查看',
  allClear: '没有待处理的事项',
  groups: {
    borrowing: '借入（本馆读者）',
    lending: '借出（其他馆）',
    desk: '工作台',
  },
  items: {
    newRequests: { label: '未处理的馆际互借申请', hint: '读者提交的新申请，待审核并发往出借馆' },
    arrivalsExpected: { label: '在途待到馆', hint: '出借馆已寄出，到馆后扫描签收' },
    pastPickUp: { label: '超期未取', hint: '在预约架上已超过取书期限，应退还出借馆' },
    overdue: { label: '读者逾期未还', hint: '已超过读者应还日期' },
    recalls: { label: '出借馆召回', hint: '出借馆要求提前归还' },
    awaitingReturnShipping: { label: '待寄还出借馆', hint: '读者已还，等待装箱寄回' },
    incoming: { label: '其他馆的新申请', hint: '待本馆接受或答复无法提供' },
    toShip: { label: '待提书寄出', hint: '已接受的申请：打印索书单、提书、寄出' },
    returnsInTransit: { label: '归还途中', hint: '借入馆已寄还，收到后扫描确认' },
    pendingReaders: { label: '待审核读者注册', hint: '读者注册后需经本馆审核才能登录' },
    syncProblems: { label: '同步问题', hint: '中心服务器未接受的操作，需馆员查看' },
    unprintedSlips: { label: '未打印的单据', hint: '打印失败或尚未打印，可重新打印' },
  },
};

export const todayEn: typeof todayZh = {
  title: 'Today',
  subtitle: '{{date}} · what needs a clerk now',
  refresh: 'Refresh',
  open: 'Open',
  allClear: 'Nothing is waiting',
  groups: {
    borrowing: 'Borrowing (our readers)',
    lending: 'Lending (other libraries)',
    desk: 'This desk',
  },
  items: {
    newRequests: { label: 'New reader requests', hint: 'Submitted by readers: review and forward to a lender' },
    arrivalsExpected: { label: 'Arrivals expected', hint: 'Shipped by the lender: scan them in when they arrive' },
    pastPickUp: { label: 'Holds past pick-up date', hint: 'Not collected in time: send back to the lender' },
    overdue: { label: 'Overdue loans', hint: "Past the reader's due date" },
    recalls: { label: 'Recalled by the lender', hint: 'The lender wants the book back early' },
    awaitingReturnShipping: { label: 'Waiting for return shipping', hint: 'Returned by the reader: pack and ship back' },
    incoming: { label: 'Incoming requests', hint: 'From other libraries: accept or answer cannot supply' },
    toShip: { label: 'To pull and ship', hint: 'Accepted: print pull slips, pull, ship' },
    returnsInTransit: { label: 'Returns on the way', hint: 'Shipped back by the borrower: scan them when they arrive' },
    pendingReaders: { label: 'Registrations to approve', hint: 'Readers cannot sign in until the library approves them' },
    syncProblems: { label: 'Sync problems', hint: 'Operations the hub did not accept: a clerk must look' },
    unprintedSlips: { label: 'Slips not printed', hint: 'Failed or waiting: print them again' },
  },
};
