// 手工记账 (supervisor): an entry by hand, with its reason. The amount is typed in yuan and becomes
// whole fen exactly (yuanToFen, never a float); a refusal from main is shown at its field.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSORTIUM, LEDGER_KINDS, READER, yuanToFen, type LedgerEntry, type LedgerKind } from '../../../../shared/ledger';
import type { Reader } from '../../../../shared/types';
import { ApiError, toApiError } from '../../api';
import { useFeesStore } from '../../store/fees';
import { ErrorBanner } from '../ErrorBanner';
import { errorField, useFieldErrorText } from '../actions/fieldErrors';
import { FormTextField } from '../actions/FormFields';
import { LibraryPicker } from '../actions/LibraryPicker';
import { ReaderFilter } from './FeeFilters';

type Party = 'library' | 'consortium' | 'reader';

/** Main's field names, as the dialog's fields are named. */
const FIELD_OF: Record<string, string> = { amountFen: 'amount' };

interface ManualEntryDialogProps {
  onDone: (entry: LedgerEntry) => void;
  onClose: () => void;
}

export function ManualEntryDialog({ onDone, onClose }: ManualEntryDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const errorText = useFieldErrorText();
  const [kind, setKind] = useState<LedgerKind>('service_fee');
  const [amount, setAmount] = useState('');
  const [direction, setDirection] = useState<'receive' | 'pay'>('receive');
  const [party, setParty] = useState<Party>('library');
  const [library, setLibrary] = useState<string | null>(null);
  const [reader, setReader] = useState<Reader | null>(null);
  const [requestId, setRequestId] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const raw = errorField(error);
  const bad = raw === null ? null : (FIELD_OF[raw] ?? raw);
  const shownFields = ['kind', 'amount', 'direction', 'counterparty', 'requestId', 'readerId', 'reason'];
  const atField = bad !== null && shownFields.includes(bad);
  const fieldError = (name: string) => {
    if (!error || !atField || bad !== name) return null;
    return error.field === 'amount' ? error.message : errorText(error);
  };
  const fieldCode = (name: string) => (fieldError(name) === null ? null : (error?.code ?? null));
  const clear = (name: string) => {
    if (bad === name) setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const fen = yuanToFen(amount);
    if (fen === null || fen < 1) {
      // Said at the field at once: nothing goes to main with an amount that is not whole fen.
      setError(new ApiError({ code: 'INVALID_INPUT', message: t('fees.manual.amountInvalid'), field: 'amount' }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const counterparty = party === 'consortium' ? CONSORTIUM : party === 'reader' ? READER : (library ?? '');
      const entry = await useFeesStore.getState().add({
        kind,
        amountFen: fen,
        direction,
        counterparty,
        reason,
        ...(requestId.trim() ? { requestId: requestId.trim() } : {}),
        ...(party === 'reader' && reader ? { readerId: reader.id } : {}),
      });
      onDone(entry);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" data-testid="fees-manual-dialog">
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id={titleId}>{t('fees.manual.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{t('fees.manual.intro')}</DialogContentText>
            {error && !atField && <ErrorBanner error={error} testId="fees-manual-error" />}
            <FormTextField
              name="kind"
              idPrefix="fees-manual"
              label={t('fees.manual.kind')}
              value={kind}
              onChange={(value) => {
                clear('kind');
                setKind(value as LedgerKind);
              }}
              options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`fees.kinds.${k}`) }))}
              error={fieldError('kind')}
              errorCode={fieldCode('kind')}
              required
            />
            <Box sx={{ display: 'flex', gap: 2 }}>
              <FormTextField
                name="amount"
                idPrefix="fees-manual"
                label={t('fees.manual.amount')}
                value={amount}
                onChange={(value) => {
                  clear('amount');
                  setAmount(value);
                }}
                helper={t('fees.manual.amountHelp')}
                error={fieldError('amount')}
                errorCode={fieldCode('amount')}
                required
                autoFocus
                code
                maxLength={16}
              />
              <FormTextField
                name="direction"
                idPrefix="fees-manual"
                label={t('fees.manual.direction')}
                value={direction}
                onChange={(value) => {
                  clear('direction');
                  setDirection(value === 'pay' ? 'pay' : 'receive');
                }}
                options={[
                  { value: 'receive', label: t('fees.manual.receive') },
                  { value: 'pay', label: t('fees.manual.pay') },
                ]}
                error={fieldError('direction')}
                errorCode={fieldCode('direction')}
                required
              />
            </Box>
            <FormTextField
              name="party"
              idPrefix="fees-manual"
              label={t('fees.manual.counterparty')}
              value={party}
              onChange={(value) => {
                clear('counterparty');
                setParty(value as Party);
              }}
              options={[
                { value: 'library', label: t('fees.manual.counterpartyLibrary') },
                { value: 'consortium', label: t('fees.manual.counterpartyConsortium') },
                { value: 'reader', label: t('fees.manual.counterpartyReader') },
              ]}
              error={party !== 'library' ? fieldError('counterparty') : null}
              errorCode={party !== 'library' ? fieldCode('counterparty') : null}
              required
            />
            {party === 'library' && (
              <LibraryPicker
                name="counterparty"
                idPrefix="fees-manual"
                label={t('fees.manual.library')}
                value={library}
                onChange={(code) => {
                  clear('counterparty');
                  setLibrary(code);
                }}
                error={fieldError('counterparty')}
                errorCode={fieldCode('counterparty')}
                required
              />
            )}
            {party === 'reader' && (
              <ReaderFilter
                id="fees-manual-reader"
                label={t('fees.manual.reader')}
                help=""
                value={reader}
                onChange={(r) => {
                  clear('readerId');
                  setReader(r);
                }}
                error={fieldError('readerId')}
                errorCode={fieldCode('readerId')}
                required
              />
            )}
            <FormTextField
              name="requestId"
              idPrefix="fees-manual"
              label={t('fees.manual.requestId')}
              value={requestId}
              onChange={(value) => {
                clear('requestId');
                setRequestId(value);
              }}
              error={fieldError('requestId')}
              errorCode={fieldCode('requestId')}
              code
              maxLength={40}
            />
            <FormTextField
              name="reason"
              idPrefix="fees-manual"
              label={t('fees.manual.reason')}
              value={reason}
              onChange={(value) => {
                clear('reason');
                setReason(value);
              }}
              error={fieldError('reason')}
              errorCode={fieldCode('reason')}
              multiline
              required
              maxLength={200}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy} data-testid="fees-manual-cancel">
            {t('fees.manual.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="fees-manual-submit">
            {busy ? t('fees.manual.submitting') : t('fees.manual.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
