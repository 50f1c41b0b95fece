// Words of the LendingDesk screen.
export const lendingZh = {
  title: '借出处理',
};

export const lendingEn: typeof lendingZh = {
  title: 'LendingDesk',
};
