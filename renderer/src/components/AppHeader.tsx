import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeskStore } from '../store/desk';
import { useSessionStore } from '../store/session';
import { visuallyHidden } from './a11y';
import { ClerkMenu } from './ClerkMenu';
import { LanguageSwitch } from './LanguageSwitch';
import { PrintQueueButton } from './PrintQueue';
import { ConnectedSyncBadge } from './SyncBadge';
import { SyncDialog } from './SyncDialog';

export function AppHeader() {
  const { t } = useTranslation();
  const info = useDeskStore((state) => state.info);
  const [syncOpen, setSyncOpen] = useState(false);
  const signedIn = useSessionStore((state) => state.session !== null && state.session.clerk !== null && !state.session.locked);
  // Signed out under the open dialog (a hub connect opens the library's store, which asks for its
  // first supervisor): the sign-in screen is what the clerk must see.
  useEffect(() => {
    if (!signedIn) setSyncOpen(false);
  }, [signedIn]);
  return (
    <AppBar position="static" component="header" elevation={1}>
      <Toolbar variant="dense" sx={{ gap: 2 }}>
        <Typography component="h1" variant="h6" noWrap>
          {t('app.title')}
        </Typography>
        {info && (
          <Typography variant="body2" noWrap data-testid="desk-line">
            <Box component="span" sx={visuallyHidden}>
              {t('app.deskLabel')}
            </Box>
            {t('app.deskLine', { library: info.libraryName, desk: info.deskName })}
          </Typography>
        )}
        {info?.profile === 'demo' && (
          <Chip size="small" color="warning" label={t('app.demo')} title={t('app.demoHint')} data-testid="demo-badge" />
        )}
        <Box sx={{ flexGrow: 1 }} />
        <ConnectedSyncBadge onOpen={() => setSyncOpen(true)} />
        {signedIn && <PrintQueueButton />}
        <ClerkMenu />
        <LanguageSwitch />
        <SyncDialog open={syncOpen} onClose={() => setSyncOpen(false)} />
      </Toolbar>
    </AppBar>
  );
}
