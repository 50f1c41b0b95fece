// Today: the desk's home. One tile per list that needs a clerk now, each a link to that list.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Status } from '../../../shared/status';
import type { TodayCounts } from '../../../shared/types';
import { call, onEvent, toApiError, type ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { ScreenFrame } from '../components/ScreenFrame';
import { calendarDate } from '../format';
import { useNavStore, type ScreenId } from '../store/nav';
import { usePrintingStore } from '../store/printing';
import { useQueueStore, type QueueSide, type QueueSort } from '../store/queue';

type ItemKey = keyof TodayCounts;

/** Where a tile leads: a screen, or the queue filtered to the list it counts. */
type Target = { screen: Exclude<ScreenId, 'queue'> } | { queue: { side: QueueSide; statuses: Status[]; sort?: QueueSort } } | { printQueue: true };

const GROUPS: { id: 'borrowing' | 'lending' | 'desk'; items: { key: ItemKey; target: Target; urgent?: boolean }[] }[] = [
  {
    id: 'borrowing',
    items: [
      { key: 'newRequests', target: { queue: { side: 'borrowing', statuses: ['SUBMITTED'], sort: 'createdAt' } } },
      { key: 'arrivalsExpected', target: { screen: 'checkin' } },
      { key: 'pastPickUp', target: { screen: 'handout' }, urgent: true },
      { key: 'overdue', target: { queue: { side: 'borrowing', statuses: ['LOANED', 'RECALLED'], sort: 'dueDate' } }, urgent: true },
      { key: 'recalls', target: { queue: { side: 'borrowing', statuses: ['RECALLED'], sort: 'statusAt' } }, urgent: true },
      { key: 'awaitingReturnShipping', target: { screen: 'returns' } },
    ],
  },
  {
    id: 'lending',
    items: [
      { key: 'incoming', target: { screen: 'lending' } },
      { key: 'toShip', target: { screen: 'lending' } },
      { key: 'returnsInTransit', target: { screen: 'lending' } },
    ],
  },
  {
    id: 'desk',
    items: [
      { key: 'pendingReaders', target: { screen: 'readers' } },
      { key: 'syncProblems', target: { screen: 'sync' }, urgent: true },
      { key: 'unprintedSlips', target: { printQueue: true } },
    ],
  },
];

function follow(target: Target): void {
  if ('printQueue' in target) {
    usePrintingStore.getState().show('open');
    return;
  }
  if ('screen' in target) {
    useNavStore.getState().go(target.screen);
    return;
  }
  const queue = useQueueStore.getState();
  queue.setSide(target.queue.side);
  queue.setStatuses(target.queue.statuses);
  if (target.queue.sort) queue.setSort(target.queue.sort);
  useNavStore.getState().go('queue');
}

function useTodayCounts() {
  const [counts, setCounts] = useState<TodayCounts | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = useCallback(async () => {
    try {
      setCounts(await call('today.counts', {}));
      setError(null);
    } catch (caught) {
      setError(toApiError(caught));
    }
  }, []);
  useEffect(() => {
    void load();
    const offData = onEvent('data.changed', () => void load());
    const offSync = onEvent('sync.status', () => void load());
    // A slip printed or failed: the count of slips not printed changes.
    const offPrint = onEvent('print.job', () => void load());
    return () => {
      offData();
      offSync();
      offPrint();
    };
  }, [load]);
  return { counts, error, load };
}

function Tile({ itemKey, count, urgent, target }: { itemKey: ItemKey; count: number; urgent: boolean; target: Target }) {
  const { t } = useTranslation();
  const hot = urgent && count > 0;
  return (
    <Card variant="outlined" sx={{ borderColor: hot ? 'error.main' : undefined, borderWidth: hot ? 2 : 1 }}>
      <CardActionArea
        onClick={() => follow(target)}
        data-testid={`today-${itemKey}`}
        data-count={count}
        aria-label={`${t(`today.items.${itemKey}.label`)}：${count}`}
        sx={{ p: 2, height: '100%', display: 'flex', flexDirection: 'column', alignItems: 'flex-start', justifyContent: 'flex-start', gap: 0.5 }}
      >
        <Typography component="span" variant="h3" sx={{ fontWeight: 700, color: hot ? 'error.dark' : count > 0 ? 'primary.dark' : 'text.secondary' }}>
          {count}
        </Typography>
        <Typography component="span" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t(`today.items.${itemKey}.label`)}
        </Typography>
        <Typography component="span" variant="body2" color="text.secondary">
          {t(`today.items.${itemKey}.hint`)}
        </Typography>
      </CardActionArea>
    </Card>
  );
}

export function TodayScreen() {
  const { t } = useTranslation();
  const { counts, error, load } = useTodayCounts();
  return (
    <ScreenFrame
      id="today"
      title={t('today.title')}
      actions={
        <Button variant="outlined" onClick={() => void load()} data-testid="today-refresh">
          {t('today.refresh')}
        </Button>
      }
    >
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('today.subtitle', { date: calendarDate(new Date().toISOString()) })}
      </Typography>
      {error && <ErrorBanner error={error} onRetry={() => void load()} testId="today-error" />}
      {counts &&
        GROUPS.map((group) => (
          <Box key={group.id} component="section" aria-labelledby={`today-group-${group.id}`} sx={{ mb: 3 }}>
            <Typography id={`today-group-${group.id}`} component="h3" variant="h6" sx={{ mb: 1 }}>
              {t(`today.groups.${group.id}`)}
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(230px, 1fr))', gap: 2 }}>
              {group.items.map((item) => (
                <Tile key={item.key} itemKey={item.key} count={counts[item.key]} urgent={item.urgent === true} target={item.target} />
              ))}
            </Box>
          </Box>
        ))}
    </ScreenFrame>
  );
}
