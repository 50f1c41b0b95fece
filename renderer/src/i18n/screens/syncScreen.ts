// Words of the Sync screen.
export const syncScreenZh = {
  title: '数据同步',
};

export const syncScreenEn: typeof syncScreenZh = {
  title: 'Sync',
};
