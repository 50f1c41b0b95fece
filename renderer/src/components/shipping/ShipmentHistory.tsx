// Return shipments sent, newest first: when, to whom, how, how many books, by whom; a shipment
// opens with its books and its packing list can be printed again.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shipment } from '../../../../shared/types';
import { localDateTime } from '../../format';
import { ErrorBanner } from '../ErrorBanner';
import { libraryName, useLibrariesStore } from '../../store/libraries';
import { HISTORY_PAGE_SIZE, useReturnsStore } from '../../store/returns';
import { Pager } from './Pager';
import { ShipmentDialog } from './ShipmentDialog';

export function ShipmentHistory() {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const rows = useReturnsStore((state) => state.history);
  const total = useReturnsStore((state) => state.historyTotal);
  const page = useReturnsStore((state) => state.historyPage);
  const error = useReturnsStore((state) => state.historyError);
  const reprinted = useReturnsStore((state) => state.reprinted);
  const store = useReturnsStore.getState();
  const [open, setOpen] = useState<Shipment | null>(null);

  return (
    <Paper variant="outlined" component="section" aria-labelledby="returns-history-heading" sx={{ p: 2, minWidth: 0 }}>
      <Typography id="returns-history-heading" component="h3" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {t('returns.history.heading')}
      </Typography>
      {error && <ErrorBanner error={error} onRetry={() => void store.loadHistory()} testId="returns-history-error" />}
      {reprinted !== null && (
        <Alert severity="success" sx={{ mb: 1 }} data-testid="returns-reprinted">
          {t('returns.history.reprinted', { trackingNo: reprinted })}
        </Alert>
      )}
      <Table size="small" aria-label={t('returns.history.tableLabel')} data-testid="returns-history">
        <TableHead>
          <TableRow>
            <TableCell>{t('returns.history.createdAt')}</TableCell>
            <TableCell>{t('returns.history.lender')}</TableCell>
            <TableCell>{t('returns.history.courier')}</TableCell>
            <TableCell>{t('returns.history.trackingNo')}</TableCell>
            <TableCell align="right">{t('returns.history.items')}</TableCell>
            <TableCell>{t('returns.history.clerk')}</TableCell>
            <TableCell>{t('returns.history.actions')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={7}>
                <Typography variant="body2" color="text.secondary">
                  {t('returns.history.empty')}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rows.map((shipment) => {
            const lender = libraryName(byCode, shipment.toCode, 'full');
            return (
              <TableRow key={shipment.id} data-testid="returns-history-row" data-shipment-id={shipment.id}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{localDateTime(shipment.createdAt)}</TableCell>
                <TableCell>{lender}</TableCell>
                <TableCell>{shipment.courier}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{shipment.trackingNo}</TableCell>
                <TableCell align="right">{shipment.requestIds.length}</TableCell>
                <TableCell>{shipment.clerk}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <Button
                    size="small"
                    onClick={() => setOpen(shipment)}
                    aria-label={t('returns.history.viewAria', { lender, trackingNo: shipment.trackingNo })}
                    data-testid="returns-history-view"
                  >
                    {t('returns.history.view')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => void store.reprint(shipment)}
                    aria-label={t('returns.history.reprintAria', { trackingNo: shipment.trackingNo })}
                    data-testid="returns-history-reprint"
                  >
                    {t('returns.history.reprint')}
                  </Button>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Box>
        <Pager
          page={page}
          pageSize={HISTORY_PAGE_SIZE}
          total={total}
          range={t('returns.history.range', {
            from: page * HISTORY_PAGE_SIZE + 1,
            to: Math.min(total, (page + 1) * HISTORY_PAGE_SIZE),
            count: total,
          })}
          previous={t('returns.history.previous')}
          next={t('returns.history.next')}
          onPage={(next) => void store.loadHistory(next)}
          testId="returns-history-pager"
        />
      </Box>
      {open && <ShipmentDialog shipment={open} onClose={() => setOpen(null)} />}
    </Paper>
  );
}
