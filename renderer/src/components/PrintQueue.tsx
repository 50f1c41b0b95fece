// The print queue, reachable from every screen: the header's printer button (with the count of
// failed slips), the reprint list (print again, dismiss, open the PDF in browser mode, the
// printer's words when it failed), and an alert the moment a slip fails — the clerk at the
// counter learns of a jammed printer at once, not when the reader asks for a slip.
import Alert from '@mui/material/Alert';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Snackbar from '@mui/material/Snackbar';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import SvgIcon, { type SvgIconProps } from '@mui/material/SvgIcon';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../shared/types';
import { slipPdfUrl } from '../api';
import { localDateTime } from '../format';
import { loadPrintingCount, startPrintingEvents, usePrintingStore, type PrintTab } from '../store/printing';
import { ErrorBanner } from './ErrorBanner';

function PrintIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M19 8H5c-1.66 0-3 1.34-3 3v6h4v4h12v-4h4v-6c0-1.66-1.34-3-3-3m-3 11H8v-5h8zm3-7c-.55 0-1-.45-1-1s.45-1 1-1 1 .45 1 1-.45 1-1 1m-1-9H6v4h12z" />
    </SvgIcon>
  );
}

/** `BY00001234` or `BY00001234 等 3 项`: a job's references in one short line. */
function useRefsText() {
  const { t } = useTranslation();
  return (job: PrintJob) => (job.refs.length === 1 ? job.refs[0]! : `${job.refs[0]!} ${t('printing.more', { count: job.refs.length - 1 })}`);
}

export function PrintQueueButton() {
  const { t } = useTranslation();
  const failed = usePrintingStore((state) => state.failed);
  useEffect(() => {
    void loadPrintingCount();
    return startPrintingEvents();
  }, []);
  const label = failed > 0 ? t('printing.buttonFailed', { count: failed }) : t('printing.button');
  return (
    <>
      <IconButton color="inherit" aria-label={label} title={label} onClick={() => usePrintingStore.getState().show()} data-testid="print-queue-button">
        <Badge badgeContent={failed} color="error" max={99}>
          <PrintIcon />
        </Badge>
      </IconButton>
      <PrintQueueDialog />
      <PrintFailureAlert />
    </>
  );
}

function PrintFailureAlert() {
  const { t } = useTranslation();
  const failure = usePrintingStore((state) => state.lastFailure);
  const refs = useRefsText();
  if (!failure) return null;
  return (
    <Snackbar open anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
      <Alert
        severity="error"
        variant="filled"
        role="alert"
        data-testid="print-failure-alert"
        onClose={() => usePrintingStore.getState().clearFailure()}
        action={
          <Button color="inherit" size="small" onClick={() => usePrintingStore.getState().show()}>
            {t('printing.failedAlertAction')}
          </Button>
        }
        sx={{ maxWidth: 560 }}
      >
        {t('printing.failedAlert', { slip: t(`settings.printers.slips.${failure.kind}`), refs: refs(failure), error: failure.error ?? '' })}
      </Alert>
    </Snackbar>
  );
}

/** Where a printed slip went: the printer's name, or the PDF's file name. */
function PrintedTo({ output }: { output: string | null }) {
  const { t } = useTranslation();
  if (output === null) return null;
  const text =
    output === '(default printer)'
      ? t('printing.defaultPrinter')
      : output.endsWith('.pdf')
        ? t('printing.savedAs', { file: output.split(/[\\/]/).pop() ?? output })
        : output;
  return (
    <Typography variant="body2" color="text.secondary">
      {text}
    </Typography>
  );
}

function PrintQueueDialog() {
  const { t } = useTranslation();
  const { open, tab, jobs, error, busyId } = usePrintingStore();
  const refs = useRefsText();
  const store = usePrintingStore.getState;
  return (
    <Dialog open={open} onClose={() => store().hide()} maxWidth="md" fullWidth aria-labelledby="print-queue-title">
      <DialogTitle id="print-queue-title">{t('printing.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('printing.hint')}
        </Typography>
        <Tabs value={tab} onChange={(_e, value: PrintTab) => store().setTab(value)} aria-label={t('printing.title')} sx={{ mb: 1 }}>
          <Tab value="open" label={t('printing.tabs.open')} />
          <Tab value="recent" label={t('printing.tabs.recent')} />
        </Tabs>
        {error && <ErrorBanner error={error} onRetry={() => void store().load()} />}
        {jobs.length === 0 ? (
          <Typography sx={{ py: 2 }} data-testid="print-queue-empty">
            {t(`printing.empty.${tab}`)}
          </Typography>
        ) : (
          <Table size="small" data-testid="print-queue">
            <TableHead>
              <TableRow>
                <TableCell>{t('printing.columns.slip')}</TableCell>
                <TableCell>{t('printing.columns.refs')}</TableCell>
                <TableCell>{t('printing.columns.time')}</TableCell>
                <TableCell>{t('printing.columns.status')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {jobs.map((job) => {
                const slip = t(`settings.printers.slips.${job.kind}`);
                const names = { slip, refs: refs(job) };
                const pdf = job.status === 'printed' ? slipPdfUrl(job.output) : null;
                return (
                  <TableRow key={job.id} data-testid={`print-job-${job.id}`} data-status={job.status}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{slip}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{refs(job)}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <time dateTime={job.doneAt ?? job.createdAt}>{localDateTime(job.doneAt ?? job.createdAt)}</time>
                    </TableCell>
                    <TableCell>
                      <Typography variant="body2" sx={{ fontWeight: 600, color: job.status === 'failed' ? 'error.main' : undefined }}>
                        {t(`printing.status.${job.status}`)}
                        {job.attempts > 1 && ` · ${t('printing.attempts', { count: job.attempts })}`}
                      </Typography>
                      {job.status === 'failed' && job.error && (
                        <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-word' }} data-testid="print-job-error">
                          {t('printing.printerSaid', { error: job.error })}
                        </Typography>
                      )}
                      {job.status === 'printed' && <PrintedTo output={job.output} />}
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end' }}>
                        {pdf && (
                          <Link href={pdf} target="_blank" rel="noopener" aria-label={t('printing.openPdfOf', names)}>
                            {t('printing.openPdf')}
                          </Link>
                        )}
                        {(job.status === 'failed' || job.status === 'printed' || job.status === 'dismissed') && (
                          <Button size="small" variant={job.status === 'failed' ? 'contained' : 'text'} disabled={busyId === job.id} aria-label={t('printing.reprintOf', names)} onClick={() => void store().retry(job.id)}>
                            {t('printing.reprint')}
                          </Button>
                        )}
                        {(job.status === 'failed' || job.status === 'queued') && (
                          <Button size="small" disabled={busyId === job.id} aria-label={t('printing.dismissOf', names)} onClick={() => void store().dismiss(job.id)}>
                            {t('printing.dismiss')}
                          </Button>
                        )}
                      </Box>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => store().hide()}>{t('printing.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
