// A refused scan, loud: a filled red alert (role="alert", read out at once) that says what is wrong
// in the clerk's words, what it means at this desk, what was scanned, the desk's own message and
// more lines the screen adds (where the request stands now, that nothing was changed). The scan
// field keeps the focus: this alert never takes it.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api';
import { errorBeep } from './beep';

interface ScanErrorAlertProps {
  error: ApiError;
  testId: string;
  /** What the refusal means at this desk; without it, the error code's name in the clerk's language. */
  title?: string;
  /** What was scanned, shown so the clerk can compare it with the label on the book or card. */
  scan?: string;
  /** What the code means at this desk, when the screen has words for it. */
  hint?: string | null;
  /** More lines: where the request stands now, what to do. */
  children?: ReactNode;
  /** A short tone with each refusal, for a clerk looking at the book rather than the screen. */
  beep?: boolean;
}

export function ScanErrorAlert({ error, testId, title, scan, hint, children, beep = false }: ScanErrorAlertProps) {
  const { t } = useTranslation();
  useEffect(() => {
    if (beep) errorBeep();
  }, [beep, error]);
  const codeTitle = error.transport && error.code !== 'UNAUTHORIZED' ? t('errors.transport') : t(`errors.codes.${error.code}`);
  return (
    <Alert
      severity="error"
      variant="filled"
      role="alert"
      data-testid={testId}
      data-error-code={error.code}
      sx={{ fontSize: 16, '& .MuiAlert-icon': { fontSize: 32 } }}
    >
      <AlertTitle sx={{ fontSize: 20, fontWeight: 700 }}>
        {title ?? codeTitle}
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
