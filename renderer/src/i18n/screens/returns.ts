// Words of the ReturnShipping screen.
export const returnsZh = {
  title: '还书寄送',
};

export const returnsEn: typeof returnsZh = {
  title: 'ReturnShipping',
};
