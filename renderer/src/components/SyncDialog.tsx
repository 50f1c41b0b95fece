// The sync dialog: the state in full (hub, last good sync, what waits to be sent, numbers left,
// the clock), "sync now", the open sync problems for a clerk to read and mark resolved, and the
// form that connects the desk to a hub.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Divider from '@mui/material/Divider';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REQUEST_OP_TYPES, type RequestOpType } from '../../../shared/status';
import type { HubSettings, SyncProblem, SyncStatus } from '../../../shared/types';
import type { ApiError } from '../api';
import { localDateTime } from '../format';
import { isStatus } from '../i18n/labels';
import { useSyncStore, type ConnectInput } from '../store/sync';
import { ErrorBanner } from './ErrorBanner';

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0 }} data-testid={testId}>
        {value}
      </Typography>
    </>
  );
}

const EXPLAINED = ['UNAUTHORIZED', 'FORBIDDEN', 'SEQ_CONFLICT', 'HUB_BEHIND', 'TOKEN_UNREADABLE', 'HUB_ANSWER_INVALID', 'RATE_LIMITED'] as const;
type Explained = (typeof EXPLAINED)[number];
function isExplained(code: string | null): code is Explained {
  return (EXPLAINED as readonly (string | null)[]).includes(code);
}

/** The state in words; a refusal or fault says what to do about it, by its code. */
function useStateText(status: SyncStatus): string {
  const { t } = useTranslation();
  if ((status.connection === 'refused' || status.connection === 'error') && isExplained(status.lastErrorCode)) {
    return t(`sync.state.because.${status.lastErrorCode}`);
  }
  return t(`sync.state.${status.connection}`);
}

/** Plain http to anything but this computer sends the token in clear. */
function isInsecure(url: string): boolean {
  return /^http:\/\//i.test(url) && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:|\/|$)/i.test(url);
}

export function StatusRows({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const stateText = useStateText(status);
  const never = t('sync.dialog.never');
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, my: 0 }}>
      <Row label={t('sync.dialog.state')} value={stateText} testId="sync-state" />
      {status.hubUrl && <Row label={t('sync.dialog.hub')} value={status.hubUrl} />}
      <Row label={t('sync.dialog.lastSuccess')} value={status.lastSuccessAt ? localDateTime(status.lastSuccessAt) : never} />
      <Row label={t('sync.dialog.pending')} value={String(status.pendingOps)} testId="sync-pending" />
      <Row label={t('sync.dialog.numbers')} value={String(status.unusedNumbers)} />
      {status.clockSkewMs !== null && (
        <Row label={t('sync.dialog.clock')} value={t('sync.dialog.clockValue', { seconds: Math.round(status.clockSkewMs / 1000) })} />
      )}
      {status.nextAttemptAt && <Row label={t('sync.dialog.nextAttempt')} value={localDateTime(status.nextAttemptAt)} />}
      {status.lastError && <Row label={t('sync.dialog.lastError')} value={status.lastError} testId="sync-last-error" />}
    </Box>
  );
}

function isOpType(value: string | null): value is RequestOpType | 'request.create' {
  return value === 'request.create' || (REQUEST_OP_TYPES as readonly string[]).includes(value ?? '');
}

function ProblemList({ problems, onResolve }: { problems: SyncProblem[]; onResolve: (id: number) => void }) {
  const { t } = useTranslation();
  if (problems.length === 0) return <Typography variant="body2">{t('sync.dialog.noProblems')}</Typography>;
  return (
    <List dense disablePadding data-testid="sync-problems">
      {problems.map((problem) => {
        const op = isOpType(problem.opType) ? t(`ops.${problem.opType}`) : (problem.opType ?? '');
        const hubStatus = isStatus(problem.hubStatus) ? t(`status.${problem.hubStatus}`) : problem.hubStatus;
        return (
          <ListItem
            key={problem.id}
            divider
            secondaryAction={
              <Button size="small" onClick={() => onResolve(problem.id)}>
                {t('sync.dialog.resolve')}
              </Button>
            }
          >
            <ListItemText
              primary={`${t(`sync.dialog.${problem.kind}`)}：${t('sync.dialog.problemLine', { op, id: problem.entityId ?? '' })}`}
              secondary={
                <>
                  {problem.code} · {problem.message}
                  {hubStatus && <Box component="span" sx={{ display: 'block' }}>{t('sync.dialog.hubStatus', { status: hubStatus })}</Box>}
                  <Box component="span" sx={{ display: 'block' }}>{localDateTime(problem.createdAt)}</Box>
                </>
              }
            />
          </ListItem>
        );
      })}
    </List>
  );
}

