// Words of the CheckIn screen.
export const checkinZh = {
  title: '到馆签收',
};

export const checkinEn: typeof checkinZh = {
  title: 'CheckIn',
};
