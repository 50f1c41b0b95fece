// The list of screens down the left side. Each entry is a button that shows its screen; the
// current one is marked for screen readers (aria-current) as well as by colour.
import Box from '@mui/material/Box';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import { useTranslation } from 'react-i18next';
import { SCREENS, useNavStore } from '../store/nav';

export function NavRail() {
  const { t } = useTranslation();
  const screen = useNavStore((state) => state.screen);
  const go = useNavStore((state) => state.go);
  return (
    <Box
      component="nav"
      aria-label={t('nav.label')}
      sx={{ width: 168, flexShrink: 0, borderRight: 1, borderColor: 'divider', overflowY: 'auto', bgcolor: 'background.paper' }}
    >
      <List dense disablePadding component="div">
        {SCREENS.map((id) => (
          <ListItemButton
            key={id}
            selected={screen === id}
            aria-current={screen === id ? 'page' : undefined}
            data-testid={`nav-${id}`}
            onClick={() => go(id)}
            sx={{ py: 1.25 }}
          >
            <ListItemText primary={t(`nav.${id}`)} slotProps={{ primary: { sx: { fontWeight: screen === id ? 700 : 400 } } }} />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}
