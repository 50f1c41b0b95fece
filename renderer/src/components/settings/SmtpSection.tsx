// 读者通知邮件: the library's mail server the reader notices go through, the sender address, and
// the pickup place and phone printed on pickup slips and written into the notices. The password
// never comes back to the screen: left empty it keeps the one kept, or a supervisor clears it.
// A supervisor saves; a clerk reads.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SmtpSettings } from '../../../../shared/types';
import { ApiError, toApiError } from '../../api';
import { useIsSupervisor } from '../../store/session';
import { useSettingsStore } from '../../store/settings';
import { ErrorBanner } from '../ErrorBanner';
import { SaveBar, SettingsSection, topField, useFieldErrorText } from './SettingsSection';

/** The form as typed: the port as text until it is sent, the password only when one is typed. */
interface Draft {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  from: string;
  deskPhone: string;
  deskLocation: string;
}

type TextKey = Exclude<keyof Draft, 'secure'>;

const FIELDS = ['host', 'port', 'secure', 'user', 'password', 'from', 'deskPhone', 'deskLocation'];

function draftOf(stored: SmtpSettings): Draft {
  const { host, port, secure, user, from, deskPhone, deskLocation } = stored;
  return { host: host ?? '', port: String(port), secure, user, from, deskPhone, deskLocation };
}

export function SmtpSection() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const stored = useSettingsStore((state) => state.smtp);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorText = useFieldErrorText();
  const deskHintId = useId();
  const secureHelpId = useId();

  useEffect(() => {
    void useSettingsStore.getState().loadSmtp();
  }, []);
  const current = stored.value;
  const form = draft ?? (current ? draftOf(current) : null);
  const dirty = draft !== null || password !== '' || clearPassword;

  const edited = () => setSaved(false);
  const change = (part: Partial<Draft>) => {
    if (!form) return;
    setDraft({ ...form, ...part });
    edited();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const port = form.port.trim();
    if (!/^\d{1,5}$/.test(port)) {
      setError(new ApiError({ code: 'INVALID_INPUT', message: t('settings.smtp.portInvalid'), field: 'port' }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { port: _typed, ...rest } = form;
      await useSettingsStore.getState().saveSmtp({
        ...rest,
        port: Number(port),
        // Left out keeps the kept password; '' clears it.
        ...(clearPassword ? { password: '' } : password !== '' ? { password } : {}),
      });
      setDraft(null);
      setPassword('');
      setClearPassword(false);
      setSaved(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const at = (field: string) => (topField(error) === field && error ? errorText(error) : undefined);
  const unplaced = error !== null && !FIELDS.includes(topField(error) ?? '');

  const text = (key: TextKey, options: { help?: string; placeholder?: string; maxLength: number; type?: string; inputMode?: 'numeric' }) => (
    <TextField
      size="small"
      label={t(`settings.smtp.${key}`)}
      placeholder={options.placeholder}
      value={form?.[key] ?? ''}
      onChange={(event) => change({ [key]: event.target.value })}
      required={key === 'host' || key === 'port' || key === 'from'}
      error={at(key) !== undefined}
      helperText={at(key) ?? options.help}
      slotProps={{
        inputLabel: { shrink: true },
        htmlInput: { readOnly: !supervisor, maxLength: options.maxLength, inputMode: options.inputMode, 'data-testid': `smtp-${key}` },
      }}
      type={options.type}
    />
  );

  return (
    <SettingsSection title={t('settings.smtp.heading')} testId="settings-smtp" hint={t('settings.smtp.hint')}>
      {stored.error && <ErrorBanner error={stored.error} onRetry={() => void useSettingsStore.getState().loadSmtp()} />}
      {!supervisor && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('settings.supervisorOnly')}
        </Typography>
      )}
      {current && current.host === null && (
        <Alert severity="info" sx={{ mb: 1.5 }} data-testid="smtp-not-set">
          {t('settings.smtp.notSet')}
        </Alert>
      )}
      {form && current && (
        <Box component="form" onSubmit={(event) => void submit(event)} noValidate>
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 2fr) minmax(0, 1fr)' }, gap: 1.5, alignItems: 'start' }}>
            {text('host', { placeholder: t('settings.smtp.hostPlaceholder'), maxLength: 200 })}
            {text('port', { help: t('settings.smtp.portHelp'), maxLength: 5, inputMode: 'numeric' })}
            <Box sx={{ gridColumn: '1 / -1' }}>
              <FormControlLabel
                control={
                  <Switch
                    checked={form.secure}
                    onChange={(event) => change({ secure: event.target.checked })}
                    disabled={!supervisor}
                    slotProps={{ input: { 'aria-describedby': secureHelpId, 'data-testid': 'smtp-secure' } as object }}
                  />
                }
                label={t('settings.smtp.secure')}
              />
              <FormHelperText id={secureHelpId} error={at('secure') !== undefined} sx={{ mt: 0 }}>
                {at('secure') ?? t('settings.smtp.secureHelp')}
              </FormHelperText>
            </Box>
            {text('user', { help: t('settings.smtp.userHelp'), maxLength: 200 })}
            <Box>
              <TextField
                size="small"
                fullWidth
                type="password"
                autoComplete="new-password"
                label={t('settings.smtp.password')}
                value={password}
                onChange={(event) => {
                  setPassword(event.target.value);
                  edited();
                }}
                disabled={clearPassword}
                error={at('password') !== undefined}
                helperText={at('password') ?? (current.passwordSet ? t('settings.smtp.passwordKept') : t('settings.smtp.passwordNone'))}
                slotProps={{
                  inputLabel: { shrink: true },
                  formHelperText: { 'data-testid': 'smtp-password-state' } as object,
                  htmlInput: { readOnly: !supervisor, maxLength: 500, 'data-testid': 'smtp-password' },
                }}
              />
              {supervisor && current.passwordSet && (
                <FormControlLabel
                  control={
                    <Checkbox
                      size="small"
                      checked={clearPassword}
                      onChange={(event) => {
                        setClearPassword(event.target.checked);
                        if (event.target.checked) setPassword('');
                        edited();
                      }}
                      slotProps={{ input: { 'data-testid': 'smtp-clear-password' } as object }}
                    />
                  }
                  label={t('settings.smtp.clearPassword')}
                />
              )}
            </Box>
            {text('from', { help: t('settings.smtp.fromHelp'), maxLength: 200, type: 'email' })}
          </Box>
          <Box component="fieldset" aria-describedby={deskHintId} sx={{ border: 0, p: 0, m: 0, mt: 2, minWidth: 0 }}>
            <Typography component="legend" variant="subtitle2" sx={{ p: 0 }}>
              {t('settings.smtp.deskHeading')}
            </Typography>
            <Typography id={deskHintId} variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
              {t('settings.smtp.deskHint')}
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: 'minmax(0, 2fr) minmax(0, 1fr)' }, gap: 1.5, alignItems: 'start' }}>
              {text('deskLocation', { placeholder: t('settings.smtp.deskLocationPlaceholder'), maxLength: 100 })}
              {text('deskPhone', { maxLength: 40, type: 'tel' })}
            </Box>
          </Box>
          {unplaced && <ErrorBanner error={error} testId="smtp-error" />}
          {supervisor && <SaveBar testId="smtp" disabled={busy || !dirty} saved={saved ? t('settings.smtp.saved') : null} />}
        </Box>
      )}
    </SettingsSection>
  );
}
