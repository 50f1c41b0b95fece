// A member library chosen from the consortium directory, searchable by name, short name, code or
// request-number prefix (北航, 211060, BH). Our own library is never offered: nobody lends to itself.
import Autocomplete, { createFilterOptions } from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import TextField from '@mui/material/TextField';
import { useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Library } from '../../../../shared/types';
import { useDeskStore } from '../../store/desk';
import { useLibrariesStore } from '../../store/libraries';

interface LibraryPickerProps {
  name: string;
  label: string;
  value: string | null;
  onChange: (code: string | null) => void;
  helper?: ReactNode;
  error?: string | null;
  errorCode?: string | null;
  required?: boolean;
  autoFocus?: boolean;
  idPrefix?: string;
}

const filter = createFilterOptions<Library>({
  stringify: (library) => `${library.name} ${library.shortName} ${library.code} ${library.prefix}`,
});

export function LibraryPicker({ name, label, value, onChange, helper, error = null, errorCode = null, required = false, autoFocus = false, idPrefix = 'field' }: LibraryPickerProps) {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const ourCode = useDeskStore((state) => state.info?.libraryCode ?? null);
  useEffect(() => {
    void useLibrariesStore.getState().load();
  }, []);
  const options = useMemo(
    () =>
      Object.values(byCode)
        .filter((library) => library.active && library.code !== ourCode)
        .sort((a, b) => a.code.localeCompare(b.code)),
    [byCode, ourCode],
  );
  const selected = value === null ? null : (options.find((library) => library.code === value) ?? null);
  const describe = (library: Library) => t('common.nameWithCode', { name: library.name, code: library.code });

  return (
    <Autocomplete<Library>
      id={`${idPrefix}-${name}`}
      options={options}
      value={selected}
      onChange={(_event, library) => onChange(library?.code ?? null)}
      getOptionLabel={describe}
      isOptionEqualToValue={(option, chosen) => option.code === chosen.code}
      filterOptions={filter}
      noOptionsText={t('queueActions.actions.fields.lenderNoOptions')}
      autoHighlight
      openOnFocus
      renderOption={({ key, ...props }, library) => (
        <Box component="li" key={key} {...props} data-code={library.code} data-testid="library-option">
          <Box sx={{ flex: 1 }}>{library.name}</Box>
          <Box component="span" sx={{ color: 'text.secondary', fontFamily: 'monospace', ml: 1 }}>
            {library.shortName} · {library.code}
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={required}
          autoFocus={autoFocus}
          size="small"
          error={error !== null}
          helperText={
            error !== null ? (
              <span data-testid={`field-error-${name}`} data-error-code={errorCode ?? undefined} role="alert">
                {error}
              </span>
            ) : (
              helper
            )
          }
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': `field-${name}` } }}
        />
      )}
    />
  );
}
