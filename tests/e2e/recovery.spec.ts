// The store kept safe, in Chromium (issue 12): a data file cut short opens the recovery page (not
// the demo), which says what is wrong with which file in Chinese and English, and restores the
// latest backup after a confirmation naming its time; a supervisor backs up and restores from
// 设置 → 备份与恢复. The desk behind the page is the real browser host on a real store.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebHost, type WebHost } from '../../main/host/server';
import { DeskShell } from '../../main/recovery/shell';
import type { BackupRecord } from '../../shared/storeSafety';
import { expect, test } from './fixtures';
import { missingI18nKeys, seriousViolations } from './helpers';

const DEMO = { requests: 200, readers: 60 };

/** A time as the page shows it: local time of the browser, which the config puts in Asia/Shanghai. */
function localDateTime(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso))
    .replace(',', '');
}

async function serve(dir: string): Promise<{ shell: DeskShell; host: WebHost; stop: () => Promise<void> }> {
  const shell = DeskShell.open({ dataDir: dir, demo: DEMO, backups: { off: true }, log: { error: () => undefined } });
  const host = await startWebHost({ desk: shell, rendererDir: resolve('out/renderer') });
  return {
    shell,
    host,
    stop: async () => {
      await host.close();
      await shell.close();
    },
  };
}

test('a data file cut short opens the recovery page, which restores the latest backup', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ill-recovery-e2e-'));
  try {
    // A desk with a backup (as the daily one would be), then its file is cut in half.
    const first = await serve(dir);
    const backup = await first.shell.desk.createBackup();
    expect(backup.verified).toBe(true);
    await first.stop();
    const file = join(dir, 'demo.sqlite');
    truncateSync(file, Math.floor(statSync(file).size / 2 / 4096) * 4096);
    const damagedSize = statSync(file).size;

    const { host, stop } = await serve(dir);
    try {
      await page.goto(host.url);
      const recovery = page.getByTestId('recovery-page');
      await expect(recovery).toBeVisible();
      await expect(recovery).toHaveAttribute('data-problem', 'truncated');
      await expect(page.getByTestId('recovery-problem')).toContainText('数据文件不完整');
      await expect(page.getByTestId('recovery-file')).toHaveText(file);
      await expect(page.getByTestId('recovery-detail')).toContainText('pages');
      // No sign-in screen and no demo behind it.
      await expect(page.getByTestId('sign-in')).toHaveCount(0);
      expect(readdirSync(dir).filter((name) => name.startsWith('demo.sqlite'))).toEqual(['demo.sqlite']);
      expect(statSync(file).size).toBe(damagedSize);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: test.info().outputPath('recovery-zh.png'), fullPage: true });

      // In English too.
      await page.getByTestId('lang-switch').click();
      await expect(page.getByTestId('recovery-problem')).toContainText('The data file is incomplete');
      await page.screenshot({ path: test.info().outputPath('recovery-en.png'), fullPage: true });
      await page.getByTestId('lang-switch').click();
      await expect(page.getByTestId('recovery-problem')).toContainText('数据文件不完整');

      // The latest good backup, after a confirmation that names its time and what is lost.
      const time = localDateTime(backup.takenAt);
      await expect(page.getByTestId('recovery-backups')).toContainText(time);
      await page.getByTestId('recovery-restore-latest').click();
      const dialog = page.getByTestId('restore-dialog');
      await expect(dialog).toContainText(`恢复 ${time} 的备份`);
      await expect(page.getByTestId('restore-lost-warning')).toHaveText(`${time} 之后未同步到中心的工作将丢失。`);
      await page.getByTestId('restore-confirm').click();

      // The desk opens on the restored store: the demo's sign-in screen, then its records.
      await expect(page.getByTestId('sign-in')).toBeVisible();
      await page.getByTestId('sign-in-login').fill('by01');
      await page.getByTestId('sign-in-password').fill('demo1234');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('nav-queue').click();
      await expect(page.getByTestId('screen-queue')).toBeVisible();
      expect(await missingI18nKeys(page)).toEqual([]);
    } finally {
      await stop();
    }
    // The damaged file was kept aside, byte for byte, not deleted.
    const aside = readdirSync(join(dir, 'set-aside'));
    expect(aside).toEqual([expect.stringMatching(/^demo-.*-truncated\.sqlite$/)]);
    expect(statSync(join(dir, 'set-aside', aside[0]!)).size).toBe(damagedSize);
    expect(existsSync(join(dir, 'demo.sqlite'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a supervisor backs up and restores in 设置 → 备份与恢复', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ill-backup-e2e-'));
  const { shell, host, stop } = await serve(dir);
  try {
    shell.desk.signIn('by01', 'demo1234');
    await page.goto(host.url);
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('settings-backup');
    await expect(section).toContainText('备份与恢复');
    await expect(page.getByTestId('backup-none')).toBeVisible();
    await page.getByTestId('backup-now').click();
    await expect(page.getByTestId('backup-note')).toContainText('已完成备份');
    await expect(page.getByTestId('backup-progress')).toHaveAttribute('data-phase', 'done');
    const rows = page.getByTestId('backup-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('已校验');
    await expect(rows.first()).toContainText('手动');
    const listed: BackupRecord[] = shell.desk.listBackups();
    const time = localDateTime(listed[0]!.takenAt);
    await expect(rows.first()).toContainText(time);
    expect(await seriousViolations(page, { include: ['[data-testid="settings-backup"]'] })).toEqual([]);

    await rows.first().getByTestId('backup-restore').click();
    await expect(page.getByTestId('restore-dialog')).toContainText(time);
    await expect(page.getByTestId('restore-lost-warning')).toContainText(`${time} 之后未同步到中心的工作将丢失`);
    await page.getByTestId('restore-confirm').click();
    await expect(page.getByTestId('backup-note')).toContainText(`已恢复 ${time} 的备份`);
    await expect(page.getByTestId('restore-dialog')).toHaveCount(0);
    expect(readdirSync(join(dir, 'set-aside'))).toEqual([expect.stringMatching(/^demo-.*-replaced\.sqlite$/)]);
    expect(await missingI18nKeys(page)).toEqual([]);
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a zero-byte demo store: the recovery page makes the demo again, the empty file kept aside', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ill-fresh-e2e-'));
  try {
    const first = await serve(dir);
    await first.stop();
    truncateSync(join(dir, 'demo.sqlite'), 0);
    const { host, stop } = await serve(dir);
    try {
      await page.goto(host.url);
      await expect(page.getByTestId('recovery-page')).toHaveAttribute('data-problem', 'empty');
      await expect(page.getByTestId('recovery-problem')).toContainText('数据文件是空的');
      await expect(page.getByTestId('recovery-no-backups')).toBeVisible();
      await page.getByTestId('recovery-fresh-start').click();
      await expect(page.getByTestId('recovery-fresh-dialog')).toContainText(join(dir, 'demo.sqlite'));
      await page.getByTestId('recovery-fresh-confirm').click();
      await expect(page.getByTestId('sign-in')).toBeVisible({ timeout: 30_000 });
      expect(await missingI18nKeys(page)).toEqual([]);
    } finally {
      await stop();
    }
    const aside = readdirSync(join(dir, 'set-aside'));
    expect(aside).toEqual([expect.stringMatching(/^demo-.*-empty\.sqlite$/)]);
    expect(statSync(join(dir, 'set-aside', aside[0]!)).size).toBe(0);
    expect(statSync(join(dir, 'demo.sqlite')).size).toBeGreaterThan(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
