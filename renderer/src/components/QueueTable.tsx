// One page of the queue as a table. Rows are focusable: Enter or Space opens a request, the
// arrow keys move between rows, so a clerk can work the list without the mouse.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { memo, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../shared/types';
import { localDateTime } from '../format';
import { useLibraryName } from '../store/libraries';
import { PAGE_SIZE, useQueueStore } from '../store/queue';
import { StatusChip } from './StatusChip';

/**
 * Fixed column widths; the title takes what is left and ellipsises, so the status and due date
 * stay in view when the detail pane narrows the list. Below the minimum width the list scrolls.
 */
/** Request numbers run to 12 characters (a 4-letter prefix and 8 digits). */
const COLUMN_WIDTHS = [132, 'auto', 84, 76, 100, 136, 108, 100] as const;
const TABLE_MIN_WIDTH = 900;

function focusSiblingRow(row: HTMLElement, direction: 'next' | 'previous'): void {
  const sibling = direction === 'next' ? row.nextElementSibling : row.previousElementSibling;
  if (sibling instanceof HTMLElement && sibling.dataset.testid === 'queue-row') sibling.focus();
}

interface QueueRowProps {
  row: RequestSummary;
  selected: boolean;
  onOpen: (id: string) => void;
}

const QueueRow = memo(function QueueRow({ row, selected, onOpen }: QueueRowProps) {
  const { t } = useTranslation();
  const side = useQueueStore((state) => state.query.side);
  const counterpartCode = row.side === 'borrower' ? row.lenderCode : row.borrowerCode;
  const counterpartRole = row.side === 'borrower' ? 'lender' : 'borrower';
  const counterpart = useLibraryName(counterpartCode);
  const empty = t('common.empty');

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row.id);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      focusSiblingRow(event.currentTarget, event.key === 'ArrowDown' ? 'next' : 'previous');
    }
  };

  return (
    <TableRow
      hover
      selected={selected}
      tabIndex={0}
      aria-selected={selected}
      data-testid="queue-row"
      data-request-id={row.id}
      data-overdue={row.overdue ? 'true' : undefined}
      onClick={() => onOpen(row.id)}
      onKeyDown={onKeyDown}
      sx={(theme) => ({
        cursor: 'pointer',
        ...(row.overdue && { backgroundColor: alpha(theme.palette.error.main, 0.07) }),
        '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
      })}
    >
      <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{row.id}</TableCell>
      <TableCell>
        <Typography variant="body2" noWrap title={row.title}>
          {row.title}
        </Typography>
        {row.serviceType === 'copy' && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap>
            {t('serviceType.copy')}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Typography variant="body2" noWrap title={row.author ?? undefined}>
          {row.author ?? empty}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2" noWrap>
          {row.readerName ?? empty}
        </Typography>
      </TableCell>
      <TableCell>
        <Typography variant="body2" noWrap title={counterpart ?? undefined}>
          {counterpart ?? empty}
        </Typography>
        {side === 'all' && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap>
            {t(`queue.counterpartRole.${counterpartRole}`)}
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <time dateTime={row.createdAt}>{localDateTime(row.createdAt)}</time>
      </TableCell>
      <TableCell>
        <StatusChip status={row.status} />
      </TableCell>
      <TableCell>
        {row.dueDate === null ? (
          empty
        ) : (
          <Box component="span" sx={row.overdue ? { color: 'error.main', fontWeight: 600 } : undefined}>
            <time dateTime={row.dueDate} style={{ whiteSpace: 'nowrap' }}>
              {row.dueDate}
            </time>
            {row.overdue && (
              <Box component="span" sx={{ ml: 0.5, whiteSpace: 'nowrap' }} data-testid="overdue-mark">
                {t('queue.overdue')}
              </Box>
            )}
          </Box>
        )}
      </TableCell>
    </TableRow>
  );
});

export function QueueTable() {
  const { t } = useTranslation();
  const rows = useQueueStore((state) => state.rows);
  const loading = useQueueStore((state) => state.loading);
  const failed = useQueueStore((state) => state.error !== null);
  const side = useQueueStore((state) => state.query.side);
  const selectedId = useQueueStore((state) => state.selectedId);
  const select = useQueueStore((state) => state.select);

  return (
    <>
      <Box sx={{ height: 4, flexShrink: 0 }}>{loading && <LinearProgress aria-label={t('common.loading')} />}</Box>
      <TableContainer sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        <Table
          stickyHeader
          size="small"
          aria-label={t('queue.tableLabel')}
          aria-busy={loading}
          data-testid="queue-table"
          sx={{ tableLayout: 'fixed', minWidth: TABLE_MIN_WIDTH }}
        >
          <colgroup>
            {COLUMN_WIDTHS.map((width, index) => (
              <col key={index} style={{ width }} />
            ))}
          </colgroup>
          <TableHead>
            <TableRow>
              <TableCell>{t('queue.columns.id')}</TableCell>
              <TableCell>{t('queue.columns.title')}</TableCell>
              <TableCell>{t('queue.columns.author')}</TableCell>
              <TableCell>{t('queue.columns.reader')}</TableCell>
              <TableCell>{t(`queue.counterpartColumn.${side}`)}</TableCell>
              <TableCell>{t('queue.columns.createdAt')}</TableCell>
              <TableCell>{t('queue.columns.status')}</TableCell>
              <TableCell>{t('queue.columns.dueDate')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <QueueRow key={row.id} row={row} selected={row.id === selectedId} onOpen={select} />
            ))}
            {rows.length === 0 && !loading && !failed && (
              <TableRow>
                <TableCell colSpan={COLUMN_WIDTHS.length} align="center" sx={{ py: 4, color: 'text.secondary' }} data-testid="queue-empty">
                  {t('queue.empty')}
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}

export function QueuePagination() {
  const { t } = useTranslation();
  const total = useQueueStore((state) => state.total);
  const exact = useQueueStore((state) => state.totalIsExact);
  const page = useQueueStore((state) => state.query.page);
  const setPage = useQueueStore((state) => state.setPage);
  return (
    <TablePagination
      component="div"
      // -1 tells MUI the end is not known yet: "next" stays on, "last" is off.
      count={exact ? total : -1}
      page={total === 0 ? 0 : page}
      rowsPerPage={PAGE_SIZE}
      rowsPerPageOptions={[]}
      onPageChange={(_event, next) => setPage(next)}
      labelDisplayedRows={({ from, to, count }) =>
        count === 0
          ? t('queue.total', { count })
          : count === -1
            ? t('queue.pagination.rangeAtLeast', { from, to, count: total })
            : t('queue.pagination.range', { from, to, count })
      }
      getItemAriaLabel={(type) => t(`queue.pagination.${type}`)}
      showFirstButton
      showLastButton
      sx={{ borderTop: 1, borderColor: 'divider', flexShrink: 0 }}
      data-testid="queue-pagination"
    />
  );
}
