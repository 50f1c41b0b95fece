// Packing a return shipment: choose the lender (or let the first scan choose it), scan each book
// in, name the courier and tracking number, mark it shipped. Only that last step writes.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useRef, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../ErrorBanner';
import { libraryName, useLibrariesStore } from '../../store/libraries';
import { useReturnsStore } from '../../store/returns';
import { CourierField } from './CourierField';
import { ScanErrorAlert } from '../ScanErrorAlert';
import { ScanField } from '../ScanField';
import { scanRefusal, type ScanRefusal } from './scanErrors';

const NO_LENDER = '';
/** How many unscanned request numbers the reminder names before it stops. */
const MISSING_SHOWN = 8;

const REFUSAL_KEY = {
  notFound: 'returns.scanError.notFound',
  notOurs: 'returns.scanError.notOurs',
  wrongStatus: 'returns.scanError.notReturned',
  otherLender: 'returns.scanError.otherLender',
  invalid: 'returns.scanError.invalid',
} as const satisfies Record<ScanRefusal, string>;

interface ShipmentBuilderProps {
  scanRef: Ref<HTMLInputElement>;
  onShipped: () => void;
}

export function ShipmentBuilder({ scanRef, onShipped }: ShipmentBuilderProps) {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const groups = useReturnsStore((state) => state.groups);
  const lenderCode = useReturnsStore((state) => state.lenderCode);
  const items = useReturnsStore((state) => state.items);
  const scanError = useReturnsStore((state) => state.scanError);
  const scanNotice = useReturnsStore((state) => state.scanNotice);
  const courier = useReturnsStore((state) => state.courier);
  const trackingNo = useReturnsStore((state) => state.trackingNo);
  const shipping = useReturnsStore((state) => state.shipping);
  const shipError = useReturnsStore((state) => state.shipError);
  const store = useReturnsStore.getState();
  const shipButton = useRef<HTMLButtonElement>(null);

  const lenderLabel = (code: string) => t('common.nameWithCode', { name: libraryName(byCode, code, 'full'), code });
  const lenderCodes = groups.map((group) => group.lenderCode);
  if (lenderCode !== null && !lenderCodes.includes(lenderCode)) lenderCodes.push(lenderCode);

  const scannedIds = new Set(items.map((item) => item.id));
  const missing = (groups.find((group) => group.lenderCode === lenderCode)?.items ?? []).filter((item) => !scannedIds.has(item.id));
  const missingIds = missing.slice(0, MISSING_SHOWN).map((item) => item.id).join(t('common.listSeparator')) + (missing.length > MISSING_SHOWN ? '…' : '');

  const ship = async () => {
    if (await store.ship()) onShipped();
  };

  return (
    <Paper variant="outlined" component="section" aria-labelledby="returns-builder-heading" sx={{ p: 2, minWidth: 0 }}>
      <Typography id="returns-builder-heading" component="h3" variant="subtitle1" sx={{ fontWeight: 600, mb: 2 }}>
        {t('returns.builder.heading')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'minmax(220px, 1fr) 2fr', gap: 2, alignItems: 'start' }}>
        <TextField
          id="returns-lender"
          select
          label={t('returns.builder.lender')}
          value={lenderCode ?? NO_LENDER}
          onChange={(event) => store.chooseLender(event.target.value === NO_LENDER ? null : event.target.value)}
          disabled={items.length > 0}
          helperText={items.length > 0 ? t('returns.builder.lenderLocked') : ' '}
          slotProps={{
            select: { displayEmpty: true },
            inputLabel: { shrink: true },
            // Why the field is locked must stay readable: not greyed out with the field.
            formHelperText: { sx: { '&.Mui-disabled': { color: 'text.secondary' } } },
          }}
          data-testid="returns-lender"
        >
          <MenuItem value={NO_LENDER}>{t('returns.builder.lenderNone')}</MenuItem>
          {lenderCodes.map((code) => (
            <MenuItem key={code} value={code} data-lender-code={code}>
              {lenderLabel(code)}
            </MenuItem>
          ))}
        </TextField>
        <ScanField
          id="returns-scan"
          label={t('returns.builder.scan')}
          helperText={t('returns.builder.scanHelp')}
          testId="returns-scan"
          onScan={(text) => void store.scan(text)}
          inputRef={scanRef}
          size="medium"
          maxLength={64}
          autoFocus
        />
      </Box>

      <Box sx={{ minHeight: 56, mb: 1 }} aria-live="polite">
        {scanError && (
          <ScanErrorAlert error={scanError} title={t(REFUSAL_KEY[scanRefusal(scanError)])} testId="returns-scan-error" beep />
        )}
        {!scanError && scanNotice?.kind === 'added' && (
          <Alert severity="success" data-testid="returns-scan-ok">
            {t('returns.builder.added', { id: scanNotice.item.id, title: scanNotice.item.title })}
          </Alert>
        )}
        {!scanError && scanNotice?.kind === 'duplicate' && (
          <Alert severity="info" data-testid="returns-scan-duplicate">
            {t('returns.builder.duplicate', { id: scanNotice.id })}
          </Alert>
        )}
      </Box>

      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="body2" data-testid="returns-scanned-count" sx={{ fontWeight: 600 }}>
          {t('returns.builder.scanned', { count: items.length })}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Button size="small" onClick={store.clear} disabled={items.length === 0 && lenderCode === null}>
          {t('returns.builder.clear')}
        </Button>
      </Box>
      <Table size="small" aria-label={t('returns.builder.tableLabel')} data-testid="returns-scanned">
        <TableHead>
          <TableRow>
            <TableCell>{t('returns.builder.id')}</TableCell>
            <TableCell>{t('returns.builder.bookTitle')}</TableCell>
            <TableCell>{t('returns.builder.barcode')}</TableCell>
            <TableCell>{t('returns.pending.action')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>
                <Typography variant="body2" color="text.secondary">
                  {t('returns.builder.empty')}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {items.map((item) => (
            <TableRow key={item.id} data-testid="returns-scanned-row" data-request-id={item.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{item.id}</TableCell>
              <TableCell>{item.title}</TableCell>
              <TableCell>{item.itemBarcode ?? t('common.empty')}</TableCell>
              <TableCell>
                <Button size="small" onClick={() => store.remove(item.id)} aria-label={t('returns.builder.removeAria', { id: item.id })}>
                  {t('returns.builder.remove')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {lenderCode !== null && missing.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="returns-missing">
          {t('returns.builder.missing', { lender: libraryName(byCode, lenderCode, 'short'), count: missing.length, ids: missingIds })}
        </Typography>
      )}

      <Box
        sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr auto', gap: 2, alignItems: 'start', mt: 2 }}
      >
        <CourierField
          id="returns-courier"
          label={t('returns.builder.courier')}
          helperText={t('returns.builder.courierHelp')}
          value={courier}
          onChange={store.setCourier}
          testId="returns-courier"
          error={shipError?.field === 'courier'}
        />
        <TextField
          id="returns-tracking"
          label={t('returns.builder.trackingNo')}
          helperText={t('returns.builder.trackingHelp')}
          value={trackingNo}
          onChange={(event) => store.setTrackingNo(event.target.value)}
          onKeyDown={(event) => {
            // A scanned tracking label ends with Enter: that moves to the button, it does not ship.
            if (event.key === 'Enter') {
              event.preventDefault();
              shipButton.current?.focus();
            }
          }}
          error={shipError?.field === 'trackingNo'}
          slotProps={{ htmlInput: { 'data-testid': 'returns-tracking', maxLength: 50, autoComplete: 'off', spellCheck: false } }}
        />
        <Button
          ref={shipButton}
          onClick={() => void ship()}
          variant="contained"
          size="large"
          disabled={items.length === 0 || shipping}
          data-testid="returns-ship"
          sx={{ mt: 0.5 }}
        >
          {shipping ? t('returns.builder.shipping') : t('returns.builder.ship')}
        </Button>
      </Box>
      {items.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {t('returns.builder.needItems')}
        </Typography>
      )}
      {shipError && (
        <Box sx={{ mt: 1 }}>
          <ErrorBanner error={shipError} testId="returns-ship-error" />
        </Box>
      )}
    </Paper>
  );
}
