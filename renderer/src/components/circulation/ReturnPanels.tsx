// The returns side of the second-floor desk: what came back this session (each now waits for
// return shipping to its lender) and the books nobody picked up in time, to take off the shelf.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../shared/rules';
import type { RequestSummary } from '../../../../shared/types';
import type { ApiError } from '../../api';
import { localDateTime } from '../../format';
import type { ReturnEntry } from '../../store/handout';
import { useLibraryName } from '../../store/libraries';
import { ErrorBanner } from '../ErrorBanner';
import { StatusChip } from '../StatusChip';
import { SectionHeading } from '../SectionHeading';

const ID_CELL = { fontFamily: 'monospace', whiteSpace: 'nowrap' } as const;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** The answer to the last good return scan. */
export function ReturnDone({ entry }: { entry: ReturnEntry }) {
  const { t } = useTranslation();
  const lender = useLibraryName(entry.detail.lenderCode) ?? t('common.empty');
  return (
    <Alert severity="success" role="status" data-testid="handout-return-done" data-request-id={entry.detail.id} sx={{ fontSize: 16 }}>
      {t('handout.returns.done', { id: entry.detail.id, title: entry.detail.title, lender })}
    </Alert>
  );
}

function ReturnRow({ entry }: { entry: ReturnEntry }) {
  const { t } = useTranslation();
  const lender = useLibraryName(entry.detail.lenderCode) ?? t('common.empty');
  return (
    <TableRow data-testid="handout-return-row" data-request-id={entry.detail.id} data-status={entry.detail.status}>
      <TableCell sx={NOWRAP}>
        <time dateTime={entry.at}>{localDateTime(entry.at).slice(11)}</time>
      </TableCell>
      <TableCell sx={ID_CELL}>{entry.detail.id}</TableCell>
      <TableCell>{entry.detail.title}</TableCell>
      <TableCell sx={NOWRAP}>{entry.detail.reader?.name ?? entry.detail.readerName ?? t('common.empty')}</TableCell>
      <TableCell>
        <StatusChip status={entry.was} />
      </TableCell>
      <TableCell>{t('handout.returns.waitsShipping', { lender })}</TableCell>
    </TableRow>
  );
}

export function ReturnsLog({ returns }: { returns: ReturnEntry[] }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby="handout-returns-heading" data-testid="handout-returns">
      <SectionHeading id="handout-returns-heading" title={t('handout.returns.heading')} count={t('handout.returns.count', { count: returns.length })} />
      {returns.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {t('handout.returns.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('handout.returns.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('handout.returns.columns.time')}</TableCell>
                <TableCell>{t('handout.returns.columns.id')}</TableCell>
                <TableCell>{t('handout.returns.columns.title')}</TableCell>
                <TableCell>{t('handout.returns.columns.reader')}</TableCell>
                <TableCell>{t('handout.returns.columns.was')}</TableCell>
                <TableCell>{t('handout.returns.columns.next')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {returns.map((entry) => (
                <ReturnRow key={`${entry.detail.id}-${entry.at}`} entry={entry} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

interface PastPickUpRowProps {
  row: RequestSummary;
  holdShelfDays: number | null;
  busy: boolean;
  onSendBack: (id: string) => void;
}

function PastPickUpRow({ row, holdShelfDays, busy, onSendBack }: PastPickUpRowProps) {
  const { t } = useTranslation();
  // On the shelf since check-in (the status time of ON_HOLD); the pick-up days count from that day.
  const pickUpBy = holdShelfDays === null ? null : addDays(row.statusAt, holdShelfDays);
  return (
    <TableRow data-testid="handout-past" data-request-id={row.id}>
      <TableCell sx={{ fontSize: 18, fontWeight: 800 }}>{row.holdSlot ?? t('common.empty')}</TableCell>
      <TableCell sx={ID_CELL}>{row.id}</TableCell>
      <TableCell>{row.title}</TableCell>
      <TableCell sx={NOWRAP}>{row.readerName ?? t('common.empty')}</TableCell>
      <TableCell sx={{ ...NOWRAP, color: 'error.main', fontWeight: 600 }}>{pickUpBy ?? t('common.empty')}</TableCell>
      <TableCell>
        <Button
          size="small"
          variant="outlined"
          color="warning"
          disabled={busy}
          onClick={() => onSendBack(row.id)}
          aria-label={t('handout.pastPickUp.sendBackAria', { id: row.id, title: row.title })}
          data-testid="handout-send-back"
          sx={{ whiteSpace: 'nowrap' }}
        >
          {t('handout.pastPickUp.sendBack')}
        </Button>
      </TableCell>
    </TableRow>
  );
}

interface PastPickUpListProps {
  rows: RequestSummary[];
  holdShelfDays: number | null;
  busy: readonly string[];
  error: ApiError | null;
  sendBackError: ApiError | null;
  onSendBack: (id: string) => void;
  onRetry: () => void;
}

export function PastPickUpList({ rows, holdShelfDays, busy, error, sendBackError, onSendBack, onRetry }: PastPickUpListProps) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby="handout-past-heading" data-testid="handout-past-list">
      <SectionHeading
        id="handout-past-heading"
        title={t('handout.pastPickUp.heading')}
        count={t('handout.pastPickUp.count', { count: rows.length })}
        color={rows.length > 0 ? 'error' : 'primary'}
      />
      {error && <ErrorBanner error={error} onRetry={onRetry} testId="handout-past-error" />}
      {sendBackError && <ErrorBanner error={sendBackError} testId="handout-send-back-error" />}
      {rows.length === 0 && !error ? (
        <Typography variant="body2" color="text.secondary">
          {t('handout.pastPickUp.empty')}
        </Typography>
      ) : (
        <Box sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label={t('handout.pastPickUp.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('handout.pastPickUp.columns.slot')}</TableCell>
                <TableCell>{t('handout.pastPickUp.columns.id')}</TableCell>
                <TableCell>{t('handout.pastPickUp.columns.title')}</TableCell>
                <TableCell>{t('handout.pastPickUp.columns.reader')}</TableCell>
                <TableCell>{t('handout.pastPickUp.columns.pickUpBy')}</TableCell>
                <TableCell>{t('handout.pastPickUp.columns.action')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <PastPickUpRow key={row.id} row={row} holdShelfDays={holdShelfDays} busy={busy.includes(row.id)} onSendBack={onSendBack} />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
