import { test, expect, USERS, expectAccessible, chooseLanguage } from '../fixtures';

/** Plays the phone: eGov mobile scans the code and signs, through API №1, №2 and PUT. */
async function phoneSigns(request, link: string, iin: string) {
  const response = await request.post('/__dev/egov/sign', { data: { link, iin } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

/** eGov's launcher link of a QR text's API №1 URL, as the reference gives it. */
function launcherOf(qrText: string) {
  const api1 = qrText.replace(/^mobileSign:/, '');
  return `https://m.egov.kz/mobileSign/?link=${encodeURIComponent(api1)}&isi=1476128386&ibi=kz.egov.mobile&apn=kz.mobile.mgov`;
}

test.describe('log-in with eGov mobile (QR)', () => {
  test('shows the QR code, the memo\'s steps and the phone link; signing logs in', async ({ page, request }) => {
    await page.goto('/login?tab=egov');
    const qr = page.getByRole('img', { name: 'eGov mobile арқылы кіруге арналған QR-код' });
    await expect(qr).toBeVisible();
    // On a computer the QR code comes first, not behind a button.
    await expect(page.getByRole('button', { name: 'Басқа құрылғыға арналған QR кодты көрсету' })).toHaveCount(0);
    const box = page.getByTestId('egov-qr');
    const text = await box.getAttribute('data-qr-text');
    expect(text).toMatch(/^mobileSign:http:\/\/127\.0\.0\.1:\d+\/api\/egov\/sign\//);
    await expect(page.locator('#qr-text')).toHaveText(text!);
    await expect(page.getByRole('listitem').filter({ hasText: 'Құрылғыңызда орнатылған eGov mobile ашыңыз' })).toBeVisible();
    const phoneLink = page.getByRole('link', { name: 'eGov mobile-да ашу (телефоннан)' });
    // eGov's own launcher (Firebase's Dynamic Links died on 2025-08-25).
    await expect(phoneLink).toHaveAttribute('href', launcherOf(text!));
    await expect(page.locator('.egov__countdown')).toContainText(/Код [0-3]:\d\d ішінде жарамды/);
    await expectAccessible(page, 'eGov QR');

    await phoneSigns(request, text!, USERS.many.iin);
    await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });
    await expect(page.getByTestId('user-name')).toHaveText(USERS.many.name);
  });

  test('"new code" gives a new procedure (ru)', async ({ page }) => {
    await page.goto('/login?tab=egov');
    await chooseLanguage(page, 'ru');
    const box = page.getByTestId('egov-qr');
    await expect(box).toBeVisible();
    const first = await box.getAttribute('data-qr-text');
    await page.getByRole('button', { name: 'Новый код' }).click();
    await expect(box).toBeVisible();
    await expect.poll(() => box.getAttribute('data-qr-text')).not.toBe(first);
  });

  test('an expired code says so and offers a new one', async ({ page, request }) => {
    await page.goto('/login?tab=egov');
    const box = page.getByTestId('egov-qr');
    await expect(box).toBeVisible();
    const first = await box.getAttribute('data-qr-text');
    expect((await request.post('/__dev/clock', { data: { advance_seconds: 200 } })).ok()).toBeTruthy();
    await expect(page.getByRole('status').filter({ hasText: 'Кодтың мерзімі өтті.' })).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page, 'eGov QR expired');
    await page.getByRole('button', { name: 'Жаңа код' }).click();
    await expect(box).toBeVisible();
    expect(await box.getAttribute('data-qr-text')).not.toBe(first);
  });

  test('a declined signing says so and offers a new code', async ({ page, request }) => {
    await page.goto('/login?tab=egov');
    const box = page.getByTestId('egov-qr');
    await expect(box).toBeVisible();
    const id = (await box.getAttribute('data-qr-text'))!.split('/').pop();
    expect((await request.put(`/__dev/egov/${id}/reject`)).ok()).toBeTruthy();
    await expect(page.getByRole('status').filter({ hasText: 'Қол қоюдан бас тартылды.' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('button', { name: 'Жаңа код' })).toBeVisible();
  });

  test('keyboard only, in Russian: to the eGov tab with the arrows, the phone signs, logged in', async ({ page, request }) => {
    await page.goto('/login');
    await chooseLanguage(page, 'ru');
    await page.getByRole('tab', { name: 'ИИН и пароль' }).focus();
    await page.keyboard.press('ArrowRight');
    const egov = page.getByRole('tab', { name: 'eGov mobile' });
    await expect(egov).toBeFocused();
    await expect(page.getByRole('img', { name: 'QR-код для входа через eGov mobile' })).toBeVisible();
    const text = await page.getByTestId('egov-qr').getAttribute('data-qr-text');
    await phoneSigns(request, text!, USERS.few.iin);
    await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });
    await expect(page.getByTestId('user-name')).toHaveText(USERS.few.name);
  });
});

test.describe('log-in with eGov mobile on a phone', () => {
  test.use({ viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });

  test('the first action opens eGov mobile; the QR code is behind "show a QR code for another device"', async ({ page }) => {
    await page.goto('/login?tab=egov');
    const open = page.getByRole('link', { name: 'eGov mobile-ды ашу' });
    await expect(open).toBeVisible();
    await expect(page.getByTestId('egov-phone')).toContainText('App Store немесе Google Play');
    const qr = page.getByRole('img', { name: 'eGov mobile арқылы кіруге арналған QR-код' });
    await expect(qr).toBeHidden();
    const text = await page.getByTestId('egov-qr').getAttribute('data-qr-text');
    await expect(open).toHaveAttribute('href', launcherOf(text!));
    await expectAccessible(page, 'eGov on a phone');
    const show = page.getByRole('button', { name: 'Басқа құрылғыға арналған QR кодты көрсету' });
    await expect(show).toHaveAttribute('aria-expanded', 'false');
    await show.click();
    await expect(show).toHaveAttribute('aria-expanded', 'true');
    await expect(qr).toBeVisible();
    await expectAccessible(page, 'eGov on a phone, the QR code shown');
  });

  test('back from eGov mobile, the page asks for the result at once, not after its back-off', async ({ page, request }) => {
    const isPoll = (r) => r.request().method() === 'GET' && /\/api\/auth\/egov\/[0-9a-f]+$/.test(r.url());
    await page.clock.install();
    await page.goto('/login?tab=egov');
    const open = page.getByRole('link', { name: 'eGov mobile-ды ашу' });
    await expect(open).toBeVisible();
    const link = await open.getAttribute('href');
    // The page's timers stand still from here: the jump fires the one poll that was due, and
    // after its answer only the return to the page can make it ask.
    const due = page.waitForResponse(isPoll);
    await page.clock.pauseAt(Date.now() + 60_000);
    await due;
    // The dev phone takes the launcher link as eGov mobile does.
    await phoneSigns(request, link!, USERS.many.iin);
    const asked = page.waitForRequest((r) => r.method() === 'GET' && /\/api\/auth\/egov\/[0-9a-f]+$/.test(r.url()));
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await asked;
    await page.clock.resume();
    await expect(page).toHaveURL(/\/services$/);
  });

  test('the code is kept in this tab: back from the store, or reloaded, the same procedure goes on', async ({ page, request }) => {
    await page.goto('/login?tab=egov');
    const open = page.getByRole('link', { name: 'eGov mobile-ды ашу' });
    await expect(open).toBeVisible();
    const link = await open.getAttribute('href');
    await page.reload();
    await expect(open).toHaveAttribute('href', link!);
    await phoneSigns(request, link!, USERS.many.iin);
    await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });
    // Signed: forgotten, so the next visit opens a new procedure.
    expect(await page.evaluate(() => sessionStorage.getItem('zeinet.egov.login'))).toBeNull();
  });
});
