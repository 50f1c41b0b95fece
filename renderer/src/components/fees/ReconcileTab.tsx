// 月度对账: the hub's statement for a month beside our ledger — the summary, the totals side by
// side (differences marked), the lines one by one, confirm or dispute (supervisor), and the
// statements of past months.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import i18next, { type TFunction } from 'i18next';
import { alpha, type Theme } from '@mui/material/styles';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan, netFor, type ReconciliationRow, type ReconciliationState } from '../../../../shared/ledger';
import type { StatementView } from '../../../../shared/types';
import { toApiError, type ApiError } from '../../api';
import { localDateTime } from '../../format';
import { useDeskStore } from '../../store/desk';
import { useFeesStore } from '../../store/fees';
import { useLibrariesStore } from '../../store/libraries';
import { useIsSupervisor } from '../../store/session';
import { ErrorBanner } from '../ErrorBanner';
import { SectionHeading } from '../SectionHeading';
import { ExportButtons } from './ExportButtons';
import { FeeTable } from './FeeTable';
import { ReasonDialog } from './ReasonDialog';
import { TOTAL_KEYS, reconcileColumns, reconcileTotals, shortId, signedYuan, textTable, totalSigned } from './columns';

const STATE_COLOR: Record<ReconciliationState, 'success' | 'warning' | 'info' | 'error'> = {
  matched: 'success',
  onlyHub: 'warning',
  onlyHere: 'info',
  differs: 'error',
};

const COMMENT_MAX = 200;

/** The dispute's comment, naming each line that differs (its id and request), as much as fits. */
export function disputeComment(t: TFunction, view: StatementView, us: string): string {
  const lines = [t('fees.reconcile.disputeHeader', { month: view.month })];
  const problems = view.reconciliation.rows.filter((row) => row.state !== 'matched');
  for (const row of problems) {
    const line = (row.hub ?? row.here)!;
    const text = t('fees.reconcile.disputeLine', {
      state: t(`fees.reconcile.states.${row.state}`),
      id: shortId(row.id),
      ref: line.requestId ?? line.shipmentId ?? t('common.empty'),
      hub: row.hub ? fenToYuan(netFor(us, row.hub)) : t('common.empty'),
      here: row.here ? fenToYuan(netFor(us, row.here)) : t('common.empty'),
      difference: signedYuan(row.differenceFen),
    });
    if ([...lines, text].join('\n').length > COMMENT_MAX) break;
    lines.push(text);
  }
  return lines.join('\n');
}

function TotalsTable({ view }: { view: StatementView }) {
  const { t } = useTranslation();
  const { hubTotals, hereTotals } = view.reconciliation;
  const hub = view.statement ? hubTotals : null;
  return (
    <Table size="small" aria-label={t('fees.reconcile.totalsLabel')} data-testid="fees-reconcile-totals" sx={{ maxWidth: 640 }}>
      <TableHead>
        <TableRow>
          <TableCell sx={{ fontWeight: 600 }}>{t('fees.reconcile.totals.item')}</TableCell>
          <TableCell align="right" sx={{ fontWeight: 600 }}>
            {t('fees.reconcile.totals.hub')}
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 600 }}>
            {t('fees.reconcile.totals.here')}
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 600 }}>
            {t('fees.reconcile.totals.difference')}
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {TOTAL_KEYS.map((key) => {
          const h = hub ? totalSigned(key, hub) : null;
          const l = totalSigned(key, hereTotals);
          const differs = h !== l;
          return (
            <TableRow
              key={key}
              data-testid="fees-reconcile-total"
              data-key={key}
              data-differs={differs ? 'true' : 'false'}
              sx={differs ? { bgcolor: (theme) => alpha(theme.palette.warning.main, 0.18), '& td': { fontWeight: 700, color: 'text.primary' } } : undefined}
            >
              <TableCell sx={{ fontWeight: key === 'netFen' ? 700 : undefined }}>{t(`fees.reconcile.totals.${key}`)}</TableCell>
              <TableCell align="right" sx={{ fontFamily: 'monospace' }} data-col="hub">
                {h === null ? t('common.empty') : signedYuan(h)}
              </TableCell>
              <TableCell align="right" sx={{ fontFamily: 'monospace' }} data-col="here">
                {signedYuan(l)}
              </TableCell>
              <TableCell align="right" sx={{ fontFamily: 'monospace' }} data-col="difference">
                {signedYuan(l - (h ?? 0))}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function Summary({ view }: { view: StatementView }) {
  const { t } = useTranslation();
  const statement = view.statement;
  if (!statement) return null;
  const item = (label: string, value: string, testId: string) => (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body1" data-testid={testId}>
        {value}
      </Typography>
    </Box>
  );
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'flex', flexWrap: 'wrap', gap: 4 }} role="group" aria-label={t('fees.reconcile.summaryLabel')} data-testid="fees-reconcile-summary">
      <Box>
        <Typography variant="caption" color="text.secondary" component="div">
          {t('fees.reconcile.status')}
        </Typography>
        <Chip
          size="small"
          color={statement.status === 'CONFIRMED' ? 'success' : statement.status === 'DISPUTED' ? 'error' : 'default'}
          label={t(`fees.reconcile.statuses.${statement.status}`)}
          data-testid="fees-reconcile-status"
          data-status={statement.status}
        />
      </Box>
      {item(t('fees.reconcile.receivedAt'), localDateTime(statement.receivedAt), 'fees-reconcile-received')}
      {item(t('fees.reconcile.subsidyRate'), t('fees.reconcile.yuan', { amount: fenToYuan(statement.subsidyRateFen) }), 'fees-reconcile-rate')}
      {item(t('fees.reconcile.filledAsLender'), t('fees.reconcile.requests', { count: statement.filledAsLender }), 'fees-reconcile-lender')}
      {item(t('fees.reconcile.filledAsBorrower'), t('fees.reconcile.requests', { count: statement.filledAsBorrower }), 'fees-reconcile-borrower')}
      {statement.comment && (
        <Box sx={{ flexBasis: '100%' }}>
          <Typography variant="caption" color="text.secondary" component="div">
            {t('fees.reconcile.comment')}
          </Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }} data-testid="fees-reconcile-comment">
            {statement.comment}
          </Typography>
        </Box>
      )}
    </Paper>
  );
}

