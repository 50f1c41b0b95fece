// The header's sync badge: where sync stands in a word or two (synced, offline with N to send,
// refused …), open problems and a clock warning beside it; a click opens the sync dialog.
import Chip from '@mui/material/Chip';
import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../shared/types';
import { useSyncStore } from '../store/sync';

type ChipColor = 'default' | 'success' | 'info' | 'warning' | 'error';

const COLOR: Record<SyncStatus['connection'], ChipColor> = {
  unconfigured: 'default',
  online: 'success',
  syncing: 'info',
  offline: 'warning',
  refused: 'error',
  error: 'error',
};

/**
 * The header is dark blue: chips sit on white with their colour's dark shade for text and border,
 * so every state reads at normal-text contrast (WCAG AA), not only the green one.
 */
function onHeader(color: ChipColor) {
  const tone = color === 'default' ? 'text.primary' : `${color}.dark`;
  return {
    bgcolor: 'background.paper',
    color: tone,
    borderColor: tone,
    fontWeight: 600,
    '&&:hover, &&:focus-visible': { bgcolor: 'grey.100' },
  };
}

export function useSyncLabel(status: SyncStatus): string {
  const { t } = useTranslation();
  switch (status.connection) {
    case 'online':
      return status.pendingOps > 0 ? t('sync.badge.onlinePending', { count: status.pendingOps }) : t('sync.badge.online');
    case 'syncing':
      return status.progress?.phase === 'pull' && status.progress.pulled > 0
        ? t('sync.badge.syncingPull', { count: status.progress.pulled })
        : t('sync.badge.syncing');
    case 'offline':
      return t('sync.badge.offline', { count: status.pendingOps });
    default:
      return t(`sync.badge.${status.connection}`);
  }
}

export function SyncBadge({ status, onOpen }: { status: SyncStatus; onOpen: () => void }) {
  const { t } = useTranslation();
  const label = useSyncLabel(status);
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
      <Chip
        size="small"
        variant="outlined"
        sx={onHeader(COLOR[status.connection])}
        label={label}
        onClick={onOpen}
        aria-label={`${t('sync.badge.open')}: ${label}`}
        data-testid="sync-badge"
        data-connection={status.connection}
      />
      {status.openProblems > 0 && (
        <Chip size="small" variant="outlined" sx={onHeader('error')} label={t('sync.badge.problems', { count: status.openProblems })} onClick={onOpen} data-testid="sync-problems-badge" />
      )}
      {status.connection !== 'unconfigured' && status.unusedNumbers === 0 && (
        <Chip size="small" variant="outlined" sx={onHeader('warning')} label={t('sync.badge.noNumbers')} title={t('sync.badge.noNumbersHint')} onClick={onOpen} data-testid="no-numbers-badge" />
      )}
      {status.clockWarning && <Chip size="small" variant="outlined" sx={onHeader('warning')} label={t('sync.badge.clock')} onClick={onOpen} data-testid="clock-badge" />}
    </Box>
  );
}

export function ConnectedSyncBadge({ onOpen }: { onOpen: () => void }) {
  const status = useSyncStore((state) => state.status);
  return status ? <SyncBadge status={status} onOpen={onOpen} /> : null;
}
