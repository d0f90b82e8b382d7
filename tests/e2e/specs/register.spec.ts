import { test, expect, logIn, chooseLanguage, expectAccessible, smsCode } from '../fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

/** Not registered in the fixtures (the state database knows the person and the phone). */
const NEW_USER = { iin: '900101300823', phone: '+77070000823', name: 'Сидоров Сидор Сидорович' };
const PETROV = { iin: '900101300811', phone: '+77050000811' };
const NEW_PASSWORD = 'Zhana-parol-2026';

function wrongCode(code: string) {
  return code === '000000' ? '111111' : '000000';
}

async function fillDetails(page: Page, iin: string, phone: string) {
  await page.locator('#iin').fill(iin);
  await page.locator('#phone').fill(phone);
  await page.locator('form button[type=submit]').click();
}

async function toCodeStep(page: Page, path = '/register', iin = NEW_USER.iin, phone = '8 (707) 000-08-23') {
  await page.goto(path);
  await fillDetails(page, iin, phone);
  await expect(page).toHaveURL(new RegExp(`${path}\\?step=code$`));
  await expect(page.locator('#step-heading')).toBeFocused();
}

async function toPasswordStep(page: Page, request: APIRequestContext) {
  await toCodeStep(page);
  await page.locator('#code').fill(await smsCode(request, NEW_USER.phone));
  await page.locator('form button[type=submit]').click();
  await expect(page).toHaveURL(/\/register\?step=password$/);
  await expect(page.locator('#step-heading')).toBeFocused();
}

