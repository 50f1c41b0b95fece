// Writes a table as the screen shows it to XLSX (exceljs, loaded only when the clerk exports) or
// CSV (with a UTF-8 byte-order mark, so Excel opens the Chinese right), and hands it to the
// browser as a download. Cells are the screen's text, so money keeps its two decimals and sign.
import type { TextTable } from './columns';

export type ExportFormat = 'xlsx' | 'csv';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(table: TextTable): Blob {
  const lines = [table.headers, ...table.rows, ...table.totals].map((cells) => cells.map(csvCell).join(','));
  return new Blob(['\uFEFF', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
}

export async function toXlsx(table: TextTable, sheetName: string): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ILL Desk';
  const sheet = workbook.addWorksheet(sheetName);
  const header = sheet.addRow(table.headers);
  header.font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  for (const row of table.totals) sheet.addRow(row).font = { bold: true };
  sheet.columns.forEach((column, index) => {
    const widest = Math.max(...[table.headers, ...table.rows, ...table.totals].map((cells) => [...(cells[index] ?? '')].length * 1.6));
    column.width = Math.min(60, Math.max(8, Math.ceil(widest)));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: XLSX_TYPE });
}

export async function exportBlob(table: TextTable, format: ExportFormat, sheetName: string): Promise<Blob> {
  return format === 'xlsx' ? toXlsx(table, sheetName) : toCsv(table);
}

/** Hands a file to the browser (or Electron's download) by a link click. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download time to start before the address goes.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
