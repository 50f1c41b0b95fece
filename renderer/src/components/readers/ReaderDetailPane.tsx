// One reader beside the lists: every field of the registration, how many requests are open and how
// many more the library's limit allows (当前读者借书总册数 / 还可借图书册数), and the reader's
// requests, newest first. A registration still waiting can be decided from here too.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReaderDetail, RequestSummary } from '../../../../shared/types';
import { calendarDate, localDateTime } from '../../format';
import { useLibraryName } from '../../store/libraries';
import { useReadersStore } from '../../store/readers';
import { DetailSection, FieldList } from '../DetailSection';
import { ErrorBanner } from '../ErrorBanner';
import { CloseIcon } from '../icons';
import { StatusChip } from '../StatusChip';
import type { readersZh } from '../../i18n/screens/readers';
import { ReaderStatusChip } from './ReaderSearch';

type FieldKey = keyof typeof readersZh.detail.fields;

interface ReaderDetailPaneProps {
  busy: boolean;
  onApprove: (reader: ReaderDetail) => void;
  onReject: (reader: ReaderDetail) => void;
}

/** One request in a narrow pane: number and date, title and lender, status, due date. */
function HistoryRow({ row }: { row: RequestSummary }) {
  const { t } = useTranslation();
  const lender = useLibraryName(row.lenderCode);
  return (
    <TableRow data-testid="reader-history-row" data-request-id={row.id} data-status={row.status}>
      <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
        <Box sx={{ fontFamily: 'monospace' }}>{row.id}</Box>
        <Typography variant="caption" color="text.secondary">
          {calendarDate(row.createdAt)}
        </Typography>
      </TableCell>
      <TableCell sx={{ width: '100%', overflowWrap: 'anywhere', verticalAlign: 'top' }}>
        <Box>{row.title}</Box>
        <Typography variant="caption" color="text.secondary">
          {lender ?? t('common.empty')}
        </Typography>
      </TableCell>
      <TableCell sx={{ verticalAlign: 'top' }}>
        <StatusChip status={row.status} />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top', color: row.overdue ? 'error.main' : undefined, fontWeight: row.overdue ? 600 : undefined }}>
        {row.dueDate ?? t('common.empty')}
        {row.overdue && <Box>{t('queue.overdue')}</Box>}
      </TableCell>
    </TableRow>
  );
}

function ReaderHistory({ reader }: { reader: ReaderDetail }) {
  const { t } = useTranslation();
  const history = useReadersStore((state) => state.history);
  const total = useReadersStore((state) => state.historyTotal);
  return (
    <DetailSection title={t('readers.detail.sections.history')} testId="reader-history">
      {history.length === 0 ? (
        <Typography variant="body2" color="text.secondary" data-testid="reader-history-none">
          {t('readers.history.none')}
        </Typography>
      ) : (
        <>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }} data-testid="reader-history-total" data-count={total}>
            {total > history.length ? t('readers.history.shownOf', { shown: history.length, count: total }) : t('readers.history.total', { count: total })}
          </Typography>
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={t('readers.history.tableLabel', { name: reader.name })}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('readers.history.columns.idAndDate')}</TableCell>
                  <TableCell>{t('readers.history.columns.titleAndLender')}</TableCell>
                  <TableCell>{t('readers.history.columns.status')}</TableCell>
                  <TableCell>{t('readers.history.columns.dueDate')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {history.map((row) => (
                  <HistoryRow key={row.id} row={row} />
                ))}
              </TableBody>
            </Table>
          </Box>
        </>
      )}
    </DetailSection>
  );
}

