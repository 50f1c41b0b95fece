// Courier: free text with the usual choices offered as the clerk types.
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { COURIERS } from './couriers';

interface CourierFieldProps {
  id: string;
  label: string;
  helperText: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  error?: boolean;
}

const VALUES = COURIERS.map((courier) => courier.value);

export function CourierField({ id, label, helperText, value, onChange, testId, error = false }: CourierFieldProps) {
  const { t } = useTranslation();
  const optionLabel = (value: string) => {
    const known = COURIERS.find((courier) => courier.value === value);
    if (!known) return value;
    const local = t(`returns.couriers.${known.key}`);
    return local === value ? value : `${local}（${value}）`;
  };
  return (
    <Autocomplete
      id={id}
      freeSolo
      autoSelect
      options={VALUES}
      inputValue={value}
      onInputChange={(_event, text) => onChange(text)}
      renderOption={(props, option) => {
        const { key, ...rest } = props;
        return (
          <li key={key} {...rest}>
            {optionLabel(option)}
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          helperText={helperText}
          error={error}
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': testId, maxLength: 50 } }}
        />
      )}
    />
  );
}
