// A refused scan, loud: a filled red banner (role="alert", read out at once), what is wrong in
// the clerk's words, the desk's own message below, and a tone.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import { useEffect } from 'react';
import type { ApiError } from '../../api';
import { errorBeep } from './beep';

interface ScanAlertProps {
  error: ApiError;
  /** What the refusal means at this desk, in the clerk's language. */
  title: string;
  testId: string;
}

export function ScanAlert({ error, title, testId }: ScanAlertProps) {
  useEffect(() => errorBeep(), [error]);
  return (
    <Alert severity="error" variant="filled" role="alert" data-testid={testId} data-error-code={error.code}>
      <AlertTitle sx={{ fontWeight: 700 }}>{title}</AlertTitle>
      {error.message}
    </Alert>
  );
}
