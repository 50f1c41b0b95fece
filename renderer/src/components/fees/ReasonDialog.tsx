// A dialog that asks for one text and sends it: the reason of a reversal (冲销), the comment of a
// dispute (提出异议). A refusal about the text is shown at the field; any other above it.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { LimitedField } from '../../../../shared/validators';
import { toApiError, type ApiError } from '../../api';
import { ErrorBanner } from '../ErrorBanner';
import { errorField, useFieldErrorText } from '../actions/fieldErrors';
import { FormTextField } from '../actions/FormFields';

interface ReasonDialogProps {
  title: string;
  intro: string;
  detail?: ReactNode;
  /** The input's name in the command (main names it in its errors). */
  name: string;
  label: string;
  initial?: string;
  limit?: LimitedField;
  submit: string;
  submitting: string;
  cancel: string;
  testId: string;
  danger?: boolean;
  run: (text: string) => Promise<void>;
  onClose: () => void;
}

export function ReasonDialog({ title, intro, detail, name, label, initial = '', limit, submit, submitting, cancel, testId, danger = false, run, onClose }: ReasonDialogProps) {
  const titleId = useId();
  const errorText = useFieldErrorText();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const atField = errorField(error) === name;

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run(text);
    } catch (caught) {
      setError(toApiError(caught));
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" data-testid={testId}>
      <form noValidate onSubmit={(event) => void send(event)}>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <DialogContentText>{intro}</DialogContentText>
            {detail}
            {error && !atField && <ErrorBanner error={error} testId={`${testId}-error`} />}
            <FormTextField
              name={name}
              idPrefix={testId}
              label={label}
              value={text}
              onChange={(value) => {
                if (atField) setError(null);
                setText(value);
              }}
              limit={limit}
              error={atField && error ? errorText(error) : null}
              errorCode={atField && error ? error.code : null}
              multiline
              required
              autoFocus
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy} data-testid={`${testId}-cancel`}>
            {cancel}
          </Button>
          <Button type="submit" variant="contained" color={danger ? 'error' : 'primary'} disabled={busy} data-testid={`${testId}-submit`}>
            {busy ? submitting : submit}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
