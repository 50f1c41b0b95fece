// Words of the Settings screen.
export const settingsZh = {
  title: '设置',
};

export const settingsEn: typeof settingsZh = {
  title: 'Settings',
};
