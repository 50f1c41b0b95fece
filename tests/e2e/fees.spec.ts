// The Fees screen (费用) in Chromium on the demo store: the account log (帐务日志) with its totals, a
// supervisor's manual entry and its reversal, the fee statistics (费用统计), the month's
// reconciliation with the hub's statement (a planted difference found and disputed), a clerk who
// sees none of the supervisor's buttons, and exports read back cell by cell against the screen.
// The store is shared by the worker's tests: entries are made here and found by their reason.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Download, Page } from '@playwright/test';
import { CONSORTIUM, fenToYuan, monthOf, netFor, reconcile, statementTotals, sumFen, type StatementData, type StatementLine } from '../../shared/ledger';
import { calendarDay } from '../../shared/rules';
import type { LedgerRow } from '../../shared/types';
import type { DeskRuntime } from '../../main/runtime';
import { expect, openScreen, test } from './fixtures';
import { missingI18nKeys, run, seriousViolations } from './helpers';

const US = '211130';
const PARTNER = '211060';

function signed(fen: number): string {
  return fen > 0 ? `+${fenToYuan(fen)}` : fenToYuan(fen);
}

/** Every entry for a filter, read as the screen's export does. */
async function allEntries(runtime: DeskRuntime, filter: { libraryCode?: string; from?: string; to?: string }): Promise<LedgerRow[]> {
  const items: LedgerRow[] = [];
  for (;;) {
    const page = await run(runtime, 'ledger.list', { ...filter, limit: 1000, offset: items.length });
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

/** A table on screen as text: headers, body rows, footer rows (the cells of the given columns only). */
async function screenTable(page: Page, testId: string): Promise<{ headers: string[]; rows: string[][]; totals: string[][] }> {
  return page.getByTestId(testId).evaluate((table) => {
    const cells = (row: Element) => [...row.querySelectorAll('[data-col]')].map((cell) => (cell as HTMLElement).innerText.trim());
    return {
      headers: cells(table.querySelector('thead tr')!),
      rows: [...table.querySelectorAll('tbody tr[data-testid$="-row"]')].map(cells),
      totals: [...table.querySelectorAll('tfoot tr')].map(cells),
    };
  });
}

async function readXlsx(download: Download): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i += 1) {
      const value = row.getCell(i).value;
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

/** RFC 4180 CSV, as Excel reads it; the file must start with a UTF-8 BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function readCsv(download: Download): Promise<string[][]> {
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(bytes.subarray(3).toString('utf8'));
}

async function exportFile(page: Page, testId: string, format: 'xlsx' | 'csv'): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`${testId}-${format}`).click()]);
  return download;
}

async function pickLibrary(page: Page, scope: ReturnType<Page['getByTestId']>, field: string, code: string): Promise<void> {
  await scope.getByTestId(field).click();
  await scope.getByTestId(field).fill(code);
  await page.locator(`[data-testid="library-option"][data-code="${code}"]`).click();
}

const today = () => calendarDay(new Date().toISOString());

test('the account log shows the entries made at the desk, with exact totals for the filter', async ({ page, desk }) => {
  const marker = randomUUID().slice(0, 8);
  // Amounts whose sum a float would get wrong (0.1 + 0.2 style): 10.01 + 20.02 paid (in force at
  // once: we pay), and 0.07 claimed from the partner, shown but not counted until it accepts.
  await run(desk.runtime, 'ledger.add', { kind: 'overdue_fine', amountFen: 1001, direction: 'pay', counterparty: PARTNER, reason: `e2e ${marker} a` });
  await run(desk.runtime, 'ledger.add', { kind: 'lost_charge', amountFen: 2002, direction: 'pay', counterparty: PARTNER, reason: `e2e ${marker} b` });
  await run(desk.runtime, 'ledger.add', { kind: 'refund', amountFen: 7, direction: 'receive', counterparty: PARTNER, reason: `e2e ${marker} c` });
  const filter = { libraryCode: PARTNER, from: today(), to: today() };
  const entries = await allEntries(desk.runtime, filter);
  const counted = entries.filter((e) => e.state === 'in_force');
  const received = sumFen(counted.map((e) => Math.max(0, netFor(US, e))));
  const paid = sumFen(counted.map((e) => Math.max(0, -netFor(US, e))));
  expect(entries.length - counted.length).toBeGreaterThan(0);

  await openScreen(page, desk.host.url, 'fees');
  await expect(page.getByTestId('fees-log-table')).toBeVisible();
  await expect(page.getByTestId('fees-log-table').getByRole('columnheader', { name: '申请单号' })).toBeVisible();
  const filters = page.getByTestId('fees-filters');
  await pickLibrary(page, filters, 'field-libraryCode', PARTNER);
  await page.getByTestId('fees-filter-from').fill(today());
  await page.getByTestId('fees-filter-to').fill(today());
  await page.getByTestId('fees-filter-apply').click();

  await expect(page.getByTestId('fees-log-received')).toHaveText(signed(received));
  await expect(page.getByTestId('fees-log-paid')).toHaveText(signed(-paid));
  await expect(page.getByTestId('fees-log-net')).toHaveText(signed(received - paid));
  await expect(page.getByTestId('fees-log-claimed')).toHaveText(`另有 ${entries.length - counted.length} 条待确认，不计入合计`);
  const table = await screenTable(page, 'fees-log-table');
  expect(table.headers).toEqual(['申请单号', '题名', '责任者', '类型', '付款方', '收款方', '收费金额', '操作员代码', '操作时间', '备注']);
  expect(table.rows.length).toBe(Math.min(50, entries.length));
  const libraries = await run(desk.runtime, 'libraries.list', {});
  const short = (code: string) => libraries.find((l) => l.code === code)!.shortName;
  const [them, us] = [short(PARTNER), short(US)];
  for (const [reason, kind, amount, payer, payee, claimed] of [
    [`e2e ${marker} a`, '逾期罚款', '-10.01', us, them, false],
    [`e2e ${marker} b`, '丢书赔偿', '-20.02', us, them, false],
    [`e2e ${marker} c`, '退款', '+0.07', them, us, true],
  ] as const) {
    const row = table.rows.find((cells) => cells[9]!.includes(reason));
    expect(row, reason).toBeDefined();
    expect(row![3]).toBe(kind);
    expect(row![6]).toBe(amount);
    expect(row![7]).toBe('by01');
    expect([row![4], row![5]]).toEqual([payer, payee]);
    expect(row![9]!.includes('待对方确认，不计入合计'), reason).toBe(claimed);
  }
  expect(table.totals.map((line) => [line[0], line[6]])).toEqual([
    ['收入', signed(received)],
    ['支出', signed(-paid)],
    ['净额', signed(received - paid)],
  ]);
  await page.screenshot({ path: test.info().outputPath('fees-log.png'), fullPage: true });
});

test('a manual entry: a wrong amount is refused at the field and nothing stored; then it is entered and reversed', async ({ page, desk }) => {
  const marker = `manual ${randomUUID().slice(0, 8)}`;
  const before = (await run(desk.runtime, 'ledger.list', { limit: 1 })).total;
  await openScreen(page, desk.host.url, 'fees');
  await page.getByTestId('fees-manual-open').click();
  const dialog = page.getByTestId('fees-manual-dialog');
  await dialog.getByTestId('field-kind').selectOption('overdue_fine');
  await dialog.getByTestId('field-amount').fill('12.345');
  await pickLibrary(page, dialog, 'field-counterparty', PARTNER);
  await dialog.getByTestId('field-reason').fill(marker);
  await dialog.getByTestId('fees-manual-submit').click();
  await expect(dialog.getByTestId('field-error-amount')).toContainText('最多两位小数');
  await expect(dialog.getByTestId('field-amount')).toHaveAttribute('aria-invalid', 'true');
  expect((await run(desk.runtime, 'ledger.list', { limit: 1 })).total).toBe(before);

  // No reason: main refuses it at the reason field.
  await dialog.getByTestId('field-amount').fill('12.34');
  await dialog.getByTestId('field-reason').fill('');
  await dialog.getByTestId('fees-manual-submit').click();
  await expect(dialog.getByTestId('field-error-reason')).toBeVisible();
  expect((await run(desk.runtime, 'ledger.list', { limit: 1 })).total).toBe(before);

  await dialog.getByTestId('field-reason').fill(marker);
  await dialog.getByTestId('fees-manual-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('fees-notice')).toContainText('已记账：逾期罚款 12.34 元');
  const entry = (await run(desk.runtime, 'ledger.list', { limit: 5 })).items.find((e) => e.reason === marker)!;
  expect(entry).toMatchObject({ kind: 'overdue_fine', amountFen: 1234, payer: PARTNER, payee: US, source: 'manual', operator: 'by01' });

  const row = page.locator(`[data-testid="fees-log-table-row"][data-entry-id="${entry.id}"]`);
  await expect(row.locator('[data-col="amount"]')).toHaveText('+12.34');
  await row.getByTestId('fees-reverse-open').click();
  const reverse = page.getByTestId('fees-reverse-dialog');
  await expect(reverse.getByTestId('fees-reverse-entry')).toContainText('逾期罚款 · +12.34 元');
  await reverse.getByTestId('field-reason').fill('记错了对方馆');
  await page.screenshot({ path: test.info().outputPath('fees-reverse-dialog.png'), fullPage: true });
  await reverse.getByTestId('fees-reverse-dialog-submit').click();
  await expect(reverse).toHaveCount(0);

  const reversal = page.locator(`[data-testid="fees-log-table-row"][data-reverses="${entry.id}"]`);
  await expect(reversal.locator('[data-col="amount"]')).toHaveText('-12.34');
  await expect(reversal.locator('[data-col="note"]')).toContainText(`冲销 ${entry.id.slice(0, 8)}`);
  await expect(reversal.locator('[data-col="note"]')).toContainText('原因：记错了对方馆');
  // It was still claimed from 北航: the reversal withdraws it, and neither is counted.
  await expect(reversal.locator('[data-col="note"]')).toContainText('已撤回，不计入合计');
  await expect(row.locator('[data-col="note"]')).toContainText('已撤回，不计入合计');
  await expect(row).toHaveAttribute('data-reversed', 'true');
  await expect(row.locator('[data-col="note"]')).toContainText('已冲销');
  await expect(row.getByTestId('fees-reverse-open')).toHaveCount(0);
  await expect(reversal.getByTestId('fees-reverse-open')).toHaveCount(0);
  const stored = (await run(desk.runtime, 'ledger.list', { limit: 5 })).items.find((e) => e.reversesId === entry.id)!;
  expect(stored.amountFen).toBe(-1234);
});

test('fee statistics: per request, with 费用总计 equal to the desk\'s total', async ({ page, desk }) => {
  const queue = await run(desk.runtime, 'queue.list', { side: 'borrowing', limit: 5 });
  const requestId = queue.rows[0]!.id;
  await run(desk.runtime, 'ledger.add', { kind: 'overdue_fine', amountFen: 333, direction: 'pay', counterparty: PARTNER, requestId, reason: 'e2e stats' });
  const stats = await run(desk.runtime, 'ledger.feeStats', { from: today(), to: today() });

  await openScreen(page, desk.host.url, 'fees');
  await page.getByTestId('fees-tab-stats').click();
  await page.getByTestId('fees-filter-from').fill(today());
  await page.getByTestId('fees-filter-to').fill(today());
  await page.getByTestId('fees-filter-apply').click();
  const row = page.locator(`[data-testid="fees-stats-table-row"][data-request-id="${requestId}"]`);
  await expect(row).toBeVisible();
  const expected = stats.rows.find((r) => r.requestId === requestId)!;
  await expect(row.locator('[data-col="fee"]')).toHaveText(signed(expected.feeFen));
  const table = await screenTable(page, 'fees-stats-table');
  expect(table.headers).toEqual(['申请单号', '题名', '作者', '处理日期', '状态', '费用']);
  expect(table.rows.length).toBe(stats.rows.length);
  expect(table.totals).toEqual([['费用总计', '', '', '', '', signed(stats.totalFen)]]);
  const download = await exportFile(page, 'fees-stats-export', 'xlsx');
  expect(download.suggestedFilename()).toBe(`费用统计_${today()}_${today()}.xlsx`);
  expect(await readXlsx(download)).toEqual([table.headers, ...table.rows, ...table.totals]);
  await page.screenshot({ path: test.info().outputPath('fees-stats.png'), fullPage: true });
});

/** Stands in for the hub's pull (kind `statement`): this month's statement with a planted difference. */
async function plantStatement(runtime: DeskRuntime, month: string): Promise<{ hubOnlyId: string; differingId: string }> {
  const view = await run(runtime, 'statement.get', { month });
  const here = view.reconciliation.rows.map((row) => row.here!).filter(Boolean);
  expect(here.length).toBeGreaterThan(0);
  const differing = here[0]!;
  const hubOnly: StatementLine = {
    id: `subsidy:E2E-${randomUUID().slice(0, 6)}`,
    kind: 'subsidy',
    amountFen: 500,
    payer: CONSORTIUM,
    payee: US,
    requestId: 'BY-E2E-HUB',
    shipmentId: null,
    createdAt: new Date().toISOString(),
    reversesId: null,
  };
  const lines: StatementLine[] = [...here.map((line) => (line === differing ? { ...line, amountFen: line.amountFen + 150 } : line)), hubOnly];
  const data: StatementData = {
    month,
    libraryCode: US,
    subsidyRateFen: 500,
    filledAsLender: 3,
    filledAsBorrower: 2,
    lines,
    totals: statementTotals(US, lines),
    computedAt: new Date().toISOString(),
  };
  runtime.ctx.db
    .prepare('INSERT OR REPLACE INTO statements (month, library_code, status, data_json, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(month, US, 'RECEIVED', JSON.stringify(data), new Date().toISOString());
  return { hubOnlyId: hubOnly.id, differingId: differing.id };
}

test('the reconciliation finds the planted difference, and a dispute names the lines', async ({ page, desk }) => {
  const month = monthOf(new Date().toISOString());
  await run(desk.runtime, 'ledger.add', { kind: 'lost_charge', amountFen: 4567, direction: 'receive', counterparty: PARTNER, reason: 'e2e reconcile' });
  const { hubOnlyId, differingId } = await plantStatement(desk.runtime, month);
  const view = await run(desk.runtime, 'statement.get', { month });
  const expected = reconcile({ month, libraryCode: US, lines: view.statement!.lines }, view.reconciliation.rows.flatMap((r) => (r.here ? [r.here] : [])));

  await openScreen(page, desk.host.url, 'fees');
  await page.getByTestId('fees-tab-reconcile').click();
  await page.getByTestId('fees-reconcile-month').fill(month);
  await expect(page.getByTestId('fees-reconcile-status')).toHaveAttribute('data-status', 'RECEIVED');
  await expect(page.getByTestId('fees-reconcile-rate')).toHaveText('5.00 元');

  const hubOnly = page.locator(`[data-testid="fees-reconcile-table-row"][data-entry-id="${hubOnlyId}"]`);
  await expect(hubOnly).toHaveAttribute('data-state', 'onlyHub');
  await expect(hubOnly.locator('[data-col="state"]')).toHaveText('仅中心有');
  await expect(hubOnly.locator('[data-col="hubAmount"]')).toHaveText('+5.00');
  await expect(hubOnly.locator('[data-col="hereAmount"]')).toHaveText('—');
  await expect(hubOnly.locator('[data-col="difference"]')).toHaveText('-5.00');
  const differs = page.locator(`[data-testid="fees-reconcile-table-row"][data-entry-id="${differingId}"]`);
  await expect(differs.locator('[data-col="state"]')).toHaveText('金额不符');
  const row = expected.rows.find((r) => r.id === differingId)!;
  await expect(differs.locator('[data-col="difference"]')).toHaveText(signed(row.differenceFen));
  expect(Math.abs(row.differenceFen)).toBe(150);

  // Totals side by side, to the fen, and the differing ones marked.
  const net = page.locator('[data-testid="fees-reconcile-total"][data-key="netFen"]');
  await expect(net.locator('[data-col="hub"]')).toHaveText(signed(expected.hubTotals.netFen));
  await expect(net.locator('[data-col="here"]')).toHaveText(signed(expected.hereTotals.netFen));
  await expect(net).toHaveAttribute('data-differs', 'true');
  await expect(page.locator('[data-testid="fees-reconcile-total"][data-key="subsidyFen"]')).toHaveAttribute('data-differs', 'true');
  const { counts } = expected;
  await expect(page.getByTestId('fees-reconcile-counts')).toHaveText(`一致 ${counts.matched} · 仅中心有 ${counts.onlyHub} · 仅本馆有 ${counts.onlyHere} · 金额不符 ${counts.differs}`);
  await page.getByTestId('fees-reconcile-only-differences').check();
  await expect(page.getByTestId('fees-reconcile-table-row')).toHaveCount(counts.onlyHub + counts.onlyHere + counts.differs);
  await page.getByTestId('fees-reconcile-only-differences').uncheck();
  await page.screenshot({ path: test.info().outputPath('reconciliation.png'), fullPage: true });

  await page.getByTestId('fees-reconcile-dispute').click();
  const dialog = page.getByTestId('fees-dispute-dialog');
  const comment = dialog.getByTestId('field-comment');
  await expect(comment).toContainText(hubOnlyId);
  await expect(comment).toContainText(differingId.slice(0, 8));
  await expect(comment).toContainText('BY-E2E-HUB');
  await dialog.getByTestId('fees-dispute-dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('fees-reconcile-status')).toHaveAttribute('data-status', 'DISPUTED');
  await expect(page.getByTestId('fees-reconcile-comment')).toContainText(hubOnlyId);
  await expect(page.locator(`[data-testid="fees-statements-row"][data-month="${month}"]`)).toHaveAttribute('data-status', 'DISPUTED');
  const stored = await run(desk.runtime, 'statement.get', { month });
  expect(stored.statement!.status).toBe('DISPUTED');
  expect(stored.statement!.comment).toContain(hubOnlyId);

  // The demo's last month came from the hub too; the supervisor confirms it.
  const list = await run(desk.runtime, 'statements.list', {});
  const open = list.find((s) => s.status === 'RECEIVED');
  if (open) {
    await page.locator(`[data-testid="fees-statements-row"][data-month="${open.month}"]`).getByRole('button').click();
    await expect(page.getByTestId('fees-reconcile-status')).toHaveAttribute('data-status', 'RECEIVED');
    await page.screenshot({ path: test.info().outputPath('reconciliation-demo-month.png'), fullPage: true });
    await page.getByTestId('fees-reconcile-confirm').click();
    await expect(page.getByTestId('fees-reconcile-status')).toHaveAttribute('data-status', 'CONFIRMED');
    await expect(page.getByTestId('fees-reconcile-confirm')).toHaveCount(0);
    expect((await run(desk.runtime, 'statement.get', { month: open.month })).statement!.status).toBe('CONFIRMED');
  }
});

test('exports of the account log and the reconciliation read back equal to the screen', async ({ page, desk }) => {
  await run(desk.runtime, 'ledger.add', { kind: 'refund', amountFen: 1, direction: 'pay', counterparty: PARTNER, reason: '含逗号, 和"引号"的原因' });
  await openScreen(page, desk.host.url, 'fees');
  await pickLibrary(page, page.getByTestId('fees-filters'), 'field-libraryCode', PARTNER);
  await page.getByTestId('fees-filter-from').fill(today());
  await page.getByTestId('fees-filter-to').fill(today());
  await page.getByTestId('fees-filter-apply').click();
  await expect(page.getByTestId('fees-log-table-row').first()).toBeVisible();
  const total = (await run(desk.runtime, 'ledger.list', { libraryCode: PARTNER, from: today(), to: today(), limit: 1 })).total;
  await expect(page.getByTestId('fees-log-table-row')).toHaveCount(Math.min(50, total));
  const log = await screenTable(page, 'fees-log-table');

  for (const format of ['xlsx', 'csv'] as const) {
    const download = await exportFile(page, 'fees-log-export', format);
    expect(download.suggestedFilename()).toBe(`帐务日志_${today()}_${today()}.${format}`);
    const cells = format === 'xlsx' ? await readXlsx(download) : await readCsv(download);
    expect(cells[0]).toEqual(log.headers);
    expect(cells.length).toBe(1 + total + 3);
    expect(cells.slice(1, 1 + log.rows.length)).toEqual(log.rows);
    expect(cells.slice(1 + total)).toEqual(log.totals);
  }

  const month = monthOf(new Date().toISOString());
  await page.getByTestId('fees-tab-reconcile').click();
  await page.getByTestId('fees-reconcile-month').fill(month);
  await expect(page.getByTestId('fees-reconcile-table-row').first()).toBeVisible();
  const rec = await screenTable(page, 'fees-reconcile-table');
  expect(rec.headers).toEqual(['对账结果', '类型', '申请单号/包裹', '付款方', '收款方', '中心金额', '本馆金额', '差额']);
  for (const format of ['xlsx', 'csv'] as const) {
    const download = await exportFile(page, 'fees-reconcile-export', format);
    expect(download.suggestedFilename()).toBe(`月度对账_${month}.${format}`);
    const cells = format === 'xlsx' ? await readXlsx(download) : await readCsv(download);
    expect(cells).toEqual([rec.headers, ...rec.rows, ...rec.totals]);
  }
});

test('a long account log exports 1000 entries at a time, with a progress bar, every entry in the file', async ({ page, freshDesk }) => {
  // A desk of its own: the thousand entries made here stay out of the other specs' store.
  freshDesk.runtime.signIn('by01', 'demo1234');
  const existing = (await run(freshDesk.runtime, 'ledger.list', { limit: 1 })).total;
  for (let i = existing; i <= 2100; i += 1) {
    await run(freshDesk.runtime, 'ledger.add', { kind: 'refund', amountFen: 1 + (i % 97), direction: 'pay', counterparty: CONSORTIUM, reason: `e2e bulk ${i}` });
  }
  const all = await run(freshDesk.runtime, 'ledger.list', { limit: 1 });
  expect(all.total).toBeGreaterThan(2000);
  await openScreen(page, freshDesk.host.url, 'fees');
  await expect(page.getByTestId('fees-log-table-row')).toHaveCount(50);
  await expect(page.getByTestId('fees-log-pager')).toContainText(`第 1–50 条，共 ${all.total} 条`);
  // Slow the answers down (they stay the desk's real answers) so the progress can be seen.
  await page.route('**/api/ledger.list', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const [whole] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.getByTestId('fees-log-export-csv').click();
      await expect(page.getByTestId('fees-log-export-progress')).toContainText(`已导出 1000 / ${all.total}`);
      await expect(page.getByTestId('fees-log-export-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', String(Math.round((1000 / all.total) * 100)));
    })(),
  ]);
  expect(whole.suggestedFilename()).toBe('帐务日志_全部.csv');
  const cells = await readCsv(whole);
  expect(cells.length).toBe(1 + all.total + 3);
  // Every entry once: each bulk entry's reason is in the file exactly once.
  const bulk = cells.slice(1, 1 + all.total).map((row) => /e2e bulk (\d+)$/.exec(row[9]!)?.[1]).filter((n) => n !== undefined);
  expect(new Set(bulk).size).toBe(2101 - existing);
  expect(bulk.length).toBe(2101 - existing);
  expect(cells.at(-1)).toEqual(['净额', '', '', '', '', '', signed(all.netFen), '', '', '']);
  await page.getByTestId('fees-log-pager').getByRole('button', { name: '下一页' }).click();
  await expect(page.getByTestId('fees-log-pager')).toContainText(`第 51–100 条，共 ${all.total} 条`);
});

test('the charts show the last 12 months, each with an accessible name; the screen passes axe', async ({ page, desk }) => {
  // axe reads every line of the month's reconciliation (hundreds on the demo store).
  test.setTimeout(120_000);
  await openScreen(page, desk.host.url, 'fees');
  await page.getByTestId('fees-tab-charts').click();
  for (const id of ['fees-chart-requests', 'fees-chart-money', 'fees-chart-partners']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByRole('figure', { name: '每月申请：借入与借出' })).toBeVisible();
  await expect(page.getByRole('figure', { name: '合作馆：借入与借出（前 10 名）' })).toBeVisible();
  await expect(page.getByTestId('fees-chart-requests').locator('table tbody tr')).toHaveCount(12);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: test.info().outputPath('fees-charts.png'), fullPage: true });
  const problems: string[] = [];
  for (const tab of ['log', 'claims', 'stats', 'reconcile', 'charts']) {
    await page.getByTestId(`fees-tab-${tab}`).click();
    await page.waitForLoadState('networkidle');
    problems.push(...(await seriousViolations(page)).map((v) => `${tab}: ${v}`));
  }
  expect(problems).toEqual([]);
  expect(await missingI18nKeys(page)).toEqual([]);
});

