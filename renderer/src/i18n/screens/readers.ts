// Words of the Readers screen.
export const readersZh = {
  title: '读者管理',
};

export const readersEn: typeof readersZh = {
  title: 'Readers',
};
