// Money between libraries needs the payer's consent (issue 12; DESIGN §7), on real screens: 北航's
// desk charges 北邮 twice through a real hub; on 北邮's fee screen (in Chromium) the charges wait
// under 待确认, counted nowhere; the supervisor accepts one (it comes into force, here, at the hub
// and at 北航) and disputes the other with a comment, which 北航's screen shows beside its claim
// (待对方确认).
import type { Page } from '@playwright/test';
import { openScreen } from './fixtures';
import { connectDesk, expect, openDesk, registerDesk, test } from './hubWorld';
import { run } from './helpers';

const BUPT = '211130';
const BUAA = '211060';

async function synced(runtime: Parameters<typeof run>[0]): Promise<void> {
  await expect.poll(async () => (await runtime.syncNow()).pendingOps).toBe(0);
}

async function claimsTab(page: Page, url: string): Promise<void> {
  await openScreen(page, url, 'fees');
  await page.getByTestId('fees-tab-claims').click();
  await expect(page.getByTestId('fees-claims')).toBeVisible();
}

test('a charge made at another desk waits on this desk’s fee screen until the supervisor accepts it; a dispute reaches the maker', async ({ page, setup }) => {
  const bupt = await registerDesk(setup.store, BUPT, '北邮二层流通台');
  const buaa = await registerDesk(setup.store, BUAA, '北航馆际互借');
  const a = await openDesk(setup, 'bupt');
  const b = await openDesk(setup, 'buaa');
  await connectDesk(a.runtime, setup.hubUrl, bupt);
  await connectDesk(b.runtime, setup.hubUrl, buaa);
  // Each desk's own store has the directory once it has synced.
  await synced(a.runtime);
  await synced(b.runtime);
  await expect.poll(async () => (await run(b.runtime, 'libraries.list', {})).some((l) => l.code === BUPT)).toBe(true);

  // 北航's supervisor charges 北邮 twice (its desk, its store): both claimed until 北邮 answers.
  const fine = await run(b.runtime, 'ledger.add', { kind: 'overdue_fine', amountFen: 1550, direction: 'receive', counterparty: BUPT, reason: 'e2e 逾期 31 天' });
  const damage = await run(b.runtime, 'ledger.add', { kind: 'lost_charge', amountFen: 6000, direction: 'receive', counterparty: BUPT, reason: 'e2e 封面破损' });
  expect([fine.state, damage.state]).toEqual(['claimed', 'claimed']);
  await synced(b.runtime);
  await synced(a.runtime);

  await claimsTab(page, a.host.url);
  await expect(page.getByTestId('fees-tab-claims')).toHaveText('待确认（2）');
  const fineRow = page.locator(`[data-testid="fees-claims-to-accept-row"][data-entry-id="${fine.id}"]`);
  const damageRow = page.locator(`[data-testid="fees-claims-to-accept-row"][data-entry-id="${damage.id}"]`);
  await expect(fineRow.locator('[data-col="amount"]')).toHaveText('-15.50');
  await expect(fineRow.locator('[data-col="party"]')).toHaveText('北航');
  await expect(fineRow.locator('[data-col="reason"]')).toHaveText('e2e 逾期 31 天');
  await expect(damageRow.locator('[data-col="amount"]')).toHaveText('-60.00');
  await page.screenshot({ path: test.info().outputPath('fees-claims.png'), fullPage: true });

  // Not counted in the account log while claimed: shown, marked, outside the totals.
  await page.getByTestId('fees-tab-log').click();
  const logRow = page.locator(`[data-testid="fees-log-table-row"][data-entry-id="${fine.id}"]`);
  await expect(logRow).toHaveAttribute('data-state', 'claimed');
  await expect(logRow.locator('[data-col="note"]')).toContainText('待本馆确认，不计入合计');
  await expect(page.getByTestId('fees-log-paid')).toHaveText('0.00');
  await expect(page.getByTestId('fees-log-claimed')).toHaveText('另有 2 条待确认，不计入合计');
  // 北航 made them: 北邮 may not reverse them.
  await expect(logRow.getByTestId('fees-reverse-open')).toHaveCount(0);

  // The supervisor accepts the fine …
  await page.getByTestId('fees-tab-claims').click();
  await fineRow.getByTestId('fees-claim-accept').click();
  await expect(page.getByTestId('fees-claims-notice')).toHaveText('已接受：逾期罚款 15.50 元，已计入帐目');
  await expect(fineRow).toHaveCount(0);
  await expect(page.getByTestId('fees-tab-claims')).toHaveText('待确认（1）');

  // … and disputes the damage charge; an empty comment is refused at the field.
  await damageRow.getByTestId('fees-claim-dispute-open').click();
  const dialog = page.getByTestId('fees-claim-dispute-dialog');
  await expect(dialog.getByTestId('fees-claim-dispute-entry')).toContainText('丢书赔偿 · -60.00 元 · 北航');
  await dialog.getByTestId('fees-claim-dispute-dialog-submit').click();
  await expect(dialog.getByTestId('field-error-comment')).toBeVisible();
  await dialog.getByTestId('field-comment').fill('还书时封面完好，见签收照片');
  await dialog.getByTestId('fees-claim-dispute-dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('fees-claims-notice')).toHaveText(`已提出异议：${damage.id.slice(0, 8)}`);
  await expect(damageRow).toHaveAttribute('data-disputed', 'true');
  await expect(damageRow.locator('[data-col="dispute"]')).toHaveText('北邮：还书时封面完好，见签收照片');

  // Now the fine counts in 北邮's log; the damage charge still does not.
  await page.getByTestId('fees-tab-log').click();
  await expect(page.getByTestId('fees-log-paid')).toHaveText('-15.50');
  await expect(page.getByTestId('fees-log-claimed')).toHaveText('另有 1 条待确认，不计入合计');

  // Through the hub: the fine is in force there and at 北航; the dispute reaches 北航's screen.
  await synced(a.runtime);
  expect(setup.store.ledger.entry(fine.id)).toMatchObject({ state: 'in_force', madeBy: BUAA });
  expect(setup.store.ledger.entry(damage.id)).toMatchObject({ state: 'claimed', dispute: { comment: '还书时封面完好，见签收照片', by: BUPT } });
  await synced(b.runtime);
  expect((await run(b.runtime, 'ledger.list', { libraryCode: BUPT })).receivedFen).toBe(1550);

  const pageB = await page.context().newPage();
  await claimsTab(pageB, b.host.url);
  const awaiting = pageB.locator(`[data-testid="fees-claims-awaiting-row"][data-entry-id="${damage.id}"]`);
  await expect(awaiting.locator('[data-col="dispute"]')).toHaveText('北邮：还书时封面完好，见签收照片');
  await expect(pageB.locator(`[data-testid="fees-claims-awaiting-row"][data-entry-id="${fine.id}"]`)).toHaveCount(0);
  await expect(pageB.getByTestId('fees-claims-to-accept-row')).toHaveCount(0);
  await pageB.screenshot({ path: test.info().outputPath('fees-claims-maker.png'), fullPage: true });
});
