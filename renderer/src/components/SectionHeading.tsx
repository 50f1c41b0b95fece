// The heading of a part of a desk screen (h3 under the screen's h2), with an optional count beside
// it and actions on the right.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface SectionHeadingProps {
  id: string;
  title: string;
  count?: string;
  color?: 'primary' | 'error' | 'warning';
  actions?: ReactNode;
}

export function SectionHeading({ id, title, count, color = 'primary', actions }: SectionHeadingProps) {
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5, mb: 1, flexWrap: 'wrap' }}>
      <Typography id={id} component="h3" variant="subtitle1" sx={{ fontWeight: 700, color: `${color}.main` }}>
        {title}
      </Typography>
      {count !== undefined && (
        <Typography variant="body2" color="text.secondary">
          {count}
        </Typography>
      )}
      <Box sx={{ flexGrow: 1 }} />
      {actions}
    </Box>
  );
}