function PastStatements() {
  const { t } = useTranslation();
  const { statements, statementsError, month } = useFeesStore();
  return (
    <Box sx={{ mt: 3 }}>
      <SectionHeading id="fees-past-heading" title={t('fees.reconcile.past')} />
      {statementsError && <ErrorBanner error={statementsError} onRetry={() => void useFeesStore.getState().loadStatements()} />}
      <Table size="small" aria-label={t('fees.reconcile.pastLabel')} data-testid="fees-statements" sx={{ maxWidth: 760 }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ fontWeight: 600 }}>{t('fees.reconcile.pastColumns.month')}</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>{t('fees.reconcile.pastColumns.status')}</TableCell>
            <TableCell align="right" sx={{ fontWeight: 600 }}>
              {t('fees.reconcile.pastColumns.net')}
            </TableCell>
            <TableCell align="right" sx={{ fontWeight: 600 }}>
              {t('fees.reconcile.pastColumns.lines')}
            </TableCell>
            <TableCell sx={{ fontWeight: 600 }}>{t('fees.reconcile.pastColumns.receivedAt')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {statements.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>
                <Typography variant="body2" color="text.secondary">
                  {t('fees.reconcile.pastEmpty')}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {statements.map((s) => (
            <TableRow key={s.month} selected={s.month === month} data-testid="fees-statements-row" data-month={s.month} data-status={s.status}>
              <TableCell>
                <Button size="small" onClick={() => void useFeesStore.getState().setMonth(s.month)} aria-label={t('fees.reconcile.open', { month: s.month })}>
                  {s.month}
                </Button>
              </TableCell>
              <TableCell>{t(`fees.reconcile.statuses.${s.status}`)}</TableCell>
              <TableCell align="right" sx={{ fontFamily: 'monospace' }}>
                {s.netFen === null ? t('common.empty') : signedYuan(s.netFen)}
              </TableCell>
              <TableCell align="right">{s.lines}</TableCell>
              <TableCell>{localDateTime(s.receivedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

export function ReconcileTab() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const byCode = useLibrariesStore((state) => state.byCode);
  const us = useDeskStore((state) => state.info?.libraryCode ?? '');
  const { month, view, viewLoading, viewError } = useFeesStore();
  const [draft, setDraft] = useState(month);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const [disputing, setDisputing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  // Another month picked (from the list of past months): the field shows it, old notices go.
  useEffect(() => {
    setDraft(month);
    setNotice(null);
    setActionError(null);
  }, [month]);

  const columns = useMemo(() => reconcileColumns(t, byCode, us), [t, byCode, us]);
  const shown = view && view.month === month ? view : null;
  const rows = shown ? shown.reconciliation.rows.filter((row) => !onlyDifferences || row.state !== 'matched') : [];
  const totals = shown ? reconcileTotals(t, columns, shown.statement ? shown.reconciliation.hubTotals : null, shown.reconciliation.hereTotals) : [];
  const statement = shown?.statement ?? null;
  const decided = statement?.status === 'CONFIRMED';

  const show = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{4}-\d{2}$/.test(draft)) void useFeesStore.getState().setMonth(draft);
  };

  const confirm = async () => {
    setActionError(null);
    setNotice(null);
    try {
      await useFeesStore.getState().confirm(month);
      setNotice(t('fees.reconcile.confirmed', { month }));
    } catch (caught) {
      setActionError(toApiError(caught));
    }
  };

  return (
    <Box data-testid="fees-reconcile">
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', py: 1 }}>
        <Box component="form" onSubmit={show} noValidate sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <TextField
            id="fees-reconcile-month"
            label={t('fees.reconcile.month')}
            type="month"
            size="small"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              if (/^\d{4}-\d{2}$/.test(event.target.value)) void useFeesStore.getState().setMonth(event.target.value);
            }}
            slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'fees-reconcile-month' } }}
          />
          <Button type="submit" variant="outlined" data-testid="fees-reconcile-load">
            {t('fees.reconcile.load')}
          </Button>
        </Box>
        <Box sx={{ flexGrow: 1 }} />
        {supervisor && statement && !decided && (
          <>
            <Button variant="contained" color="success" onClick={() => void confirm()} data-testid="fees-reconcile-confirm">
              {t('fees.reconcile.confirm')}
            </Button>
            <Button variant="outlined" color="error" onClick={() => setDisputing(true)} data-testid="fees-reconcile-dispute">
              {t('fees.reconcile.dispute')}
            </Button>
          </>
        )}
        <ExportButtons
          name={i18next.getFixedT('zh')('fees.exports.files.reconcile')}
          suffix={month}
          build={(progress) => {
            const zh = i18next.getFixedT('zh');
            const zhColumns = reconcileColumns(zh, byCode, us);
            const data = shown?.reconciliation.rows ?? [];
            const zhRows = data.filter((row) => !onlyDifferences || row.state !== 'matched');
            progress(zhRows.length, zhRows.length);
            const zhTotals = shown ? reconcileTotals(zh, zhColumns, shown.statement ? shown.reconciliation.hubTotals : null, shown.reconciliation.hereTotals) : [];
            return Promise.resolve(textTable(zhColumns, zhRows, zhTotals));
          }}
          testId="fees-reconcile-export"
          disabled={!shown}
        />
      </Box>
      <Box aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} sx={{ mb: 1 }} data-testid="fees-reconcile-notice">
            {notice}
          </Alert>
        )}
      </Box>
      {actionError && <ErrorBanner error={actionError} testId="fees-reconcile-error" />}
      {viewError && <ErrorBanner error={viewError} onRetry={() => void useFeesStore.getState().loadMonth()} testId="fees-reconcile-load-error" />}
      {viewLoading && <LinearProgress aria-label={t('common.loading')} sx={{ mb: 1 }} />}
      {shown && !statement && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="fees-reconcile-none">
          {t('fees.reconcile.noStatement', { month })}
        </Alert>
      )}
      {shown && (
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Summary view={shown} />
          <TotalsTable view={shown} />
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
            <Typography variant="body2" data-testid="fees-reconcile-counts">
              {t('fees.reconcile.counts', shown.reconciliation.counts)}
            </Typography>
            <FormControlLabel
              control={<Checkbox checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} slotProps={{ input: { 'data-testid': 'fees-reconcile-only-differences' } as object }} />}
              label={t('fees.reconcile.onlyDifferences')}
            />
          </Box>
          <FeeTable<ReconciliationRow>
            label={t('fees.reconcile.tableLabel')}
            columns={columns}
            rows={rows}
            totals={totals}
            empty={onlyDifferences ? t('fees.reconcile.noDifferences') : t('fees.reconcile.empty')}
            testId="fees-reconcile-table"
            rowKey={(row) => row.id}
            rowProps={(row) => ({ 'data-entry-id': row.id, 'data-state': row.state, 'data-request-id': (row.hub ?? row.here)?.requestId ?? undefined })}
            rowSx={(row) => (row.state === 'matched' ? undefined : { bgcolor: (theme: Theme) => alpha(row.state === 'differs' ? theme.palette.error.main : theme.palette.warning.main, 0.08) })}
            render={(key, row, text) =>
              key === 'state' ? <Chip size="small" variant={row.state === 'matched' ? 'outlined' : 'filled'} color={STATE_COLOR[row.state]} label={text} /> : undefined
            }
          />
        </Box>
      )}
      <PastStatements />
      {disputing && shown && (
        <ReasonDialog
          title={t('fees.reconcile.disputeTitle', { month })}
          intro={t('fees.reconcile.disputeIntro')}
          name="comment"
          label={t('fees.reconcile.disputeComment')}
          initial={disputeComment(t, shown, us)}
          limit="reason"
          submit={t('fees.reconcile.submitDispute')}
          submitting={t('fees.reconcile.submitting')}
          cancel={t('fees.reconcile.cancel')}
          testId="fees-dispute-dialog"
          danger
          run={async (comment) => {
            await useFeesStore.getState().dispute(month, comment);
            setDisputing(false);
            setNotice(t('fees.reconcile.disputed', { month }));
          }}
          onClose={() => setDisputing(false)}
        />
      )}
    </Box>
  );
}
