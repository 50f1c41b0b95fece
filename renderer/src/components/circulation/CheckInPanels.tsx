// The parts of the check-in screen: the answer to the last scan (the hold-shelf slot, huge), the
// session's check-ins, and the books on their way to us.
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../shared/types';
import { localDateTime } from '../../format';
import { useLibraryName } from '../../store/libraries';
import { useSlipOutcome } from '../../store/printing';
import type { CheckInEntry } from '../../store/checkin';
import { ErrorBanner } from '../ErrorBanner';
import { FieldList } from '../DetailSection';
import type { ApiError } from '../../api';
import { SectionHeading } from '../SectionHeading';

function Done({ children, testId, failed = false }: { children: string; testId: string; failed?: boolean }) {
  return (
    <Typography
      variant="body1"
      data-testid={testId}
      sx={{ display: 'flex', gap: 1, alignItems: 'baseline', fontWeight: 600, color: failed ? 'error.main' : 'success.main' }}
    >
      <span aria-hidden="true">{failed ? '✗' : '✓'}</span>
      {children}
    </Typography>
  );
}

/** The pickup slip as the printer last answered: queued, printed, or failed (see the print queue). */
function SlipLine({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const job = useSlipOutcome('pickup', requestId);
  const state = job?.status === 'printed' ? 'printed' : job?.status === 'failed' ? 'failed' : 'queued';
  return (
    <Box data-slip-status={state} sx={{ display: 'contents' }}>
      <Done testId="checkin-slip" failed={state === 'failed'}>
        {t(`checkin.result.slip.${state}`)}
      </Done>
    </Box>
  );
}

/** The answer to the last good scan: where the book goes, whose it is, and what was set going. */
export function CheckInResult({ entry }: { entry: CheckInEntry }) {
  const { t } = useTranslation();
  const { detail, notice } = entry;
  const lender = useLibraryName(detail.lenderCode, 'full');
  const slot = detail.holdSlot ?? t('common.empty');
  const reader = detail.reader;
  const noticeText =
    notice === null
      ? t('checkin.result.noticeUnknown')
      : notice.toAddress
        ? t('checkin.result.noticeQueued', { address: notice.toAddress })
        : t('checkin.result.noticeQueuedNoAddress', { phone: detail.phone ?? reader?.phone ?? t('common.empty') });
  return (
    <Paper
      component="section"
      aria-labelledby="checkin-result-heading"
      variant="outlined"
      data-testid="checkin-result"
      data-request-id={detail.id}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, p: 2, borderWidth: 2, borderColor: 'secondary.main' }}
    >
      <Box
        aria-hidden="true"
        sx={{
          bgcolor: 'secondary.main',
          color: 'secondary.contrastText',
          borderRadius: 2,
          minWidth: 200,
          px: 3,
          py: 1.5,
          textAlign: 'center',
          alignSelf: 'stretch',
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'center',
        }}
      >
        <Typography component="div" sx={{ fontSize: 20, fontWeight: 600 }}>
          {t('checkin.result.slot')}
        </Typography>
        <Typography component="div" data-testid="checkin-slot" sx={{ fontSize: 120, fontWeight: 800, lineHeight: 1, fontVariantNumeric: 'tabular-nums' }}>
          {slot}
        </Typography>
      </Box>
      <Box sx={{ flex: '1 1 360px', minWidth: 0 }}>
        <Typography id="checkin-result-heading" component="h3" variant="h6" sx={{ fontWeight: 700, mb: 1 }}>
          {t('checkin.result.heading')} {slot}
        </Typography>
        <FieldList
          fields={[
            {
              label: t('checkin.result.reader'),
              value: reader ? t('checkin.result.readerLine', { name: reader.name, card: reader.cardNumber }) : detail.readerName,
              testId: 'checkin-reader',
            },
            { label: t('checkin.result.title'), value: detail.title, testId: 'checkin-title' },
            { label: t('checkin.result.requestId'), value: detail.id },
            { label: t('checkin.result.lender'), value: lender },
            { label: t('checkin.result.pickUpBy'), value: detail.pickUpBy, testId: 'checkin-pickupby' },
          ]}
        />
        <Box sx={{ mt: 1.5, display: 'grid', gap: 0.5 }}>
          <Done testId="checkin-notice">{noticeText}</Done>
          <SlipLine requestId={detail.id} />
        </Box>
      </Box>
    </Paper>
  );
}

