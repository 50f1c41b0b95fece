// 帐务日志: every entry for the filters, newest first, a page at a time, with what it comes to
// (received, paid, net) for the whole filter. A supervisor enters by hand and reverses an entry.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import i18next from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../../../shared/ledger';
import type { LedgerRow } from '../../../../shared/types';
import { call } from '../../api';
import { EXPORT_CHUNK, LOG_PAGE_SIZE, filterInput, useFeesStore, type FeeFilters as Filters } from '../../store/fees';
import { useLibrariesStore } from '../../store/libraries';
import { useDeskStore } from '../../store/desk';
import { useIsSupervisor } from '../../store/session';
import { ErrorBanner } from '../ErrorBanner';
import { Pager } from '../shipping/Pager';
import { ExportButtons, type Progress } from './ExportButtons';
import { FeeFilters } from './FeeFilters';
import { FeeTable } from './FeeTable';
import { ManualEntryDialog } from './ManualEntryDialog';
import { ReasonDialog } from './ReasonDialog';
import { kindText, ledgerColumns, ledgerTotals, shortId, signedYuan, textTable, type Directory } from './columns';

/** What an export's file name says of the filter: its days, or 全部. */
export function rangeSuffix(filters: Filters): string {
  if (!filters.from && !filters.to) return i18next.getFixedT('zh')('fees.exports.files.all');
  return `${filters.from || '…'}_${filters.to || '…'}`;
}

/** The whole log for the filters as text, read 1000 entries at a time (the exports; always in Chinese). */
async function wholeLog(filters: Filters, byCode: Directory, us: string, progress: Progress) {
  const zh = i18next.getFixedT('zh');
  const items: LedgerRow[] = [];
  const reversed = new Set<string>();
  const first = await call('ledger.list', { ...filterInput(filters), limit: EXPORT_CHUNK, offset: 0 });
  const { total } = first;
  let page = first;
  for (;;) {
    items.push(...page.items);
    for (const item of page.items) if (item.reversedBy) reversed.add(item.id);
    progress(items.length, total);
    if (page.items.length === 0 || items.length >= total) break;
    page = await call('ledger.list', { ...filterInput(filters), limit: EXPORT_CHUNK, offset: items.length });
  }
  const columns = ledgerColumns(zh, byCode, reversed, us);
  return textTable(columns, items, ledgerTotals(zh, columns, first));
}

