// One return shipment with its books, as its packing list lists them.
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Shipment, ShipmentDetail } from '../../../../shared/types';
import { toApiError, type ApiError } from '../../api';
import { localDateTime } from '../../format';
import { ErrorBanner } from '../ErrorBanner';
import { StatusChip } from '../StatusChip';
import { useLibraryName } from '../../store/libraries';
import { useReturnsStore } from '../../store/returns';

interface ShipmentDialogProps {
  shipment: Shipment;
  onClose: () => void;
}

export function ShipmentDialog({ shipment, onClose }: ShipmentDialogProps) {
  const { t } = useTranslation();
  const lender = useLibraryName(shipment.toCode, 'full') ?? shipment.toCode;
  const [detail, setDetail] = useState<ShipmentDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const reprinted = useReturnsStore((state) => state.reprinted === shipment.trackingNo);

  useEffect(() => {
    useReturnsStore.setState({ reprinted: null });
    let live = true;
    useReturnsStore
      .getState()
      .loadShipment(shipment.id)
      .then((loaded) => live && setDetail(loaded))
      .catch((failure: unknown) => live && setError(toApiError(failure)));
    return () => {
      live = false;
    };
  }, [shipment.id]);

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="shipment-dialog-title" data-testid="shipment-dialog">
      <DialogTitle id="shipment-dialog-title">{t('returns.history.detailTitle', { lender })}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {t('returns.history.detailLine', {
            courier: shipment.courier,
            trackingNo: shipment.trackingNo,
            time: localDateTime(shipment.createdAt),
            clerk: shipment.clerk,
          })}
        </Typography>
        {error && <ErrorBanner error={error} />}
        {reprinted && (
          <Alert severity="success" sx={{ mb: 1 }} data-testid="shipment-dialog-reprinted">
            {t('returns.history.reprinted', { trackingNo: shipment.trackingNo })}
          </Alert>
        )}
        {!detail && !error && <Typography variant="body2">{t('returns.history.loading')}</Typography>}
        {detail && (
          <Table size="small" aria-label={t('returns.history.detailTitle', { lender })}>
            <TableHead>
              <TableRow>
                <TableCell>{t('returns.builder.id')}</TableCell>
                <TableCell>{t('returns.builder.bookTitle')}</TableCell>
                <TableCell>{t('returns.builder.barcode')}</TableCell>
                <TableCell>{t('detail.fields.status')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {detail.items.map((item) => (
                <TableRow key={item.id} data-testid="shipment-dialog-item" data-request-id={item.id}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{item.id}</TableCell>
                  <TableCell>{item.title}</TableCell>
                  <TableCell>{item.itemBarcode ?? t('common.empty')}</TableCell>
                  <TableCell>
                    <StatusChip status={item.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void useReturnsStore.getState().reprint(shipment)} data-testid="shipment-dialog-reprint">
          {t('returns.history.reprint')}
        </Button>
        <Button onClick={onClose} autoFocus>
          {t('returns.history.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
