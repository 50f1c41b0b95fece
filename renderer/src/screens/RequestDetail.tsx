// The pane beside the queue that shows one request: what our library may do with it now (each
// action in its dialog), all its fields, and its history.
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailSection } from '../components/DetailSection';
import { ErrorBanner } from '../components/ErrorBanner';
import { CloseIcon } from '../components/icons';
import { RequestActions } from '../components/actions/RequestActions';
import { NoticesSection } from '../components/NoticesSection';
import {
  BibliographicSection,
  DatesSection,
  LibrariesSection,
  LogisticsSection,
  ReaderSection,
  StatusSection,
} from '../components/RequestDetailSections';
import { RequestTimeline } from '../components/RequestTimeline';
import { useDetailStore } from '../store/detail';

interface RequestDetailProps {
  id: string;
  onClose: () => void;
}

export function RequestDetail({ id, onClose }: RequestDetailProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const detail = useDetailStore((state) => (state.detail?.id === id ? state.detail : null));
  const loading = useDetailStore((state) => state.loading);
  const error = useDetailStore((state) => state.error);
  const load = useDetailStore((state) => state.load);

  useEffect(() => {
    void load(id);
  }, [id, load]);

  return (
    <Paper
      component="aside"
      square
      variant="outlined"
      aria-labelledby={titleId}
      aria-busy={loading}
      data-testid="request-detail"
      data-request-id={id}
      sx={{ width: { xs: '100%', md: 400, xl: 460 }, flexShrink: 0, overflow: 'auto', px: 2, pb: 3, borderTop: 0, borderBottom: 0, borderRight: 0 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, pt: 1.5 }}>
        <Typography id={titleId} component="h2" variant="h6" data-testid="detail-title" sx={{ flex: 1, lineHeight: 1.3 }}>
          <Box component="span" sx={{ display: 'block', typography: 'overline', fontFamily: 'monospace', lineHeight: 1.6 }}>
            {id}
          </Box>{' '}
          {detail?.title ?? t('detail.label')}
        </Typography>
        <IconButton aria-label={t('detail.close')} onClick={onClose} data-testid="detail-close">
          <CloseIcon />
        </IconButton>
      </Box>
      <Box sx={{ height: 4, my: 0.5 }}>{loading && <LinearProgress aria-label={t('detail.loading')} />}</Box>
      {error && <ErrorBanner error={error} onRetry={() => void load(id)} testId="detail-error" />}
      {detail && (
        <>
          <StatusSection detail={detail} />
          <RequestActions detail={detail} />
          <BibliographicSection detail={detail} />
          <ReaderSection detail={detail} />
          <LibrariesSection detail={detail} />
          <DatesSection detail={detail} />
          <LogisticsSection detail={detail} />
          <NoticesSection detail={detail} />
          <DetailSection title={t('detail.sections.timeline')} testId="detail-timeline">
            <RequestTimeline events={detail.events} />
          </DetailSection>
        </>
      )}
    </Paper>
  );
}
