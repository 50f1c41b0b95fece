// Colours are darkened from MUI's defaults so white text on chips and buttons meets WCAG AA
// (4.5:1); the built-in component texts follow the interface language.
import { createTheme, type Theme } from '@mui/material/styles';
import { enUS, zhCN } from '@mui/material/locale';
import type { Language } from './i18n';

const FONT_STACK = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  '"Noto Sans CJK SC"',
  '"Noto Sans SC"',
  '"PingFang SC"',
  '"Microsoft YaHei"',
  'sans-serif',
].join(',');

export function createAppTheme(language: Language): Theme {
  return createTheme(
    {
      palette: {
        contrastThreshold: 4.5,
        primary: { main: '#1a4f8b' },
        secondary: { main: '#6a1b9a' },
        info: { main: '#01579b' },
        success: { main: '#2e7d32' },
        warning: { main: '#a04d00' },
        error: { main: '#c62828' },
      },
      typography: { fontFamily: FONT_STACK },
      components: {
        MuiTableCell: {
          styleOverrides: {
            sizeSmall: { padding: '4px 8px', '&:first-of-type': { paddingLeft: 16 } },
            head: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', fontWeight: 600 },
          },
        },
        // Chinese has no case, and upper-cased English is harder to read.
        MuiButton: { styleOverrides: { root: { textTransform: 'none' } } },
        MuiTab: { styleOverrides: { root: { textTransform: 'none' } } },
      },
    },
    language === 'zh' ? zhCN : enUS,
  );
}
