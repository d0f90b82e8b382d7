import { test, expect, USERS, logIn } from '../fixtures';

test.describe('my applications (list)', () => {
  test('rows are newest first with translated codes; the memo\'s rows are there', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    await page.goto('/services/applications');
    const table = page.getByTestId('applications-table');
    await expect(table.locator('caption')).toHaveText('Өтініштер');
    const dates = await table.locator('tbody tr td:nth-child(4)').allTextContents();
    const iso = dates.map((d) => d.split('.').reverse().join('-'));
    expect(iso.length).toBeGreaterThan(10);
    expect([...iso].sort().reverse()).toEqual(iso);
    const row = table.locator('tbody tr', { hasText: '188041' });
    await expect(row.locator('th')).toHaveText('Тұрғын үй жағдайларын жақсартуға арналған біржолғы зейнетақы төлемдеріне өтініш');
    await expect(row.locator('td').nth(1)).toHaveText('МЗЖ');
    await expect(row.locator('td').nth(2)).toHaveText('18.02.2021');
    await expect(row.locator('.badge')).toHaveText('Орындалды');
  });

  test('a person with no applications gets the empty state', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.empty);
    await page.goto('/services/applications');
    await expect(page.locator('.empty-state')).toContainText('Сізде төлемге немесе аударуға берілген өтініштер әзірге жоқ');
    await page.getByRole('link', { name: 'ЕЗЖ қайтару' }).click();
    await expect(page.locator('.empty-state')).toContainText('ЕЗЖ қайтаруға берілген өтініштер жоқ');
  });
});
