import { test, expect, USERS, logIn, chooseLanguage, expectAccessible } from '../fixtures';

test.describe('log-in by IIN and password', () => {
  test('each IIN rule has its message at the field and in the summary; typed data is kept', async ({ page }) => {
    await page.goto('/login');
    const iin = page.locator('#iin');
    const submit = page.locator('form button[type=submit]');
    const cases: [string, string][] = [
      ['', 'ЖСН енгізіңіз'],
      ['90010130000', 'ЖСН 12 цифрдан тұрады (енгізілгені: 11)'],
      ['9001013000071', 'ЖСН 12 цифрдан тұрады (енгізілгені: 13)'],
      ['90010130000a', 'ЖСН тек цифрлардан тұруы керек'],
      ['900101300008', 'ЖСН қате: бақылау цифры сәйкес келмейді. Цифрларды тексеріңіз'],
      ['821214240092', 'ЖСН қате: бақылау цифры сәйкес келмейді. Цифрларды тексеріңіз'],
    ];
    await page.locator('#password').fill('something');
    for (const [typed, message] of cases) {
      await iin.fill(typed);
      await submit.click();
      const summary = page.locator('.error-summary');
      await expect(summary).toBeFocused();
      await expect(summary.getByRole('link')).toHaveText(message);
      await expect(page.locator('#iin-error')).toContainText(message);
      await expect(iin).toHaveAttribute('aria-invalid', 'true');
      await expect(iin).toHaveValue(typed);
      await expect(page.locator('#password')).toHaveValue('something');
    }
    await expectAccessible(page, 'log-in with an IIN error');
    await page.locator('.error-summary a').click();
    await expect(iin).toBeFocused();
    // No request left the page for invalid input.
  });

  test('an empty password is refused in both languages', async ({ page }) => {
    await page.goto('/login');
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('#password-error')).toHaveText('Құпиясөзді енгізіңіз');
    await chooseLanguage(page, 'ru');
    await expect(page.locator('#password-error')).toHaveText('Введите пароль');
    await expect(page.locator('.error-summary a')).toHaveText('Введите пароль');
  });

  test('a wrong password says so without telling which field was wrong, and keeps the IIN', async ({ page }) => {
    await page.goto('/login');
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('#password').fill('wrong-password');
    await page.locator('form button[type=submit]').click();
    const alert = page.locator('[data-error=unauthorized]');
    await expect(alert).toHaveText('ЖСН немесе құпиясөз қате');
    await expect(page.locator('#iin')).toHaveValue(USERS.many.iin);
    await expectAccessible(page, 'log-in refused');
  });

  test('the account is locked after 5 failures, with the time it ends', async ({ page }) => {
    await page.goto('/login');
    await chooseLanguage(page, 'ru');
    await page.locator('#iin').fill(USERS.few.iin);
    await page.locator('#password').fill('wrong-password');
    for (let i = 0; i < 5; i++) {
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('form button[type=submit]')).toBeEnabled();
    }
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-error=forbidden]')).toContainText(
      /Слишком много неудачных попыток\. Вход заблокирован до \d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d\./,
    );
    // Even the right password is refused while locked.
    await page.locator('#password').fill(USERS.few.password);
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-error=forbidden]')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test('20 failed log-ins from one device: refused (429) with the time the next attempt is allowed', async ({ page, request }) => {
    // Password spraying: the device, not the IIN, is refused (the mock counts per client).
    for (let i = 0; i < 20; i++) {
      const answer = await request.post('/api/auth/password', { data: { iin: USERS.few.iin, password: 'wrong-password' } });
      expect([401, 403]).toContain(answer.status());
    }
    await page.goto('/login');
    await chooseLanguage(page, 'ru');
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('#password').fill(USERS.many.password);
    await page.locator('form button[type=submit]').click();
    const alert = page.locator('[data-error=too_many_requests]');
    await expect(alert).toContainText(
      /Слишком много запросов\. Повторить попытку можно с \d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d\./,
    );
    await expect(page.locator('#iin')).toHaveValue(USERS.many.iin);
    await expect(page).toHaveURL(/\/login/);
    await expectAccessible(page, 'log-in: too many attempts');
  });

  test('"remember IIN" keeps the IIN alone, and unticking forgets it', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('checkbox', { name: 'ЖСН-ды еске сақтау' }).check();
    await logIn(page, USERS.many);
    expect(await page.evaluate(() => localStorage.getItem('zeinet.remembered_iin'))).toBe(USERS.many.iin);
    await page.getByRole('button', { name: 'Шығу' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.locator('#iin')).toHaveValue(USERS.many.iin);
    await expect(page.getByRole('checkbox', { name: 'ЖСН-ды еске сақтау' })).toBeChecked();
    await expect(page.locator('#password')).toHaveValue('');
    await page.getByRole('checkbox', { name: 'ЖСН-ды еске сақтау' }).uncheck();
    expect(await page.evaluate(() => localStorage.getItem('zeinet.remembered_iin'))).toBeNull();
    await page.reload();
    await expect(page.locator('#iin')).toHaveValue('');
  });

  test('show/hide password is a real toggle button', async ({ page }) => {
    await page.goto('/login');
    const password = page.locator('#password');
    await password.fill('secret');
    const toggle = page.getByRole('button', { name: 'Құпиясөзді көрсету' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(password).toHaveAttribute('type', 'text');
    await expect(page.getByRole('button', { name: 'Құпиясөзді жасыру' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Құпиясөзді жасыру' }).click();
    await expect(password).toHaveAttribute('type', 'password');
  });

  test('keyboard only: tab to the fields, type, press Enter', async ({ page }) => {
    await page.goto('/login');
    await page.locator('#iin').focus();
    await page.keyboard.type(USERS.many.iin);
    await page.keyboard.press('Tab');
    await expect(page.locator('#password')).toBeFocused();
    await page.keyboard.type(USERS.many.password);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.locator('#page-heading')).toBeFocused();
  });
});

test.describe('registration and password reset (first step)', () => {
  for (const path of ['/register', '/password-reset']) {
    test(`${path}: IIN and phone rules are checked before asking the backend`, async ({ page }) => {
      await page.goto(path);
      await page.locator('#iin').fill('123');
      await page.locator('#phone').fill('+7 727 123 45 67');
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('.error-summary')).toBeFocused();
      await expect(page.locator('#iin-error')).toContainText('ЖСН 12 цифрдан тұрады (енгізілгені: 3)');
      await expect(page.locator('#phone-error')).toContainText('Бұл қалалық нөмір');
      await page.locator('#phone').fill('+49 30 1234567');
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('#phone-error')).toContainText('Қазақстандық провайдердің ұялы телефон нөмірі болуы тиіс');
      await expect(page.locator('#phone')).toHaveValue('+49 30 1234567');
      await expectAccessible(page, `${path} with errors`);
    });
  }
});
