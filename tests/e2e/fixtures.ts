import { test as base, expect, Page, APIRequestContext } from '@playwright/test';
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

/** Switches the language with the header's switch. */
export async function chooseLanguage(page: Page, lang: 'kk' | 'ru' | 'en') {
  await page.locator(`.language-switch button[lang=${lang}]`).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

type Fixtures = { cspViolations: string[] };

/**
 * Every test starts from the mock's fixtures with no faults, and fails if the page reports a
 * Content-Security-Policy violation.
 */
export const test = base.extend<Fixtures>({
  cspViolations: [
    async ({ page, request }, use) => {
      expect((await request.post('/__dev/reset')).ok()).toBeTruthy();
      const violations: string[] = [];
      await page.exposeFunction('__zeinetCspViolation', (text: string) => violations.push(text));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as any).__zeinetCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
        });
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
