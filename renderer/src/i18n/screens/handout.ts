// Words of the Handout screen.
export const handoutZh = {
  title: '借还书',
};

export const handoutEn: typeof handoutZh = {
  title: 'Handout',
};
