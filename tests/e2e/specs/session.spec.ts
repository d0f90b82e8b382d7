import { test, expect, USERS, logIn, expectAccessible, injectFault } from '../fixtures';

/** The session's idle limit of the mock (15 minutes), in the browser's clock. */
const IDLE = 15 * 60_000;

test.describe('a session that ends', () => {
  test('two minutes before the end a warning says so, politely, and "stay logged in" extends it', async ({ page }) => {
    await page.clock.install();
    await page.goto('/login');
    await logIn(page, USERS.few);
    const warning = page.getByRole('region', { name: 'Сессия аяқталуға жақын' });
    await page.clock.fastForward(IDLE - 125_000);
    await expect(warning).toHaveCount(0);
    await page.clock.fastForward(10_000);
    await expect(warning).toBeVisible();
    await expect(warning.getByTestId('session-time-left')).toHaveText(
      /^Әрекет болмағандықтан сессия аяқталады\. Қалған уақыт: 1:5\d\.$/,
    );
    // Announced once by the polite live region, not read out every second.
    await expect(page.locator('[aria-live="polite"]').filter({ hasText: 'Сессия аяқталуға жақын.' })).toHaveCount(1);
    await expectAccessible(page, 'session time-out warning');

    // By keyboard: the button is in the tab order and Enter presses it.
    const stay = warning.getByRole('button', { name: 'Сессияны жалғастыру' });
    await stay.focus();
    await expect(stay).toBeFocused();
    const asked = page.waitForResponse('**/api/session/status');
    await page.keyboard.press('Enter');
    expect((await asked).headers()['zeinet-session']).toMatch(/^idle=900, absolute=\d+$/);
    await expect(warning).toHaveCount(0);
    await page.clock.fastForward(IDLE - 130_000);
    await expect(warning).toHaveCount(0);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.few.name);
  });

  test('when the time is up the person goes to log-in, is told, and comes back to the draft', async ({ page, request }) => {
    await page.clock.install();
    await page.goto('/login?next=%2Fservices%2Frefund');
    await logIn(page, USERS.many);
    await page.getByRole('checkbox', { name: /№ ?49756052/ }).check();
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await page.getByLabel('Карточкалық').check();
    await page.getByLabel('Алушының IBAN шоты').fill('KZ327225000000680371');
    // Fifteen minutes without a request, in the browser and on the server.
    expect((await request.post('/__dev/clock', { data: { advance_seconds: 900 } })).ok()).toBeTruthy();
    await page.clock.fastForward(IDLE);
    await expect(page).toHaveURL(/\/login\?next=%2Fservices%2Frefund%3Fstep%3D2&expired=1$/);
    await expect(page.getByRole('status')).toContainText('Сессия аяқталды');
    expect((await page.request.get('/api/session')).status(), 'ended on the server too').toBe(401);
    await logIn(page, USERS.many);
    await expect(page).toHaveURL(/\/services\/refund\?step=2$/);
    await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ327225000000680371');
    await expect(page.getByLabel('Карточкалық')).toBeChecked();
  });

  test('a log-out that failed says so and offers to try again; it never pretends', async ({ page, request }) => {
    await page.goto('/login');
    await logIn(page, USERS.few);
    await injectFault(request, { method: 'POST', path: '/api/auth/logout', status: 503, body: '{"code":"unavailable","message":"down"}', times: 1 });
    await page.getByRole('button', { name: 'Шығу' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Шығу орындалмады: сессия серверде әлі ашық.');
    await expect(page).not.toHaveURL(/\/login/);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.few.name);
    expect((await page.request.get('/api/session')).status(), 'still open on the server').toBe(200);
    await expectAccessible(page, 'log-out failed');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/\/login\?logged_out=1/);
    expect((await page.request.get('/api/session')).status()).toBe(401);
  });
});
