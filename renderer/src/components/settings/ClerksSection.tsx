// The clerks who may sign in at this desk (supervisor only): add one, change a role, switch an
// account off or on, reset a password; and after how many idle minutes the desk locks itself.
// Main refuses what would leave the desk without an active supervisor; the refusal is shown here.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import InputAdornment from '@mui/material/InputAdornment';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CLERK_ROLES, type Clerk, type ClerkRole } from '../../../../shared/types';
import { call, toApiError, type ApiError } from '../../api';
import { localDateTime } from '../../format';
import { useSessionStore } from '../../store/session';
import { useSettingsStore } from '../../store/settings';
import { ErrorBanner } from '../ErrorBanner';
import { SettingsSection, topField, useFieldErrorText } from './SettingsSection';

interface RoleSelectProps {
  value: ClerkRole;
  onChange: (role: ClerkRole) => void;
  label: string;
  /** In the table the column heading is the visible label; the select is named for screen readers. */
  inTable?: boolean;
  testId: string;
}

function RoleSelect({ value, onChange, label, inTable = false, testId }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <TextField
      select
      size="small"
      {...(inTable ? {} : { label })}
      value={value}
      onChange={(event) => onChange(event.target.value as ClerkRole)}
      sx={{ minWidth: 130 }}
      slotProps={{ select: { native: true }, htmlInput: { 'data-testid': testId, ...(inTable ? { 'aria-label': label } : {}) } }}
    >
      {CLERK_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`settings.clerks.roles.${role}`)}
        </option>
      ))}
    </TextField>
  );
}

