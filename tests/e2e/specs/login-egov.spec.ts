import { test, expect, USERS, expectAccessible, chooseLanguage } from '../fixtures';

/** Plays the phone: eGov mobile scans the code and signs, through API №1, №2 and PUT. */
async function phoneSigns(request, link: string, iin: string) {
  const response = await request.post('/__dev/egov/sign', { data: { link, iin } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test.describe('log-in with eGov mobile (QR)', () => {
  test('shows the QR code, the memo\'s steps and the phone link; signing logs in', async ({ page, request }) => {
    await page.goto('/login?tab=egov');
    const qr = page.getByRole('img', { name: 'eGov mobile арқылы кіруге арналған QR-код' });
    await expect(qr).toBeVisible();
    const box = page.getByTestId('egov-qr');
    const text = await box.getAttribute('data-qr-text');
    expect(text).toMatch(/^mobileSign:http:\/\/127\.0\.0\.1:\d+\/api\/egov\/sign\//);
    await expect(page.locator('#qr-text')).toHaveText(text!);
    await expect(page.getByRole('listitem').filter({ hasText: 'Құрылғыңызда орнатылған eGov Mobile ашыңыз' })).toBeVisible();
    const phoneLink = page.getByRole('link', { name: 'eGov mobile-да ашу (телефоннан)' });
    await expect(phoneLink).toHaveAttribute('href', /^https:\/\/mgovsign\.page\.link\/\?link=http%3A%2F%2F127\.0\.0\.1/);
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
