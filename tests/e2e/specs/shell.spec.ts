import { test, expect, USERS, logIn, chooseLanguage, expectAccessible } from '../fixtures';

test.describe('the page frame', () => {
  test('opens in Kazakh by default, on the log-in page, with a matching <title>', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?next=%2Fservices/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Жеке кабинетке кіру');
    await expect(page).toHaveTitle('Жеке кабинетке кіру — БЖЗҚ жеке кабинеті');
    await expect(page.getByRole('textbox', { name: 'ЖСН', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Қазақша' })).toHaveAttribute('aria-pressed', 'true');
    await expectAccessible(page, 'log-in, kk');
  });

  test('the language switch changes the texts and <html lang>, and is remembered', async ({ page }) => {
    await page.goto('/login');
    await chooseLanguage(page, 'ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход в личный кабинет');
    await expect(page.getByRole('textbox', { name: 'ИИН', exact: true })).toBeVisible();
    await expect(page).toHaveTitle('Вход в личный кабинет — Личный кабинет ЕНПФ');
    await expectAccessible(page, 'log-in, ru');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход в личный кабинет');
    await chooseLanguage(page, 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in to your personal cabinet');
    expect(await page.evaluate(() => localStorage.getItem('zeinet.locale'))).toBe('en');
  });

  test('the guard sends a visitor to log-in and back to where they were going', async ({ page }) => {
    await page.goto('/services/applications/refunds');
    await expect(page).toHaveURL(/\/login\?next=%2Fservices%2Fapplications%2Frefunds$/);
    await logIn(page, USERS.many);
    await expect(page).toHaveURL(/\/services\/applications\/refunds$/);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.many.name);
    await expect(page.getByRole('link', { name: 'ЕЗЖ қайтару' })).toHaveAttribute('aria-current', 'page');
  });

  test('log out ends the session on the server and guards the routes again', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.few);
    await expect(page).toHaveURL(/\/services$/);
    await page.getByRole('button', { name: 'Шығу' }).click();
    await expect(page).toHaveURL(/\/login\?logged_out=1/);
    await expect(page.getByRole('status')).toContainText('Сіз жеке кабинеттен шықтыңыз');
    await expect(page.getByTestId('user-name')).toHaveCount(0);
    // The server forgot the session: a direct API call is refused, and a reload stays out.
    expect((await page.request.get('/api/session')).status()).toBe(401);
    await page.goto('/services');
    await expect(page).toHaveURL(/\/login\?next=%2Fservices/);
  });

  test('session cookie is HttpOnly and SameSite=Strict; nothing secret is stored', async ({ page, context }) => {
    await page.goto('/login');
    await page.getByRole('checkbox', { name: 'ЖСН-ды еске сақтау' }).uncheck();
    await logIn(page, USERS.many);
    const cookie = (await context.cookies()).find((c) => c.name === 'zeinet_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain(USERS.many.password);
    expect(stored).not.toContain(USERS.many.iin);
    expect(stored).not.toContain(cookie!.value);
    expect(page.url()).not.toContain(USERS.many.iin);
  });

  test('route changes move focus to the new heading and update the title', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    await expect(page).toHaveURL(/\/services$/);
    await expect(page).toHaveTitle('Қызметтер — БЖЗҚ жеке кабинеті');
    await page.getByRole('link', { name: 'Менің төлемдер / аударымдар туралы өтініштерім' }).click();
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.locator('#page-heading')).toBeFocused();
    await expect(page).toHaveTitle('Менің төлемдер / аударымдар туралы өтініштерім — БЖЗҚ жеке кабинеті');
  });

  test('deep links survive a reload under the static server (SPA fallback)', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    await page.goto('/services/applications/refunds');
    await page.reload();
    await expect(page).toHaveURL(/\/services\/applications\/refunds$/);
    await expect(page.getByTestId('refunds-table')).toBeVisible();
  });

  test('an unknown address shows the not-found page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бет табылмады');
    await expect(page).toHaveTitle('Бет табылмады — БЖЗҚ жеке кабинеті');
    await expect(page.getByRole('link', { name: 'Қызметтерге өту' })).toBeVisible();
    await expectAccessible(page, 'not found');
  });

  test('the skip link leads to the main content', async ({ page }) => {
    await page.goto('/login');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Негізгі мазмұнға өту' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });
});

for (const [lang, width] of [
  ['kk', 1280],
  ['kk', 360],
  ['ru', 1280],
  ['ru', 360],
] as const) {
  test(`every page is accessible (${lang}, ${width}px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/login');
    if (lang !== 'kk') await chooseLanguage(page, lang);
    await expectAccessible(page, `log-in ${lang} ${width}`);
    for (const path of ['/register', '/password-reset']) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      await expectAccessible(page, `${path} ${lang} ${width}`);
    }
    await page.goto('/login');
    await logIn(page, USERS.many);
    for (const [path, ready] of [
      ['/services', '.service-list'],
      ['/services/applications', '[data-testid=applications-table]'],
      ['/services/applications/refunds', '[data-testid=refunds-table]'],
      ['/services/refund', 'h1'],
      ['/nowhere', 'h1'],
    ]) {
      await page.goto(path);
      await expect(page.locator(ready).first()).toBeVisible();
      await expectAccessible(page, `${path} ${lang} ${width}`);
    }
  });
}
