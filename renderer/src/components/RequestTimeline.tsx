// The request's events in order: when (local time), what, who and where, and the op's details.
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RequestEvent } from '../../../shared/types';
import { localDateTime } from '../format';
import { isDetailFieldKey, isUnfilledReason } from '../i18n/labels';
import { libraryName, useLibrariesStore } from '../store/libraries';

function useDetailEntries(detail: Record<string, unknown>): { key: string; label: string; value: string }[] {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => {
      const label = isDetailFieldKey(key) ? t(`detail.fields.${key}`) : key;
      let shown: string;
      if (key === 'reasonCode' && isUnfilledReason(value)) shown = t(`unfilledReason.${value}`);
      else if ((key === 'lender' || key === 'borrower') && typeof value === 'string') shown = libraryName(byCode, value, 'full');
      else if (typeof value === 'string') shown = value;
      else if (typeof value === 'number' || typeof value === 'boolean') shown = String(value);
      else shown = JSON.stringify(value);
      return { key, label, value: shown };
    });
}

function TimelineEntry({ event }: { event: RequestEvent }) {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const details = useDetailEntries(event.detail);
  return (
    <Box
      component="li"
      data-testid="timeline-event"
      sx={{ position: 'relative', pl: 2, pb: 1.5, borderLeft: 2, borderColor: 'divider', ml: 0.5 }}
    >
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        <time dateTime={event.deskTime}>{localDateTime(event.deskTime)}</time> {t(`ops.${event.type}`)}
      </Typography>
      <Typography variant="body2">
        {event.fromStatus === null || event.fromStatus === event.toStatus
          ? t(`status.${event.toStatus}`)
          : t('detail.timeline.move', { from: t(`status.${event.fromStatus}`), to: t(`status.${event.toStatus}`) })}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {t('detail.timeline.by', {
          clerk: event.clerk,
          desk: event.deskId,
          library: libraryName(byCode, event.libraryCode, 'short'),
        })}
      </Typography>
      {event.hubTime !== null && (
        <Typography variant="caption" color="text.secondary" component="div">
          <time dateTime={event.hubTime}>{t('detail.timeline.hubTime', { time: localDateTime(event.hubTime) })}</time>
        </Typography>
      )}
      {details.length > 0 && (
        <Box component="dl" sx={{ m: 0, mt: 0.5, typography: 'caption' }}>
          {details.map((entry) => (
            <Box key={entry.key} sx={{ display: 'flex', gap: 1 }}>
              <Box component="dt" sx={{ color: 'text.secondary' }}>
                {entry.label}
              </Box>
              <Box component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                {entry.value}
              </Box>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}

export function RequestTimeline({ events }: { events: RequestEvent[] }) {
  const { t } = useTranslation();
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {t('detail.noEvents')}
      </Typography>
    );
  }
  return (
    <Box component="ol" sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="timeline">
      {events.map((event) => (
        <TimelineEntry key={event.id} event={event} />
      ))}
    </Box>
  );
}
