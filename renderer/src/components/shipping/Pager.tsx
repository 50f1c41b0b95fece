// Previous / next for a list read a page at a time, with where the clerk is in it.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';

interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  range: string;
  previous: string;
  next: string;
  onPage: (page: number) => void;
  testId: string;
}

export function Pager({ page, pageSize, total, range, previous, next, onPage, testId }: PagerProps) {
  if (total <= pageSize) return null;
  const last = Math.max(0, Math.ceil(total / pageSize) - 1);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 1, pt: 1 }} data-testid={testId}>
      <Typography variant="body2" aria-live="polite">
        {range}
      </Typography>
      <Button size="small" onClick={() => onPage(page - 1)} disabled={page <= 0}>
        {previous}
      </Button>
      <Button size="small" onClick={() => onPage(page + 1)} disabled={page >= last}>
        {next}
      </Button>
    </Box>
  );
}
