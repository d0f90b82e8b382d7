import { test as base, expect, Page, APIRequestContext, BrowserContext, CDPSession } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Test users of the mock (mock-api/fixtures/users.json). */
export const USERS = {
  many: { iin: '900101300007', password: 'Zeinet-2026!', name: 'Иванов Иван Иванович' },
  empty: { iin: '900101300017', password: 'Zeinet-2026!', name: 'Серікқызы Айгүл Маратқызы' },
  few: { iin: '900101300811', password: 'Zeinet-2026!', name: 'Петров Пётр Петрович' },
} as const;

export type Fault = {
  method?: string | null;
  path: string;
  latency_ms?: number | null;
  status?: number | null;
  body?: string | null;
  drop?: boolean;
  times?: number | null;
};

/** Injects a fault into the mock API (see /__dev/faults). */
export async function injectFault(request: APIRequestContext, fault: Fault) {
  const response = await request.put('/__dev/faults', { data: { drop: false, ...fault } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

export async function clearFaults(request: APIRequestContext) {
  expect((await request.delete('/__dev/faults')).ok()).toBeTruthy();
}

/** The last SMS code the mock "sent" to `phone` (its dev SMS gateway). */
export async function smsCode(request: APIRequestContext, phone: string): Promise<string> {
  const response = await request.get(`/__dev/sms?phone=${encodeURIComponent(phone)}`);
  expect(response.ok(), await response.text()).toBeTruthy();
  return (await response.json()).code;
}

/**
 * The last SMS the mock sent to `phone` (its dev SMS gateway): `kind` is `code` (with `code`),
 * or a notice with no code — `account_exists` (registration of a registered IIN), `no_account`
 * (password reset of an IIN without an account). `null` when nothing was sent to it.
 */
export async function lastSms(
  request: APIRequestContext,
  phone: string,
): Promise<{ kind: string; code: string | null; text: string; phone: string } | null> {
  const response = await request.get(`/__dev/sms?phone=${encodeURIComponent(phone)}`);
  if (response.status() === 404) return null;
  expect(response.ok(), await response.text()).toBeTruthy();
  return response.json();
}

/** Runs axe-core with the WCAG 2.0/2.1/2.2 A and AA rules and fails on any violation. */
export async function expectAccessible(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations in state "${state}"`).toEqual([]);
}

/** Logs in through the form (the current language) and waits to leave the log-in page. */
export async function logIn(page: Page, user: { iin: string; password: string }) {
  await page.locator('#iin').fill(user.iin);
  await page.locator('#password').fill(user.password);
  await page.locator('form button[type=submit]').click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The browser-level CDP session of each context that set a permission (see below). */
const permissionSessions = new WeakMap<BrowserContext, CDPSession>();

/**
 * Sets the browser's "apps on this device" permission (`loopback-network`, what a public page
 * needs to reach NCALayer on 127.0.0.1) for this page's browser context, through CDP. The
 * session stays attached until the context closes: Chromium drops a session's permission
 * overrides when it detaches.
 */
export async function setLoopbackPermission(page: Page, setting: 'granted' | 'denied' | 'prompt') {
  const context = page.context();
  const pageSession = await context.newCDPSession(page);
  const { targetInfo } = await pageSession.send('Target.getTargetInfo');
  await pageSession.detach();
  let browserSession = permissionSessions.get(context);
  if (!browserSession) {
    browserSession = await context.browser()!.newBrowserCDPSession();
    permissionSessions.set(context, browserSession);
  }
  await browserSession.send('Browser.setPermission', {
    permission: { name: 'loopback-network' },
    setting,
    browserContextId: targetInfo.browserContextId,
  });
}

/** Switches the language with the header's switch. */
export async function chooseLanguage(page: Page, lang: 'kk' | 'ru' | 'en') {
  await page.locator(`.language-switch button[lang=${lang}]`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

type Fixtures = { cspViolations: string[]; leakCheck: void };

/** Passwords the suite types (the users' and the new ones of registration and reset). */
const PASSWORDS = [...Object.values(USERS).map((u) => u.password), 'Zhana-parol-2026', 'wrong-password'];
const IINS = Object.values(USERS).map((u) => u.iin);
const IBAN = /KZ\d{2}[0-9A-Z]{16}/i;
// Twelve digits standing alone (an IIN), not twelve digits inside a longer hex id.
const TWELVE_DIGITS = /(^|[^0-9A-Za-z])\d{12}([^0-9A-Za-z]|$)/;
/** Words that name a secret when they are a stored field's name. */
const SECRET_FIELDS = /"(password|passwd|code|sms_code|signature|cms|signed|token|session|session_id|cookie)"\s*:/i;

/**
 * What the browser keeps, by key: nothing else may be stored. The locale; the IIN only when
 * the person ticked the memo's «ЖСН-ды еске сақтау»; and, in this tab's sessionStorage only,
 * the person's own typed data of an unfinished flow (registration/reset: IIN, phone, step;
 * refund: orders, account type, IBAN, idempotency key), cleared when the flow ends and at
 * log-out. No password, code, token, session or signature anywhere.
 */
const ALLOWED_STORAGE: Record<string, Record<string, (value: string) => boolean>> = {
  local: {
    'zeinet.locale': (v) => /^(kk|ru|en)$/.test(v),
    'zeinet.remembered_iin': (v) => /^\d{12}$/.test(v),
  },
  session: {
    'zeinet.register': (v) => !SECRET_FIELDS.test(v),
    'zeinet.password_reset': (v) => !SECRET_FIELDS.test(v),
    // The eGov log-in procedure kept in this tab: its id, QR text, link and expiry.
    // (Twelve digits standing alone: its random hex id has a run of twelve digits now and then.)
    'zeinet.egov.login': (v) => !SECRET_FIELDS.test(v) && !/(?<![\w-])\d{12}(?![\w-])/.test(v),
    // No IIN: twelve digits standing alone (not the last group of the idempotency key's UUID,
    // which is all digits about once in 280 drafts).
    'zeinet.refund.draft': (v) => !SECRET_FIELDS.test(v) && !/(?<![\w-])\d{12}(?![\w-])/.test(v),
  },
};

/** What one test leaked, as readable lines (empty: nothing). */
export function leaks(urls: string[], consoleLines: string[], storage: { local: [string, string][]; session: [string, string][] } | null) {
  const found: string[] = [];
  for (const url of urls) {
    const decoded = (() => {
      try {
        return decodeURIComponent(url);
      } catch {
        return url;
      }
    })();
    if (PASSWORDS.some((p) => decoded.includes(p))) found.push(`a password in the URL ${url}`);
    if (TWELVE_DIGITS.test(decoded)) found.push(`an IIN-like number in the URL ${url}`);
    if (IBAN.test(decoded)) found.push(`an IBAN in the URL ${url}`);
    if (/[?&](token|session|sid|signature|password|iin|iban)=/i.test(decoded)) found.push(`a secret parameter in the URL ${url}`);
  }
  for (const line of consoleLines) {
    if (PASSWORDS.some((p) => line.includes(p))) found.push(`a password in the console: ${line}`);
    if (IINS.some((iin) => line.includes(iin))) found.push(`an IIN in the console: ${line}`);
    if (IBAN.test(line)) found.push(`an IBAN in the console: ${line}`);
  }
  for (const area of ['local', 'session'] as const) {
    for (const [key, value] of storage?.[area] ?? []) {
      const allowed = ALLOWED_STORAGE[area][key];
      if (!allowed) found.push(`${area}Storage holds "${key}"`);
      else if (!allowed(value)) found.push(`${area}Storage "${key}" holds something it must not: ${value.slice(0, 200)}`);
      if (PASSWORDS.some((p) => value.includes(p))) found.push(`a password in ${area}Storage "${key}"`);
    }
  }
  return found;
}

/**
 * The Content-Security-Policy violations the page reports from now on, in every document it
 * loads (a reload included), as "directive blocked URI".
 */
export async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__zeinetCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as any).__zeinetCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return violations;
}

/**
 * Every test starts from the mock's fixtures with no faults, and fails if the page reports a
 * Content-Security-Policy violation, or if after the test a password, token, IIN or IBAN is in
 * a request URL, in the console, or in storage beyond what ALLOWED_STORAGE permits.
 */
export const test = base.extend<Fixtures>({
  cspViolations: [
    async ({ page, request }, use) => {
      expect((await request.post('/__dev/reset')).ok()).toBeTruthy();
      const violations = await collectCspViolations(page);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  leakCheck: [
    async ({ page }, use) => {
      const urls: string[] = [];
      const consoleLines: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      page.on('console', (m) => consoleLines.push(m.text()));
      await use();
      const storage = page.isClosed()
        ? null
        : await page
            .evaluate(() => ({ local: Object.entries(localStorage), session: Object.entries(sessionStorage) }))
            .catch(() => null);
      expect(leaks(urls, consoleLines, storage), 'secrets in URLs, console or storage').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
