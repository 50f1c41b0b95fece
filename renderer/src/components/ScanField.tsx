// A field a barcode scanner types into. The scanner types like a keyboard and ends with Enter:
// Enter hands the text on and clears the field at once, and the field keeps the focus whatever
// the answer, so the next book or card can be scanned straight away.
import TextField from '@mui/material/TextField';
import { useEffect, useState, type KeyboardEvent, type Ref } from 'react';

interface ScanFieldProps {
  id: string;
  label: string;
  helperText?: string;
  testId: string;
  /** What was scanned, trimmed; never called for an empty scan. */
  onScan: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Takes the focus when the screen opens. */
  autoFocus?: boolean;
  /** The last scan was refused: the field is drawn in the error colour. */
  failed?: boolean;
  /** Large on the desks where scanning is the whole job (check-in, hand-out), medium beside other work. */
  size?: 'large' | 'medium';
  /** The longest scan the field takes. */
  maxLength?: number;
}

export function ScanField({ id, label, helperText, testId, onScan, inputRef, autoFocus = false, failed = false, size = 'large', maxLength }: ScanFieldProps) {
  const [value, setValue] = useState('');
  const [element, setElement] = useState<HTMLInputElement | null>(null);

  useEffect(() => {
    if (autoFocus) element?.focus();
  }, [autoFocus, element]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // MUI hands the key event to the field's root: the input is its target, and holds every
    // character typed so far even when the scanner outruns a render.
    const scanned = (event.target as HTMLInputElement).value.trim();
    setValue('');
    if (scanned !== '') onScan(scanned);
  };

  const setRefs = (node: HTMLInputElement | null) => {
    setElement(node);
    if (typeof inputRef === 'function') inputRef(node);
    else if (inputRef) inputRef.current = node;
  };

  return (
    <TextField
      id={id}
      label={label}
      helperText={helperText}
      value={value}
      error={failed}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={onKeyDown}
      fullWidth
      inputRef={setRefs}
      slotProps={{
        // Always above the field: a scan field is empty nearly all the time.
        inputLabel: { shrink: true },
        htmlInput: {
          'data-testid': testId,
          maxLength,
          autoComplete: 'off',
          autoCapitalize: 'off',
          spellCheck: false,
          enterKeyHint: 'go',
        },
      }}
      sx={{
        '& .MuiInputBase-input': {
          fontFamily: 'monospace',
          fontSize: size === 'large' ? 28 : 20,
          letterSpacing: '0.04em',
          py: size === 'large' ? 1.5 : 1,
        },
        '& .MuiInputLabel-root': { fontSize: size === 'large' ? 18 : 16 },
        '& .MuiOutlinedInput-notchedOutline legend': { fontSize: size === 'large' ? 13.5 : 12 },
      }}
    />
  );
}
