import { test, expect, USERS, expectAccessible, chooseLanguage, injectFault } from '../fixtures';

async function ncalayerMode(request, mode: string, extra: object = {}) {
  const response = await request.put('/__dev/ncalayer', { data: { mode, ...extra } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test.describe('log-in tabs', () => {
  test('the tab is in the URL, and the tabs follow the WAI-ARIA keyboard pattern', async ({ page }) => {
    await page.goto('/login?tab=eds');
    const eds = page.getByRole('tab', { name: 'ЭЦҚ' });
    const password = page.getByRole('tab', { name: 'ЖСН және құпиясөз' });
    await expect(eds).toHaveAttribute('aria-selected', 'true');
    await expect(eds).toHaveAttribute('tabindex', '0');
    await expect(password).toHaveAttribute('tabindex', '-1');
    await expect(page.getByRole('tabpanel')).toHaveAttribute('id', 'panel-eds');
    await expectAccessible(page, 'log-in, EDS tab');

    await eds.focus();
    await page.keyboard.press('ArrowRight');
    await expect(password).toBeFocused();
    await expect(password).toHaveAttribute('aria-selected', 'true');
    await expect(page).toHaveURL(/tab=password/);
    const egov = page.getByRole('tab', { name: 'eGov mobile' });
    await page.keyboard.press('ArrowRight');
    await expect(egov).toBeFocused();
    await expect(egov).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(eds).toBeFocused();
    await page.keyboard.press('End');
    await expect(egov).toBeFocused();
    await page.keyboard.press('Home');
    await expect(eds).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(egov).toBeFocused();
    await expect(page).toHaveURL(/tab=egov/);
  });

  test('switching tabs keeps what was typed', async ({ page }) => {
    await page.goto('/login?tab=password');
    await page.locator('#iin').fill('900101300');
    await page.getByRole('tab', { name: 'ЭЦҚ' }).click();
    await expect(page.locator('#panel-password')).toBeHidden();
    await page.getByRole('tab', { name: 'ЖСН және құпиясөз' }).click();
    await expect(page.locator('#iin')).toHaveValue('900101300');
  });
});

test.describe('log-in with EDS through NCALayer', () => {
  test('signs the challenge with the AUTH key and logs in (kk), then keyboard only (ru)', async ({ page, request }) => {
    await page.goto('/login?tab=eds&next=%2Fservices%2Fapplications');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.many.name);

    await page.getByRole('button', { name: 'Шығу' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/login?tab=eds');
    await chooseLanguage(page, 'ru');
    await page.getByRole('tab', { name: 'ЭЦП' }).focus();
    await page.keyboard.press('Tab'); // into the panel
    await page.keyboard.press('Tab'); // the button
    await expect(page.getByRole('button', { name: 'Войти с ЭЦП' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/services$/);
  });

  test('NCALayer not running: how to install and start it, and try again', async ({ page }) => {
    // As if nothing listened on NCALayer's port, until it is "started".
    let running = false;
    await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => {
      if (running) ws.connectToServer();
      else ws.close();
    });
    await page.goto('/login?tab=eds');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    const alert = page.locator('[data-error=ncalayer_not_running]');
    await expect(alert.getByRole('heading')).toHaveText('NCALayer іске қосылмаған');
    await expect(alert.getByRole('link', { name: /pki\.gov\.kz/ })).toHaveAttribute('href', 'https://pki.gov.kz/ncalayer/');
    await expectAccessible(page, 'EDS: NCALayer not running');
    running = true;
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/\/services$/);
  });

  test('cancelled in NCALayer: back to the tab quietly', async ({ page, request }) => {
    await ncalayerMode(request, 'cancel');
    await page.goto('/login?tab=eds');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' })).toBeEnabled();
    await expect(page.locator('#panel-eds [data-error]')).toHaveCount(0);
    await expect(page).toHaveURL(/\/login/);
  });

  for (const [mode, kind, text] of [
    ['wrong_key', 'unauthorized', 'Қол қою кілті таңдалды'],
    ['other_person', 'unauthorized', 'Бұл сертификаттың ЖСН-ы бойынша жеке кабинет табылмады'],
    ['close_socket', 'ncalayer_closed', 'NCALayer байланысты үзіп тастады'],
    ['garbage', 'ncalayer_garbage', 'NCALayer түсініксіз жауап берді'],
    ['no_key', 'ncalayer_failed', 'NCALayer қол қоя алмады'],
  ] as const) {
    test(`NCALayer ${mode}: "${text}" and a way forward`, async ({ page, request }) => {
      await ncalayerMode(request, mode, { times: 1 });
      await page.goto('/login?tab=eds');
      await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
      const alert = page.locator(`#panel-eds [data-error=${kind}]`);
      await expect(alert).toContainText(text);
      await expectAccessible(page, `EDS: ${mode}`);
      await alert.getByRole('button', { name: 'Қайталау' }).click();
      await expect(page).toHaveURL(/\/services$/);
    });
  }

  test('a slow NCALayer (a person typing a key password) shows what to do meanwhile', async ({ page, request }) => {
    await ncalayerMode(request, 'slow', { delay_ms: 3000, times: 1 });
    await page.goto('/login?tab=eds');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    await expect(page.locator('#panel-eds [role=status]')).toContainText('NCALayer терезесінде AUTH_RSA кілтін таңдап');
    await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' })).toBeDisabled();
    await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });
  });

  test('an expired challenge says so, and trying again works', async ({ page, request }) => {
    await injectFault(request, {
      method: 'POST',
      path: '/api/auth/eds',
      status: 410,
      body: '{"code":"challenge_expired","message":"expired"}',
      times: 1,
    });
    await page.goto('/login?tab=eds');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    const alert = page.locator('#panel-eds [data-error=gone]');
    await expect(alert).toContainText('Кіру тым ұзаққа созылды');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/\/services$/);
  });
});

test.describe('log-in with EDS: a revoked certificate', () => {
  // The mock cannot ask the NCA's OCSP service; a real backend answers a revoked certificate
  // with `certificate_revoked` (contract), injected here as it would come.
  test('says the certificate is revoked and where a new key comes from', async ({ page, request }) => {
    await injectFault(request, {
      method: 'POST',
      path: '/api/auth/eds',
      status: 401,
      body: '{"code":"certificate_revoked","message":"revoked"}',
      times: 1,
    });
    await page.goto('/login?tab=eds');
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
    const alert = page.locator('#panel-eds .alert');
    await expect(alert).toContainText('ЭЦҚ сертификаты кері қайтарылған');
    await expect(page).toHaveURL(/\/login\?tab=eds/);
    await expectAccessible(page, 'EDS log-in: certificate revoked');
  });
});
