// The inputs of the action dialogs and the request form: each with a visible label, a counter
// for the seed's limited fields (a 汉字 counting 2 where the seed says so), and the error main
// answered about it, shown at the field.
import TextField from '@mui/material/TextField';
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_LIMITS, measure, withinLimit, type LimitedField } from '../../../../shared/validators';

export interface SelectOption {
  value: string;
  label: string;
}

interface FormTextFieldProps {
  /** The input's name in the command, also the `field` main names in its errors. */
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  /** One of the seed's limits: shows a counter and marks the field when over it. */
  limit?: LimitedField;
  /** A hard cap for fields without a seed limit (the contract's maximum). */
  maxLength?: number;
  multiline?: boolean;
  helper?: ReactNode;
  /** What main said about this field, in the clerk's words. */
  error?: string | null;
  errorCode?: string | null;
  autoFocus?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  type?: 'text' | 'date' | 'email' | 'tel';
  /** A barcode or tracking number: monospace, no spelling help. */
  code?: boolean;
  /** A native select with these options (and an empty first choice when `emptyLabel` is given). */
  options?: SelectOption[];
  emptyLabel?: string;
  idPrefix?: string;
}

export function FormTextField({
  name,
  label,
  value,
  onChange,
  required = false,
  limit,
  maxLength,
  multiline = false,
  helper,
  error = null,
  errorCode = null,
  autoFocus = false,
  inputRef,
  type = 'text',
  code = false,
  options,
  emptyLabel,
  idPrefix = 'field',
}: FormTextFieldProps) {
  const { t } = useTranslation();
  const over = limit !== undefined && !withinLimit(limit, value);
  const counter =
    limit === undefined
      ? null
      : t(FIELD_LIMITS[limit].measure === 'width' ? 'queueActions.counterWide' : 'queueActions.counter', {
          used: measure(limit, value),
          max: FIELD_LIMITS[limit].max,
        });
  const helperText =
    error !== null ? (
      <span data-testid={`field-error-${name}`} data-error-code={errorCode ?? undefined} role="alert">
        {error}
      </span>
    ) : helper !== undefined || counter !== null ? (
      <>
        {helper}
        {helper !== undefined && counter !== null && ' · '}
        {counter !== null && <span data-testid={`field-counter-${name}`}>{counter}</span>}
      </>
    ) : undefined;
  const select = options !== undefined;
  return (
    <TextField
      id={`${idPrefix}-${name}`}
      name={name}
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      required={required}
      error={error !== null || over}
      helperText={helperText}
      multiline={multiline}
      minRows={multiline ? 2 : undefined}
      type={select ? undefined : type}
      select={select}
      autoFocus={autoFocus}
      inputRef={inputRef}
      size="small"
      fullWidth
      slotProps={{
        htmlInput: {
          'data-testid': `field-${name}`,
          maxLength: select ? undefined : maxLength,
          autoComplete: 'off',
          spellCheck: code || type !== 'text' ? false : undefined,
          style: code ? { fontFamily: 'monospace' } : undefined,
        },
        inputLabel: type === 'date' || select ? { shrink: true } : undefined,
        select: select ? { native: true } : undefined,
      }}
    >
      {select && (
        <>
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </>
      )}
    </TextField>
  );
}
