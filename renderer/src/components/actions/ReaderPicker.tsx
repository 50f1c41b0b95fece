// The reader a request is entered for, found as the clerk types (name, login or card number;
// a card scan is an exact hit). Only approved readers may request, so only they are offered.
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import type { SxProps, Theme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Reader } from '../../../../shared/types';
import { call } from '../../api';

const SEARCH_DEBOUNCE_MS = 200;
const SEARCH_LIMIT = 20;

interface ReaderPickerProps {
  value: Reader | null;
  onChange: (reader: Reader | null) => void;
  error?: string | null;
  errorCode?: string | null;
  autoFocus?: boolean;
}

/**
 * Readers found as the clerk types (name, login or card number; a card scan is an exact hit),
 * searched by main a moment after the last key; `status` limits them (only approved ones may request).
 */
export function useReaderSearch(status?: Reader['status']) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Reader[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const timer = window.setTimeout(() => {
      call('readers.search', { q: text.trim(), ...(status ? { status } : {}), limit: SEARCH_LIMIT })
        .then((readers) => {
          if (live) setOptions(readers);
        })
        .catch(() => {
          if (live) setOptions([]);
        })
        .finally(() => {
          if (live) setLoading(false);
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [text, status]);
  return { setText, options, loading };
}

/** The words and test ids that differ between the places a reader is picked. */
export interface ReaderAutocompleteProps {
  value: Reader | null;
  onChange: (reader: Reader | null) => void;
  /** Only readers of this status are offered (the request form: approved ones). */
  status?: Reader['status'];
  id: string;
  label: string;
  help: string;
  searchingText: string;
  noOptionsText: string;
  describe: (reader: Reader) => string;
  /** More about the reader in the list only (not in the field once chosen). */
  optionDetail?: (reader: Reader) => string | null;
  optionTestId: string;
  inputTestId: string;
  required?: boolean;
  autoFocus?: boolean;
  error?: string | null;
  errorCode?: string | null;
  sx?: SxProps<Theme>;
}

/** A reader of our library, searched by main as the clerk types; the chosen one stays shown while the next search runs. */
export function ReaderAutocomplete(props: ReaderAutocompleteProps) {
  const { value, onChange, describe, error = null, errorCode = null } = props;
  const { setText, options, loading } = useReaderSearch(props.status);
  const shown = value !== null && !options.some((reader) => reader.id === value.id) ? [value, ...options] : options;
  return (
    <Autocomplete<Reader>
      id={props.id}
      options={shown}
      value={value}
      onChange={(_event, reader) => onChange(reader)}
      onInputChange={(_event, input, reason) => {
        if (reason === 'input') setText(input);
      }}
      getOptionLabel={describe}
      isOptionEqualToValue={(option, chosen) => option.id === chosen.id}
      // main has searched already
      filterOptions={(found) => found}
      loading={loading}
      loadingText={props.searchingText}
      noOptionsText={props.noOptionsText}
      autoHighlight
      sx={props.sx}
      renderOption={({ key, ...optionProps }, reader) => (
        <li key={key} {...optionProps} data-testid={props.optionTestId} data-reader-id={reader.id}>
          {describe(reader)}
          {props.optionDetail?.(reader) ? ` · ${props.optionDetail(reader)}` : null}
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          required={props.required ?? false}
          autoFocus={props.autoFocus ?? false}
          size="small"
          error={error !== null}
          helperText={
            error !== null ? (
              <span data-testid="field-error-readerId" data-error-code={errorCode ?? undefined} role="alert">
                {error}
              </span>
            ) : (
              props.help
            )
          }
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': props.inputTestId } }}
        />
      )}
    />
  );
}

/** The reader a request is entered for: approved readers only. */
export function ReaderPicker({ value, onChange, error = null, errorCode = null, autoFocus = false }: ReaderPickerProps) {
  const { t } = useTranslation();
  return (
    <ReaderAutocomplete
      value={value}
      onChange={onChange}
      status="APPROVED"
      id="new-request-reader"
      label={t('queueActions.newRequest.reader')}
      help={t('queueActions.newRequest.readerHelp')}
      searchingText={t('queueActions.newRequest.readerSearching')}
      noOptionsText={t('queueActions.newRequest.readerNoOptions')}
      describe={(reader) => t('queueActions.newRequest.readerOption', { name: reader.name, card: reader.cardNumber, login: reader.login })}
      optionDetail={(reader) => reader.department}
      optionTestId="reader-option"
      inputTestId="field-readerId"
      required
      autoFocus={autoFocus}
      error={error}
      errorCode={errorCode}
    />
  );
}
