// What waits to go back, one row per lending library with its count; a row starts a shipment.
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableContainer from '@mui/material/TableContainer';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../ErrorBanner';
import { useReturnsStore } from '../../store/returns';

interface PendingReturnsProps {
  onBuild: (lenderCode: string) => void;
}

export function PendingReturns({ onBuild }: PendingReturnsProps) {
  const { t } = useTranslation();
  const groups = useReturnsStore((state) => state.groups);
  const loaded = useReturnsStore((state) => state.pendingLoaded);
  const error = useReturnsStore((state) => state.pendingError);
  const lenderCode = useReturnsStore((state) => state.lenderCode);
  const itemCount = useReturnsStore((state) => state.items.length);
  const total = groups.reduce((sum, group) => sum + group.items.length, 0);
  return (
    <Paper variant="outlined" component="section" aria-labelledby="returns-pending-heading" sx={{ p: 2, minWidth: 0 }}>
      <Typography id="returns-pending-heading" component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('returns.pending.heading')}
      </Typography>
      <Typography variant="body2" color="text.secondary" data-testid="returns-pending-total" sx={{ mb: 1 }}>
        {t('returns.pending.total', { count: total })}
      </Typography>
      {error && <ErrorBanner error={error} onRetry={() => void useReturnsStore.getState().loadPending()} />}
      {loaded && groups.length === 0 ? (
        <Typography variant="body2" data-testid="returns-pending-empty">
          {t('returns.pending.empty')}
        </Typography>
      ) : (
        // A long list scrolls on its own, so the shipment history stays in reach below.
        <TableContainer sx={{ maxHeight: 440 }}>
          <Table size="small" stickyHeader aria-label={t('returns.pending.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('returns.pending.lender')}</TableCell>
                <TableCell align="right">{t('returns.pending.count')}</TableCell>
                <TableCell>{t('returns.pending.action')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {groups.map((group) => (
                <TableRow
                  key={group.lenderCode}
                  data-testid="returns-group"
                  data-lender-code={group.lenderCode}
                  selected={group.lenderCode === lenderCode}
                >
                  <TableCell>{t('common.nameWithCode', { name: group.lenderName, code: group.lenderCode })}</TableCell>
                  <TableCell align="right" data-testid="returns-group-count" sx={{ whiteSpace: 'nowrap' }}>
                    {t('returns.pending.books', { count: group.items.length })}
                  </TableCell>
                  <TableCell>
                    <Button
                      size="small"
                      variant="outlined"
                      sx={{ whiteSpace: 'nowrap' }}
                      onClick={() => onBuild(group.lenderCode)}
                      disabled={itemCount > 0 && group.lenderCode !== lenderCode}
                      aria-label={t('returns.pending.buildAria', { lender: group.lenderName })}
                      data-testid="returns-group-build"
                    >
                      {t('returns.pending.build')}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Paper>
  );
}
