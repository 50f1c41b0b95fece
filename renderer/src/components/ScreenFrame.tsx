// The frame every screen but the queue sits in: its heading (h2, named for screen readers and
// tests), an optional toolbar on the right, and a scrolling body.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface ScreenFrameProps {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}

export function ScreenFrame({ id, title, actions, children }: ScreenFrameProps) {
  const headingId = `${id}-heading`;
  return (
    <Box
      component="section"
      aria-labelledby={headingId}
      data-testid={`screen-${id}`}
      sx={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, minHeight: 0 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 3, pt: 2, pb: 1 }}>
        <Typography id={headingId} component="h2" variant="h5" sx={{ fontWeight: 600 }}>
          {title}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {actions}
      </Box>
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', px: 3, pb: 3 }}>{children}</Box>
    </Box>
  );
}
