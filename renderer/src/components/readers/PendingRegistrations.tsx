// Registrations waiting for our approval (注册后提交经本馆审查通过后才能登录): who, when, and the
// two decisions. Approving is one click; rejecting asks for the reason.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reader } from '../../../../shared/types';
import { localDateTime } from '../../format';
import { useReadersStore } from '../../store/readers';
import { SectionHeading } from '../SectionHeading';
import { ErrorBanner } from '../ErrorBanner';

interface PendingRegistrationsProps {
  busyId: string | null;
  onApprove: (reader: Reader) => void;
  onReject: (reader: Reader) => void;
}

export function PendingRegistrations({ busyId, onApprove, onReject }: PendingRegistrationsProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const pending = useReadersStore((state) => state.pending);
  const loaded = useReadersStore((state) => state.pendingLoaded);
  const error = useReadersStore((state) => state.pendingError);
  const select = useReadersStore((state) => state.select);
  const selectedId = useReadersStore((state) => state.selectedId);
  // With a reader open beside the list, the contact columns give way to the decisions.
  const compact = selectedId !== null;

  return (
    <Box component="section" aria-labelledby={headingId} data-testid="pending-readers" sx={{ mb: 3 }}>
      <SectionHeading
        id={headingId}
        title={t('readers.pending.heading')}
        color={pending.length > 0 ? 'warning' : 'primary'}
        count={loaded ? t('readers.pending.count', { count: pending.length }) : undefined}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('readers.pending.hint')}
      </Typography>
      <span hidden data-testid="pending-count" data-count={loaded ? pending.length : ''} />
      {error && <ErrorBanner error={error} onRetry={() => void useReadersStore.getState().loadPending()} testId="pending-error" />}
      {loaded && pending.length === 0 && !error && (
        <Typography variant="body2" data-testid="pending-none">
          {t('readers.pending.none')}
        </Typography>
      )}
      {pending.length > 0 && (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('readers.pending.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('readers.columns.name')}</TableCell>
                <TableCell>{t('readers.columns.login')}</TableCell>
                <TableCell>{t('readers.columns.cardNumber')}</TableCell>
                {!compact && <TableCell>{t('readers.columns.department')}</TableCell>}
                {!compact && <TableCell>{t('readers.columns.phone')}</TableCell>}
                <TableCell>{t('readers.columns.createdAt')}</TableCell>
                <TableCell align="right">{t('readers.columns.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pending.map((reader) => (
                <TableRow key={reader.id} data-testid="pending-row" data-reader-id={reader.id} selected={reader.id === selectedId}>
                  <TableCell>
                    <Link
                      component="button"
                      type="button"
                      underline="hover"
                      onClick={() => void select(reader.id)}
                      aria-label={t('readers.pending.openAria', { name: reader.name })}
                      sx={{ textAlign: 'left', typography: 'body2' }}
                      data-testid="pending-open"
                    >
                      {reader.name}
                    </Link>
                  </TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{reader.login}</TableCell>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{reader.cardNumber}</TableCell>
                  {!compact && <TableCell>{reader.department ?? t('common.empty')}</TableCell>}
                  {!compact && <TableCell>{reader.phone}</TableCell>}
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{localDateTime(reader.createdAt)}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Button
                      size="small"
                      variant="contained"
                      color="success"
                      disabled={busyId !== null}
                      onClick={() => onApprove(reader)}
                      aria-label={t('readers.pending.approveAria', { name: reader.name, login: reader.login })}
                      data-testid="pending-approve"
                    >
                      {t('readers.pending.approve')}
                    </Button>
                    <Button
                      size="small"
                      variant="outlined"
                      color="error"
                      disabled={busyId !== null}
                      onClick={() => onReject(reader)}
                      aria-label={t('readers.pending.rejectAria', { name: reader.name, login: reader.login })}
                      data-testid="pending-reject"
                      sx={{ ml: 1 }}
                    >
                      {t('readers.pending.reject')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
