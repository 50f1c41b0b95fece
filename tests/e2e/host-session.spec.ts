// The browser host's secret stays out of every address the browser keeps (history, logs, Referer):
// the page takes it from the fragment, trades it once in a header for a session cookie (HttpOnly,
// SameSite=Strict, /api and /slips only), and the event stream and slip links go by that cookie.
// Every request the pages make is recorded and none carries the secret.
import { expect, startDesk, test } from './fixtures';
import { run } from './helpers';

/** A request's address as it goes over the wire: a fragment never leaves the browser. */
function wireUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.toString();
}

test('a page opened at #secret= works by its session cookie, and no request it makes carries the secret', async ({ page, context }) => {
  test.setTimeout(120_000);
  const desk = await startDesk({ demoRequests: 200, signIn: true, chromium: true });
  const urls: string[] = [];
  context.on('request', (request) => urls.push(wireUrl(request.url())));
  try {
    await page.goto(desk.host.url);
    await expect(page).not.toHaveURL(/secret=/);
    await expect(page.getByTestId('screen-today')).toBeVisible();

    // The cookie: a random value (not the secret), HttpOnly, SameSite=Strict, for /api and /slips.
    const name = `ill_desk_session_${desk.host.port}`;
    await expect.poll(async () => (await context.cookies()).filter((c) => c.name === name).map((c) => c.path).sort()).toEqual(['/api', '/slips']);
    for (const cookie of (await context.cookies()).filter((c) => c.name === name)) {
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, expires: -1 });
      expect(cookie.value).not.toBe(desk.host.secret);
    }
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // Events come over the stream: the desk is locked elsewhere, the page follows at once.
    await expect.poll(() => urls.filter((url) => new URL(url).pathname === '/api/events').length).toBeGreaterThan(0);
    await run(desk.runtime, 'clerk.lock', {});
    await expect(page.getByTestId('locked-hint')).toBeVisible();
    await page.getByTestId('sign-in-password').fill('demo1234');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('screen-today')).toBeVisible();

    // A slip saved as a PDF opens from its link in a new tab, by the cookie.
    const [request] = (await run(desk.runtime, 'queue.list', { side: 'borrowing', statuses: ['SUBMITTED'], limit: 1 })).rows;
    const job = await run(desk.runtime, 'print.slip', { kind: 'pull', refs: [request!.id] });
    await desk.runtime.printingIdle();
    await page.getByTestId('print-queue-button').click();
    const dialog = page.getByRole('dialog', { name: '打印队列' });
    await dialog.getByRole('tab', { name: '最近打印' }).click();
    const link = dialog.locator(`[data-testid="print-job-${job.id}"]`).getByRole('link');
    expect(await link.getAttribute('href')).toMatch(/^\/slips\/[A-Za-z0-9-]+\.pdf$/);
    const slip = context.waitForEvent('response', (response) => new URL(response.url()).pathname.startsWith('/slips/'));
    await link.click();
    expect((await slip).status()).toBe(200);
    expect((await slip).headers()['content-type']).toBe('application/pdf');

    const seen = [...urls];
    expect(seen.map((url) => new URL(url).pathname)).toEqual(expect.arrayContaining(['/api/session', '/api/events', '/api/clerk.signIn']));
    expect(seen.filter((url) => url.includes(desk.host.secret))).toEqual([]);
    expect(seen.filter((url) => new URL(url).searchParams.has('secret'))).toEqual([]);
  } finally {
    await desk.stop();
  }
});
