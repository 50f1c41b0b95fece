// 图表: the last 12 months from fees.summary — requests borrowed and lent per month, money received
// and paid per month (yuan), and the ten busiest partner libraries. Each chart is a figure named by
// its caption, with its figures in a visually hidden table for screen readers.
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { visuallyHidden } from '../a11y';
import { BarChart } from '@mui/x-charts/BarChart';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { fenToYuan } from '../../../../shared/ledger';
import { useFeesStore } from '../../store/fees';
import { libraryName, useLibrariesStore } from '../../store/libraries';
import { ErrorBanner } from '../ErrorBanner';

interface ChartFigureProps {
  title: string;
  description: string;
  headers: string[];
  rows: string[][];
  testId: string;
  children: React.ReactNode;
}

function ChartFigure({ title, description, headers, rows, testId, children }: ChartFigureProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  return (
    <Paper variant="outlined" component="figure" aria-labelledby={titleId} aria-describedby={descId} sx={{ m: 0, p: 2 }} data-testid={testId}>
      <Typography id={titleId} component="h3" variant="subtitle1" sx={{ fontWeight: 700 }}>
        {title}
      </Typography>
      <Typography id={descId} variant="body2" color="text.secondary">
        {description}
      </Typography>
      {/* The picture is for the eye; the visually hidden table below says the same to a screen reader. */}
      <Box>{children}</Box>
      <Box component="table" sx={visuallyHidden}>
        <caption>{t('fees.charts.tableCaption', { chart: title })}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row[0]}>
              {row.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </Box>
    </Paper>
  );
}

export function ChartsTab() {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const { summary, summaryRange, summaryError } = useFeesStore();

  if (summaryError) return <ErrorBanner error={summaryError} onRetry={() => void useFeesStore.getState().loadSummary()} testId="fees-charts-error" />;
  if (!summary || !summaryRange) return <Typography color="text.secondary">{t('common.loading')}</Typography>;

  const months = summary.months.map((m) => m.month);
  const partners = summary.partners.slice(0, 10);
  const yuan = (fen: number) => Number(fenToYuan(fen));
  const names = partners.map((p) => libraryName(byCode, p.code, 'short') || p.name);
  return (
    <Box data-testid="fees-charts" sx={{ display: 'grid', gap: 2, py: 1 }}>
      <Typography variant="body2">{t('fees.charts.intro', summaryRange)}</Typography>
      <ChartFigure
        title={t('fees.charts.requests')}
        description={t('fees.charts.requestsDesc')}
        headers={[t('fees.charts.month'), t('fees.charts.borrowed'), t('fees.charts.lent')]}
        rows={summary.months.map((m) => [m.month, String(m.borrowed), String(m.lent)])}
        testId="fees-chart-requests"
      >
        <BarChart
          height={260}
          xAxis={[{ scaleType: 'band', data: months }]}
          series={[
            { data: summary.months.map((m) => m.borrowed), label: t('fees.charts.borrowed') },
            { data: summary.months.map((m) => m.lent), label: t('fees.charts.lent') },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        title={t('fees.charts.money')}
        description={t('fees.charts.moneyDesc')}
        headers={[t('fees.charts.month'), t('fees.charts.received'), t('fees.charts.paid')]}
        rows={summary.months.map((m) => [m.month, fenToYuan(m.receivedFen), fenToYuan(m.paidFen)])}
        testId="fees-chart-money"
      >
        <BarChart
          height={260}
          xAxis={[{ scaleType: 'band', data: months }]}
          series={[
            { data: summary.months.map((m) => yuan(m.receivedFen)), label: t('fees.charts.received'), valueFormatter: (v) => (v === null ? '' : v.toFixed(2)) },
            { data: summary.months.map((m) => yuan(m.paidFen)), label: t('fees.charts.paid'), valueFormatter: (v) => (v === null ? '' : v.toFixed(2)) },
          ]}
        />
      </ChartFigure>
      <ChartFigure
        title={t('fees.charts.partners')}
        description={t('fees.charts.partnersDesc')}
        headers={[t('fees.charts.library'), t('fees.charts.borrowed'), t('fees.charts.lent'), t('fees.charts.net')]}
        rows={partners.map((p, i) => [names[i] ?? p.code, String(p.borrowed), String(p.lent), fenToYuan(p.netFen)])}
        testId="fees-chart-partners"
      >
        {partners.length === 0 ? (
          <Alert severity="info">{t('fees.charts.noPartners')}</Alert>
        ) : (
          <BarChart
            height={Math.max(200, 40 + partners.length * 32)}
            layout="horizontal"
            yAxis={[{ scaleType: 'band', data: names, width: 110 }]}
            series={[
              { data: partners.map((p) => p.borrowed), label: t('fees.charts.borrowed') },
              { data: partners.map((p) => p.lent), label: t('fees.charts.lent') },
            ]}
          />
        )}
      </ChartFigure>
    </Box>
  );
}
