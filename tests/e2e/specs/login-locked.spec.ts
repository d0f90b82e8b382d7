import { test, expect, USERS, chooseLanguage, expectAccessible } from '../fixtures';

// Anyone can lock an IIN out of password log-in (5 wrong passwords): the person is told that EDS
// and eGov mobile still work, and gets there in one step (issue 20, item 3).
test.describe('locked out of password log-in', () => {
  test('is told EDS or eGov mobile still work, and logs in by EDS', async ({ page }) => {
    await page.goto('/login?next=%2Fservices%2Fapplications');
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('#password').fill('wrong-password');
    for (let i = 0; i < 5; i++) {
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('form button[type=submit]')).toBeEnabled();
    }
    const alert = page.locator('#panel-password [data-error=forbidden]');
    await expect(alert).toContainText('Кіру бұғатталды.');
    await expect(alert).toContainText('ЭЦҚ немесе eGov mobile арқылы кіруге болады.');
    const egov = alert.getByRole('link', { name: 'eGov mobile арқылы кіру' });
    await expect(egov).toHaveAttribute('href', '/login?tab=egov&next=%2Fservices%2Fapplications');
    await expectAccessible(page, 'log-in locked: other ways in');

    // the message follows the language
    await chooseLanguage(page, 'ru');
    await expect(alert).toContainText('Войти можно с ЭЦП или через eGov mobile.');
    await chooseLanguage(page, 'en');
    await expect(alert).toContainText('You can still log in with an EDS key or eGov mobile.');
    await chooseLanguage(page, 'kk');

    // EDS: the tab opens with where the person was going kept, and the stand-in NCALayer signs
    await alert.getByRole('link', { name: 'ЭЦҚ арқылы кіру' }).click();
    await expect(page).toHaveURL(/\/login\?tab=eds&next=%2Fservices%2Fapplications$/);
    await expect(page.getByRole('tab', { name: 'ЭЦҚ' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.many.name);
  });
});
