// The reader a request is entered for, found as the clerk types (name, login or card number;
// a card scan is an exact hit). Only approved readers may request, so only they are offered.
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
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

export function ReaderPicker({ value, onChange, error = null, errorCode = null, autoFocus = false }: ReaderPickerProps) {
  const { t } = useTranslation();
  const { setText, options, loading } = useReaderSearch('APPROVED');

  const describe = (reader: Reader) => t('queueActions.newRequest.readerOption', { name: reader.name, card: reader.cardNumber, login: reader.login });
  // The chosen reader stays among the options while another search runs.
  const shown = value !== null && !options.some((reader) => reader.id === value.id) ? [value, ...options] : options;

  return (
    <Autocomplete<Reader>
      id="new-request-reader"
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
      loadingText={t('queueActions.newRequest.readerSearching')}
      noOptionsText={t('queueActions.newRequest.readerNoOptions')}
      autoHighlight
      renderOption={({ key, ...props }, reader) => (
        <li key={key} {...props} data-testid="reader-option" data-reader-id={reader.id}>
          {describe(reader)}
          {reader.department !== null && ` · ${reader.department}`}
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={t('queueActions.newRequest.reader')}
          required
          autoFocus={autoFocus}
          size="small"
          error={error !== null}
          helperText={
            error !== null ? (
              <span data-testid="field-error-readerId" data-error-code={errorCode ?? undefined} role="alert">
                {error}
              </span>
            ) : (
              t('queueActions.newRequest.readerHelp')
            )
          }
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'field-readerId' } }}
        />
      )}
    />
  );
}
