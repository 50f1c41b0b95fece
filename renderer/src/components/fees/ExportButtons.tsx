// 导出 XLSX / 导出 CSV for a tab: builds the table (paging through long lists, with a progress bar
// saying how far it is), writes the file and hands it to the browser.
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError, type ApiError } from '../../api';
import { ErrorBanner } from '../ErrorBanner';
import type { TextTable } from './columns';
import { download, exportBlob, type ExportFormat } from './exportTable';

export type Progress = (done: number, total: number) => void;

interface ExportButtonsProps {
  /** What the file holds, e.g. 帐务日志; also the sheet's name. */
  name: string;
  /** What the file name says after the name: the dates or the month. */
  suffix: string;
  build: (progress: Progress) => Promise<TextTable>;
  testId: string;
  disabled?: boolean;
}

export function ExportButtons({ name, suffix, build, testId, disabled = false }: ExportButtonsProps) {
  const { t } = useTranslation();
  const [running, setRunning] = useState<ExportFormat | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (format: ExportFormat) => {
    setRunning(format);
    setError(null);
    setDone(null);
    setProgress(null);
    try {
      const table = await build((d, total) => setProgress({ done: d, total }));
      const blob = await exportBlob(table, format, name);
      const fileName = `${name}_${suffix}.${format}`;
      download(blob, fileName);
      setDone(fileName);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setRunning(null);
    }
  };

  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <Box data-testid={testId} sx={{ display: 'grid', gap: 1, justifyItems: 'end' }}>
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button variant="outlined" size="small" disabled={disabled || running !== null} onClick={() => void run('xlsx')} data-testid={`${testId}-xlsx`}>
          {t('fees.exports.xlsx')}
        </Button>
        <Button variant="outlined" size="small" disabled={disabled || running !== null} onClick={() => void run('csv')} data-testid={`${testId}-csv`}>
          {t('fees.exports.csv')}
        </Button>
      </Box>
      {running !== null && progress !== null && (
        <Box sx={{ width: 260 }} data-testid={`${testId}-progress`}>
          <LinearProgress variant="determinate" value={percent} aria-label={t('fees.exports.progress', progress)} />
          <Typography variant="caption" aria-live="polite">
            {t('fees.exports.progress', progress)}
          </Typography>
        </Box>
      )}
      <Box aria-live="polite">
        {done !== null && running === null && (
          <Typography variant="caption" color="text.secondary" data-testid={`${testId}-done`}>
            {t('fees.exports.done', { file: done })}
          </Typography>
        )}
      </Box>
      {error && <ErrorBanner error={error} testId={`${testId}-error`} />}
    </Box>
  );
}