test('a clerk sees no manual entry, reversal, confirm or dispute, and the desk refuses them', async ({ page, freshDesk }) => {
  freshDesk.runtime.signIn('by02', 'demo1234');
  const refused = await freshDesk.runtime.dispatch('ledger.add', { kind: 'refund', amountFen: 100, direction: 'pay', counterparty: PARTNER, reason: 'clerk' });
  expect(refused.ok ? 'ok' : refused.error.code).toBe('SUPERVISOR_ONLY');
  const statements = await run(freshDesk.runtime, 'statements.list', {});
  const open = statements.find((s) => s.status === 'RECEIVED');
  expect(open).toBeDefined();
  const confirm = await freshDesk.runtime.dispatch('statement.confirm', { month: open!.month });
  expect(confirm.ok ? 'ok' : confirm.error.code).toBe('SUPERVISOR_ONLY');

  await openScreen(page, freshDesk.host.url, 'fees');
  await expect(page.getByTestId('fees-log-table-row').first()).toBeVisible();
  await expect(page.getByTestId('fees-manual-open')).toHaveCount(0);
  await expect(page.getByTestId('fees-reverse-open')).toHaveCount(0);
  // The demo's charge 北航 claims from us: the clerk sees it, and who disputed ours, without buttons.
  await page.getByTestId('fees-tab-claims').click();
  await expect(page.getByTestId('fees-tab-claims')).toHaveText('待确认（1）');
  await expect(page.getByTestId('fees-claims-to-accept-row')).toHaveCount(1);
  await expect(page.getByTestId('fees-claims-clerk-note')).toBeVisible();
  await expect(page.getByTestId('fees-claim-accept')).toHaveCount(0);
  await expect(page.getByTestId('fees-claim-dispute-open')).toHaveCount(0);
  await expect(page.getByTestId('fees-claims-awaiting-row').locator('[data-col="dispute"]')).toContainText('人大：该书已于到期日前寄回');
  const claimId = (await run(freshDesk.runtime, 'ledger.claims', {})).toAccept[0]!.id;
  for (const [name, input] of [
    ['ledger.accept', { id: claimId }],
    ['ledger.dispute', { id: claimId, comment: '不认' }],
  ] as const) {
    const answer = await freshDesk.runtime.dispatch(name, input);
    expect(answer.ok ? 'ok' : answer.error.code, name).toBe('SUPERVISOR_ONLY');
  }
  await page.getByTestId('fees-tab-reconcile').click();
  await page.getByTestId('fees-reconcile-month').fill(open!.month);
  await expect(page.getByTestId('fees-reconcile-status')).toHaveAttribute('data-status', 'RECEIVED');
  await expect(page.getByTestId('fees-reconcile-confirm')).toHaveCount(0);
  await expect(page.getByTestId('fees-reconcile-dispute')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('fees-clerk-reconciliation.png'), fullPage: true });

  // No statement yet for this month (the demo's hub sent last month's): said so, and our lines still shown.
  const month = monthOf(new Date().toISOString());
  const ours = await run(freshDesk.runtime, 'statement.get', { month });
  expect(ours.statement).toBeNull();
  await page.getByTestId('fees-reconcile-month').fill(month);
  await expect(page.getByTestId('fees-reconcile-none')).toContainText(`中心尚未发来 ${month} 的对账单`);
  await expect(page.getByTestId('fees-reconcile-table-row')).toHaveCount(ours.reconciliation.rows.length);
  expect(ours.reconciliation.rows.length).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="fees-reconcile-table-row"][data-state="onlyHere"]')).toHaveCount(ours.reconciliation.rows.length);
});
