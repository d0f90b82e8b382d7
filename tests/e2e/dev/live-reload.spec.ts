import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectCspViolations } from '../fixtures';

/**
 * A file `trunk serve` watches (the stylesheet). It is saved again with the same bytes, as an
 * editor saves it: a write, which Trunk's watcher reacts to (a touch is only a metadata change,
 * which it ignores), and nothing changes in the repository.
 */
const WATCHED = resolve(__dirname, '../../../style/main.css');

test('make dev reloads the page after a file changes, under the production CSP', async ({ page }) => {
  const violations = await collectCspViolations(page);
  const reloadSocket = page.waitForEvent('websocket', (ws) => ws.url().endsWith('/.well-known/trunk/ws'));
  const served = await (await page.goto('/login'))!.text();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // The policy is production's for scripts: no inline script, no hash, no nonce allowed...
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
  expect(csp).not.toMatch(/unsafe-inline|'sha\d+-|'nonce-/);
  // ...and the page served has none: Trunk's reload client is a file of its own.
  expect(served.match(/<script\b[^>]*>/g)).toEqual([
    expect.stringMatching(/^<script type="module" src="\/boot-[0-9a-f]{16}\.js">$/),
    expect.stringMatching(/^<script src="\/trunk-reload-[0-9a-f]{16}\.js">$/),
  ]);
  await reloadSocket;

  await page.evaluate(() => ((window as any).__beforeTheChange = true));
  const reloaded = page.waitForEvent('load');
  writeFileSync(WATCHED, readFileSync(WATCHED));
  await reloaded;

  expect(await page.evaluate(() => (window as any).__beforeTheChange)).toBeUndefined();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations, 'Content-Security-Policy violations').toEqual([]);
});
