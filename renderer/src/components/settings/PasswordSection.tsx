// Any clerk changes their own password: the current one, the new one twice.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, toApiError, type ApiError } from '../../api';
import { useSessionStore } from '../../store/session';
import { ErrorBanner } from '../ErrorBanner';
import { SettingsSection, topField, useFieldErrorText } from './SettingsSection';

export function PasswordSection() {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const login = useSessionStore((state) => state.session?.clerk?.login ?? '');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [differ, setDiffer] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setDiffer(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      useSessionStore.getState().set(await call('clerk.changePassword', { current, next }));
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const at = (field: string) => (topField(error) === field && error ? errorText(error) : undefined);
  const unplaced = error && !['current', 'next'].includes(topField(error) ?? '');

  return (
    <SettingsSection title={t('settings.password.heading')} testId="settings-password">
      <Box component="form" onSubmit={(event) => void submit(event)} noValidate sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' }}>
        {/* Lets the browser's password manager tie the new password to this account. */}
        <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
        <TextField
          size="small"
          type="password"
          label={t('settings.password.current')}
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          required
          autoComplete="current-password"
          error={at('current') !== undefined}
          helperText={at('current')}
          slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'password-current' } }}
        />
        <TextField
          size="small"
          type="password"
          label={t('settings.password.next')}
          value={next}
          onChange={(event) => {
            setNext(event.target.value);
            setDiffer(false);
          }}
          required
          autoComplete="new-password"
          error={at('next') !== undefined}
          helperText={at('next') ?? t('settings.password.help')}
          slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'password-next' } }}
        />
        <TextField
          size="small"
          type="password"
          label={t('settings.password.repeat')}
          value={repeat}
          onChange={(event) => {
            setRepeat(event.target.value);
            setDiffer(false);
          }}
          required
          autoComplete="new-password"
          error={differ}
          helperText={differ ? t('settings.password.differ') : undefined}
          slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'password-repeat' } }}
        />
        <Button type="submit" variant="outlined" disabled={busy || current === '' || next === ''} data-testid="password-submit">
          {t('settings.password.submit')}
        </Button>
      </Box>
      {unplaced && <ErrorBanner error={error} testId="password-error" />}
      <Box aria-live="polite">
        {done && (
          <Alert severity="success" sx={{ mt: 1 }} data-testid="password-done">
            {t('settings.password.done')}
          </Alert>
        )}
      </Box>
    </SettingsSection>
  );
}
