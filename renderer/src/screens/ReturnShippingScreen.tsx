// 还书寄送: books our readers returned go back to their lenders. Pick a lender (or scan the first
// book), scan every book into the parcel, name the courier and tracking number, mark it shipped;
// its packing list is queued for the printer in the same step. Below, the shipments sent.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from '../api';
import { ScreenFrame } from '../components/ScreenFrame';
import { PendingReturns } from '../components/shipping/PendingReturns';
import { ShipmentBuilder } from '../components/shipping/ShipmentBuilder';
import { ShipmentHistory } from '../components/shipping/ShipmentHistory';
import { libraryName, useLibrariesStore } from '../store/libraries';
import { useReturnsStore } from '../store/returns';

function ShippedNotice() {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const shipment = useReturnsStore((state) => state.lastShipment);
  if (!shipment) return null;
  return (
    <Alert
      severity="success"
      data-testid="returns-shipped"
      data-shipment-id={shipment.id}
      action={
        <Button color="inherit" size="small" onClick={() => void useReturnsStore.getState().reprint(shipment)}>
          {t('returns.builder.printAgain')}
        </Button>
      }
    >
      {t('returns.builder.shipped', {
        count: shipment.requestIds.length,
        lender: libraryName(byCode, shipment.toCode, 'full'),
        courier: shipment.courier,
        trackingNo: shipment.trackingNo,
      })}
    </Alert>
  );
}

export function ReturnShippingScreen() {
  const { t } = useTranslation();
  const scanRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const store = useReturnsStore.getState();
    void store.loadPending();
    void store.loadHistory(0);
    return onEvent('data.changed', () => {
      void useReturnsStore.getState().loadPending();
      void useReturnsStore.getState().loadHistory();
    });
  }, []);

  const build = (lenderCode: string) => {
    useReturnsStore.getState().chooseLender(lenderCode);
    scanRef.current?.focus();
  };

  return (
    <ScreenFrame id="returns" title={t('returns.title')}>
      <Box sx={{ display: 'grid', gap: 2 }}>
        <ShippedNotice />
        <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(360px, 2fr) 5fr', gap: 2, alignItems: 'start' }}>
          <PendingReturns onBuild={build} />
          <ShipmentBuilder scanRef={scanRef} onShipped={() => scanRef.current?.focus()} />
        </Box>
        <ShipmentHistory />
      </Box>
    </ScreenFrame>
  );
}
