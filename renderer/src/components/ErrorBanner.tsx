// A failed call, said in the clerk's language: the code as words, the service's message, and
// the field it is about.
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api';

interface ErrorBannerProps {
  error: ApiError;
  onRetry?: () => void;
  testId?: string;
}

export function ErrorBanner({ error, onRetry, testId = 'error-banner' }: ErrorBannerProps) {
  const { t } = useTranslation();
  const title = error.transport && error.code !== 'UNAUTHORIZED' ? t('errors.transport') : t(`errors.codes.${error.code}`);
  return (
    <Alert
      severity="error"
      data-testid={testId}
      data-error-code={error.code}
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{title}</AlertTitle>
      {error.message}
      {error.field !== undefined && <div>{t('errors.field', { field: error.field })}</div>}
    </Alert>
  );
}
