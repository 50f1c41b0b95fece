// A refused scan, loud: a filled red alert that names the code in the clerk's language, says what
// it means at this desk, shows the service's own message and where the request stands now, and
// that nothing was changed. The scan field keeps the focus (this alert never takes it).
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';

interface ScanErrorAlertProps {
  error: ApiError;
  /** What was scanned, shown so the clerk can compare it with the label on the book or card. */
  scan?: string;
  /** What the code means at this desk, when the screen has words for it. */
  hint?: string | null;
  /** More lines: where the request stands now, what to do. */
  children?: ReactNode;
  testId: string;
}

export function ScanErrorAlert({ error, scan, hint, children, testId }: ScanErrorAlertProps) {
  const { t } = useTranslation();
  const title = error.transport && error.code !== 'UNAUTHORIZED' ? t('errors.transport') : t(`errors.codes.${error.code}`);
  return (
    <Alert
      severity="error"
      variant="filled"
      data-testid={testId}
      data-error-code={error.code}
      sx={{ fontSize: 16, '& .MuiAlert-icon': { fontSize: 32 } }}
    >
      <AlertTitle sx={{ fontSize: 20, fontWeight: 700 }}>
        {title}
        {scan !== undefined && (
          <Box component="span" sx={{ fontFamily: 'monospace', ml: 1.5 }} data-testid={`${testId}-scan`}>
            {scan}
          </Box>
        )}
      </AlertTitle>
      {hint && <Box sx={{ fontWeight: 600 }}>{hint}</Box>}
      <Box data-testid={`${testId}-message`}>{error.message}</Box>
      {children}
    </Alert>
  );
}
