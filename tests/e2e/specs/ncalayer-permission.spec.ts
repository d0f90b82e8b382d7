import { Page } from '@playwright/test';
import config, { PORT } from '../playwright.config';
import { test, expect, USERS, logIn, expectAccessible, chooseLanguage, setLoopbackPermission } from '../fixtures';

// The page counts as a public site here, as the cabinet does in production: Chromium then
// puts its WebSocket to NCALayer on 127.0.0.1 behind the "apps on this device" permission.
test.use({
  launchOptions: {
    ...config.use!.launchOptions,
    args: [
      ...(config.use!.launchOptions!.args ?? []),
      `--ip-address-space-overrides=127.0.0.1:${PORT}=public`,
      `--unsafely-treat-insecure-origin-as-secure=http://127.0.0.1:${PORT}`,
    ],
  },
});

const SIGN_IN = 'ЭЦҚ арқылы кіру';
const BLOCKED_TITLE = 'Браузер NCALayer-ге қосылуға рұқсат бермеді';
const NOTE = 'браузер сайтқа осы құрылғыдағы қолданбаларды пайдалануға рұқсат сұрауы мүмкін';

/** The blocked-by-the-browser alert: how to allow it again, the managed-PC line, no install link. */
async function expectBlockedExplained(page: Page, scope = page.locator('body')) {
  const alert = scope.locator('[data-error=ncalayer_blocked]');
  await expect(alert.getByRole('heading')).toHaveText(BLOCKED_TITLE);
  await expect(alert.getByRole('listitem')).toHaveText([
    'Мекенжай жолындағы сайт баптаулары белгішесін басыңыз.',
    '«Осы құрылғыдағы қолданбалар» (немесе «Жергілікті желі») тармағында «Рұқсат ету» таңдаңыз.',
    'Бетті қайта жүктеңіз немесе «Қайталау» батырмасын басыңыз.',
  ]);
  await expect(alert).toContainText('LocalNetworkAccessAllowedForUrls');
  await expect(alert.getByRole('link', { name: /pki\.gov\.kz/ })).toHaveCount(0);
  await expect(alert.getByRole('button', { name: 'Қайталау' })).toBeVisible();
  return alert;
}

test.describe('NCALayer behind the browser\'s "apps on this device" permission: log-in', () => {
  test('allowed: no note, signs in as before', async ({ page }) => {
    await page.goto('/login?tab=eds');
    await setLoopbackPermission(page, 'granted');
    await page.reload();
    await expect(page.getByRole('button', { name: SIGN_IN })).toBeVisible();
    await expect(page.getByTestId('loopback-note')).toHaveCount(0);
    await page.getByRole('button', { name: SIGN_IN }).click();
    await expect(page).toHaveURL(/\/services$/);
  });

  test('allowed, but nothing listens: NCALayer not running, not the browser', async ({ page }) => {
    await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => ws.close());
    await page.goto('/login?tab=eds');
    await setLoopbackPermission(page, 'granted');
    await page.getByRole('button', { name: SIGN_IN }).click();
    await expect(page.locator('[data-error=ncalayer_not_running]')).toBeVisible();
    await expect(page.locator('[data-error=ncalayer_blocked]')).toHaveCount(0);
  });

  test('denied: the browser blocked it, how to allow it again; once allowed, "try again" signs in', async ({ page }) => {
    await page.goto('/login?tab=eds');
    await setLoopbackPermission(page, 'denied');
    await page.getByRole('button', { name: SIGN_IN }).click();
    const alert = await expectBlockedExplained(page);
    await expectAccessible(page, 'EDS: blocked by the browser');
    await setLoopbackPermission(page, 'granted');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/\/services$/);
  });

  test('denied, in Russian', async ({ page }) => {
    await page.goto('/login?tab=eds');
    await chooseLanguage(page, 'ru');
    await setLoopbackPermission(page, 'denied');
    await page.getByRole('button', { name: 'Войти с ЭЦП' }).click();
    const alert = page.locator('[data-error=ncalayer_blocked]');
    await expect(alert.getByRole('heading')).toHaveText('Браузер не разрешил подключиться к NCALayer');
    await expect(alert.getByRole('listitem').nth(1)).toHaveText('В пункте «Приложения на этом устройстве» (или «Локальная сеть») выберите «Разрешить».');
  });

  test('undecided: a note says the browser will ask before the first connection', async ({ page }) => {
    await page.goto('/login?tab=eds');
    await setLoopbackPermission(page, 'prompt');
    await page.reload();
    await expect(page.getByTestId('loopback-note')).toContainText(NOTE);
    await expectAccessible(page, 'EDS: the browser will ask');
  });

  test('the note goes once the question is answered', async ({ page }) => {
    await page.goto('/login?tab=eds');
    await setLoopbackPermission(page, 'prompt');
    await page.reload();
    const note = page.getByTestId('loopback-note');
    await expect(note).toBeVisible();
    await setLoopbackPermission(page, 'granted');
    await expect(note).toHaveCount(0);
  });
});

test.describe('NCALayer behind the permission: the refund\'s «ЭЦҚ-мен қол қою»', () => {
  async function toSigning(page: Page) {
    await page.goto('/login?next=%2Fservices%2Frefund');
    await logIn(page, USERS.many);
    await page.getByRole('checkbox', { name: /№ ?49756052/ }).check();
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await page.getByLabel('Карточкалық').check();
    await page.getByLabel('Алушының IBAN шоты').fill('KZ327225000000680371');
    await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
    await expect(page.getByTestId('bank-ok')).toBeVisible();
  }

  test('undecided: the note is there before signing', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'prompt');
    await toSigning(page);
    await expect(page.getByTestId('loopback-note')).toContainText(NOTE);
    await expectAccessible(page, 'refund: the browser will ask');
  });

  test('allowed: signed and filed', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'granted');
    await toSigning(page);
    await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
    await expect(page).toHaveURL(/step=done/);
  });

  test('denied: the browser blocked it, the form kept; once allowed, "try again" files it', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'denied');
    await toSigning(page);
    await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
    const alert = await expectBlockedExplained(page);
    await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ32 7225 0000 0068 0371');
    await expectAccessible(page, 'refund: blocked by the browser');
    await setLoopbackPermission(page, 'granted');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/step=done/);
  });
});

test.describe('NCALayer behind the permission: cancelling an application', () => {
  async function openDialog(page: Page) {
    await page.goto('/login?next=%2Fservices%2Fapplications');
    await logIn(page, USERS.many);
    const row = page.getByTestId('applications-table').locator('tbody.row-group', {
      has: page.locator('tr.row td:nth-child(5)', { hasText: /^1210456$/ }),
    });
    await row.getByRole('button', { name: '№1210456 өтініштің күшін жою' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    return { row, dialog };
  }

  test('undecided: the note is in the dialog', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'prompt');
    const { dialog } = await openDialog(page);
    await expect(dialog.getByTestId('loopback-note')).toContainText(NOTE);
    await expectAccessible(page, 'cancel: the browser will ask');
  });

  test('allowed: cancelled', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'granted');
    const { row, dialog } = await openDialog(page);
    await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.locator('.badge')).toHaveText('Күшін жою өңделуде');
  });

  test('denied: the browser blocked it, the application unchanged', async ({ page }) => {
    await page.goto('/login');
    await setLoopbackPermission(page, 'denied');
    const { dialog } = await openDialog(page);
    await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
    await expectBlockedExplained(page, dialog);
    await expectAccessible(page, 'cancel: blocked by the browser');
    const answer = await (await page.request.get('/api/applications/app-1210456')).json();
    expect(answer.status).toBe('accepted');
  });
});
