// The Lending desk's answers that need a word more than a click: cannot supply (with the reason),
// ship a loan (courier, tracking number, our barcode, our due date), deliver a copy, recall.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, calendarDay } from '../../../../shared/rules';
import { UNFILLED_REASONS, type UnfilledReason } from '../../../../shared/status';
import { call } from '../../api';
import { ErrorBanner } from '../ErrorBanner';
import { useLendingStore } from '../../store/lending';
import { CourierField } from './CourierField';

interface FrameProps {
  id: string;
  title: string;
  submit: string;
  cancel: string;
  canSubmit: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
  submitRef?: React.Ref<HTMLButtonElement>;
}

function DialogFrame({ id, title, submit, cancel, canSubmit, onSubmit, onClose, children, submitRef }: FrameProps) {
  const busy = useLendingStore((state) => state.busy);
  const error = useLendingStore((state) => state.actionError);
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby={`${id}-title`} data-testid={id}>
      <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
          {children}
          {error && <ErrorBanner error={error} testId={`${id}-error`} />}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{cancel}</Button>
        <Button ref={submitRef} variant="contained" onClick={onSubmit} disabled={!canSubmit || busy} data-testid={`${id}-submit`}>
          {submit}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

interface RequestDialogProps {
  id: string;
  onClose: () => void;
}

export function UnfillDialog({ id, onClose }: RequestDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<UnfilledReason | ''>('');
  const [note, setNote] = useState('');
  const submit = async () => {
    if (reason !== '' && (await useLendingStore.getState().unfill(id, reason, note))) onClose();
  };
  return (
    <DialogFrame
      id="unfill-dialog"
      title={t('lending.unfillDialog.title', { id })}
      submit={t('lending.unfillDialog.submit')}
      cancel={t('lending.unfillDialog.cancel')}
      canSubmit={reason !== ''}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <TextField
        id="unfill-reason"
        select
        required
        label={t('lending.unfillDialog.reason')}
        value={reason}
        onChange={(event) => setReason(event.target.value as UnfilledReason)}
        data-testid="unfill-reason"
      >
        {UNFILLED_REASONS.map((code) => (
          <MenuItem key={code} value={code} data-reason={code}>
            {t(`unfilledReason.${code}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="unfill-note"
        label={t('lending.unfillDialog.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 100 } }}
      />
    </DialogFrame>
  );
}

/** Our due date for a loan shipped today: our own loan period from today (DESIGN §2). */
function defaultDueDate(loanPeriodDays: number): string {
  return addDays(calendarDay(new Date().toISOString()), loanPeriodDays);
}

export function ShipLoanDialog({ id, onClose }: RequestDialogProps) {
  const { t } = useTranslation();
  const [itemBarcode, setItemBarcode] = useState('');
  const [courier, setCourier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [due, setDue] = useState('');
  const [loanDays, setLoanDays] = useState<number | null>(null);
  const courierBox = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const error = useLendingStore((state) => state.actionError);

  useEffect(() => {
    let live = true;
    call('rules.get', {})
      .then((rules) => {
        if (!live) return;
        setLoanDays(rules.loanPeriodDays);
        setDue((current) => (current === '' ? defaultDueDate(rules.loanPeriodDays) : current));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  // Scanners end with Enter: the barcode moves on to the courier, the tracking label to the button.
  const onBarcodeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    courierBox.current?.querySelector('input')?.focus();
  };
  const onTrackingKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    submitRef.current?.focus();
  };

  const submit = async () => {
    const input = { id, courier, trackingNo, itemBarcode, ...(due !== '' ? { lenderDueDate: due } : {}) };
    if (await useLendingStore.getState().ship(input)) onClose();
  };
  const filled = itemBarcode.trim() !== '' && courier.trim() !== '' && trackingNo.trim() !== '';

  return (
    <DialogFrame
      id="ship-dialog"
      title={t('lending.shipDialog.title', { id })}
      submit={t('lending.shipDialog.submit')}
      cancel={t('lending.shipDialog.cancel')}
      canSubmit={filled}
      onSubmit={() => void submit()}
      onClose={onClose}
      submitRef={submitRef}
    >
      <TextField
        id="ship-barcode"
        required
        autoFocus
        label={t('lending.shipDialog.itemBarcode')}
        helperText={t('lending.shipDialog.itemBarcodeHelp')}
        value={itemBarcode}
        onChange={(event) => setItemBarcode(event.target.value)}
        onKeyDown={onBarcodeKey}
        error={error?.field === 'itemBarcode'}
        slotProps={{ htmlInput: { 'data-testid': 'ship-barcode', maxLength: 40, autoComplete: 'off', spellCheck: false } }}
      />
      <Box ref={courierBox}>
        <CourierField
          id="ship-courier"
          label={t('lending.shipDialog.courier')}
          helperText={t('lending.shipDialog.courierHelp')}
          value={courier}
          onChange={setCourier}
          testId="ship-courier"
          error={error?.field === 'courier'}
        />
      </Box>
      <TextField
        id="ship-tracking"
        required
        label={t('lending.shipDialog.trackingNo')}
        value={trackingNo}
        onChange={(event) => setTrackingNo(event.target.value)}
        onKeyDown={onTrackingKey}
        error={error?.field === 'trackingNo'}
        slotProps={{ htmlInput: { 'data-testid': 'ship-tracking', maxLength: 50, autoComplete: 'off', spellCheck: false } }}
      />
      <TextField
        id="ship-due"
        type="date"
        label={t('lending.shipDialog.lenderDueDate')}
        helperText={loanDays === null ? ' ' : t('lending.shipDialog.lenderDueHelp', { days: loanDays })}
        value={due}
        onChange={(event) => setDue(event.target.value)}
        error={error?.field === 'lenderDueDate'}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'ship-due' } }}
      />
    </DialogFrame>
  );
}

export function DeliverDialog({ id, onClose }: RequestDialogProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const submit = async () => {
    if (await useLendingStore.getState().deliver(id, note)) onClose();
  };
  return (
    <DialogFrame
      id="deliver-dialog"
      title={t('lending.deliverDialog.title', { id })}
      submit={t('lending.deliverDialog.submit')}
      cancel={t('lending.deliverDialog.cancel')}
      canSubmit
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <TextField
        id="deliver-note"
        autoFocus
        label={t('lending.deliverDialog.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        slotProps={{ htmlInput: { maxLength: 100 } }}
      />
    </DialogFrame>
  );
}

export function RecallDialog({ id, onClose }: RequestDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (reason.trim() !== '' && (await useLendingStore.getState().recall(id, reason.trim()))) onClose();
  };
  return (
    <DialogFrame
      id="recall-dialog"
      title={t('lending.recallDialog.title', { id })}
      submit={t('lending.recallDialog.submit')}
      cancel={t('lending.recallDialog.cancel')}
      canSubmit={reason.trim() !== ''}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <TextField
        id="recall-reason"
        required
        autoFocus
        label={t('lending.recallDialog.reason')}
        helperText={t('lending.recallDialog.reasonHelp')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        slotProps={{ htmlInput: { 'data-testid': 'recall-reason', maxLength: 200 } }}
      />
    </DialogFrame>
  );
}
