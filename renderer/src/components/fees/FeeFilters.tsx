// The filters of the account log and the fee statistics: a reader (found by name, card or login;
// a card scan is an exact hit), a partner library, and from/to days. 查询 applies them.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reader } from '../../../../shared/types';
import { NO_FILTERS, type FeeFilters as Filters } from '../../store/fees';
import { LibraryPicker } from '../actions/LibraryPicker';
import { ReaderAutocomplete } from '../actions/ReaderPicker';

interface ReaderFilterProps {
  value: Reader | null;
  onChange: (reader: Reader | null) => void;
  id: string;
  label?: string;
  help?: string;
  error?: string | null;
  errorCode?: string | null;
  required?: boolean;
}

/** A reader of our library (any status: fees outlive a registration), or none. */
export function ReaderFilter({ value, onChange, id, label, help, error = null, errorCode = null, required = false }: ReaderFilterProps) {
  const { t } = useTranslation();
  return (
    <ReaderAutocomplete
      value={value}
      onChange={onChange}
      id={id}
      label={label ?? t('fees.filters.reader')}
      help={help ?? t('fees.filters.readerHelp')}
      searchingText={t('fees.filters.readerSearching')}
      noOptionsText={t('fees.filters.readerNoOptions')}
      describe={(reader) => t('fees.filters.readerOption', { name: reader.name, card: reader.cardNumber })}
      optionTestId="fees-reader-option"
      inputTestId={`${id}-input`}
      required={required}
      error={error}
      errorCode={errorCode}
      sx={{ minWidth: 260 }}
    />
  );
}

interface FeeFiltersProps {
  value: Filters;
  onApply: (filters: Filters) => void;
  error?: { field: string; text: string } | null;
}

export function FeeFilters({ value, onApply, error = null }: FeeFiltersProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(value);
  useEffect(() => setDraft(value), [value]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const dateField = (name: 'from' | 'to') => (
    <TextField
      id={`fees-filter-${name}`}
      label={t(`fees.filters.${name}`)}
      type="date"
      size="small"
      value={draft[name]}
      onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
      error={error?.field === name}
      helperText={error?.field === name ? <span role="alert">{error.text}</span> : ' '}
      slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': `fees-filter-${name}` } }}
    />
  );
  return (
    <Box
      component="form"
      role="search"
      aria-label={t('fees.filters.label')}
      noValidate
      onSubmit={submit}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', py: 1 }}
      data-testid="fees-filters"
    >
      <ReaderFilter id="fees-filter-reader" value={draft.reader} onChange={(reader) => setDraft({ ...draft, reader })} />
      <Box sx={{ minWidth: 260 }}>
        <LibraryPicker
          name="libraryCode"
          idPrefix="fees-filter"
          label={t('fees.filters.library')}
          helper={t('fees.filters.libraryHelp')}
          value={draft.libraryCode}
          onChange={(libraryCode) => setDraft({ ...draft, libraryCode })}
        />
      </Box>
      {dateField('from')}
      {dateField('to')}
      <Box sx={{ display: 'flex', gap: 1, pt: 0.5 }}>
        <Button type="submit" variant="contained" data-testid="fees-filter-apply">
          {t('fees.filters.apply')}
        </Button>
        <Button
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
          data-testid="fees-filter-clear"
        >
          {t('fees.filters.clear')}
        </Button>
      </Box>
    </Box>
  );
}