function ConnectForm({ settings, busy, onConnect }: { settings: HubSettings | null; busy: boolean; onConnect: (input: ConnectInput) => Promise<ApiError | null> }) {
  const { t } = useTranslation();
  const [input, setInput] = useState<ConnectInput>({ url: settings?.url ?? '', deskId: settings?.deskId ?? '', token: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const fieldError = (field: keyof ConnectInput) => (error?.field === field ? error.message : undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = await onConnect(input);
    setError(refused);
    // Connected: the token is kept by the desk, not left in the form.
    if (refused === null) setInput((current) => ({ ...current, token: '' }));
  };
  return (
    <Box component="form" onSubmit={(event) => void submit(event)} sx={{ display: 'grid', gap: 1.5 }} data-testid="connect-form" noValidate>
      <Typography variant="subtitle2" component="h3">
        {t('sync.connect.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {t('sync.connect.hint')}
      </Typography>
      <TextField size="small" label={t('sync.connect.url')} value={input.url} required
        onChange={(e) => setInput({ ...input, url: e.target.value })}
        error={fieldError('url') !== undefined} helperText={fieldError('url') ?? t('sync.connect.urlHelp')} slotProps={{ htmlInput: { 'data-testid': 'hub-url' } }} />
      <TextField size="small" label={t('sync.connect.deskId')} value={input.deskId} required
        onChange={(e) => setInput({ ...input, deskId: e.target.value })}
        error={fieldError('deskId') !== undefined} helperText={fieldError('deskId')} slotProps={{ htmlInput: { 'data-testid': 'hub-desk-id' } }} />
      <TextField size="small" type="password" autoComplete="off" label={t('sync.connect.token')} value={input.token} required
        onChange={(e) => setInput({ ...input, token: e.target.value })}
        error={fieldError('token') !== undefined} helperText={fieldError('token')} slotProps={{ htmlInput: { 'data-testid': 'hub-token' } }} />
      {isInsecure(input.url.trim()) && (
        <Alert severity="warning" data-testid="hub-insecure">
          {t('sync.connect.insecure')}
        </Alert>
      )}
      {error && error.field === undefined && <ErrorBanner error={error} />}
      {error && error.field !== undefined && <Alert severity="error" data-testid="connect-error">{t(`errors.codes.${error.code}`)}</Alert>}
      <Box>
        <Button type="submit" variant="contained" disabled={busy} data-testid="hub-connect">
          {t('sync.connect.submit')}
        </Button>
      </Box>
    </Box>
  );
}

export function SyncDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { status, settings, problems, error, busy, load, loadProblems, syncNow, resolve, connect } = useSyncStore();
  useEffect(() => {
    if (open) {
      void load();
      void loadProblems();
    }
  }, [open, load, loadProblems]);
  const configured = status !== null && status.connection !== 'unconfigured';
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="sync-dialog-title">
      <DialogTitle id="sync-dialog-title">{t('sync.dialog.title')}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2 }}>
        {status?.connection === 'syncing' && <LinearProgress aria-label={t('sync.badge.syncing')} />}
        {error && <ErrorBanner error={error} />}
        {status && <StatusRows status={status} />}
        {status?.clockWarning && <Alert severity="warning">{t('sync.dialog.clockWarning')}</Alert>}
        {settings?.url && settings.deskId && (
          <Typography variant="body2" data-testid="hub-connected">
            {t('sync.connect.connected', { url: settings.url, deskId: settings.deskId })}
            {' · '}
            {settings.token === 'os' ? t('sync.connect.tokenOs') : t('sync.connect.tokenPlain')}
          </Typography>
        )}
        {configured && (
          <>
            <Divider />
            <Typography variant="subtitle2" component="h3">
              {t('sync.dialog.problemsTitle')}
            </Typography>
            <ProblemList problems={problems} onResolve={(id) => void resolve(id)} />
          </>
        )}
        <Divider />
        <ConnectForm key={settings?.url ?? 'none'} settings={settings} busy={busy} onConnect={connect} />
      </DialogContent>
      <DialogActions>
        {/* Busy, the button stays focusable (a disabled one drops the focus out of the dialog, and Escape with it). */}
        <Button onClick={() => !busy && void syncNow()} disabled={!configured} aria-disabled={busy} aria-busy={busy} data-testid="sync-now">
          {t('sync.dialog.syncNow')}
        </Button>
        <Button onClick={onClose}>{t('sync.dialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
