// A field a barcode scanner types into: Enter submits what was scanned, the field clears at once
// and keeps the focus (after an error too), so the next book can be scanned without a click.
import TextField from '@mui/material/TextField';
import { useState, type KeyboardEvent, type Ref } from 'react';

interface ScanFieldProps {
  id: string;
  label: string;
  helperText?: string;
  testId: string;
  onScan: (text: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}

export function ScanField({ id, label, helperText, testId, onScan, inputRef, autoFocus = false }: ScanFieldProps) {
  const [text, setText] = useState('');
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // (MUI hands the key event to the field's root: the input is its target.)
    const scanned = (event.target as HTMLInputElement).value;
    setText('');
    if (scanned.trim() !== '') onScan(scanned);
  };
  return (
    <TextField
      id={id}
      label={label}
      helperText={helperText}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={onKeyDown}
      autoFocus={autoFocus}
      inputRef={inputRef}
      fullWidth
      slotProps={{
        htmlInput: { 'data-testid': testId, maxLength: 64, autoComplete: 'off', spellCheck: false, enterKeyHint: 'done' },
      }}
    />
  );
}
