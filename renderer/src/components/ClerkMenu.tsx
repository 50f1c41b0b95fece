// The clerk at the desk, in the header: lock the desk when stepping away, or sign out.
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionStore } from '../store/session';

export function ClerkMenu() {
  const { t } = useTranslation();
  const clerk = useSessionStore((state) => (state.session?.locked ? null : (state.session?.clerk ?? null)));
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!clerk) return null;
  const close = () => setAnchor(null);
  return (
    <>
      <Button
        color="inherit"
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        aria-label={t('signIn.menuLabel', { name: clerk.name, role: t(`signIn.role.${clerk.role}`) })}
        data-testid="clerk-menu"
        sx={{ textTransform: 'none' }}
      >
        {t('signIn.menu', { name: clerk.name })}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={close}>
        <MenuItem
          data-testid="clerk-lock"
          onClick={() => {
            close();
            void useSessionStore.getState().lock();
          }}
        >
          {t('signIn.lock')}
        </MenuItem>
        <MenuItem
          data-testid="clerk-sign-out"
          onClick={() => {
            close();
            void useSessionStore.getState().signOut();
          }}
        >
          {t('signIn.signOut')}
        </MenuItem>
      </Menu>
    </>
  );
}
