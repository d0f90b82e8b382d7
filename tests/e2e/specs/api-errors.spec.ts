import { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, USERS, logIn, injectFault, clearFaults, chooseLanguage, expectAccessible } from '../fixtures';

/** Logs in and opens the applications page with a fault already in place. */
async function openApplications(page, request, fault?) {
  await page.goto('/login');
  await logIn(page, USERS.many);
  if (fault) await injectFault(request, { method: 'GET', path: '/api/applications', ...fault });
  await page.goto('/services/applications');
}

test.describe('every backend failure has a message and a way forward', () => {
  test('500: server error with retry; the retry succeeds once the server is back', async ({ page, request }) => {
    await openApplications(page, request, { status: 500, times: 1 });
    const alert = page.locator('[data-error=server]');
    await expect(alert).toContainText('Сервер қатесі (500)');
    await expectAccessible(page, 'applications: server error');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByTestId('applications-table')).toBeVisible();
  });

  test('503 maintenance: the memo\'s "technical works" wording and the expected end', async ({ page, request }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    await chooseLanguage(page, 'ru');
    expect((await request.put('/__dev/maintenance', { data: { on: true, until: '2026-11-22T03:00:00Z' } })).ok()).toBeTruthy();
    await page.goto('/services/applications');
    const alert = page.locator('[data-error=maintenance]');
    await expect(alert).toContainText('Сервис временно недоступен в связи с проведением технических работ.');
    await expect(alert).toContainText('Ориентировочное окончание работ: 22.11.2026 08:00:00.');
    await expectAccessible(page, 'applications: maintenance');
    expect((await request.put('/__dev/maintenance', { data: { on: false, until: null } })).ok()).toBeTruthy();
    await alert.getByRole('button', { name: 'Повторить' }).click();
    await expect(page.getByTestId('applications-table')).toBeVisible();
  });

  test('malformed JSON: a clear message, not a crash', async ({ page, request }) => {
    await openApplications(page, request, { status: 200, body: '{"items": [ {"id": ' });
    await expect(page.locator('[data-error=malformed]')).toContainText('Сервер түсініксіз жауап берді');
  });

  test('dropped connection: a network message with retry', async ({ page, request }) => {
    // Until cleared: Chromium retries a GET once by itself when a reused connection drops.
    await openApplications(page, request, { drop: true });
    const alert = page.locator('[data-error=network]');
    await expect(alert).toContainText('Серверге қосылу мүмкін болмады');
    await clearFaults(request);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByTestId('applications-table')).toBeVisible();
  });

  test('offline: says so, and works again when back online', async ({ page, request, context }) => {
    await openApplications(page, request);
    await expect(page.getByTestId('applications-table')).toBeVisible();
    // A moment on the page: the screens behind the log-in have been fetched meanwhile.
    await page.waitForLoadState('networkidle');
    await context.setOffline(true);
    await page.getByRole('link', { name: 'ЕЗЖ қайтару' }).click();
    const alert = page.locator('[data-error=offline]');
    await expect(alert).toContainText('Интернет байланысы жоқ');
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByTestId('refunds-table')).toBeVisible();
  });

  test('slow backend: loading state, then a timeout message with retry', async ({ page, request }) => {
    await page.clock.install();
    let asked = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/applications') asked += 1;
    });
    await openApplications(page, request, { latency_ms: 60_000, times: 1 });
    // The page itself is there (its code fetched), and its request is under way.
    await expect(page.locator('h1')).toHaveText('Менің төлемдер / аударымдар туралы өтініштерім');
    await expect.poll(() => asked).toBeGreaterThan(0);
    await expect(page.locator('.loading[role=status]')).toBeVisible();
    await page.clock.fastForward(21_000);
    const alert = page.locator('[data-error=timeout]');
    await expect(alert).toContainText('Сервер уақытында жауап бермеді');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByTestId('applications-table')).toBeVisible();
  });

  test('401 mid-flow: back to log-in with a message, and back to the page after it', async ({ page, request }) => {
    await openApplications(page, request, { status: 401, body: '{"code":"unauthenticated","message":"expired"}', times: 1 });
    await expect(page).toHaveURL(/\/login\?next=%2Fservices%2Fapplications&expired=1/);
    await expect(page.getByRole('status')).toContainText('Сессия аяқталды');
    await page.locator('#password').fill(USERS.many.password);
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('form button[type=submit]').click();
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.getByTestId('applications-table')).toBeVisible();
  });

  test('501: an operation the backend does not offer is said plainly; the form keeps its data', async ({ page, request }) => {
    await injectFault(request, { method: 'POST', path: '/api/register/start', status: 501, body: '{"code":"not_implemented","message":"m"}' });
    await page.goto('/register');
    await page.locator('#iin').fill('900101300823');
    await page.locator('#phone').fill('8 (707) 000-08-23');
    await page.locator('form button[type=submit]').click();
    await expect(page.locator('[data-error=not_implemented]')).toContainText('Бұл қызмет әзірге қолжетімді емес');
    await expect(page.locator('#iin')).toHaveValue('900101300823');
    await expect(page.locator('#phone')).toHaveValue('8 (707) 000-08-23');
  });

  test('requests are aborted when their page goes away', async ({ page, request }) => {
    await openApplications(page, request, { latency_ms: 3_000, times: 1 });
    const failed = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/applications'));
    await page.getByRole('link', { name: 'ЕЗЖ қайтару' }).click();
    const aborted = await failed;
    expect(aborted.failure()?.errorText).toContain('ERR_ABORTED');
    await expect(page.getByTestId('refunds-table')).toBeVisible();
    await clearFaults(request);
  });
});