function ResetPasswordDialog({ clerk, onClose, onDone }: { clerk: Clerk; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const errorText = useFieldErrorText();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await useSettingsStore.getState().updateClerk({ login: clerk.login, password });
      onDone();
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };
  const atField = topField(error) === 'password';
  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="xs" data-testid="reset-password-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>{t('settings.clerks.resetTitle', { name: clerk.name, login: clerk.login })}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <DialogContentText>{t('settings.clerks.resetHint')}</DialogContentText>
          {error && !atField && <ErrorBanner error={error} />}
          <TextField
            label={t('settings.clerks.newPassword')}
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
            autoFocus
            autoComplete="new-password"
            error={atField}
            helperText={atField && error ? errorText(error) : t('settings.clerks.passwordHelp')}
            slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'reset-password-input' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {t('settings.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="reset-password-confirm">
            {t('settings.clerks.resetPassword')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

function AddClerkForm({ onAdded }: { onAdded: (clerk: Clerk) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const errorText = useFieldErrorText();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<ClerkRole>('clerk');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const clerk = await useSettingsStore.getState().createClerk({ login, name, role, password });
      setLogin('');
      setName('');
      setRole('clerk');
      setPassword('');
      onAdded(clerk);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };
  const at = (field: string) => (topField(error) === field && error ? errorText(error) : undefined);
  const unplaced = error && !['login', 'name', 'role', 'password'].includes(topField(error) ?? '');

  return (
    <Box component="form" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate sx={{ mt: 2 }} data-testid="add-clerk">
      <Typography id={headingId} component="h4" variant="subtitle2" sx={{ mb: 1 }}>
        {t('settings.clerks.add.heading')}
      </Typography>
      {unplaced && <ErrorBanner error={error} testId="add-clerk-error" />}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'flex-start' }}>
        <TextField
          size="small"
          label={t('settings.clerks.add.login')}
          value={login}
          onChange={(event) => setLogin(event.target.value)}
          required
          autoComplete="off"
          error={at('login') !== undefined}
          helperText={at('login') ?? t('settings.clerks.add.loginHelp')}
          slotProps={{ htmlInput: { maxLength: 30, 'data-testid': 'add-clerk-login' } }}
        />
        <TextField
          size="small"
          label={t('settings.clerks.add.name')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          error={at('name') !== undefined}
          helperText={at('name')}
          slotProps={{ htmlInput: { maxLength: 30, 'data-testid': 'add-clerk-name' } }}
        />
        <RoleSelect value={role} onChange={setRole} label={t('settings.clerks.add.role')} testId="add-clerk-role" />
        <TextField
          size="small"
          type="password"
          label={t('settings.clerks.add.password')}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
          autoComplete="new-password"
          error={at('password') !== undefined}
          helperText={at('password') ?? t('settings.clerks.passwordHelp')}
          slotProps={{ htmlInput: { maxLength: 64, 'data-testid': 'add-clerk-password' } }}
        />
        <Button type="submit" variant="contained" disabled={busy} data-testid="add-clerk-submit">
          {t('settings.clerks.add.submit')}
        </Button>
      </Box>
    </Box>
  );
}

function LockAfterForm({ onSaved }: { onSaved: (minutes: number) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const errorText = useFieldErrorText();
  const current = useSessionStore((state) => state.session?.lockAfterMinutes ?? null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState(false);
  const value = text ?? (current === null ? '' : String(current));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const minutes = /^\d{1,3}$/.test(value.trim()) ? Number(value.trim()) : NaN;
    if (!(minutes >= 1 && minutes <= 240)) {
      setInvalid(true);
      return;
    }
    setError(null);
    try {
      const session = await call('clerk.setLockAfter', { minutes });
      useSessionStore.getState().set(session);
      setText(null);
      onSaved(minutes);
    } catch (caught) {
      setError(toApiError(caught));
    }
  };
  const message = invalid ? t('settings.rules.range', { min: 1, max: 240 }) : error ? errorText(error) : undefined;
  return (
    <Box component="form" aria-labelledby={headingId} onSubmit={(event) => void submit(event)} noValidate sx={{ mt: 3 }} data-testid="lock-after">
      <Typography id={headingId} component="h4" variant="subtitle2" sx={{ mb: 1 }}>
        {t('settings.clerks.lock.heading')}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          label={t('settings.clerks.lock.minutes')}
          value={value}
          onChange={(event) => {
            setText(event.target.value);
            setInvalid(false);
          }}
          error={message !== undefined}
          helperText={message ?? t('settings.clerks.lock.help')}
          sx={{ minWidth: 320 }}
          slotProps={{
            input: { endAdornment: <InputAdornment position="end">{t('settings.clerks.lock.unit')}</InputAdornment> },
            htmlInput: { inputMode: 'numeric', 'data-testid': 'lock-after-minutes' },
          }}
        />
        <Button type="submit" variant="outlined" disabled={text === null} data-testid="lock-after-save">
          {t('settings.save')}
        </Button>
      </Box>
    </Box>
  );
}

export function ClerksSection() {
  const { t } = useTranslation();
  const clerks = useSettingsStore((state) => state.clerks);
  const me = useSessionStore((state) => state.session?.clerk?.login ?? null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resetting, setResetting] = useState<Clerk | null>(null);

  useEffect(() => {
    void useSettingsStore.getState().loadClerks();
  }, []);

  const update = async (clerk: Clerk, change: { role?: ClerkRole; active?: boolean }) => {
    setError(null);
    setNotice(null);
    try {
      await useSettingsStore.getState().updateClerk({ login: clerk.login, ...change });
      setNotice(t('settings.clerks.updated', { login: clerk.login }));
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <SettingsSection title={t('settings.clerks.heading')} testId="settings-clerks">
      {clerks.error && <ErrorBanner error={clerks.error} onRetry={() => void useSettingsStore.getState().loadClerks()} />}
      {error && <ErrorBanner error={error} testId="clerks-error" />}
      <Box aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} sx={{ mb: 1 }} data-testid="clerks-notice">
            {notice}
          </Alert>
        )}
      </Box>
      {clerks.value && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('settings.clerks.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('settings.clerks.columns.login')}</TableCell>
                <TableCell>{t('settings.clerks.columns.name')}</TableCell>
                <TableCell>{t('settings.clerks.columns.role')}</TableCell>
                <TableCell>{t('settings.clerks.columns.active')}</TableCell>
                <TableCell>{t('settings.clerks.columns.createdAt')}</TableCell>
                <TableCell align="right">{t('settings.clerks.columns.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {clerks.value.map((clerk) => (
                <TableRow key={clerk.login} data-testid="clerk-row" data-login={clerk.login} data-role={clerk.role} data-active={clerk.active}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{clerk.login}</TableCell>
                  <TableCell>{clerk.name}</TableCell>
                  <TableCell>
                    <RoleSelect
                      value={clerk.role}
                      onChange={(role) => void update(clerk, { role })}
                      label={t('settings.clerks.roleOf', { name: clerk.name })}
                      inTable
                      testId={`clerk-role-${clerk.login}`}
                    />
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={clerk.active ? 'success' : 'default'}
                      label={clerk.active ? t('settings.clerks.active') : t('settings.clerks.inactive')}
                    />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{localDateTime(clerk.createdAt)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      color={clerk.active ? 'error' : 'primary'}
                      disabled={clerk.login === me}
                      onClick={() => void update(clerk, { active: !clerk.active })}
                      aria-label={t(clerk.active ? 'settings.clerks.switchOffAria' : 'settings.clerks.switchOnAria', { name: clerk.name, login: clerk.login })}
                      data-testid={`clerk-toggle-${clerk.login}`}
                    >
                      {clerk.active ? t('settings.clerks.switchOff') : t('settings.clerks.switchOn')}
                    </Button>
                    <Button
                      size="small"
                      onClick={() => setResetting(clerk)}
                      aria-label={t('settings.clerks.resetPasswordAria', { name: clerk.name, login: clerk.login })}
                      data-testid={`clerk-reset-${clerk.login}`}
                      sx={{ ml: 1 }}
                    >
                      {t('settings.clerks.resetPassword')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      <AddClerkForm
        onAdded={(clerk) => {
          setError(null);
          setNotice(t('settings.clerks.add.done', { name: clerk.name, login: clerk.login }));
        }}
      />
      <LockAfterForm
        onSaved={(minutes) => {
          setError(null);
          setNotice(t('settings.clerks.lock.saved', { minutes, count: minutes }));
        }}
      />
      {resetting && (
        <ResetPasswordDialog
          clerk={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            setNotice(t('settings.clerks.resetDone', { login: resetting.login }));
            setResetting(null);
          }}
        />
      )}
    </SettingsSection>
  );
}
