// What the screen specs share: asking the desk behind the page (a command's value, or the store's
// state before and after a refused scan), scanning like a barcode scanner, finding a request's row,
// and axe-core's verdict on the screen.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import type { DeskRuntime } from '../../main/runtime';
import type { CommandName, InputOf, OutputOf } from '../../shared/contract';

/** Runs one command on the desk, as the screens do, and gives its value; a refusal fails the test with its code. */
export async function run<K extends CommandName>(runtime: DeskRuntime, name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await runtime.dispatch(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<K>;
}

/** Everything a refused scan could have touched: statuses, shipments and print jobs, as one comparable string. */
export async function storeState(runtime: DeskRuntime): Promise<string> {
  const counts = await run(runtime, 'queue.statusCounts', { side: 'all' });
  const shipments = await run(runtime, 'shipments.list', { limit: 1 });
  const jobs = await run(runtime, 'print.jobs', { openOnly: false });
  return JSON.stringify({ counts, shipments: shipments.total, jobs: jobs.map((job) => job.id) });
}

/**
 * A scan as a barcode scanner does it: the text typed, then Enter. Into the field given, or, given
 * the page, into whatever has the focus (the screen's own scan field, if it kept it).
 */
export async function scan(target: Page | Locator, text: string): Promise<void> {
  if ('keyboard' in target) {
    await target.keyboard.type(text);
    await target.keyboard.press('Enter');
  } else {
    await target.pressSequentially(text);
    await target.press('Enter');
  }
}

/** The row of one request in a table whose rows are `<table>-row` with data-request-id. */
export function row(page: Page, table: string, id: string): Locator {
  return page.locator(`[data-testid="${table}-row"][data-request-id="${id}"]`);
}

/** Translation keys the page asked for and did not find (the renderer collects them). */
export async function missingI18nKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __missingI18nKeys?: string[] }).__missingI18nKeys ?? []);
}

/** Which part of the page axe-core judges: CSS selectors to include (all of it when none) and to leave out. */
export interface AxeScope {
  include?: string[];
  exclude?: string[];
}

/** Serious or critical axe-core violations of the page (or the part of it given), one line each. */
export async function seriousViolations(page: Page, scope: AxeScope = {}): Promise<string[]> {
  let axe = new AxeBuilder({ page });
  for (const selector of scope.include ?? []) axe = axe.include(selector);
  for (const selector of scope.exclude ?? []) axe = axe.exclude(selector);
  const results = await axe.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Fails the test on any serious or critical axe-core violation of the page (or the part of it given). */
export async function expectNoSeriousA11yViolations(page: Page, scope: AxeScope = {}): Promise<void> {
  expect(await seriousViolations(page, scope)).toEqual([]);
}

/** The screen without the shell (header and navigation rail, judged by screens.spec.ts), dialogs included. */
export const WITHOUT_SHELL: AxeScope = { exclude: ['header', 'nav'] };

/** The screen's own frame and, given, the dialogs it opened (MUI renders those outside the frame). */
export function screenScope(...dialogs: string[]): AxeScope {
  return { include: ['[data-testid^="screen-"]', ...dialogs] };
}
