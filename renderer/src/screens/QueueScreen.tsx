// The clerk's main screen: the request queue, and beside it the request being looked at.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner';
import { SearchBox, SideTabs, SortControl, StatusFilter } from '../components/QueueFilters';
import { QueuePagination, QueueTable } from '../components/QueueTable';
import { useDetailStore } from '../store/detail';
import { useQueueStore } from '../store/queue';
import { RequestDetail } from './RequestDetail';

function focusQueueRow(id: string): void {
  const row = document.querySelector<HTMLElement>(`[data-testid="queue-row"][data-request-id="${CSS.escape(id)}"]`);
  row?.focus();
}

function QueueHeading() {
  const { t } = useTranslation();
  const total = useQueueStore((state) => state.total);
  const exact = useQueueStore((state) => state.totalIsExact);
  return (
    <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 2, px: 2, pt: 1 }}>
      <Typography id="queue-heading" component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('queue.heading')}
      </Typography>
      <Typography variant="body2" color="text.secondary" aria-live="polite" data-testid="queue-total">
        {exact ? t('queue.total', { count: total }) : t('queue.totalAtLeast', { count: total })}
      </Typography>
    </Box>
  );
}

function QueueError() {
  const error = useQueueStore((state) => state.error);
  const refresh = useQueueStore((state) => state.refresh);
  if (!error) return null;
  return (
    <Box sx={{ px: 2, pb: 1 }}>
      <ErrorBanner error={error} onRetry={() => void refresh()} testId="queue-error" />
    </Box>
  );
}

export function QueueScreen() {
  const selectedId = useQueueStore((state) => state.selectedId);
  const select = useQueueStore((state) => state.select);

  useEffect(() => {
    void useQueueStore.getState().refresh();
  }, []);

  const closeDetail = useCallback(() => {
    const id = useQueueStore.getState().selectedId;
    select(null);
    useDetailStore.getState().clear();
    if (id !== null) focusQueueRow(id);
  }, [select]);

  // Escape closes the detail from the list or the pane; open menus stop the key before it gets here.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && selectedId !== null) {
      event.preventDefault();
      closeDetail();
    }
  };

  return (
    <Box sx={{ display: 'flex', flex: 1, minHeight: 0, minWidth: 0 }} onKeyDown={onKeyDown}>
      <Box
        component="section"
        data-testid="screen-queue"
        aria-labelledby="queue-heading"
        sx={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 }}
      >
        <QueueHeading />
        <SideTabs />
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', px: 2, py: 1.5 }}>
          <SearchBox />
          <StatusFilter />
          <SortControl />
        </Box>
        <QueueError />
        <QueueTable />
        <QueuePagination />
      </Box>
      {selectedId !== null && <RequestDetail id={selectedId} onClose={closeDetail} />}
    </Box>
  );
}
