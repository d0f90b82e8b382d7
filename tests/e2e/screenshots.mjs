// Screenshots of the main screens (kk and ru, 1280 and 360 px) for looking at the app as a
// person would: `make screenshots` → target/screenshots/*.png. Starts its own mock API.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const PORT = 18082;

/** The browser-level CDP session of each context (its permission overrides end with it). */
const permissionSessions = new WeakMap();

/** The browser's "apps on this device" permission for this page's context (CDP). */
async function setLoopbackPermission(page, setting) {
  const session = await page.context().newCDPSession(page);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  if (!permissionSessions.has(page.context())) {
    permissionSessions.set(page.context(), await page.context().browser().newBrowserCDPSession());
  }
  await permissionSessions.get(page.context()).send('Browser.setPermission', {
    permission: { name: 'loopback-network' },
    setting,
    browserContextId: targetInfo.browserContextId,
  });
}
const base = `http://127.0.0.1:${PORT}`;
const out = '../../target/screenshots';
mkdirSync(out, { recursive: true });

const server = spawn('../../target/debug/mock-api', ['--dev', '--quiet', '--port', String(PORT), '--static', '../../dist'], {
  stdio: 'inherit',
});
try {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/__dev/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // The page counts as a public site, as in production: NCALayer is behind the browser's
      // "apps on this device" permission (the blocked-by-the-browser shot).
      `--ip-address-space-overrides=127.0.0.1:${PORT}=public`,
      `--unsafely-treat-insecure-origin-as-secure=${base}`],
  });
  for (const lang of ['kk', 'ru']) {
    for (const width of [1280, 360]) {
      await fetch(`${base}/__dev/reset`, { method: 'POST' });
      const page = await browser.newPage({ viewport: { width, height: width > 500 ? 900 : 780 } });
      const shot = async (name) => {
        await page.waitForTimeout(300);
        // Long pages (the 38-row table as cards) are shot to 2,400 px so they stay legible.
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        await page.screenshot({
          path: `${out}/${name}-${lang}-${width}.png`,
          fullPage: height <= 2400,
          clip: height > 2400 ? { x: 0, y: 0, width, height: 2400 } : undefined,
        });
      };
      await page.goto(`${base}/login`);
      await page.locator(`.language-switch button[lang=${lang}]`).click();
      await page.locator('h1').waitFor();
      await shot('login');
      await page.locator('#iin').fill('90010130000');
      await page.locator('form button[type=submit]').click();
      await page.locator('.error-summary').waitFor();
      await shot('login-errors');
      // Five wrong passwords lock the IIN: the alert offers EDS and eGov mobile instead.
      await page.locator('#iin').fill('900101300811');
      for (let i = 0; i < 5; i++) {
        await page.locator('#password').fill(`wrong-${i}`);
        await page.locator('form button[type=submit]').click();
        await page.locator(`.alert[data-error]`).waitFor();
        if (await page.locator('.alert__steps').count()) break;
      }
      await page.locator('.alert__steps').waitFor();
      await shot('login-locked');
      await page.locator('#iin').fill('900101300007');
      await page.locator('#password').fill('Zeinet-2026!');
      await page.locator('form button[type=submit]').click();
      await page.locator('.service-list').waitFor();
      await shot('services');
      await page.goto(`${base}/services/applications`);
      await page.locator('[data-testid=applications-table]').waitFor();
      await shot('applications');
      const rows = page.locator('[data-testid=applications-table] tbody.row-group');
      await rows.nth(0).locator('button.disclosure').click();
      await rows.nth(1).locator('button.disclosure').click();
      await rows.nth(1).locator('[data-testid=details]').waitFor();
      await shot('applications-open');
      await rows.nth(0).locator('.row__cancel').click();
      await page.locator('dialog[open]').waitFor();
      await shot('applications-cancel');
      await page.keyboard.press('Escape');
      await page.goto(`${base}/services/applications/app-188041/print`);
      await page.locator('[data-testid=details]').waitFor();
      await shot('application-print');
      await page.goto(`${base}/services/applications/refunds`);
      await page.locator('[data-testid=refunds-table]').waitFor();
      await shot('refunds');
      await page.goto(`${base}/services/refund`);
      await page.locator('[data-testid=orders-table]').waitFor();
      await page.locator('[data-testid=orders-table] tbody input[type=checkbox]').last().check();
      await shot('refund-step1');
      await page.locator('[data-testid=orders-table] tbody input[type=checkbox]').last().uncheck();
      await page.locator('[data-testid=orders-table] tr', { hasText: '49756052' }).locator('input').check();
      await page.locator('.form-actions .button--primary').click();
      await page.locator('#account-card').check();
      await page.locator('#iban').fill('kz32 7225 0000 0068 0371');
      await page.locator('.form-actions .button--secondary').first().click();
      await page.locator('[data-testid=bank-ok]').waitFor();
      await shot('refund-step2');
      await page.locator('.signing .button--secondary').click();
      await page.locator('[data-testid=egov-qr]').waitFor();
      await shot('refund-qr');
      await page.goto(`${base}/services/refund?step=done&number=7000499`);
      await page.locator('[data-testid=refund-done]').waitFor();
      await shot('refund-done');
      await page.context().clearCookies();
      await page.goto(`${base}/login?tab=eds`);
      await page.locator('#panel-eds button').first().waitFor();
      await page.locator('[data-testid=loopback-note]').waitFor();
      await shot('login-eds');
      await setLoopbackPermission(page, 'denied');
      await page.locator('#panel-eds button.button--primary').click();
      await page.locator('[data-error=ncalayer_blocked]').waitFor();
      await shot('login-eds-blocked');
      await setLoopbackPermission(page, 'prompt');
      await page.goto(`${base}/login?tab=egov`);
      await page.locator('[data-testid=egov-qr]').waitFor();
      await shot('login-egov');
      if (width < 500) {
        const phone = await browser.newPage({ viewport: { width, height: 780 }, hasTouch: true, isMobile: true });
        await phone.goto(`${base}/login?tab=egov`);
        await phone.locator(`.language-switch button[lang=${lang}]`).click();
        await phone.locator('[data-testid=egov-phone]').waitFor();
        await phone.waitForTimeout(300);
        await phone.screenshot({ path: `${out}/login-egov-phone-${lang}-${width}.png`, fullPage: true });
        await phone.close();
      }
      await page.goto(`${base}/register`);
      await page.locator('h1').waitFor();
      await shot('register');
      await page.locator('#iin').fill('900101300823');
      await page.locator('#phone').fill('8 707 000 08 23');
      await page.locator('form button[type=submit]').click();
      await page.waitForURL(/step=code/);
      await shot('register-code');
      await page.goto(`${base}/nowhere`);
      await page.locator('h1').waitFor();
      await shot('not-found');
      await page.close();

      // The time-out warning (the browser's clock 13 minutes on), and a log-out that failed.
      await fetch(`${base}/__dev/reset`, { method: 'POST' });
      const later = await browser.newPage({ viewport: { width, height: width > 500 ? 900 : 780 } });
      await later.clock.install();
      await later.goto(`${base}/login`);
      await later.locator(`.language-switch button[lang=${lang}]`).click();
      await later.locator('#iin').fill('900101300811');
      await later.locator('#password').fill('Zeinet-2026!');
      await later.locator('form button[type=submit]').click();
      await later.locator('.service-list').waitFor();
      await later.clock.fastForward(13 * 60_000 + 10_000);
      await later.locator('.session-timeout').waitFor();
      await later.screenshot({ path: `${out}/session-warning-${lang}-${width}.png` });
      await fetch(`${base}/__dev/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'POST', path: '/api/auth/logout', status: 503, body: '{"code":"unavailable","message":"down"}', times: 1, drop: false }),
      });
      await later.locator('.site-header__logout').click();
      await later.locator('.site-header__bar .alert').waitFor();
      await later.screenshot({ path: `${out}/logout-failed-${lang}-${width}.png` });
      await later.close();
    }
  }
  await browser.close();
  console.log(`screenshots in ${out}`);
} finally {
  server.kill();
}
