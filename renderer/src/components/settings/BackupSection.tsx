// 设置 → 备份与恢复 (a supervisor's): the backups with their times and sizes, 立即备份 with its
// progress, and 恢复 behind a confirmation that names the backup's time and says plainly that work
// after it that was not synced is lost. The desk does the work (main/backup); this only asks.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupProgress, BackupRecord } from '../../../../shared/storeSafety';
import { toApiError, type ApiError } from '../../api';
import { localDateTime } from '../../format';
import { useStoreSafetyStore } from '../../store/storeSafety';
import { useSyncStore } from '../../store/sync';
import { ErrorBanner } from '../ErrorBanner';
import { SettingsSection } from './SettingsSection';

/** 1,234,567 bytes → "1.2 MB". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function ProgressLine({ progress }: { progress: BackupProgress }) {
  const { t } = useTranslation();
  const percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : null;
  const text =
    progress.phase === 'copy'
      ? progress.total > 0
        ? t('storeSafety.backup.progress.copy', { done: progress.done, total: progress.total })
        : t('storeSafety.backup.progress.copyStart')
      : progress.phase === 'failed'
        ? t('storeSafety.backup.progress.failed', { message: progress.message ?? '' })
        : t(`storeSafety.backup.progress.${progress.phase}`);
  const running = progress.phase === 'copy' || progress.phase === 'verify' || progress.phase === 'check';
  return (
    <Box sx={{ my: 1 }} aria-live="polite" data-testid="backup-progress" data-phase={progress.phase}>
      <Typography variant="body2">{text}</Typography>
      {running && (
        <LinearProgress
          variant={percent === null || progress.phase !== 'copy' ? 'indeterminate' : 'determinate'}
          value={percent ?? 0}
          aria-label={text}
          sx={{ mt: 0.5 }}
        />
      )}
    </Box>
  );
}

interface RestoreDialogProps {
  record: BackupRecord;
  busy: boolean;
  error: ApiError | null;
  onCancel: () => void;
  onConfirm: () => void;
}

/** The confirmation names the backup's time twice: what comes back, and after when work is lost. */
export function RestoreDialog({ record, busy, error, onCancel, onConfirm }: RestoreDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const time = localDateTime(record.takenAt);
  return (
    <Dialog open onClose={busy ? undefined : onCancel} aria-labelledby={titleId} maxWidth="sm" fullWidth data-testid="restore-dialog">
      <DialogTitle id={titleId}>{t('storeSafety.backup.confirm.title', { time })}</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 1.5 }}>
        {error && <ErrorBanner error={error} testId="restore-error" />}
        <DialogContentText>{t('storeSafety.backup.confirm.body', { time })}</DialogContentText>
        <Alert severity="warning" data-testid="restore-lost-warning">
          {t('storeSafety.backup.confirm.lost', { time })}
        </Alert>
        <DialogContentText>{t('storeSafety.backup.confirm.aside')}</DialogContentText>
        {busy && <LinearProgress aria-label={t('storeSafety.recovery.busy')} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel} disabled={busy}>
          {t('storeSafety.backup.confirm.cancel')}
        </Button>
        <Button variant="contained" color="warning" onClick={onConfirm} disabled={busy} data-testid="restore-confirm">
          {t('storeSafety.backup.confirm.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** The backups as a table; `onRestore` puts a restore button on each good one. */
export function BackupTable({ backups, onRestore, disabled, testId }: { backups: BackupRecord[]; onRestore: (record: BackupRecord) => void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Table size="small" aria-label={t('storeSafety.backup.tableLabel')} data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{t('storeSafety.backup.columns.takenAt')}</TableCell>
          <TableCell>{t('storeSafety.backup.columns.reason')}</TableCell>
          <TableCell align="right">{t('storeSafety.backup.columns.size')}</TableCell>
          <TableCell align="right">{t('storeSafety.backup.columns.schema')}</TableCell>
          <TableCell>{t('storeSafety.backup.columns.check')}</TableCell>
          <TableCell>{t('storeSafety.backup.columns.actions')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {backups.map((record) => {
          const time = localDateTime(record.takenAt);
          return (
            <TableRow key={record.name} data-testid="backup-row" data-name={record.name}>
              <TableCell>{time}</TableCell>
              <TableCell>{t(`storeSafety.backup.reasons.${record.reason}`)}</TableCell>
              <TableCell align="right">{sizeText(record.sizeBytes)}</TableCell>
              <TableCell align="right">{record.schemaVersion}</TableCell>
              <TableCell>
                {record.verified ? (
                  <Chip size="small" color="success" variant="outlined" label={t('storeSafety.backup.verified')} />
                ) : (
                  <Chip size="small" color="error" variant="outlined" label={t('storeSafety.backup.notVerified', { message: record.check })} />
                )}
              </TableCell>
              <TableCell>
                {record.verified && (
                  <Button
                    size="small"
                    variant="outlined"
                    disabled={disabled}
                    onClick={() => onRestore(record)}
                    aria-label={t('storeSafety.backup.restoreAria', { time })}
                    data-testid="backup-restore"
                  >
                    {t('storeSafety.backup.restore')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function BackupSection() {
  const { t } = useTranslation();
  const backups = useStoreSafetyStore((state) => state.backups);
  const backupsError = useStoreSafetyStore((state) => state.backupsError);
  const progress = useStoreSafetyStore((state) => state.progress);
  const health = useStoreSafetyStore((state) => state.health);
  const busy = useStoreSafetyStore((state) => state.busy);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<BackupRecord | null>(null);

  useEffect(() => {
    void useStoreSafetyStore.getState().loadBackups();
    void useStoreSafetyStore.getState().loadHealth();
  }, []);
  // After a restore, each good round may be the one that caught up with the hub.
  const lastSync = useSyncStore((state) => state.status?.lastSuccessAt ?? null);
  const catchingUp = health?.restoredFrom?.reconciled === false;
  useEffect(() => {
    if (catchingUp) void useStoreSafetyStore.getState().loadHealth();
  }, [lastSync, catchingUp]);

  const backUpNow = async () => {
    setError(null);
    setNote(null);
    try {
      const record = await useStoreSafetyStore.getState().createBackup();
      setNote(t('storeSafety.backup.created', { time: localDateTime(record.takenAt), size: sizeText(record.sizeBytes) }));
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  const restore = async (record: BackupRecord) => {
    setError(null);
    setNote(null);
    try {
      await useStoreSafetyStore.getState().restore(record.name);
      setConfirming(null);
      setNote(t('storeSafety.backup.restored', { time: localDateTime(record.takenAt) }));
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  const last = health?.lastFullCheck ?? null;
  const restored = health?.restoredFrom ?? null;
  return (
    <SettingsSection title={t('storeSafety.backup.heading')} testId="settings-backup" hint={t('storeSafety.backup.hint')}>
      {error && !confirming && <ErrorBanner error={error} testId="backup-error" />}
      {backupsError && <ErrorBanner error={backupsError} />}
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1, flexWrap: 'wrap' }}>
        <Button variant="contained" onClick={() => void backUpNow()} disabled={busy} data-testid="backup-now">
          {busy ? t('storeSafety.backup.creating') : t('storeSafety.backup.createNow')}
        </Button>
        <Typography variant="body2" color="text.secondary" data-testid="backup-last-check">
          {last
            ? t('storeSafety.backup.lastCheck', {
                time: localDateTime(last.at),
                result: last.ok ? t('storeSafety.backup.checkOk') : t('storeSafety.backup.checkFailed', { message: last.message }),
              })
            : t('storeSafety.backup.noCheck')}
        </Typography>
      </Box>
      {progress && <ProgressLine progress={progress} />}
      <Box aria-live="polite">
        {note && (
          <Alert severity="success" sx={{ my: 1 }} data-testid="backup-note">
            {note}
          </Alert>
        )}
        {restored && (
          <Alert severity={restored.reconciled ? 'success' : 'info'} sx={{ my: 1 }} data-testid="backup-reconcile">
            {restored.reconciled ? t('storeSafety.backup.reconciled') : t('storeSafety.backup.reconciling')}
          </Alert>
        )}
      </Box>
      {backups.length === 0 ? (
        <Typography variant="body2" data-testid="backup-none">
          {t('storeSafety.backup.none')}
        </Typography>
      ) : (
        <BackupTable backups={backups} onRestore={setConfirming} disabled={busy} testId="backup-table" />
      )}
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
    </SettingsSection>
  );
}
