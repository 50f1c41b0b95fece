// 费用统计: per request, what its entries come to for our library, and 费用总计 under them.
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import i18next from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFeesStore } from '../../store/fees';
import { ErrorBanner } from '../ErrorBanner';
import { ExportButtons } from './ExportButtons';
import { FeeFilters } from './FeeFilters';
import { FeeTable } from './FeeTable';
import { rangeSuffix } from './LedgerTab';
import { statsColumns, statsTotals, textTable, type FeeStatsRow } from './columns';

export function StatsTab() {
  const { t } = useTranslation();
  const { filters, stats, statsLoading, statsError } = useFeesStore();
  const columns = useMemo(() => statsColumns(t), [t]);
  const filterError = statsError && (statsError.field === 'from' || statsError.field === 'to') ? { field: statsError.field, text: statsError.message } : null;

  return (
    <Box data-testid="fees-stats">
      <FeeFilters value={filters} onApply={(next) => useFeesStore.getState().setFilters(next)} error={filterError} />
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', py: 1 }}>
        <ExportButtons
          name={i18next.getFixedT('zh')('fees.exports.files.stats')}
          suffix={rangeSuffix(filters)}
          build={(progress) => {
            const zh = i18next.getFixedT('zh');
            const zhColumns = statsColumns(zh);
            const current = stats ?? { rows: [], totalFen: 0 };
            progress(current.rows.length, current.rows.length);
            return Promise.resolve(textTable(zhColumns, current.rows, statsTotals(zh, zhColumns, current)));
          }}
          testId="fees-stats-export"
          disabled={!stats || stats.rows.length === 0}
        />
      </Box>
      {statsError && !filterError && <ErrorBanner error={statsError} onRetry={() => void useFeesStore.getState().loadStats()} testId="fees-stats-error" />}
      {statsLoading && <LinearProgress aria-label={t('common.loading')} sx={{ mb: 1 }} />}
      <FeeTable<FeeStatsRow>
        label={t('fees.stats.tableLabel')}
        columns={columns}
        rows={stats?.rows ?? []}
        totals={stats ? statsTotals(t, columns, stats) : []}
        empty={stats ? t('fees.stats.empty') : t('common.loading')}
        testId="fees-stats-table"
        rowKey={(row) => row.requestId}
        rowProps={(row) => ({ 'data-request-id': row.requestId })}
      />
    </Box>
  );
}
