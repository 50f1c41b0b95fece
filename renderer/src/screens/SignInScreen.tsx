// The desk before anyone works at it: the first supervisor account on a new desk, sign-in, or the
// lock screen of a clerk who stepped away. Nothing else of the desk is shown until a clerk is in.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useDeskStore } from '../store/desk';
import { useSessionStore } from '../store/session';

const DEMO_PASSWORD = 'demo1234';

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
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (setup && password !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      const next = setup
        ? await call('clerk.setup', { login, name, password })
        : await call('clerk.signIn', { login: locked ? session.clerk!.login : login, password });
      setPassword('');
      setRepeat('');
      setSwitching(false);
      useSessionStore.getState().set(next);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: string) => (error?.field === field ? t(`errors.codes.${error.code}`) + '：' + error.message : undefined);
  const title = setup ? t('signIn.setupTitle') : locked ? t('signIn.lockedTitle') : t('signIn.title');

  return (
    <Box component="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', p: 3, overflow: 'auto' }}>
      <Paper component="section" aria-labelledby="sign-in-heading" elevation={2} sx={{ p: 4, width: 420, maxWidth: '100%' }} data-testid="sign-in">
        <Typography id="sign-in-heading" component="h2" variant="h5" sx={{ mb: 2, fontWeight: 600 }}>
          {title}
        </Typography>
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
              onChange={(event) => setLogin(event.target.value)}
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
          {error && error.field === undefined && <ErrorBanner error={error} testId="sign-in-error" />}
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
            {t('signIn.demoHint', { password: DEMO_PASSWORD })}
          </Alert>
        )}
      </Paper>
    </Box>
  );
}
