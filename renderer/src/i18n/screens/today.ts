// Words of the Today screen.
export const todayZh = {
  title: '今日工作',
};

export const todayEn: typeof todayZh = {
  title: 'Today',
};