// The release build fetches each screen's code (and the EDS and eGov tabs') on first use: a
// failure then has its own message and a retry that needs no reload.
const REGISTER_CHUNK = '**/split_register_view-*.wasm';

/** Refuses every fetch of the chunks matching `glob` (a dropped connection), counting them. */
async function refuseChunk(page: Page, glob: string) {
  const refused = { count: 0 };
  await page.route(glob, (route) => {
    refused.count += 1;
    return route.abort('connectionreset');
  });
  return refused;
}

/** A deep link of the route table (src/routes.json): the splits the boot script fetches for it,
 *  those of the screens or tabs beside it (not fetched), what it asks the API for as it opens,
 *  and whether it is behind the log-in. */
interface DeepLink {
  address: string;
  splits: string[];
  notFetched: string[];
  data: string[];
  auth: boolean;
}

/** Every address of src/routes.json that fetches something ahead (a split, early data), as the
 *  boot script (src/boot.js) reads the table: a row, or each of its children (their path added
 *  to the row's), and each of its tabs (`/login?tab=eds`). A screen added to the table is
 *  opened by the test below as it is. */
function deepLinks(): DeepLink[] {
  const table = JSON.parse(readFileSync(join(__dirname, '../../../src/routes.json'), 'utf-8'));
  // `:id` (and `{id}` in what the screen asks for): an application the mock has.
  const PARAMS: Record<string, string> = { id: 'app-188041' };
  const fill = (text: string) =>
    text.replace(/:(\w+)|\{(\w+)\}/g, (_, inPath, inEarly) => {
      const name = inPath ?? inEarly;
      if (!(name in PARAMS)) throw new Error(`deepLinks: no value for :${name} (${text})`);
      return PARAMS[name];
    });
  const links: DeepLink[] = [];
  for (const row of table.screens) {
    const children = row.children ?? [{ path: '' }];
    for (const child of children) {
      const splits = [row.split, child.split].filter(Boolean);
      const beside = children.filter((c) => c !== child).map((c) => c.split).filter(Boolean);
      const data = [...(row.early ?? []), ...(child.early ?? [])].map((path) => `/api${fill(path)}`);
      const address = fill(row.path + child.path);
      const auth = Boolean(row.auth);
      links.push({ address, splits, notFetched: beside, data, auth });
      const tabs: [string, string][] = Object.entries(row.tabs?.splits ?? {});
      for (const [value, split] of tabs) {
        const others = tabs.filter(([v]) => v !== value).map(([, s]) => s);
        const tabbed = `${address}?${row.tabs.query}=${value}`;
        links.push({ address: tabbed, splits: [...splits, split], notFetched: [...beside, ...others], data, auth });
      }
    }
  }
  return links.filter((link) => link.splits.length > 0 || link.data.length > 0);
}

