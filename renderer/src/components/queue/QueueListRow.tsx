// One row of the virtual queue, placed by the list at its offset. A row not read yet is a
// placeholder of the same height, so the scrollbar is true to the list's length.
import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../shared/types';
import { localDateTime } from '../../format';
import { useLibraryName } from '../../store/libraries';
import { rowAt, useQueueStore } from '../../store/queue';
import { StatusChip } from '../StatusChip';

/**
 * Column widths: the title takes what is left and ellipsises, so the status and due date stay in
 * view when the detail pane narrows the list. Below the minimum width the list scrolls sideways.
 * Request numbers run to 12 characters (a 4-letter prefix and 8 digits).
 */
export const QUEUE_COLUMNS = '128px minmax(140px, 1fr) 100px 76px 104px 148px 112px 104px';
export const LIST_MIN_WIDTH = 916;
export const ROW_HEIGHT = 52;
export const HEADER_HEIGHT = 40;

const cellSx = { px: 1, minWidth: 0, display: 'flex', flexDirection: 'column', justifyContent: 'center', overflow: 'hidden' } as const;

interface QueueListRowProps {
  index: number;
  /** Where the row sits in the list, in pixels from its top. */
  offset: number;
  tabStop: boolean;
  onOpen: (index: number, id: string) => void;
  onFocusRow: (index: number) => void;
}

function RowCells({ row }: { row: RequestSummary }) {
  const { t } = useTranslation();
  const side = useQueueStore((state) => state.query.side);
  const sort = useQueueStore((state) => state.query.sort);
  const counterpartCode = row.side === 'borrower' ? row.lenderCode : row.borrowerCode;
  const counterpartRole = row.side === 'borrower' ? 'lender' : 'borrower';
  const counterpart = useLibraryName(counterpartCode);
  const empty = t('common.empty');
  const when = sort === 'statusAt' ? row.statusAt : row.createdAt;
  return (
    <>
      <Box role="gridcell" sx={{ ...cellSx, fontFamily: 'monospace', whiteSpace: 'nowrap' }}>
        {row.id}
      </Box>
      <Box role="gridcell" sx={cellSx}>
        <Typography variant="body2" noWrap title={row.title}>
          {row.title}
        </Typography>
        {row.serviceType === 'copy' && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap>
            {t('serviceType.copy')}
          </Typography>
        )}
      </Box>
      <Box role="gridcell" sx={cellSx}>
        <Typography variant="body2" noWrap title={row.author ?? undefined}>
          {row.author ?? empty}
        </Typography>
      </Box>
      <Box role="gridcell" sx={cellSx}>
        <Typography variant="body2" noWrap>
          {row.readerName ?? empty}
        </Typography>
      </Box>
      <Box role="gridcell" sx={cellSx}>
        <Typography variant="body2" noWrap title={counterpart ?? undefined}>
          {counterpart ?? empty}
        </Typography>
        {side === 'all' && (
          <Typography variant="caption" color="text.secondary" component="div" noWrap>
            {t(`queue.counterpartRole.${counterpartRole}`)}
          </Typography>
        )}
      </Box>
      <Box role="gridcell" sx={{ ...cellSx, whiteSpace: 'nowrap' }}>
        <time dateTime={when}>{localDateTime(when)}</time>
      </Box>
      <Box role="gridcell" sx={{ ...cellSx, alignItems: 'flex-start' }}>
        <StatusChip status={row.status} />
      </Box>
      <Box role="gridcell" sx={cellSx}>
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
      </Box>
    </>
  );
}

/**
 * A list position: the row once read, a placeholder until then. Both are the same element, so
 * a row that has the keyboard focus keeps it when its data arrives.
 */
export const QueueListRow = memo(function QueueListRow({ index, offset, tabStop, onOpen, onFocusRow }: QueueListRowProps) {
  const { t } = useTranslation();
  const row = useQueueStore((state) => rowAt(state, index));
  const selected = useQueueStore((state) => row !== undefined && state.selectedId === row.id);
  return (
    <Box
      role="row"
      aria-rowindex={index + 2}
      aria-selected={row ? selected : undefined}
      aria-busy={row ? undefined : true}
      tabIndex={tabStop ? 0 : -1}
      data-testid={row ? 'queue-row' : 'queue-row-loading'}
      data-index={index}
      data-request-id={row?.id}
      data-status={row?.status}
      data-service-type={row?.serviceType}
      data-overdue={row?.overdue ? 'true' : undefined}
      onClick={row ? () => onOpen(index, row.id) : undefined}
      onFocus={() => onFocusRow(index)}
      sx={(theme) => ({
        position: 'absolute',
        top: 0,
        left: 0,
        width: '100%',
        height: ROW_HEIGHT,
        transform: `translateY(${offset}px)`,
        display: 'grid',
        gridTemplateColumns: QUEUE_COLUMNS,
        alignItems: 'stretch',
        borderBottom: 1,
        borderColor: 'divider',
        cursor: row ? 'pointer' : 'default',
        typography: 'body2',
        backgroundColor: selected
          ? alpha(theme.palette.primary.main, 0.12)
          : row?.overdue
            ? alpha(theme.palette.error.main, 0.07)
            : undefined,
        '&:hover': row ? { backgroundColor: selected ? alpha(theme.palette.primary.main, 0.16) : theme.palette.action.hover } : undefined,
        '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
        '& > [role="gridcell"]:first-of-type': { pl: 2 },
      })}
    >
      {row ? (
        <RowCells row={row} />
      ) : (
        <Box role="gridcell" aria-label={t('queueActions.list.loadingRow')} sx={{ ...cellSx, gridColumn: '1 / -1' }}>
          <Skeleton variant="text" width="60%" />
        </Box>
      )}
    </Box>
  );
});
