// The recovery page: the desk's data file could not be used (damaged, cut short, empty, from a newer
// version, locked, unreadable, read-only). It says so in words with the file's name and SQLite's or
// the system's detail, and offers the latest good backup, a fresh start from the hub (the damaged
// file is kept aside), or a second look once the cause is fixed. Nobody signs in here: the clerks'
// accounts are in the file that could not be opened.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupRecord, StoreHealth } from '../../../shared/storeSafety';
import { toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { BackupTable, RestoreDialog } from '../components/settings/BackupSection';
import { useFieldErrorText } from '../components/settings/SettingsSection';
import { localDateTime } from '../format';
import { useStoreSafetyStore } from '../store/storeSafety';

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  const headingId = useId();
  return (
    <Paper component="section" variant="outlined" aria-labelledby={headingId} sx={{ p: 2, mt: 2 }} data-testid={testId}>
      <Typography id={headingId} component="h2" variant="h6" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function FreshStart({ health }: { health: StoreHealth }) {
  const { t } = useTranslation();
  const busy = useStoreSafetyStore((state) => state.busy);
  const titleId = useId();
  const [url, setUrl] = useState('');
  const [deskId, setDeskId] = useState('');
  const [token, setToken] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const demo = health.profile === 'demo';
  const typed = !demo && health.hubKnown === null;

  const start = async () => {
    setError(null);
    try {
      await useStoreSafetyStore.getState().freshStart(typed ? { url, deskId, token } : {});
    } catch (caught) {
      setError(toApiError(caught));
      setConfirming(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setConfirming(true);
  };
  const errorText = useFieldErrorText();
  const at = (field: string) => (error?.field === field ? errorText(error) : undefined);
  return (
    <Section title={demo ? t('storeSafety.recovery.fresh.headingDemo') : t('storeSafety.recovery.fresh.heading')} testId="recovery-fresh">
      <Typography variant="body2" sx={{ mb: 1 }}>
        {demo ? t('storeSafety.recovery.fresh.hintDemo') : t('storeSafety.recovery.fresh.hint')}
      </Typography>
      {error && error.field === undefined && <ErrorBanner error={error} testId="recovery-fresh-error" />}
      <Box component="form" onSubmit={submit} noValidate sx={{ display: 'grid', gap: 1.5 }}>
        {!demo && health.hubKnown && (
          <Typography variant="body2" data-testid="recovery-hub-known">
            {t('storeSafety.recovery.fresh.known', { url: health.hubKnown.url, deskId: health.hubKnown.deskId })}
          </Typography>
        )}
        {typed && (
          <>
            <Typography variant="body2">{t('storeSafety.recovery.fresh.unknown')}</Typography>
            {(
              [
                ['url', url, setUrl, 'recovery-url', 'text'],
                ['deskId', deskId, setDeskId, 'recovery-desk-id', 'text'],
                ['token', token, setToken, 'recovery-token', 'password'],
              ] as const
            ).map(([field, value, setValue, testId, type]) => (
              <TextField
                key={field}
                size="small"
                type={type}
                label={t(`storeSafety.recovery.fresh.${field}`)}
                value={value}
                onChange={(event) => setValue(event.target.value)}
                required
                autoComplete="off"
                error={at(field) !== undefined}
                helperText={at(field)}
                slotProps={{ htmlInput: { 'data-testid': testId } }}
              />
            ))}
          </>
        )}
        <Box>
          <Button
            type="submit"
            variant="outlined"
            disabled={busy || health.problem === 'locked' || health.problem === 'readonly'}
            data-testid="recovery-fresh-start"
          >
            {demo ? t('storeSafety.recovery.fresh.startDemo') : t('storeSafety.recovery.fresh.start')}
          </Button>
        </Box>
      </Box>
      {confirming && (
        <Dialog open onClose={busy ? undefined : () => setConfirming(false)} aria-labelledby={titleId} maxWidth="sm" fullWidth data-testid="recovery-fresh-dialog">
          <DialogTitle id={titleId}>{t('storeSafety.recovery.fresh.confirmTitle')}</DialogTitle>
          <DialogContent>
            <DialogContentText>
              {demo ? t('storeSafety.recovery.fresh.confirmBodyDemo', { file: health.file }) : t('storeSafety.recovery.fresh.confirmBody', { file: health.file })}
            </DialogContentText>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)} disabled={busy}>
              {t('storeSafety.backup.confirm.cancel')}
            </Button>
            <Button variant="contained" color="warning" onClick={() => void start()} disabled={busy} data-testid="recovery-fresh-confirm">
              {t('storeSafety.recovery.fresh.confirm')}
            </Button>
          </DialogActions>
        </Dialog>
      )}
    </Section>
  );
}

export function RecoveryScreen({ health }: { health: StoreHealth }) {
  const { t } = useTranslation();
  const backups = useStoreSafetyStore((state) => state.backups);
  const busy = useStoreSafetyStore((state) => state.busy);
  const [confirming, setConfirming] = useState<BackupRecord | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const problem = health.problem ?? 'corrupt';
  const latestGood = backups.find((record) => record.verified) ?? null;
  // Nothing can be put in place of a file another program holds, or in a folder that cannot be written.
  const stuck = problem === 'locked' || problem === 'readonly';

  useEffect(() => {
    void useStoreSafetyStore.getState().loadBackups();
  }, []);

  const restore = async (record: BackupRecord) => {
    setError(null);
    try {
      await useStoreSafetyStore.getState().recoverFromBackup(record.name);
    } catch (caught) {
      setError(toApiError(caught));
    }
  };
  const retry = async () => {
    setError(null);
    try {
      await useStoreSafetyStore.getState().retry();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <Box component="main" sx={{ height: '100vh', overflow: 'auto', bgcolor: 'background.default' }} data-testid="recovery-page" data-problem={problem}>
      <Box sx={{ maxWidth: 900, mx: 'auto', p: 3 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 2 }}>
          <Typography component="h1" variant="h5">
            {t('storeSafety.recovery.title')}
          </Typography>
          <LanguageSwitch />
        </Box>
        <Alert severity="error" sx={{ mt: 2 }} data-testid="recovery-problem">
          <Typography variant="body1" sx={{ fontWeight: 600 }}>
            {t(`storeSafety.recovery.problems.${problem}`)}
          </Typography>
          <Typography variant="body2" sx={{ mt: 1 }}>
            {t('storeSafety.recovery.file')}: <span data-testid="recovery-file">{health.file}</span>{' '}
            {health.profile === 'demo' && t('storeSafety.recovery.profileDemo')}
          </Typography>
          {health.detail && (
            <Typography variant="body2" sx={{ mt: 0.5, fontFamily: 'monospace', wordBreak: 'break-word' }} data-testid="recovery-detail">
              {t('storeSafety.recovery.detail')}: {health.detail}
            </Typography>
          )}
        </Alert>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t('storeSafety.recovery.intro')}
        </Typography>
        {error && !confirming && (
          <Box sx={{ mt: 2 }}>
            <ErrorBanner error={error} testId="recovery-error" />
          </Box>
        )}
        <Section title={t('storeSafety.recovery.backups.heading')} testId="recovery-backups">
          {latestGood ? (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
              <Typography variant="body2">
                {t('storeSafety.recovery.backups.latest')}: <strong>{localDateTime(latestGood.takenAt)}</strong>
              </Typography>
              <Button
                variant="contained"
                disabled={busy || stuck}
                onClick={() => setConfirming(latestGood)}
                data-testid="recovery-restore-latest"
              >
                {t('storeSafety.recovery.backups.restore')}
              </Button>
            </Box>
          ) : (
            <Typography variant="body2" data-testid="recovery-no-backups">
              {t('storeSafety.recovery.backups.none')}
            </Typography>
          )}
          {backups.length > 0 && (
            <BackupTable backups={backups} onRestore={setConfirming} disabled={busy || stuck} testId="recovery-backup-table" />
          )}
        </Section>
        <FreshStart health={health} />
        <Box sx={{ mt: 2 }}>
          <Button variant="outlined" onClick={() => void retry()} disabled={busy} data-testid="recovery-retry">
            {t('storeSafety.recovery.retry')}
          </Button>
        </Box>
      </Box>
      {confirming && (
        <RestoreDialog
          record={confirming}
          busy={busy}
          error={error}
          onCancel={() => {
            setConfirming(null);
            setError(null);
          }}
          onConfirm={() => void restore(confirming)}
        />
      )}
    </Box>
  );
}