function LogRow({ entry }: { entry: CheckInEntry }) {
  const { t } = useTranslation();
  const lender = useLibraryName(entry.detail.lenderCode);
  return (
    <TableRow data-testid="checkin-log-row" data-request-id={entry.detail.id}>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <time dateTime={entry.at}>{localDateTime(entry.at).slice(11)}</time>
      </TableCell>
      <TableCell sx={{ fontWeight: 700, fontSize: 18 }}>{entry.detail.holdSlot ?? t('common.empty')}</TableCell>
      <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{entry.detail.id}</TableCell>
      <TableCell>{entry.detail.title}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{entry.detail.reader?.name ?? entry.detail.readerName ?? t('common.empty')}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{lender ?? t('common.empty')}</TableCell>
    </TableRow>
  );
}

export function CheckInLog({ log }: { log: CheckInEntry[] }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby="checkin-session-heading" data-testid="checkin-log">
      <SectionHeading id="checkin-session-heading" title={t('checkin.session.heading')} count={t('checkin.session.count', { count: log.length })} />
      {log.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('checkin.session.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('checkin.session.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('checkin.session.columns.time')}</TableCell>
                <TableCell>{t('checkin.session.columns.slot')}</TableCell>
                <TableCell>{t('checkin.session.columns.id')}</TableCell>
                <TableCell>{t('checkin.session.columns.title')}</TableCell>
                <TableCell>{t('checkin.session.columns.reader')}</TableCell>
                <TableCell>{t('checkin.session.columns.lender')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {log.map((entry) => (
                <LogRow key={`${entry.detail.id}-${entry.at}`} entry={entry} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

function ExpectedRow({ row }: { row: RequestSummary }) {
  const { t } = useTranslation();
  const lender = useLibraryName(row.lenderCode);
  return (
    <TableRow data-testid="checkin-expected-row" data-request-id={row.id}>
      <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{row.id}</TableCell>
      <TableCell>{row.title}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.readerName ?? t('common.empty')}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{lender ?? t('common.empty')}</TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <time dateTime={row.statusAt}>{localDateTime(row.statusAt)}</time>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.lenderDueDate ?? t('common.empty')}</TableCell>
    </TableRow>
  );
}

interface ExpectedArrivalsProps {
  rows: RequestSummary[];
  total: number;
  error: ApiError | null;
  onRetry: () => void;
}

export function ExpectedArrivals({ rows, total, error, onRetry }: ExpectedArrivalsProps) {
  const { t } = useTranslation();
  const count = t('checkin.expected.count', { count: total }) + (rows.length < total ? ` · ${t('checkin.expected.shown', { count: rows.length })}` : '');
  return (
    <Box component="section" aria-labelledby="checkin-expected-heading" data-testid="checkin-expected">
      <SectionHeading id="checkin-expected-heading" title={t('checkin.expected.heading')} count={count} />
      {error && <ErrorBanner error={error} onRetry={onRetry} testId="checkin-expected-error" />}
      {rows.length === 0 && !error ? (
        <Typography variant="body2" color="text.secondary">
          {t('checkin.expected.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('checkin.expected.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('checkin.expected.columns.id')}</TableCell>
                <TableCell>{t('checkin.expected.columns.title')}</TableCell>
                <TableCell>{t('checkin.expected.columns.reader')}</TableCell>
                <TableCell>{t('checkin.expected.columns.lender')}</TableCell>
                <TableCell>{t('checkin.expected.columns.shippedAt')}</TableCell>
                <TableCell>{t('checkin.expected.columns.lenderDueDate')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <ExpectedRow key={row.id} row={row} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
