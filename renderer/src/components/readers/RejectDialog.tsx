// Rejecting a registration asks for the reason (required); a refusal about it is shown at the field.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reader } from '../../../../shared/types';
import { toApiError, type ApiError } from '../../api';
import { ErrorBanner } from '../ErrorBanner';

interface RejectDialogProps {
  reader: Reader;
  onReject: (reason: string) => Promise<void>;
  onClose: () => void;
}

export function RejectDialog({ reader, onReject, onClose }: RejectDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onReject(reason.trim());
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  const atField = error?.field === 'reason';
  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" data-testid="reject-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>{t('readers.reject.title', { name: reader.name, login: reader.login })}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <DialogContentText>{t('readers.reject.hint')}</DialogContentText>
          {error && !atField && <ErrorBanner error={error} testId="reject-error" />}
          <TextField
            label={t('readers.reject.reason')}
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setMissing(false);
            }}
            required
            autoFocus
            multiline
            minRows={2}
            error={missing || atField}
            helperText={missing ? t('readers.reject.reasonRequired') : atField ? error.message : t('readers.reject.reasonHelp')}
            slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'reject-reason' } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {t('readers.reject.cancel')}
          </Button>
          <Button type="submit" color="error" variant="contained" disabled={busy} data-testid="reject-confirm">
            {t('readers.reject.confirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
