// The navigation rail: one entry per screen.
export const navZh = {
  label: '工作台功能',
  today: '今日工作',
  queue: '申请单查询',
  checkin: '到馆签收',
  handout: '借还书',
  returns: '还书寄送',
  lending: '借出处理',
  readers: '读者管理',
  fees: '费用',
  sync: '数据同步',
  settings: '设置',
};

export const navEn: typeof navZh = {
  label: 'Desk functions',
  today: 'Today',
  queue: 'Requests',
  checkin: 'Check-in',
  handout: 'Handout & returns',
  returns: 'Return shipping',
  lending: 'Lending desk',
  readers: 'Readers',
  fees: 'Fees',
  sync: 'Sync',
  settings: 'Settings',
};
