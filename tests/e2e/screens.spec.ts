// Every screen, as a clerk walks through them: in Chinese and in English with no missing
// translation, and with no serious or critical accessibility violation (axe-core). A screenshot
// of each screen in each language goes to the test's output folder.
import { SCREENS } from '../../renderer/src/store/nav';
import { expect, test } from './fixtures';
import { missingI18nKeys, seriousViolations } from './helpers';

for (const language of ['zh', 'en'] as const) {
  test(`every screen in ${language}: no missing key, no serious accessibility violation`, async ({ page, desk }) => {
    // Ten screens, each checked by axe: about 30 s on a quiet machine, 55 s or more on a busy one.
    test.setTimeout(240_000);
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
    expect(await missingI18nKeys(page)).toEqual([]);
  });
}
