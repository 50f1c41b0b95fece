// The store's disk or file failed while the desk runs (a full or read-only disk, an I/O error, a
// damaged page, the daily check's finding, a failed backup): said on whatever screen is open, in
// the clerk's words, with the desk's own detail naming the file.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import { useStoreSafetyStore } from '../store/storeSafety';

export function StoreAlertBanner() {
  const { t } = useTranslation();
  const alert = useStoreSafetyStore((state) => state.alert);
  if (!alert) return null;
  return (
    <Box sx={{ px: 2, pt: 1 }}>
      <Alert
        severity="error"
        role="alert"
        data-testid="store-alert"
        data-kind={alert.kind}
        action={
          <Button color="inherit" size="small" onClick={() => useStoreSafetyStore.getState().clearAlert()}>
            {t('storeSafety.alerts.close')}
          </Button>
        }
      >
        <AlertTitle>{t('storeSafety.alerts.title')}</AlertTitle>
        {t(`storeSafety.alerts.${alert.kind}`)}
        <Box component="div" sx={{ mt: 0.5, fontSize: '0.85em', wordBreak: 'break-word' }}>
          {alert.message}
        </Box>
      </Alert>
    </Box>
  );
}
