// Every screen, as a clerk walks through them: in Chinese and in English with no missing
// translation, and with no serious or critical accessibility violation (axe-core). A screenshot
// of each screen in each language goes to the test's output folder.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SCREENS } from '../../renderer/src/store/nav';
import { expect, test } from './fixtures';

async function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __missingI18nKeys?: string[] }).__missingI18nKeys ?? []);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

for (const language of ['zh', 'en'] as const) {
  test(`every screen in ${language}: no missing key, no serious accessibility violation`, async ({ page, desk }) => {
    await page.addInitScript((lang) => window.localStorage.setItem('ill-desk-language', lang), language);
    await page.goto(desk.host.url);
    const problems: string[] = [];
    for (const screen of SCREENS) {
      await page.getByTestId(`nav-${screen}`).click();
      await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
      // Let the screen's lists arrive before judging it.
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: test.info().outputPath(`${screen}-${language}.png`), fullPage: true });
      for (const violation of await seriousViolations(page)) problems.push(`${screen}: ${violation}`);
    }
    expect(problems).toEqual([]);
    expect(await missingKeys(page)).toEqual([]);
  });
}
