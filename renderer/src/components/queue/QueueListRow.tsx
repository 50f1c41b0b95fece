// One row of the virtual queue, placed by the list at its offset. A row not read yet is a
// placeholder of the same height, so the scrollbar is true to the list's length. Rows are plain
// elements styled once by the list (`queueListSx`): a fling through a long list mounts dozens of
// rows a frame, and per-row styled components would cost more than the rows themselves.
import { alpha, type Theme } from '@mui/material/styles';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../shared/types';
import { localDateTime } from '../../format';
import { useLibraryName } from '../../store/libraries';
import { rowAt, useQueueStore } from '../../store/queue';
import { STATUS_COLOR } from '../StatusChip';

/**
 * Column widths: the title takes what is left and ellipsises, so the status and due date stay in
 * view when the detail pane narrows the list. Below the minimum width the list scrolls sideways.
 * Request numbers run to 12 characters (a 4-letter prefix and 8 digits).
 */
export const QUEUE_COLUMNS = '128px minmax(140px, 1fr) 100px 76px 104px 148px 112px 104px';
export const LIST_MIN_WIDTH = 916;
export const ROW_HEIGHT = 52;
export const HEADER_HEIGHT = 40;

const CHIP_COLORS = ['primary', 'secondary', 'info', 'success', 'warning', 'error'] as const;

/** The styles of every row, set once on the list. Lengths are strings: sx reads bare numbers as spacing units. */
export function queueListSx(theme: Theme) {
  const chipColors = Object.fromEntries(
    CHIP_COLORS.map((color) => [
      `& .q-chip[data-color="${color}"]`,
      { backgroundColor: theme.palette[color].main, color: theme.palette[color].contrastText },
    ]),
  );
  return {
    '& .q-row': {
      position: 'absolute',
      top: 0,
      left: 0,
      width: '100%',
      height: ROW_HEIGHT,
      display: 'grid',
      gridTemplateColumns: QUEUE_COLUMNS,
      borderBottom: `1px solid ${theme.palette.divider}`,
      cursor: 'pointer',
      ...theme.typography.body2,
    },
    '& .q-row[data-overdue="true"]': { backgroundColor: alpha(theme.palette.error.main, 0.07) },
    '& .q-row:hover': { backgroundColor: theme.palette.action.hover },
    '& .q-row[aria-selected="true"]': { backgroundColor: alpha(theme.palette.primary.main, 0.12) },
    '& .q-row:focus-visible': { outline: `2px solid ${theme.palette.primary.main}`, outlineOffset: -2 },
    '& .q-row[aria-busy="true"]': { cursor: 'default', backgroundColor: 'transparent' },
    '& .q-cell': { padding: '0 8px', minWidth: 0, display: 'flex', flexDirection: 'column', justifyContent: 'center', overflow: 'hidden' },
    '& .q-cell:first-of-type': { paddingLeft: '16px' },
    '& .q-wide': { gridColumn: '1 / -1' },
    '& .q-id': { fontFamily: 'monospace', whiteSpace: 'nowrap' },
    '& .q-line': { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
    '& .q-sub': { ...theme.typography.caption, color: theme.palette.text.secondary, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
    '& .q-overdue': { color: theme.palette.error.main, fontWeight: 600 },
    '& .q-overdue-mark': { marginLeft: '4px', whiteSpace: 'nowrap' },
    '& .q-chip': {
      alignSelf: 'flex-start',
      display: 'inline-flex',
      alignItems: 'center',
      height: 24,
      padding: '0 8px',
      borderRadius: '12px',
      fontSize: theme.typography.pxToRem(13),
      whiteSpace: 'nowrap',
      backgroundColor: theme.palette.action.selected,
      color: theme.palette.text.primary,
    },
    ...chipColors,
    '& .q-skeleton': { height: '14px', width: '60%', borderRadius: '4px', backgroundColor: theme.palette.action.hover },
  } as const;
}

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
      <div role="gridcell" className="q-cell q-id">
        {row.id}
      </div>
      <div role="gridcell" className="q-cell">
        <span className="q-line" title={row.title}>
          {row.title}
        </span>
        {row.serviceType === 'copy' && <span className="q-sub">{t('serviceType.copy')}</span>}
      </div>
      <div role="gridcell" className="q-cell">
        <span className="q-line" title={row.author ?? undefined}>
          {row.author ?? empty}
        </span>
      </div>
      <div role="gridcell" className="q-cell">
        <span className="q-line">{row.readerName ?? empty}</span>
      </div>
      <div role="gridcell" className="q-cell">
        <span className="q-line" title={counterpart ?? undefined}>
          {counterpart ?? empty}
        </span>
        {side === 'all' && <span className="q-sub">{t(`queue.counterpartRole.${counterpartRole}`)}</span>}
      </div>
      <div role="gridcell" className="q-cell q-line">
        <time dateTime={when}>{localDateTime(when)}</time>
      </div>
      <div role="gridcell" className="q-cell">
        <span className="q-chip" data-color={STATUS_COLOR[row.status]} data-status={row.status} title={t(`statusLong.${row.status}`)}>
          {t(`status.${row.status}`)}
        </span>
      </div>
      <div role="gridcell" className="q-cell">
        {row.dueDate === null ? (
          empty
        ) : (
          <span className={row.overdue ? 'q-line q-overdue' : 'q-line'}>
            <time dateTime={row.dueDate}>{row.dueDate}</time>
            {row.overdue && (
              <span className="q-overdue-mark" data-testid="overdue-mark">
                {t('queue.overdue')}
              </span>
            )}
          </span>
        )}
      </div>
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
    <div
      role="row"
      className="q-row"
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
      style={{ transform: `translateY(${offset}px)` }}
    >
      {row ? (
        <RowCells row={row} />
      ) : (
        <div role="gridcell" className="q-cell q-wide" aria-label={t('queueActions.list.loadingRow')}>
          <div className="q-skeleton" />
        </div>
      )}
    </div>
  );
});
