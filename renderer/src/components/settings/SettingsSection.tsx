// One titled part of the Settings screen, and how its forms say a refusal at the field it names.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useCallback, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api';
import { SectionHeading } from '../SectionHeading';

interface SettingsSectionProps {
  title: string;
  testId: string;
  hint?: string;
  children: ReactNode;
}

export function SettingsSection({ title, testId, hint, children }: SettingsSectionProps) {
  const headingId = useId();
  return (
    <Paper component="section" variant="outlined" aria-labelledby={headingId} data-testid={testId} sx={{ p: 2, mb: 2 }}>
      <SectionHeading id={headingId} title={title} />
      {hint && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {hint}
        </Typography>
      )}
      {children}
    </Paper>
  );
}

interface SaveBarProps {
  /** Test ids `<testId>-save` (the button) and `<testId>-saved` (the note). */
  testId: string;
  /** Nothing to save, or a save under way. */
  disabled: boolean;
  /** Shown beside the button once the change is stored, until the next edit. */
  saved: string | null;
}

/** A section form's save button (a supervisor's), and the polite "saved" beside it. */
export function SaveBar({ testId, disabled, saved }: SaveBarProps) {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 2 }}>
      <Button type="submit" variant="contained" disabled={disabled} data-testid={`${testId}-save`}>
        {t('settings.save')}
      </Button>
      <Box aria-live="polite">
        {saved !== null && (
          <Alert severity="success" sx={{ py: 0 }} data-testid={`${testId}-saved`}>
            {saved}
          </Alert>
        )}
      </Box>
    </Box>
  );
}

/** The top-level field a refusal is about (`pickup.paper` → `pickup`), or null. */
export function topField(error: ApiError | null): string | null {
  if (!error || error.field === undefined || error.field === '') return null;
  return error.field.split('.')[0] ?? null;
}

/** Says a refusal at the field it names: the code in the clerk's language, the rule as main wrote it. */
export function useFieldErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return useCallback(
    (error: ApiError) => {
      const field = error.field;
      const rule = field !== undefined && error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
      return t('settings.fieldError', { code: t(`errors.codes.${error.code}`), message: rule });
    },
    [t],
  );
}