test.describe('code fetched on first use', () => {
  test('a screen whose code cannot be fetched: a message, and "try again" opens it', async ({ page }) => {
    const refused = await refuseChunk(page, REGISTER_CHUNK);
    await page.goto('/login');
    await page.getByRole('link', { name: 'Тіркелу' }).click();
    const alert = page.locator('[data-error=part_not_loaded]');
    await expect(alert).toContainText('Жеке кабинеттің бұл бөлігі жүктелмеді');
    expect(refused.count).toBe(1);
    // Still a page: its heading and title say what happened, and focus moved there.
    const heading = page.getByRole('heading', { level: 1, name: 'Бет жүктелмеді' });
    await expect(heading).toBeFocused();
    await expect(page).toHaveTitle(/^Бет жүктелмеді — /);
    await expectAccessible(page, 'register: code not fetched');
    await page.unroute(REGISTER_CHUNK);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Тіркелу' })).toBeVisible();
    await expect(alert).toHaveCount(0);
    await expect(heading).toHaveCount(0);
  });

  test('offline when a log-in tab is first opened: says so; back online, "try again" shows it', async ({ page, context }) => {
    await page.goto('/login');
    await expect(page.locator('#iin')).toBeVisible();
    await context.setOffline(true);
    await page.getByRole('tab', { name: 'ЭЦҚ' }).click();
    const alert = page.locator('#panel-eds [data-error=offline]');
    await expect(alert).toContainText('Интернет байланысы жоқ');
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' })).toBeVisible();
    // What was typed in the password tab meanwhile is still there.
    await page.getByRole('tab', { name: 'ЖСН және құпиясөз' }).click();
    await expect(page.locator('#iin')).toBeVisible();
  });

  test("deep links fetch their screen's chunks and first data with the main module, each once, and few files", async ({ page }) => {
    // Every address of the route table, with the splits it shows and what it asks the API for
    // as it opens (deepLinks). The main module is held back half a second: what is asked for
    // before it arrives was asked for by the boot script, not by the app.
    const MAIN = /^\/zeinet-[0-9a-f]+_bg\.wasm$/;
    const chunk = (split: string) => new RegExp(`^/split_${split}-[0-9a-f]+\\.wasm$`);
    const open = async ({ address, splits, notFetched, data }: DeepLink) => {
      const fresh = await page.context().newPage();
      await fresh.route((url) => MAIN.test(url.pathname), async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      });
      const order: string[] = [];
      fresh.on('request', (r) => order.push(new URL(r.url()).pathname));
      fresh.on('requestfinished', (r) => {
        if (MAIN.test(new URL(r.url()).pathname)) order.push('main module arrived');
      });
      await fresh.goto(address);
      await fresh.waitForLoadState('networkidle');
      await fresh.close();
      const arrived = order.indexOf('main module arrived');
      expect(arrived, `${address}: the main module`).toBeGreaterThan(-1);
      for (const split of splits) {
        const at = order.findIndex((p) => chunk(split).test(p));
        expect(at, `${address}: split ${split} fetched`).toBeGreaterThan(-1);
        expect(at, `${address}: split ${split} fetched before the main module arrived`).toBeLessThan(arrived);
      }
      for (const split of notFetched) {
        const at = order.findIndex((p) => chunk(split).test(p));
        expect(at, `${address}: split ${split} (not shown) not fetched`).toBe(-1);
      }
      // The session check on every address, and the screen's list on its own: asked for before
      // the main module arrived, and once: the app's own request took that answer
      // (src/api/early.rs). Nothing else is asked of the API before the app runs.
      const early = order.slice(0, arrived).filter((p) => p.startsWith('/api/'));
      expect(early.sort(), `${address}: asked of the API before the main module arrived`).toEqual(
        ['/api/session/status', ...data].sort(),
      );
      for (const path of early) {
        expect(order.filter((p) => p === path), `${address}: ${path} asked once`).toHaveLength(1);
      }
      // The loader takes the early responses: no file of the screen is fetched twice.
      const wasm = order.filter((p) => p.endsWith('.wasm'));
      expect(wasm, `${address}: each wasm file once`).toEqual([...new Set(wasm)]);
      // The small chunks shared by several screens are merged (vendor/PATCHED.md): a screen is
      // 3 to 11 files besides the main module, where wasm-split alone made 20 to 35.
      // The bound leaves room for a new shared chunk or two.
      const ofScreen = wasm.filter((p) => !MAIN.test(p));
      expect(ofScreen.length, `${address}: files of the screen`).toBeLessThanOrEqual(15);
    };
    const links = deepLinks();
    // Read as the boot script reads the table: the addresses it had when this test named them,
    // and any added since.
    expect(links.map((l) => l.address)).toEqual(expect.arrayContaining([
      '/login?tab=eds', '/login?tab=egov', '/register', '/password-reset', '/services',
      '/services/applications', '/services/applications/refunds',
      '/services/applications/app-188041/print', '/services/refund',
    ]));
    // Those before the log-in first, then those behind it, logged in.
    for (const link of links.filter((l) => !l.auth)) await open(link);
    await page.goto('/login');
    await logIn(page, USERS.many);
    // The frame fetches the chunk of the tab the address shows, not the default one's too
    // (notFetched: the other children's and tabs' splits).
    for (const link of links.filter((l) => l.auth)) await open(link);
  });

  test('a deep link opened logged out: its early list, refused, is not the one shown after log-in', async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => new URL(r.url()).pathname === '/api/applications' && asked.push('asked'));
    page.on('response', (r) => new URL(r.url()).pathname === '/api/applications' && asked.push(`${r.status()}`));
    await page.goto('/services/applications');
    await expect(page).toHaveURL(/\/login\?next=%2Fservices%2Fapplications$/);
    await logIn(page, USERS.many);
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.getByTestId('applications-table')).toBeVisible();
    // The boot script's request went without a session; the page asked afresh after log-in.
    expect(asked.filter((a) => a === 'asked')).toHaveLength(2);
    expect(asked.at(-1)).toBe('200');
  });

  test('an early list nothing took is dropped once the person moves on: a later visit asks afresh', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    // The tab's code cannot be fetched: the early list waits, untaken.
    const PAYMENTS_CHUNK = '**/split_payments_view-*.wasm';
    await refuseChunk(page, PAYMENTS_CHUNK);
    let asked = 0;
    page.on('request', (r) => new URL(r.url()).pathname === '/api/applications' && (asked += 1));
    await page.goto('/services/applications');
    await expect(page.locator('[data-error=part_not_loaded]')).toBeVisible();
    expect(asked).toBe(1);
    // Elsewhere and back, within the same page: the list is asked for again, not taken from
    // when the page was opened.
    await page.unroute(PAYMENTS_CHUNK);
    await page.getByRole('link', { name: 'Қызметтер' }).click();
    await expect(page).toHaveURL(/\/services$/);
    await page.locator('a[href="/services/applications"]').click();
    await expect(page.getByTestId('applications-table')).toBeVisible();
    expect(asked).toBe(2);
  });

  test('a deep link whose early fetch fails: the message, and "try again" fetches afresh', async ({ page }) => {
    const refused = await refuseChunk(page, REGISTER_CHUNK);
    await page.goto('/register');
    const alert = page.locator('[data-error=part_not_loaded]');
    await expect(alert).toContainText('Жеке кабинеттің бұл бөлігі жүктелмеді');
    // The boot script's early fetch was the one refused: the load took it, not a second one.
    expect(refused.count).toBe(1);
    await page.unroute(REGISTER_CHUNK);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Тіркелу' })).toBeVisible();
  });

  test('after log-in the other screens are fetched in the background', async ({ page, request }) => {
    const fetched: string[] = [];
    page.on('requestfinished', (r) => {
      const name = new URL(r.url()).pathname.match(/split_(\w+?)_view-/);
      if (name) fetched.push(name[1]);
    });
    await page.goto('/login');
    expect(fetched).toEqual([]);
    await logIn(page, USERS.many);
    // The screens behind the log-in, and the session time-out warning's chunk (a moment later).
    await expect.poll(() => [...new Set(fetched)].sort()).toEqual(
      ['application_print', 'applications', 'payments', 'refund', 'refunds', 'services', 'session_warning'],
    );
  });
});
