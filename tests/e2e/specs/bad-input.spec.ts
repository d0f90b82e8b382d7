import { test, expect, USERS, expectAccessible, smsCode } from '../fixtures';

// The bad-input matrix on the screens, for the inputs the feature specs do not already type
// (those: every IIN rule at log-in, an empty password, landline and foreign phones, a wrong
// code, five wrong codes, each IBAN rule, backend text with markup). Each case: the message at
// the field and in the summary, the typed text still there, nothing sent that should not be.

const NEW_USER = { iin: '900101300823', phone: '+77070000823' };

test('log-in: an IIN whose check digit cannot exist, an inner space, a 129-character password', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (r) => r.url().includes('/api/auth/password') && sent.push(r.url()));
  await page.goto('/login');
  const iin = page.locator('#iin');
  const password = page.locator('#password');
  const submit = page.locator('form button[type=submit]');
  // 90010130080x: both weightings give 10, so no 12th digit is valid.
  await iin.fill('900101300805');
  await password.fill('Zeinet-2026!');
  await submit.click();
  await expect(page.locator('#iin-error')).toContainText('ЖСН қате');
  await expect(page.locator('.error-summary')).toBeFocused();
  await iin.fill('900101 300007');
  await submit.click();
  await expect(page.locator('#iin-error')).toContainText('ЖСН тек цифрлардан тұруы керек');
  await expect(iin).toHaveValue('900101 300007');
  await iin.fill(USERS.many.iin);
  const tooLong = 'a1'.repeat(64) + 'x';
  await password.fill(tooLong);
  await submit.click();
  await expect(page.locator('.error-summary')).toContainText('Құпиясөз тым ұзын (ең көбі 128 таңба)');
  await expect(password).toHaveValue(tooLong);
  await expectAccessible(page, 'log-in: password too long');
  expect(sent).toEqual([]);
});

test('registration: phone with letters, an unknown operator code; a spaced +7 format is accepted', async ({ page }) => {
  await page.goto('/register');
  const phone = page.locator('#phone');
  const submit = page.locator('form button[type=submit]');
  await page.locator('#iin').fill(NEW_USER.iin);
  await phone.fill('+7 707 OOO O8 23');
  await submit.click();
  await expect(page.locator('#phone-error')).toContainText('Нөмірде тек цифрлар, бос орын, жақша және сызықша болуы мүмкін');
  await expect(page.locator('.error-summary')).toBeFocused();
  await phone.fill('+7 799 123 45 67');
  await submit.click();
  await expect(page.locator('#phone-error')).toContainText('Мұндай ұялы байланыс операторының коды жоқ');
  await expect(phone).toHaveValue('+7 799 123 45 67');
  await expect(page.locator('#iin')).toHaveValue(NEW_USER.iin);
  await expectAccessible(page, 'registration: unknown operator');
  await phone.fill('+7 707 000 08 23');
  await submit.click();
  await expect(page).toHaveURL(/\/register\?step=code$/);
});

test('registration: an expired code says so and offers a way on; the code typed stays', async ({ page, request }) => {
  await page.goto('/register');
  await page.locator('#iin').fill(NEW_USER.iin);
  await page.locator('#phone').fill('87070000823');
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/register\?step=code$/);
  const code = await smsCode(request, NEW_USER.phone);
  // The mock's clock past the code's lifetime (codes live 5 minutes).
  expect((await request.post('/__dev/clock', { data: { advance_seconds: 600 } })).ok()).toBeTruthy();
  await page.locator('#code').fill(code);
  await page.locator('form button[type=submit]').click();
  await expect(page.getByRole('alert')).toContainText('Кодтың мерзімі өтті');
  await expect(page.locator('#code')).toHaveValue(code);
  await expectAccessible(page, 'registration: expired code');
  await expect(page.getByRole('button', { name: 'Кодты қайта жіберу' }).or(page.getByRole('link', { name: 'Басынан бастау' })).first()).toBeVisible();
});