export function LedgerTab() {
  const { t } = useTranslation();
  const supervisor = useIsSupervisor();
  const byCode = useLibrariesStore((state) => state.byCode);
  const us = useDeskStore((state) => state.info?.libraryCode ?? '');
  const { filters, log, logPage, reversedIds, logLoading, logError } = useFeesStore();
  const [adding, setAdding] = useState(false);
  const [reversing, setReversing] = useState<LedgerRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const columns = useMemo(() => ledgerColumns(t, byCode, reversedIds, us), [t, byCode, reversedIds, us]);
  const totals = log ? ledgerTotals(t, columns, log) : [];
  const ref = (row: LedgerRow) => row.requestId ?? row.shipmentId ?? shortId(row.id);
  const filterError = logError && (logError.field === 'from' || logError.field === 'to') ? { field: logError.field, text: logError.message } : null;

  return (
    <Box data-testid="fees-log">
      <FeeFilters value={filters} onApply={(next) => useFeesStore.getState().setFilters(next)} error={filterError} />
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2, flexWrap: 'wrap', py: 1 }}>
        {log && (
          <Box sx={{ display: 'flex', gap: 3, flexWrap: 'wrap', alignItems: 'baseline' }} data-testid="fees-log-summary" aria-live="polite">
            <Typography variant="body2">{t('fees.log.totals.count', { count: log.total })}</Typography>
            <Typography variant="body2">
              {t('fees.log.totals.received')} <strong data-testid="fees-log-received">{signedYuan(log.receivedFen)}</strong>
            </Typography>
            <Typography variant="body2">
              {t('fees.log.totals.paid')} <strong data-testid="fees-log-paid">{signedYuan(-log.paidFen)}</strong>
            </Typography>
            <Typography variant="body2">
              {t('fees.log.totals.net')} <strong data-testid="fees-log-net">{signedYuan(log.netFen)}</strong>
            </Typography>
            {log.claimed > 0 && (
              <Typography variant="body2" color="text.secondary" data-testid="fees-log-claimed">
                {t('fees.log.claimedSummary', { count: log.claimed })}
              </Typography>
            )}
          </Box>
        )}
        <Box sx={{ flexGrow: 1 }} />
        {supervisor && (
          <Button variant="contained" onClick={() => setAdding(true)} data-testid="fees-manual-open">
            {t('fees.log.add')}
          </Button>
        )}
        <ExportButtons
          name={i18next.getFixedT('zh')('fees.exports.files.log')}
          suffix={rangeSuffix(filters)}
          build={(progress) => wholeLog(filters, byCode, us, progress)}
          testId="fees-log-export"
          disabled={!log || log.total === 0}
        />
      </Box>
      <Box aria-live="polite">
        {notice && (
          <Alert severity="success" onClose={() => setNotice(null)} sx={{ mb: 1 }} data-testid="fees-notice">
            {notice}
          </Alert>
        )}
      </Box>
      {logError && !filterError && <ErrorBanner error={logError} onRetry={() => void useFeesStore.getState().loadLog()} testId="fees-log-error" />}
      {logLoading && <LinearProgress aria-label={t('common.loading')} sx={{ mb: 1 }} />}
      <FeeTable<LedgerRow>
        label={t('fees.log.tableLabel')}
        columns={columns}
        rows={log?.items ?? []}
        totals={totals}
        empty={log ? t('fees.log.empty') : t('common.loading')}
        testId="fees-log-table"
        rowKey={(row) => row.id}
        rowProps={(row) => ({
          'data-entry-id': row.id,
          'data-request-id': row.requestId ?? undefined,
          'data-reverses': row.reversesId ?? undefined,
          'data-reversed': reversedIds.has(row.id) ? 'true' : undefined,
          'data-state': row.state,
        })}
        rowSx={(row) =>
          reversedIds.has(row.id)
            ? { '& td[data-col="amount"]': { textDecoration: 'line-through' } }
            : row.state === 'claimed'
              ? { '& td[data-col="amount"]': { color: 'text.secondary', fontStyle: 'italic' } }
              : row.reversesId
                ? { bgcolor: 'action.hover' }
                : undefined
        }
        actions={
          supervisor
            ? {
                header: t('fees.log.columns.actions'),
                // Only the library that made an entry reverses it (DESIGN §7).
                cell: (row) =>
                  row.reversesId || reversedIds.has(row.id) || row.madeBy !== us ? null : (
                    <Button size="small" color="error" onClick={() => setReversing(row)} aria-label={t('fees.log.reverseAria', { ref: ref(row) })} data-testid="fees-reverse-open">
                      {t('fees.log.reverse')}
                    </Button>
                  ),
              }
            : undefined
        }
      />
      {log && (
        <Pager
          page={logPage}
          pageSize={LOG_PAGE_SIZE}
          total={log.total}
          range={t('fees.log.range', { from: logPage * LOG_PAGE_SIZE + 1, to: Math.min(log.total, (logPage + 1) * LOG_PAGE_SIZE), total: log.total })}
          previous={t('fees.log.previous')}
          next={t('fees.log.next')}
          onPage={(page) => void useFeesStore.getState().loadLog(page)}
          testId="fees-log-pager"
        />
      )}
      {adding && (
        <ManualEntryDialog
          onClose={() => setAdding(false)}
          onDone={(entry) => {
            setAdding(false);
            setNotice(t('fees.log.added', { kind: kindText(t, entry.kind), amount: fenToYuan(entry.amountFen) }));
          }}
        />
      )}
      {reversing && (
        <ReasonDialog
          title={t('fees.reverse.title')}
          intro={t('fees.reverse.intro')}
          detail={
            <Typography variant="body2" data-testid="fees-reverse-entry">
              {t('fees.reverse.entry', { kind: kindText(t, reversing.kind), amount: signedYuan(reversing.signedFen), ref: ref(reversing) })}
            </Typography>
          }
          name="reason"
          label={t('fees.reverse.reason')}
          limit="reason"
          submit={t('fees.reverse.submit')}
          submitting={t('fees.reverse.submitting')}
          cancel={t('fees.reverse.cancel')}
          testId="fees-reverse-dialog"
          danger
          run={async (reason) => {
            await useFeesStore.getState().reverse(reversing.id, reason);
            setNotice(t('fees.log.reversedNotice', { ref: ref(reversing) }));
            setReversing(null);
          }}
          onClose={() => setReversing(null)}
        />
      )}
    </Box>
  );
}