test.describe('registration and password reset by SMS code', () => {
  test('registration end to end in Kazakh, then log out and log in with the new password', async ({ page, request }) => {
    await page.goto('/register');
    await expect(page.locator('h1')).toHaveText('Тіркелу');
    await expect(page.locator('#step-heading')).toHaveText('1-қадам (барлығы 3): ЖСН және телефон нөмірі');
    await expectAccessible(page, 'registration step 1');
    await fillDetails(page, NEW_USER.iin, '8 (707) 000-08-23');

    await expect(page).toHaveURL(/\/register\?step=code$/);
    const heading = page.locator('#step-heading');
    await expect(heading).toHaveText('2-қадам (барлығы 3): SMS-код');
    await expect(heading).toBeFocused();
    await expect(page.getByText('+7 707 *** ** 23 нөміріне 6 цифрлы код SMS арқылы жіберілді.')).toBeVisible();
    const code = page.locator('#code');
    await expect(code).toHaveAttribute('inputmode', 'numeric');
    await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    await expectAccessible(page, 'registration step 2');
    await code.fill(await smsCode(request, NEW_USER.phone));
    await page.locator('form button[type=submit]').click();

    await expect(page).toHaveURL(/\/register\?step=password$/);
    await expect(heading).toHaveText('3-қадам (барлығы 3): жаңа құпиясөз');
    await expect(heading).toBeFocused();
    await page.locator('#new-password').fill(NEW_PASSWORD);
    for (const rule of await page.locator('.password-rules__rule').all()) {
      await expect(rule).toHaveAttribute('data-met', 'true');
      await expect(rule.locator('.password-rules__state')).toHaveText('орындалды');
    }
    await page.locator('#confirm-password').fill(NEW_PASSWORD);
    await expectAccessible(page, 'registration step 3');
    await page.locator('form button[type=submit]').click();

    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId('user-name')).toHaveText(NEW_USER.name);
    // Nothing of the flow is left in the tab.
    expect(await page.evaluate(() => sessionStorage.getItem('zeinet.register'))).toBeNull();

    await page.locator('.site-header__logout').click();
    await expect(page).toHaveURL(/\/login\?logged_out=1/);
    await logIn(page, { iin: NEW_USER.iin, password: NEW_PASSWORD });
    await expect(page.getByTestId('user-name')).toHaveText(NEW_USER.name);
  });

  test('password reset end to end in Russian, then log in with the new password', async ({ page, request }) => {
    await page.goto('/password-reset');
    await chooseLanguage(page, 'ru');
    await expect(page.locator('h1')).toHaveText('Восстановление пароля');
    await expectAccessible(page, 'reset step 1 (ru)');
    await fillDetails(page, PETROV.iin, '+7 705 000 08 11');
    await expect(page).toHaveURL(/\/password-reset\?step=code$/);
    await expect(page.locator('#step-heading')).toHaveText('Шаг 2 из 3: SMS-код');
    await expectAccessible(page, 'reset step 2 (ru)');
    await page.locator('#code').fill(await smsCode(request, PETROV.phone));
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/password-reset\?step=password$/);
    await expect(page.locator('#step-heading')).toHaveText('Шаг 3 из 3: новый пароль');
    await page.locator('#new-password').fill(NEW_PASSWORD);
    await page.locator('#confirm-password').fill(NEW_PASSWORD);
    await expectAccessible(page, 'reset step 3 (ru)');
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.getByTestId('user-name')).toHaveText('Петров Пётр Петрович');

    await page.locator('.site-header__logout').click();
    await expect(page).toHaveURL(/\/login\?logged_out=1/);
    await logIn(page, { iin: PETROV.iin, password: NEW_PASSWORD });
    await expect(page.getByTestId('user-name')).toHaveText('Петров Пётр Петрович');
  });

  test('an IIN already registered is refused with the ways forward (kk, ru)', async ({ page }) => {
    await page.goto('/register');
    await fillDetails(page, '900101300007', '+7 701 000 00 07');
    const alert = page.locator('[data-error=conflict]');
    await expect(alert).toContainText('Бұл ЖСН бойынша тіркелгі бар.');
    await expect(alert.getByRole('link', { name: 'Жеке кабинетке кіру' })).toHaveAttribute('href', '/login');
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator('#iin')).toHaveValue('900101300007');
    await expectAccessible(page, 'IIN already registered');
    await chooseLanguage(page, 'ru');
    await expect(alert).toContainText('Для этого ИИН уже есть учётная запись.');
    await expect(alert.getByRole('link', { name: 'Восстановить пароль' })).toHaveAttribute('href', '/password-reset');
  });

  test('a phone that is not the person’s is refused at the field, nothing typed is lost (ru, kk)', async ({ page }) => {
    await page.goto('/register');
    await chooseLanguage(page, 'ru');
    await fillDetails(page, NEW_USER.iin, '+7 701 000 00 07');
    await expect(page.locator('[data-error=validation]')).toContainText('Этот номер не совпадает');
    await expect(page.locator('#phone-error')).toContainText('Этот номер не совпадает');
    await expect(page.locator('#phone')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#phone')).toHaveValue('+7 701 000 00 07');
    await expectAccessible(page, 'phone mismatch (ru)');
    await chooseLanguage(page, 'kk');
    await expect(page.locator('#phone-error')).toContainText('Бұл телефон нөмірі');
  });

  test('a wrong code, then the right one (kk)', async ({ page, request }) => {
    await toCodeStep(page);
    const code = await smsCode(request, NEW_USER.phone);
    // client rules first: nothing is sent
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page.locator('.error-summary a')).toHaveText('SMS-кодты енгізіңіз');
    await page.locator('#code').fill('12345');
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('#code-error')).toContainText('Код 6 цифрдан тұрады');
    await page.locator('#code').fill('12a456');
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('#code-error')).toContainText('Код тек цифрлардан тұруы керек');
    await expectAccessible(page, 'code step with a client error');

    await page.locator('#code').fill(wrongCode(code));
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-error=validation]')).toContainText('Код қате.');
    await expect(page.locator('#code-error')).toContainText('Код қате.');
    await expect(page.locator('#code')).toHaveValue(wrongCode(code));
    await expectAccessible(page, 'wrong code');
    await page.locator('#code').fill(code);
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/register\?step=password$/);
  });

  test('five wrong codes void the request; start again keeps the IIN and phone (ru)', async ({ page, request }) => {
    await toCodeStep(page);
    await chooseLanguage(page, 'ru');
    const wrong = wrongCode(await smsCode(request, NEW_USER.phone));
    for (let i = 0; i < 4; i++) {
      await page.locator('#code').fill(wrong);
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('[data-error=validation]')).toContainText('Неверный код.');
      await expect(page.locator('form button[type=submit]')).toBeEnabled();
    }
    await page.locator('#code').fill(wrong);
    await page.locator('form button[type=submit]').click();
    const alert = page.locator('[data-error=validation]');
    await expect(alert).toContainText('Слишком много неверных попыток.');
    await expectAccessible(page, 'too many attempts');
    await alert.getByRole('link', { name: 'Начать заново' }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator('#iin')).toHaveValue(NEW_USER.iin);
    await expect(page.locator('#phone')).toHaveValue('8 (707) 000-08-23');
  });

  test('"send the code again" waits for its countdown, then sends a new code (kk)', async ({ page, request }) => {
    await page.clock.install();
    await toCodeStep(page);
    const first = await smsCode(request, NEW_USER.phone);
    const resend = page.getByTestId('resend');
    await expect(resend).toBeDisabled();
    await expect(page.getByTestId('resend-countdown')).toHaveText('Жаңа кодты 1:00 өткен соң сұрауға болады');
    await page.clock.fastForward(30_000);
    await expect(page.getByTestId('resend-countdown')).toHaveText('Жаңа кодты 0:30 өткен соң сұрауға болады');
    const status = page.locator('.resend [role=status]');
    await expect(status).toHaveText('');
    // The mock's clock moves too, so that it allows the new code.
    expect((await request.post('/__dev/clock', { data: { advance_seconds: 61 } })).ok()).toBeTruthy();
    await page.clock.fastForward(31_000);
    await expect(resend).toBeEnabled();
    await expect(page.getByTestId('resend-countdown')).toHaveCount(0);
    await expect(status).toHaveText('Енді жаңа код сұрауға болады.');
    await expectAccessible(page, 'code step, resend available');
    await resend.click();
    await expect(status).toHaveText('Жаңа код жіберілді.');
    await expect(resend).toBeDisabled();
    const second = await smsCode(request, NEW_USER.phone);
    if (second !== first) {
      // The first code died with its request.
      await page.locator('#code').fill(first);
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('[data-error]')).toBeVisible();
    }
    await page.locator('#code').fill(second);
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/register\?step=password$/);
  });

  test('password rules as typed, weak password and mismatch messages (kk, ru)', async ({ page, request }) => {
    await toPasswordStep(page, request);
    const submit = page.locator('form button[type=submit]');
    const rules = page.locator('.password-rules__rule');
    await expect(rules).toHaveCount(4);
    for (const rule of await rules.all()) {
      await expect(rule).toHaveAttribute('data-met', /true|false/);
    }
    await expect(rules.nth(0)).toHaveAttribute('data-met', 'false');
    await expect(rules.nth(0).locator('.password-rules__state')).toHaveText('әлі орындалмады');
    await expect(rules.nth(3)).toHaveAttribute('data-met', 'true');

    await submit.click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page.locator('.error-summary a')).toHaveText(['Жаңа құпиясөзді енгізіңіз', 'Құпиясөзді қайта енгізіңіз']);
    const cases: [string, string][] = [
      ['abc1', 'Құпиясөз кемінде 8 таңбадан тұруы керек'],
      ['abcdefgh', 'Құпиясөзде кемінде бір цифр болуы керек'],
      ['12345678', 'Құпиясөзде кемінде бір әріп болуы керек'],
      [`x${NEW_USER.iin}`, 'Құпиясөзде ЖСН болмауы керек'],
    ];
    for (const [typed, message] of cases) {
      await page.locator('#new-password').fill(typed);
      await page.locator('#confirm-password').fill(typed);
      await submit.click();
      await expect(page.locator('#new-password-error')).toContainText(message);
      await expect(page.locator('.error-summary a')).toHaveText([message]);
    }
    await expect(rules.nth(3)).toHaveAttribute('data-met', 'false');
    await expectAccessible(page, 'weak password');

    await chooseLanguage(page, 'ru');
    await page.locator('#new-password').fill(NEW_PASSWORD);
    await page.locator('#confirm-password').fill(`${NEW_PASSWORD}x`);
    await submit.click();
    await expect(page.locator('#confirm-password-error')).toContainText('Пароли не совпадают');
    await expect(page.locator('.error-summary a')).toHaveText(['Пароли не совпадают']);
    await expect(rules.nth(0).locator('.password-rules__state')).toHaveText('выполнено');
    // show / hide
    const toggle = page.getByRole('button', { name: 'Показать повтор пароля' });
    await toggle.click();
    await expect(page.locator('#confirm-password')).toHaveAttribute('type', 'text');
    await expect(page.getByRole('button', { name: 'Скрыть повтор пароля' })).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'password mismatch (ru)');
  });

  test('a reload on the code step keeps the step, the IIN and the phone, never the code (kk)', async ({ page, request }) => {
    await toCodeStep(page);
    const code = await smsCode(request, NEW_USER.phone);
    await page.locator('#code').fill(code);
    await page.reload();
    await expect(page).toHaveURL(/\/register\?step=code$/);
    await expect(page.locator('#step-heading')).toHaveText('2-қадам (барлығы 3): SMS-код');
    await expect(page.getByText('+7 707 *** ** 23 нөміріне', { exact: false })).toBeVisible();
    await expect(page.locator('#code')).toHaveValue('');
    const saved = await page.evaluate(() => sessionStorage.getItem('zeinet.register'));
    expect(saved).toContain(NEW_USER.iin);
    expect(saved).not.toContain(code);
    // back to step 1: what was typed is there
    await page.goBack();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.locator('#iin')).toHaveValue(NEW_USER.iin);
    await expect(page.locator('#phone')).toHaveValue('8 (707) 000-08-23');
    await page.goForward();
    await expect(page).toHaveURL(/\/register\?step=code$/);
    await page.locator('#code').fill(code);
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/register\?step=password$/);
  });

  test('a step opened without its request starts over at step 1', async ({ page }) => {
    await page.goto('/password-reset?step=password');
    await expect(page).toHaveURL(/\/password-reset$/);
    await expect(page.locator('#iin')).toBeVisible();
  });
});
