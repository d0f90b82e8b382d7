import { test, expect, USERS, leaks, logIn } from '../fixtures';

// The suite-wide leak check (fixtures.ts, run after every test) must itself catch what it is
// for: these cases prove it does, without a browser.
test.describe('the leak check run after every test', () => {
  const none = { local: [] as [string, string][], session: [] as [string, string][] };

  test('finds passwords, IINs, IBANs and secret parameters in URLs', () => {
    expect(leaks(['http://127.0.0.1/login?next=%2Fservices'], [], none)).toEqual([]);
    expect(leaks([`http://x/api?p=${encodeURIComponent(USERS.many.password)}`], [], none)).toHaveLength(1);
    expect(leaks([`http://x/api/users/${USERS.many.iin}`], [], none)[0]).toContain('IIN');
    expect(leaks(['http://x/refund?to=kz327225000000680371'], [], none)[0]).toContain('IBAN');
    expect(leaks(['http://x/cb?token=abc'], [], none)[0]).toContain('secret parameter');
  });

  test('finds them in the console', () => {
    expect(leaks([], ['ready'], none)).toEqual([]);
    expect(leaks([], [`login ${USERS.few.iin}`], none)[0]).toContain('IIN');
    expect(leaks([], [`pw=${USERS.few.password}`], none)[0]).toContain('password');
  });

  test('allows only the listed storage keys, each without secrets', () => {
    const ok = {
      local: [['zeinet.locale', 'ru'], ['zeinet.remembered_iin', USERS.many.iin]] as [string, string][],
      session: [['zeinet.refund.draft', '{"selected":["po-1"],"iban":"KZ32 7225","idempotency_key":"k"}']] as [string, string][],
    };
    expect(leaks([], [], ok)).toEqual([]);
    expect(leaks([], [], { local: [['token', 'x']], session: [] })[0]).toContain('"token"');
    expect(leaks([], [], { local: [], session: [['zeinet.refund.draft', '{"signature":"MII"}']] })[0]).toContain('must not');
    expect(leaks([], [], { local: [], session: [['zeinet.register', '{"iin":"1","code":"123456"}']] })[0]).toContain('must not');
    expect(leaks([], [], { local: [['zeinet.locale', USERS.many.password]], session: [] }).length).toBeGreaterThan(0);
  });
});

test('after log-in and log-out nothing of the session is left in storage, and no cookie is readable by scripts', async ({ page }) => {
  await page.goto('/login');
  await logIn(page, USERS.many);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  await page.getByRole('button', { name: 'Шығу' }).click();
  await expect(page).toHaveURL(/\/login/);
  const stored = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
  expect(stored.filter((k) => k !== 'zeinet.locale')).toEqual([]);
});

test('opening the log-in page logged out logs no error in the console (no failed request)', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto('/login');
  await expect(page.locator('#iin')).toBeEnabled();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});
