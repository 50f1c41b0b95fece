// The requests of one Lending desk tab: what the lender may see (no reader), with the tab's actions.
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../shared/types';
import { calendarDate, localDateTime } from '../../format';
import { StatusChip } from '../StatusChip';
import { libraryName, useLibrariesStore } from '../../store/libraries';

export interface LendingTableProps {
  rows: RequestSummary[];
  label: string;
  empty: string;
  testId: string;
  dateColumn: 'createdAt' | 'statusAt';
  showStatus?: boolean;
  showDue?: boolean;
  actions?: (row: RequestSummary) => ReactNode;
}

export function LendingTable({ rows, label, empty, testId, dateColumn, showStatus = false, showDue = false, actions }: LendingTableProps) {
  const { t } = useTranslation();
  const byCode = useLibrariesStore((state) => state.byCode);
  const columns = 5 + (showStatus ? 1 : 0) + (showDue ? 1 : 0) + (actions ? 1 : 0);
  return (
    <Table size="small" aria-label={label} data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell>{t('lending.columns.id')}</TableCell>
          <TableCell>{t('lending.columns.title')}</TableCell>
          <TableCell>{t('lending.columns.borrower')}</TableCell>
          <TableCell>{t('lending.columns.serviceType')}</TableCell>
          <TableCell>{t(`lending.columns.${dateColumn}`)}</TableCell>
          {showStatus && <TableCell>{t('lending.columns.status')}</TableCell>}
          {showDue && <TableCell>{t('lending.columns.lenderDueDate')}</TableCell>}
          {actions && <TableCell>{t('lending.columns.actions')}</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.length === 0 && (
          <TableRow>
            <TableCell colSpan={columns}>
              <Typography variant="body2" color="text.secondary">
                {empty}
              </Typography>
            </TableCell>
          </TableRow>
        )}
        {rows.map((row) => (
          <TableRow key={row.id} data-testid={`${testId}-row`} data-request-id={row.id} data-status={row.status}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.id}</TableCell>
            <TableCell sx={{ minWidth: 220 }}>
              <Box>{row.title}</Box>
              {row.author && (
                <Typography variant="caption" color="text.secondary">
                  {row.author}
                </Typography>
              )}
            </TableCell>
            <TableCell>{libraryName(byCode, row.borrowerCode, 'short')}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{t(`serviceType.${row.serviceType}`)}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{localDateTime(dateColumn === 'createdAt' ? row.createdAt : row.statusAt)}</TableCell>
            {showStatus && (
              <TableCell>
                <StatusChip status={row.status} />
              </TableCell>
            )}
            {showDue && (
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {row.lenderDueDate ? calendarDate(row.lenderDueDate) : t('common.empty')}
                {row.overdue && <Chip size="small" color="error" label={t('lending.overdue')} sx={{ ml: 1 }} />}
              </TableCell>
            )}
            {actions && <TableCell sx={{ whiteSpace: 'nowrap' }}>{actions(row)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
