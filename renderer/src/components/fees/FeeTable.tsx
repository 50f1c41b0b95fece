// A fee table drawn from its columns (the same the exports write): headers, rows, and the totals
// in the footer; optionally a last column of actions the export leaves out.
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableFooter from '@mui/material/TableFooter';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import type { Column } from './columns';

interface FeeTableProps<R> {
  label: string;
  columns: Column<R>[];
  rows: readonly R[];
  totals: string[][];
  empty: string;
  testId: string;
  rowKey: (row: R) => string;
  rowProps?: (row: R) => Record<string, string | undefined>;
  rowSx?: (row: R) => object | undefined;
  /** Cells drawn differently on screen (a chip); the text stays the column's. */
  render?: (key: string, row: R, text: string) => ReactNode | undefined;
  actions?: { header: string; cell: (row: R) => ReactNode };
}

export function FeeTable<R>({ label, columns, rows, totals, empty, testId, rowKey, rowProps, rowSx, render, actions }: FeeTableProps<R>) {
  const span = columns.length + (actions ? 1 : 0);
  return (
    // Wide tables scroll on their own, under the filters and buttons that stay in place (by keyboard too).
    <Box role="region" aria-label={label} tabIndex={0} sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={label} data-testid={testId} sx={{ '& td, & th': { verticalAlign: 'top' } }}>
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column.key} align={column.money ? 'right' : 'left'} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }} data-col={column.key}>
                {column.header}
              </TableCell>
            ))}
            {actions && <TableCell sx={{ fontWeight: 600 }}>{actions.header}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={span}>
                <Typography variant="body2" color="text.secondary" data-testid={`${testId}-empty`}>
                  {empty}
                </Typography>
              </TableCell>
            </TableRow>
          )}
          {rows.map((row) => (
            <TableRow key={rowKey(row)} data-testid={`${testId}-row`} {...rowProps?.(row)} sx={rowSx?.(row)}>
              {columns.map((column) => {
                const text = column.cell(row);
                return (
                  <TableCell
                    key={column.key}
                    align={column.money ? 'right' : 'left'}
                    data-col={column.key}
                    data-text={text}
                    sx={{
                      whiteSpace: column.wide ? 'normal' : 'nowrap',
                      minWidth: column.wide ? 180 : undefined,
                      fontFamily: column.mono || column.money ? 'monospace' : undefined,
                    }}
                  >
                    {render?.(column.key, row, text) ?? text}
                  </TableCell>
                );
              })}
              {actions && <TableCell sx={{ whiteSpace: 'nowrap' }}>{actions.cell(row)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
        {totals.length > 0 && (
          <TableFooter>
            {totals.map((line, index) => (
              <TableRow key={index} data-testid={`${testId}-total`}>
                {line.map((text, i) => (
                  <TableCell
                    key={columns[i]?.key ?? i}
                    align={columns[i]?.money ? 'right' : 'left'}
                    data-col={columns[i]?.key}
                    data-text={text}
                    sx={{ fontWeight: 700, color: 'text.primary', fontSize: '0.875rem', whiteSpace: 'nowrap', fontFamily: columns[i]?.money ? 'monospace' : undefined }}
                  >
                    {text}
                  </TableCell>
                ))}
                {actions && <TableCell />}
              </TableRow>
            ))}
          </TableFooter>
        )}
      </Table>
    </Box>
  );
}
