// A titled group of label/value pairs in the detail pane, as a description list.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Field {
  label: string;
  /** null or empty shows the "no value" mark, so a missing value is visible as missing. */
  value: ReactNode;
  testId?: string;
}

interface DetailSectionProps {
  title: string;
  testId?: string;
  children: ReactNode;
}

export function DetailSection({ title, testId, children }: DetailSectionProps) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} data-testid={testId} sx={{ mt: 2 }}>
      <Typography id={headingId} component="h3" variant="subtitle2" color="primary" sx={{ mb: 0.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

export function FieldList({ fields }: { fields: Field[] }) {
  const { t } = useTranslation();
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'minmax(6em, 9em) minmax(0, 1fr)', columnGap: 2, rowGap: 0.5, m: 0 }}
    >
      {fields.map((field) => (
        <Box key={field.label} sx={{ display: 'contents' }} data-testid={field.testId}>
          <Box component="dt" sx={{ color: 'text.secondary', typography: 'body2' }}>
            {field.label}
          </Box>
          <Box component="dd" sx={{ m: 0, typography: 'body2', overflowWrap: 'anywhere' }}>
            {field.value === null || field.value === undefined || field.value === '' ? t('common.empty') : field.value}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