export function ReaderDetailPane({ busy, onApprove, onReject }: ReaderDetailPaneProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const selectedId = useReadersStore((state) => state.selectedId);
  const detail = useReadersStore((state) => (state.detail?.id === state.selectedId ? state.detail : null));
  const loading = useReadersStore((state) => state.detailLoading);
  const error = useReadersStore((state) => state.detailError);
  const close = useReadersStore((state) => state.close);
  const library = useLibraryName(detail?.libraryCode ?? null, 'full');
  if (selectedId === null) return null;
  const f = (key: FieldKey) => t(`readers.detail.fields.${key}`);

  return (
    <Paper
      component="aside"
      variant="outlined"
      aria-labelledby={titleId}
      aria-busy={loading}
      data-testid="reader-detail"
      data-reader-id={selectedId}
      sx={{ width: { xs: '100%', lg: 480 }, flexShrink: 0, px: 2, pb: 3, alignSelf: 'flex-start' }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, pt: 1.5 }}>
        <Typography id={titleId} component="h3" variant="h6" sx={{ flex: 1, lineHeight: 1.3 }} data-testid="reader-detail-title">
          {detail ? t('common.nameWithCode', { name: detail.name, code: detail.login }) : t('readers.detail.label')}
        </Typography>
        <IconButton aria-label={t('readers.detail.close')} onClick={close} data-testid="reader-detail-close">
          <CloseIcon />
        </IconButton>
      </Box>
      <Box sx={{ height: 4, my: 0.5 }}>{loading && <LinearProgress aria-label={t('readers.detail.loading')} />}</Box>
      {error && <ErrorBanner error={error} onRetry={() => void useReadersStore.getState().select(selectedId)} testId="reader-detail-error" />}
      {detail && (
        <>
          {detail.status === 'PENDING' && (
            <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
              <Button variant="contained" color="success" disabled={busy} onClick={() => onApprove(detail)} data-testid="detail-approve">
                {t('readers.pending.approve')}
              </Button>
              <Button variant="outlined" color="error" disabled={busy} onClick={() => onReject(detail)} data-testid="detail-reject">
                {t('readers.pending.reject')}
              </Button>
            </Box>
          )}
          <DetailSection title={t('readers.detail.sections.requests')} testId="reader-requests">
            <FieldList
              fields={[
                { label: f('openRequestCount'), value: String(detail.openRequestCount), testId: 'reader-open-count' },
                { label: f('mayRequestMore'), value: String(detail.mayRequestMore), testId: 'reader-may-request' },
              ]}
            />
            {detail.status === 'APPROVED' && detail.mayRequestMore === 0 && (
              <Alert severity="info" sx={{ mt: 1 }}>
                {t('readers.detail.limitReached')}
              </Alert>
            )}
          </DetailSection>
          <DetailSection title={t('readers.detail.sections.account')} testId="reader-account">
            <FieldList
              fields={[
                { label: f('id'), value: <Box component="span" sx={{ fontFamily: 'monospace' }}>{detail.id}</Box> },
                { label: f('libraryCode'), value: library === null ? null : t('common.nameWithCode', { name: library, code: detail.libraryCode }) },
                { label: f('login'), value: detail.login },
                { label: f('status'), value: <ReaderStatusChip status={detail.status} />, testId: 'reader-status' },
                { label: f('createdAt'), value: localDateTime(detail.createdAt) },
              ]}
            />
          </DetailSection>
          <DetailSection title={t('readers.detail.sections.personal')} testId="reader-personal">
            <FieldList
              fields={[
                { label: f('name'), value: detail.name },
                { label: f('idType'), value: detail.idType },
                { label: f('cardNumber'), value: detail.cardNumber },
                { label: f('gender'), value: detail.gender },
                { label: f('birthDate'), value: detail.birthDate },
                { label: f('department'), value: detail.department },
                { label: f('title'), value: detail.title },
                { label: f('education'), value: detail.education },
                { label: f('remark'), value: detail.remark },
              ]}
            />
          </DetailSection>
          <DetailSection title={t('readers.detail.sections.contact')} testId="reader-contact">
            <FieldList
              fields={[
                { label: f('email'), value: detail.email },
                { label: f('phone'), value: detail.phone },
                { label: f('postalCode'), value: detail.postalCode },
                { label: f('address'), value: detail.address },
              ]}
            />
          </DetailSection>
          <ReaderHistory reader={detail} />
        </>
      )}
    </Paper>
  );
}
