// The desk before anyone works at it: the first supervisor account on a new desk, sign-in, or the
// lock screen of a clerk who stepped away. Nothing else of the desk is shown until a clerk is in.
// A password that ships with ILL Desk is replaced in the same step on a library's own store, and a
// login refused for too many failed passwords says until when.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEMO_CLERK_PASSWORD } from '../../../shared/shippedPasswords';
import { call, toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { localDateTime } from '../format';
import { useDeskStore } from '../store/desk';
import { useSessionStore } from '../store/session';

export function SignInScreen() {
  const { t } = useTranslation();
  const session = useSessionStore((state) => state.session);
  const profile = useDeskStore((state) => state.info?.profile);
  const [switching, setSwitching] = useState(false);
  const locked = session?.locked === true && session.clerk !== null && !switching;
  const setup = session?.needsSetup === true;
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  // The desk asked for a new password (the one given ships with ILL Desk): asked for twice.
  const [mustChange, setMustChange] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [newRepeat, setNewRepeat] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if ((setup && password !== repeat) || (!setup && mustChange && newPassword !== newRepeat)) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const signIn = { login: locked ? session.clerk!.login : login, password };
      const next = setup
        ? await call('clerk.setup', { login, name, password })
        : await call('clerk.signIn', mustChange ? { ...signIn, newPassword } : signIn);
      setPassword('');
      setRepeat('');
      setNewPassword('');
      setNewRepeat('');
      setMustChange(false);
      setSwitching(false);
      setError(null);
      useSessionStore.getState().set(next);
    } catch (caught) {
      const apiError = toApiError(caught);
      if (apiError.code === 'PASSWORD_CHANGE_REQUIRED') setMustChange(true);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) =>
    error?.field === field && error.code !== 'PASSWORD_CHANGE_REQUIRED' ? t(`errors.codes.${error.code}`) + '：' + error.message : undefined;
  const refusedUntil = error?.code === 'TOO_MANY_ATTEMPTS' && error.retryAt !== undefined ? localDateTime(error.retryAt) : null;
  const title = setup ? t('signIn.setupTitle') : locked ? t('signIn.lockedTitle') : t('signIn.title');

  return (
    <Box component="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', p: 3, overflow: 'auto' }}>
      <Paper component="section" aria-labelledby="sign-in-heading" elevation={2} sx={{ p: 4, width: 420, maxWidth: '100%' }} data-testid="sign-in">
        <Typography id="sign-in-heading" component="h2" variant="h5" sx={{ mb: 2, fontWeight: 600 }}>
          {title}
        </Typography>
        {setup && profile === 'live' && (
          <Alert severity="info" sx={{ mb: 2 }} data-testid="setup-live-hint">
            {t('signIn.setupLiveHint')}
          </Alert>
        )}
        {setup && <Typography sx={{ mb: 2 }}>{t('signIn.setupHint')}</Typography>}
        {locked && (
          <Typography sx={{ mb: 2 }} data-testid="locked-hint">
            {t('signIn.lockedHint', { name: session.clerk!.name, login: session.clerk!.login })}
          </Typography>
        )}
        <Box component="form" onSubmit={(event) => void submit(event)} sx={{ display: 'grid', gap: 2 }} noValidate>
          {!locked && (
            <TextField
              label={t('signIn.login')}
              value={login}
              onChange={(event) => {
                setLogin(event.target.value);
                // Another login: whether it must change its password is asked anew.
                setMustChange(false);
              }}
              autoFocus
              required
              autoComplete="username"
              error={fieldError('login') !== undefined}
              helperText={fieldError('login')}
              slotProps={{ htmlInput: { 'data-testid': 'sign-in-login', maxLength: 30 } }}
            />
          )}
          {setup && (
            <TextField
              label={t('signIn.name')}
              value={name}
              onChange={(event) => setName(event.target.value)}
              required
              error={fieldError('name') !== undefined}
              helperText={fieldError('name')}
              slotProps={{ htmlInput: { 'data-testid': 'sign-in-name', maxLength: 30 } }}
            />
          )}
          <TextField
            label={t('signIn.password')}
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoFocus={locked}
            required
            autoComplete={setup ? 'new-password' : 'current-password'}
            error={fieldError('password') !== undefined}
            helperText={fieldError('password') ?? (setup ? t('signIn.passwordHelp') : undefined)}
            slotProps={{ htmlInput: { 'data-testid': 'sign-in-password', maxLength: 64 } }}
          />
          {setup && (
            <TextField
              label={t('signIn.passwordRepeat')}
              type="password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              required
              autoComplete="new-password"
              error={mismatch}
              helperText={mismatch ? t('signIn.passwordsDiffer') : undefined}
              slotProps={{ htmlInput: { 'data-testid': 'sign-in-repeat', maxLength: 64 } }}
            />
          )}
          {!setup && mustChange && (
            <>
              <Alert severity="warning" data-testid="sign-in-change-required">
                {t('signIn.changeRequired')}
              </Alert>
              <TextField
                label={t('signIn.newPassword')}
                type="password"
                value={newPassword}
                onChange={(event) => setNewPassword(event.target.value)}
                required
                autoComplete="new-password"
                error={fieldError('newPassword') !== undefined}
                helperText={fieldError('newPassword') ?? t('signIn.passwordHelp')}
                slotProps={{ htmlInput: { 'data-testid': 'sign-in-new-password', maxLength: 64 } }}
              />
              <TextField
                label={t('signIn.newPasswordRepeat')}
                type="password"
                value={newRepeat}
                onChange={(event) => setNewRepeat(event.target.value)}
                required
                autoComplete="new-password"
                error={mismatch}
                helperText={mismatch ? t('signIn.passwordsDiffer') : undefined}
                slotProps={{ htmlInput: { 'data-testid': 'sign-in-new-repeat', maxLength: 64 } }}
              />
            </>
          )}
          {refusedUntil !== null && (
            <Alert severity="error" data-testid="sign-in-too-many" role="alert">
              {t('signIn.tooManyAttempts', { time: refusedUntil })}
            </Alert>
          )}
          {error && error.field === undefined && refusedUntil === null && <ErrorBanner error={error} testId="sign-in-error" />}
          <Button type="submit" variant="contained" size="large" disabled={busy} data-testid="sign-in-submit">
            {setup ? t('signIn.create') : locked ? t('signIn.unlock') : t('signIn.submit')}
          </Button>
          {locked && (
            <Button onClick={() => setSwitching(true)} data-testid="sign-in-switch">
              {t('signIn.switchClerk')}
            </Button>
          )}
        </Box>
        {profile === 'demo' && !setup && (
          <Alert severity="info" sx={{ mt: 2 }} data-testid="demo-accounts">
            {t('signIn.demoHint', { password: DEMO_CLERK_PASSWORD })}
          </Alert>
        )}
      </Paper>
    </Box>
  );
}
