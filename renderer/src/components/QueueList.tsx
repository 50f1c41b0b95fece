// The queue as one virtual list: however many requests match (a hundred thousand at a big
// library), only the rows in view and a few around them are in the page, and they are read from
// main a page at a time as the clerk scrolls to them. The list is a grid with one tab stop: the
// arrow keys, Page Up/Down, Home and End move between rows, Enter or Space opens the request.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { rowAt, rowCountOf, useQueueStore } from '../store/queue';
import { HEADER_HEIGHT, LIST_MIN_WIDTH, QUEUE_COLUMNS, QueueListRow, ROW_HEIGHT, queueListSx } from './queue/QueueListRow';

const OVERSCAN = 8;
/** Where the list was when the clerk left the screen, to come back to the same place. */
const kept = { offset: 0, resetToken: 0 };
/** How long the rows in view must hold still while scrolling before they are read. */
const SETTLE_MS = 120;

function QueueHeader() {
  const { t } = useTranslation();
  const side = useQueueStore((state) => state.query.side);
  const sort = useQueueStore((state) => state.query.sort);
  const headers = [
    t('queue.columns.id'),
    t('queue.columns.title'),
    t('queue.columns.author'),
    t('queue.columns.reader'),
    t(`queue.counterpartColumn.${side}`),
    sort === 'statusAt' ? t('queue.sort.statusAt') : t('queue.columns.createdAt'),
    t('queue.columns.status'),
    t('queue.columns.dueDate'),
  ];
  return (
    <Box
      role="rowgroup"
      sx={{ position: 'sticky', top: 0, zIndex: 1, bgcolor: 'background.paper', minWidth: LIST_MIN_WIDTH, borderBottom: 1, borderColor: 'divider' }}
    >
      <Box role="row" aria-rowindex={1} sx={{ display: 'grid', gridTemplateColumns: QUEUE_COLUMNS, height: HEADER_HEIGHT, alignItems: 'center' }}>
        {headers.map((header, index) => (
          <Box
            key={index}
            role="columnheader"
            sx={{ px: 1, pl: index === 0 ? 2 : 1, typography: 'body2', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {header}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

export function QueueList() {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = useQueueStore(rowCountOf);
  const exact = useQueueStore((state) => state.totalIsExact);
  const loading = useQueueStore((state) => state.loading);
  /** Something has been answered: before that, an empty list means nothing yet. */
  const settled = useQueueStore((state) => state.totalGeneration !== -1);
  const failed = useQueueStore((state) => state.error !== null);
  const generation = useQueueStore((state) => state.generation);
  const resetToken = useQueueStore((state) => state.resetToken);
  const showRows = useQueueStore((state) => state.showRows);
  const select = useQueueStore((state) => state.select);
  const [active, setActive] = useState(0);
  /** The row to focus once the virtualizer has rendered it. */
  const pendingFocus = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    useFlushSync: false,
    initialOffset: () => (kept.resetToken === resetToken ? kept.offset : 0),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // While the clerk flings the list, the rows flying past are not worth reading: pages are read
  // once the range in view holds still for a moment (or the scrolling stops).
  const scrolling = virtualizer.isScrolling;
  useEffect(() => {
    if (count === 0) return;
    const timer = window.setTimeout(() => showRows(first, last), scrolling ? SETTLE_MS : 0);
    return () => window.clearTimeout(timer);
  }, [first, last, count, generation, scrolling, showRows]);

  // Back on the screen: the list where the clerk left it, unless the query changed meanwhile.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (kept.resetToken === resetToken && element) element.scrollTop = kept.offset;
    return () => {
      kept.offset = element?.scrollTop ?? 0;
    };
    // Only on mount and unmount: later query changes are handled below.
  }, []);

  // A new query starts at the top of the list.
  useEffect(() => {
    if (kept.resetToken === resetToken) return;
    kept.resetToken = resetToken;
    kept.offset = 0;
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resetToken]);

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus({ preventScroll: true });
    }
  });

  const moveTo = useCallback(
    (index: number) => {
      if (count === 0) return;
      const next = Math.max(0, Math.min(count - 1, index));
      setActive(next);
      pendingFocus.current = next;
      virtualizer.scrollToIndex(next, { align: 'auto' });
      // A key press goes where the clerk wants to be: read those rows now, not when the scrolling settles.
      const around = Math.ceil((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT);
      showRows(Math.max(0, next - around), Math.min(count - 1, next + around));
    },
    [count, virtualizer, showRows],
  );

  const open = useCallback(
    (index: number, id: string) => {
      setActive(index);
      select(id);
    },
    [select],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row' || target.dataset.index === undefined) return;
    // Keys pressed faster than the focus can follow count from where the last one went.
    const index = pendingFocus.current ?? Number(target.dataset.index);
    const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = index + 1;
        break;
      case 'ArrowUp':
        next = index - 1;
        break;
      case 'PageDown':
        next = index + pageRows;
        break;
      case 'PageUp':
        next = index - pageRows;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ': {
        const row = rowAt(useQueueStore.getState(), index);
        if (row) {
          event.preventDefault();
          open(index, row.id);
        }
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    moveTo(next);
  };

  // The one tab stop: the active row, or the first row in view when the active one scrolled away.
  const tabStop = items.some((item) => item.index === active) ? active : first;
  const empty = count === 0 && !loading && !failed && settled;

  return (
    <>
      <Box sx={{ height: 4, flexShrink: 0 }}>{loading && <LinearProgress aria-label={t('common.loading')} />}</Box>
      <Box
        ref={scrollRef}
        role="grid"
        aria-label={t('queue.tableLabel')}
        aria-rowcount={exact ? count + 1 : -1}
        aria-colcount={8}
        aria-busy={loading}
        data-testid="queue-table"
        onKeyDown={onKeyDown}
        sx={[{ flex: 1, minHeight: 0, overflow: 'auto', position: 'relative', contain: 'strict' }, queueListSx]}
      >
        <QueueHeader />
        <Box role="rowgroup" sx={{ position: 'relative', height: virtualizer.getTotalSize(), minWidth: LIST_MIN_WIDTH }}>
          {items.map((item) => (
            <QueueListRow
              key={item.key}
              index={item.index}
              offset={item.start - HEADER_HEIGHT}
              tabStop={item.index === tabStop}
              onOpen={open}
              onFocusRow={setActive}
            />
          ))}
          {empty && (
            <Box role="row" aria-rowindex={2}>
              <Box role="gridcell" data-testid="queue-empty" sx={{ py: 4, textAlign: 'center', color: 'text.secondary', typography: 'body2' }}>
                {t('queue.empty')}
              </Box>
            </Box>
          )}
        </Box>
      </Box>
    </>
  );
}
