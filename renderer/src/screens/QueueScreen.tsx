// The clerk's main screen (申请单查询): the request queue as one virtual list, beside it the
// request being looked at with what may be done to it, and the desk's request form.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestDetail as RequestDetailRecord } from '../../../shared/types';
import { NewRequestDialog } from '../components/actions/NewRequestDialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { SearchBox, SideTabs, SortControl, StatusFilter } from '../components/QueueFilters';
import { QueueList } from '../components/QueueList';
import { useDetailStore } from '../store/detail';
import { setQueueOnScreen, useQueueStore } from '../store/queue';
import { RequestDetail } from './RequestDetail';

const NOTICE_MS = 4000;

function focusQueueRow(id: string): void {
  const row = document.querySelector<HTMLElement>(`[data-testid="queue-row"][data-request-id="${CSS.escape(id)}"]`);
  row?.focus();
}

function QueueHeading({ onNewRequest }: { onNewRequest: () => void }) {
  const { t } = useTranslation();
  const total = useQueueStore((state) => state.total);
  const exact = useQueueStore((state) => state.totalIsExact);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 2, pt: 1, flexWrap: 'wrap' }}>
      <Typography id="queue-heading" component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('queue.heading')}
      </Typography>
      <Typography variant="body2" color="text.secondary" aria-live="polite" data-testid="queue-total">
        {exact ? t('queue.total', { count: total }) : t('queue.totalAtLeast', { count: total })}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ display: { xs: 'none', lg: 'block' } }}>
        {t('queueActions.list.keyboardHint')}
      </Typography>
      <Box sx={{ flex: 1 }} />
      <Button variant="contained" size="small" onClick={onNewRequest} data-testid="new-request">
        {t('queueActions.newRequest.open')}
      </Button>
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

/** "Sent to the printer", "request forwarded": a short notice at the bottom of the screen. */
function DeskNoticeBar() {
  const notice = useDetailStore((state) => state.notice);
  const dismiss = useDetailStore((state) => state.dismissNotice);
  return (
    <Snackbar
      key={notice?.seq}
      open={notice !== null}
      autoHideDuration={NOTICE_MS}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') dismiss();
      }}
      message={notice?.text}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      slotProps={{ content: { role: 'status', 'data-testid': 'desk-notice' } as object }}
    />
  );
}

export function QueueScreen() {
  const { t } = useTranslation();
  const selectedId = useQueueStore((state) => state.selectedId);
  const select = useQueueStore((state) => state.select);
  const [entering, setEntering] = useState(false);

  useEffect(() => {
    setQueueOnScreen(true);
    void useQueueStore.getState().refresh();
    return () => setQueueOnScreen(false);
  }, []);

  const closeDetail = useCallback(() => {
    const id = useQueueStore.getState().selectedId;
    select(null);
    useDetailStore.getState().clear();
    if (id !== null) focusQueueRow(id);
  }, [select]);

  const created = useCallback(
    (detail: RequestDetailRecord) => {
      setEntering(false);
      const details = useDetailStore.getState();
      details.show(detail);
      details.notify(t('queueActions.newRequest.created', { id: detail.id }));
      select(detail.id);
      void useQueueStore.getState().refresh();
    },
    [select, t],
  );

  // Escape closes the detail from the list or the pane; open menus and dialogs stop the key before it gets here.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && selectedId !== null && !event.defaultPrevented) {
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
        <QueueHeading onNewRequest={() => setEntering(true)} />
        <SideTabs />
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', px: 2, py: 1.5 }}>
          <SearchBox />
          <StatusFilter />
          <SortControl />
        </Box>
        <QueueError />
        <QueueList />
      </Box>
      {selectedId !== null && <RequestDetail id={selectedId} onClose={closeDetail} />}
      {entering && <NewRequestDialog onClose={() => setEntering(false)} onCreated={created} />}
      <DeskNoticeBar />
    </Box>
  );
}
