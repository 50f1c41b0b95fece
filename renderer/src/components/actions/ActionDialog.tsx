// One action on a request in a dialog: a line on what it does, its fields, and one button that
// sends the command. A refusal about a field is shown at that field (and focuses it); any other
// refusal above the fields. Nothing is checked here that main checks: main's answer is the truth.
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail } from '../../../../shared/types';
import type { LimitedField } from '../../../../shared/validators';
import { toApiError, type ApiError } from '../../api';
import type { queueActionsZh } from '../../i18n/screens/queueActions';
import { ErrorBanner } from '../ErrorBanner';
import { errorField, useFieldErrorText } from './fieldErrors';
import { FormTextField, type SelectOption } from './FormFields';
import { LibraryPicker } from './LibraryPicker';

/** The ops the detail pane has a dialog for. */
export type DialogOp = keyof typeof queueActionsZh.actions.intro;

export interface ActionFieldSpec {
  name: string;
  label: string;
  required?: boolean;
  limit?: LimitedField;
  maxLength?: number;
  multiline?: boolean;
  helper?: ReactNode;
  type?: 'text' | 'date';
  code?: boolean;
  options?: SelectOption[];
  emptyLabel?: string;
  /** A member library from the directory. */
  library?: boolean;
}

export type ActionValues = Record<string, string>;

interface ActionDialogProps {
  op: DialogOp;
  requestId: string;
  fields: ActionFieldSpec[];
  /** Values the fields start with; ones arriving later fill only fields still empty. */
  initial?: ActionValues;
  run: (values: ActionValues) => Promise<RequestDetail>;
  onDone: (detail: RequestDetail) => void;
  onClose: () => void;
  danger?: boolean;
}

export function ActionDialog({ op, requestId, fields, initial, run, onDone, onClose, danger = false }: ActionDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const errorText = useFieldErrorText();
  const [values, setValues] = useState<ActionValues>(() => ({ ...initial }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});

  useEffect(() => {
    if (!initial) return;
    setValues((current) => {
      const next = { ...current };
      for (const [key, value] of Object.entries(initial)) if (!next[key]) next[key] = value;
      return next;
    });
  }, [initial]);

  const badField = errorField(error);
  const shownAtField = badField !== null && fields.some((field) => field.name === badField);

  useEffect(() => {
    if (shownAtField && badField !== null) inputs.current[badField]?.focus();
  }, [error, shownAtField, badField]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const detail = await run(values);
      onDone(detail);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const set = (name: string) => (value: string) => {
    // Editing the field main refused takes its error away: the clerk is fixing it.
    if (badField === name) setError(null);
    setValues((current) => ({ ...current, [name]: value }));
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm" data-testid="action-dialog" data-op={op}>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <DialogTitle id={titleId}>
          {t(`ops.${op}`)} · <span style={{ fontFamily: 'monospace' }}>{requestId}</span>
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>{t(`queueActions.actions.intro.${op}`)}</DialogContentText>
            {error && !shownAtField && <ErrorBanner error={error} testId="action-error" />}
            {fields.map((field, index) => {
              const fieldError = shownAtField && badField === field.name && error ? errorText(error) : null;
              const value = values[field.name] ?? '';
              if (field.library) {
                return (
                  <LibraryPicker
                    key={field.name}
                    name={field.name}
                    label={field.label}
                    value={value === '' ? null : value}
                    onChange={(code) => set(field.name)(code ?? '')}
                    helper={field.helper}
                    required={field.required}
                    error={fieldError}
                    errorCode={fieldError === null ? null : (error?.code ?? null)}
                    autoFocus={index === 0}
                    idPrefix="action"
                  />
                );
              }
              return (
                <FormTextField
                  key={field.name}
                  name={field.name}
                  label={field.label}
                  value={value}
                  onChange={set(field.name)}
                  required={field.required}
                  limit={field.limit}
                  maxLength={field.maxLength}
                  multiline={field.multiline}
                  helper={field.helper}
                  type={field.type}
                  code={field.code}
                  options={field.options}
                  emptyLabel={field.emptyLabel}
                  error={fieldError}
                  errorCode={fieldError === null ? null : (error?.code ?? null)}
                  autoFocus={index === 0}
                  inputRef={(element: HTMLInputElement | null) => {
                    inputs.current[field.name] = element;
                  }}
                  idPrefix="action"
                />
              );
            })}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy} data-testid="action-close">
            {t('queueActions.actions.close')}
          </Button>
          <Button
            type="submit"
            variant="contained"
            color={danger ? 'error' : 'primary'}
            disabled={busy}
            autoFocus={fields.length === 0}
            data-testid="action-submit"
          >
            {busy ? t('queueActions.actions.submitting') : t(`ops.${op}`)}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
