import { Locator, Page } from '@playwright/test';
import { test, expect, USERS, logIn, expectAccessible, chooseLanguage, injectFault, clearFaults } from '../fixtures';

async function openApplications(page: Page, user = USERS.many) {
  await page.goto('/login?next=%2Fservices%2Fapplications');
  await logIn(page, user);
  await expect(page).toHaveURL(/\/services\/applications$/);
  await expect(page.getByTestId('applications-table')).toBeVisible();
}

/** The row (its `<tbody>`: the row and its details) of the application with this number. */
function rowOf(page: Page, number: string) {
  return page.getByTestId('applications-table').locator('tbody.row-group', {
    has: page.locator('tr.row td:nth-child(5)', { hasText: new RegExp(`^${number}$`) }),
  });
}

async function ncalayerMode(request, mode: string, extra: object = {}) {
  const response = await request.put('/__dev/ncalayer', { data: { mode, ...extra } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

async function setStatus(request, id: string, status: string) {
  const response = await request.put(`/__dev/applications/${id}/status`, { data: { status } });
  expect(response.status(), await response.text()).toBe(204);
}

test.describe('my applications: the table', () => {
  test('opened directly, nothing jumps: the header bar\'s place is kept while the session is checked', async ({ page }) => {
    await openApplications(page);
    for (const width of [1280, 360]) {
      const fresh = await page.context().newPage();
      await fresh.setViewportSize({ width, height: 740 });
      await fresh.addInitScript(() => {
        const shifts: number[] = [];
        const record = (entries: PerformanceEntryList) => {
          for (const entry of entries as unknown as { value: number; hadRecentInput: boolean }[]) {
            if (!entry.hadRecentInput) shifts.push(entry.value);
          }
        };
        const observer = new PerformanceObserver((list) => record(list.getEntries()));
        observer.observe({ type: 'layout-shift', buffered: true });
        // Entries not yet delivered to the callback are taken too.
        (window as unknown as { shifts: () => number[] }).shifts = () => {
          record(observer.takeRecords());
          return shifts;
        };
      });
      // A slow session check: the page is painted well before its answer brings the bar.
      await fresh.route('**/api/session/status', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 700));
        await route.continue();
      });
      await fresh.goto('/services/applications');
      await expect(fresh.getByTestId('user-name')).toBeVisible();
      await expect(fresh.getByTestId('applications-table')).toBeVisible();
      const shifts = await fresh.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(
          (window as unknown as { shifts: () => number[] }).shifts(),
        )))),
      );
      expect(shifts, `${width} px`).toEqual([]);
      await fresh.close();
    }
  });

  test('rows are newest first (ties: higher number first) with translated codes; the memo\'s rows', async ({ page }) => {
    await openApplications(page);
    const table = page.getByTestId('applications-table');
    await expect(table.locator('caption')).toHaveText('Өтініштер');
    await expect(table.locator('thead th')).toHaveText([
      '№', 'Өтініш түрі', 'Шарт түрі', 'Өтініш берілген күн', 'Өтінім №', 'БЖЗҚ-дағы өтініштің мәртебесі',
    ]);
    await expect(table.locator('thead th').first()).toHaveAttribute('scope', 'col');
    const rows = table.locator('tr.row');
    await expect(rows).toHaveCount(38);
    const dates = await rows.locator('td:nth-child(4)').allTextContents();
    const numbers = (await rows.locator('td:nth-child(5)').allTextContents()).map(Number);
    const keys = dates.map((d, i) => [d.split('.').reverse().join('-'), numbers[i]] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1));
    expect(keys).toEqual(sorted);
    // The two applications filed the same day: the higher number first.
    const sameDay = keys.filter(([d]) => d === '2024-05-14').map(([, n]) => n);
    expect(sameDay).toEqual([1204533, 1204518]);
    expect(await rows.locator('td:nth-child(1)').allTextContents()).toEqual(keys.map((_, i) => String(i + 1)));

    const memo = rowOf(page, '188041');
    await expect(memo.locator('th[scope=row]')).toHaveText(
      'Тұрғын үй жағдайларын жақсартуға арналған біржолғы зейнетақы төлемдеріне өтініш',
    );
    await expect(memo.locator('tr.row td').nth(1)).toHaveText('МЗЖ');
    await expect(memo.locator('tr.row td').nth(2)).toHaveText('18.02.2021');
    await expect(memo.locator('.badge')).toHaveText('Орындалды');
    await expect(rowOf(page, '898300').locator('th[scope=row]')).toHaveText('Төлемге өтініш');
    await expect(page.locator('.footnote')).toContainText('күшін жою «Өңдеуге қабылданды» мәртебесі бар');
    await expectAccessible(page, 'applications: the table');
  });

  test('in Russian the kinds, contracts and statuses are translated', async ({ page }) => {
    await openApplications(page);
    await chooseLanguage(page, 'ru');
    const memo = rowOf(page, '188041');
    await expect(memo.locator('th[scope=row]')).toHaveText(
      'Заявление на единовременную пенсионную выплату в целях улучшения жилищных условий',
    );
    await expect(memo.locator('tr.row td').nth(1)).toHaveText('ОПВ');
    await expect(memo.locator('.badge')).toHaveText('Исполнено');
    await expect(rowOf(page, '1209100').locator('.badge')).toHaveText('Отмена в обработке');
  });

  test('a row opened in one language stays open in the other, its cells labelled in it', async ({ page }) => {
    await openApplications(page);
    const memo = rowOf(page, '188041');
    await memo.getByRole('button', { name: /Тұрғын үй жағдайларын/ }).click();
    await expect(memo.getByTestId('details')).toBeVisible();
    await chooseLanguage(page, 'ru');
    const button = memo.getByRole('button', { name: /улучшения жилищных условий/ });
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(memo.getByTestId('details')).toBeVisible();
    // The labels the narrow-screen cards show above each value are the columns' headers.
    const headers = (await page.getByTestId('applications-table').locator('thead th').allTextContents()).map((h) => h.trim());
    expect(headers[1]).toBe('Вид заявления');
    const labels = await memo.locator('tr.row > *').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')));
    expect(labels).toEqual(headers);
  });

  test('a row opens its details under it, by mouse and by keyboard; several stay open', async ({ page }) => {
    await openApplications(page);
    const memo = rowOf(page, '188041');
    const button = memo.getByRole('button', { name: /Тұрғын үй жағдайларын/ });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    const controls = await button.getAttribute('aria-controls');
    const region = page.locator(`#${controls}`);
    await expect(region).toBeHidden();

    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(region).toBeVisible();
    // The details row is the very next row after the application's.
    await expect(memo.locator('tr').nth(1)).toHaveAttribute('id', controls!);
    const details = region.getByTestId('details');
    await expect(details).toContainText('БЗТ-ны алудың мақсаты');
    await expect(details).toContainText(
      'Тұрғын үй құрылыс жинақтары жүйесі бойынша ипотекалық қарыз бойынша берешекті ішінара өтеу',
    );
    await expect(details.locator('dt', { hasText: 'Беру фактісі' }).locator('+ dd')).toHaveText('Иә');
    await expect(details.locator('dt', { hasText: 'Өтінімнің БЖЗҚ-ға келіп түскен күні' }).locator('+ dd')).toHaveText(
      '18.02.2021 12:26:02 (АО "Отбасы банк", теңге)',
    );
    await expect(details.locator('dt', { hasText: 'Төлемнің / аударымның аяқталу мерзімі' }).locator('+ dd')).toHaveText(
      '25.02.2021',
    );
    await expect(details.locator('.history li')).toHaveText(['✓Өңдеуге қабылданды 18.02.2021', '✓Орындалды 19.02.2021']);
    await expect(details.locator('.history li').last()).toHaveAttribute('aria-current', 'step');
    await expectAccessible(page, 'applications: one row open');

    // Keyboard: Enter closes, Space opens again.
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(region).toBeHidden();
    await page.keyboard.press('Space');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(region.getByTestId('details')).toBeVisible();

    // A second row opens too; the first stays open.
    const other = rowOf(page, '898300');
    await other.getByRole('button').first().click();
    await expect(other.getByTestId('details')).toContainText('АО "Народный Банк Казахстана"');
    await expect(region).toBeVisible();
    await expect(page.getByTestId('details')).toHaveCount(2);
  });

  test('details are fetched on first opening, with a loading state and a retry on failure', async ({ page, request }) => {
    await openApplications(page);
    const row = rowOf(page, '1210789');
    await injectFault(request, { method: 'GET', path: '/api/applications/app-1210789', latency_ms: 800, status: 500, times: 1 });
    await row.getByRole('button', { name: /ИПБ-ға/ }).click();
    await expect(row.locator('.loading')).toBeVisible();
    const alert = row.locator('[data-error]');
    await expect(alert).toBeVisible();
    await expectAccessible(page, 'applications: details failed');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(row.getByTestId('details')).toContainText('27.10.2026');
    // Closing and opening again does not fetch again.
    let fetched = 0;
    page.on('request', (r) => r.url().includes('/api/applications/app-1210789') && fetched++);
    const button = row.getByRole('button', { name: /ИПБ-ға/ });
    await button.click();
    await button.click();
    await expect(row.getByTestId('details')).toBeVisible();
    expect(fetched).toBe(0);
  });

  test('backend text with <script>, quotes and a long refusal is shown as text', async ({ page }) => {
    page.on('dialog', () => {
      throw new Error('a script from the data ran');
    });
    await openApplications(page);
    const row = rowOf(page, '1120934');
    await row.getByRole('button').first().click();
    const reason = row.locator('.details__reason');
    await expect(reason).toHaveText(`Отказано: <script>alert(1)</script> & "quotes" 'single'`);
    await expect(row.locator('.details script')).toHaveCount(0);
    const long = rowOf(page, '1003457');
    await long.getByRole('button').first().click();
    await expect(long.locator('.details__reason')).toContainText('веб-портал «электронного правительства».');
    const box = await long.locator('.details__reason').boundingBox();
    const table = await page.getByTestId('applications-table').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(table!.x + table!.width + 1);
    await expectAccessible(page, 'applications: refusal reasons open');
  });

  test('narrow screen: the rows become cards with the same disclosure', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 780 });
    await openApplications(page);
    await expect(page.getByTestId('applications-table').locator('thead')).not.toBeInViewport();
    const memo = rowOf(page, '188041');
    const label = await memo.locator('tr.row td').nth(2).evaluate((e) => getComputedStyle(e, '::before').content);
    expect(label).toBe('"Өтініш берілген күн"');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await memo.getByRole('button').first().click();
    await expect(memo.getByTestId('details')).toContainText('25.02.2021');
    await expectAccessible(page, 'applications: narrow cards, one open');
  });

  test('a long history is shown 50 rows a page: page links, the page in the address, focus on the range', async ({ page, request }) => {
    const seeded = await request.put('/__dev/fixture', { data: { iin: USERS.many.iin, applications: 120 } });
    expect(seeded.ok(), await seeded.text()).toBeTruthy();
    await openApplications(page);
    const table = page.getByTestId('applications-table');
    const rows = table.locator('tr.row');
    const range = page.getByTestId('table-range');
    const nav = page.getByRole('navigation', { name: 'Беттер' });
    await expect(rows).toHaveCount(50);
    await expect(rows.first().locator('td').first()).toHaveText('1');
    await expect(range).toHaveText('120 жазбаның 1–50 аралығы көрсетілген');
    await expect(nav.getByRole('link', { name: '1-бет, ағымдағы' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Алдыңғы' })).toHaveCount(0);
    await expectAccessible(page, 'applications: page 1 of 3');

    // Next page: the address says so, the range line takes focus (a screen reader hears it).
    await nav.getByRole('link', { name: 'Келесі' }).click();
    await expect(page).toHaveURL(/\/services\/applications\?page=2$/);
    await expect(rows.first().locator('td').first()).toHaveText('51');
    await expect(range).toHaveText('120 жазбаның 51–100 аралығы көрсетілген');
    await expect(range).toBeFocused();
    await expect(nav.getByRole('link', { name: '2-бет, ағымдағы' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);

    // The last page holds the remainder and offers no "next"; a row there still opens.
    await nav.getByRole('link', { name: '3-бет' }).click();
    await expect(rows).toHaveCount(20);
    await expect(rows.last().locator('td').first()).toHaveText('120');
    await expect(nav.getByRole('link', { name: 'Келесі' })).toHaveCount(0);
    await rows.first().getByRole('button').first().click();
    await expect(table.getByTestId('details').first()).toBeVisible();

    // Back goes to the previous page; an address with a page opens on it, in Russian too.
    await page.goBack();
    await expect(page).toHaveURL(/\?page=2$/);
    await expect(rows.first().locator('td').first()).toHaveText('51');
    await page.goto('/services/applications?page=3');
    await expect(rows).toHaveCount(20);
    await chooseLanguage(page, 'ru');
    await expect(range).toHaveText('Показаны 101–120 из 120');
    await expect(page.getByRole('navigation', { name: 'Страницы' }).getByRole('link', { name: 'Предыдущая' }))
      .toHaveAttribute('href', '/services/applications?page=2');
    // A page past the end (the list got shorter) shows the last page.
    await page.goto('/services/applications?page=9');
    await expect(rows).toHaveCount(20);
    await expectAccessible(page, 'applications: last page, ru');
  });

  test('print view of one application', async ({ page }) => {
    await openApplications(page);
    const memo = rowOf(page, '188041');
    await memo.getByRole('button').first().click();
    await memo.getByRole('link', { name: 'Басып шығаруға арналған нұсқа' }).click();
    await expect(page).toHaveURL(/\/services\/applications\/app-188041\/print$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('№188041 өтініш');
    await expect(page).toHaveTitle(/^№188041 өтініш/);
    await expect(page.getByTestId('details')).toContainText('18.02.2021 12:26:02');
    await expect(page.getByRole('button', { name: 'Басып шығару' })).toBeVisible();
    await expectAccessible(page, 'application print view');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Басып шығару' })).toBeHidden();
    await expect(page.getByTestId('details')).toBeVisible();
  });
});

test.describe('my applications: states', () => {
  test('a person with no applications gets the empty state, with a way on', async ({ page }) => {
    await page.goto('/login');
    await logIn(page, USERS.empty);
    await page.goto('/services/applications');
    const empty = page.getByTestId('empty-state');
    await expect(empty).toContainText('Сізде төлемге немесе аударуға берілген өтініштер әзірге жоқ');
    await expect(empty.getByRole('link', { name: 'Қызметтерге оралу' })).toHaveAttribute('href', '/services');
    await expectAccessible(page, 'applications: empty');
    await page.getByRole('link', { name: 'ЕЗЖ қайтару' }).click();
    await expect(page.getByTestId('empty-state')).toContainText('ЕЗЖ қайтаруға өтініштер жоқ');
    await expectAccessible(page, 'refunds: empty');
  });

  test('loading skeleton, then an error with a retry that works', async ({ page, request }) => {
    await page.goto('/login');
    await logIn(page, USERS.many);
    await injectFault(request, { method: 'GET', path: '/api/applications', latency_ms: 600, status: 500, times: 1 });
    await page.goto('/services/applications');
    await expect(page.locator('.loading')).toBeVisible();
    const alert = page.locator('[data-error]');
    await expect(alert).toBeVisible();
    await expectAccessible(page, 'applications: error');
    await clearFaults(request);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page.getByTestId('applications-table').locator('tr.row')).toHaveCount(38);
  });

  test('pending statuses refresh by themselves while the page is open', async ({ page, request }) => {
    await page.clock.install();
    await openApplications(page);
    const row = rowOf(page, '1190012');
    await expect(row.locator('.badge')).toHaveText('Өңделуде');
    await setStatus(request, 'app-1190012', 'executed');
    await page.clock.fastForward('00:31');
    await expect(row.locator('.badge')).toHaveText('Орындалды');
    await expect(row.locator('.badge')).toHaveAttribute('data-status', 'executed');

    // Leaving the page stops the refreshing.
    await page.getByRole('link', { name: 'ЕЗЖ қайтару' }).click();
    await expect(page.getByTestId('refunds-table')).toBeVisible();
    let asked = 0;
    page.on('request', (r) => r.url().endsWith('/api/applications') && asked++);
    await page.clock.fastForward('02:00');
    await page.waitForTimeout(300);
    expect(asked).toBe(0);
  });
});

test.describe('my applications: cancel a transfer to an IPM', () => {
  test('offered only for ipm_transfer in «Өңдеуге қабылданды»', async ({ page }) => {
    await openApplications(page);
    const cancels = page.getByTestId('applications-table').getByRole('button', { name: /өтініштің күшін жою$/ });
    await expect(cancels).toHaveCount(3);
    for (const number of ['1210789', '1210456', '1210001']) {
      await expect(rowOf(page, number).getByRole('button', { name: `№${number} өтініштің күшін жою` })).toBeVisible();
    }
    // An IPM transfer in progress, a cancel already requested, another kind accepted: no button.
    for (const number of ['1207734', '1209555', '1208801', '1199030']) {
      await expect(rowOf(page, number).locator('.row__cancel')).toBeHidden();
    }
  });

  test('the API refuses (409) to cancel anything else', async ({ page }) => {
    await openApplications(page);
    const response = await page.request.post('/api/applications/app-1207734/cancel/document');
    expect(response.status()).toBe(409);
    expect((await response.json()).code).toBe('not_cancellable');
  });

  test('confirm in a dialog (focus kept inside, Esc closes), sign with the signing key, the row changes', async ({ page, request }) => {
    await openApplications(page);
    const row = rowOf(page, '1210789');
    const open = row.getByRole('button', { name: '№1210789 өтініштің күшін жою' });
    await open.click();
    const dialog = page.getByRole('dialog', { name: 'Өтініштің күшін жою' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('№1210789');
    await expectAccessible(page, 'cancel: the dialog');
    // Tab cycles inside the dialog.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    // Ask NCALayer what it is asked, to check the key usage and the IIN filter.
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    await open.click();
    await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
    await expect(dialog).toBeHidden();
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText('№1210789 өтініштің күшін жою туралы сұрауыңыз қол қойылып, жіберілді');
    await expect(notice).toContainText('«Күшін жою өңделуде»');
    await expect(notice).toBeFocused();
    await expect(row.locator('.badge')).toHaveText('Күшін жою өңделуде');
    await expect(row.locator('.row__cancel')).toBeHidden();
    const sign = JSON.parse(sent.find((s) => s.includes('"sign"'))!);
    expect(sign.args.signerParams.extKeyUsageOids).toEqual(['1.3.6.1.5.5.7.3.4']);
    expect(sign.args.signerParams.iin).toBe(USERS.many.iin);
    expect(sign.args.locale).toBe('kk');
    await expectAccessible(page, 'cancel: done');

    // The backend has it too.
    await page.reload();
    await expect(rowOf(page, '1210789').locator('.badge')).toHaveText('Күшін жою өңделуде');
    const answer = await (await page.request.get('/api/applications/app-1210789')).json();
    expect(answer.status).toBe('cancel_requested');
    expect(answer.history.at(-1).status).toBe('cancel_requested');
  });

  test('while the signing runs, "sign and cancel" keeps the focus, says it is unavailable and ignores more presses', async ({ page, request }) => {
    // NCALayer answers after 4 s, as when a person types their key's password.
    await ncalayerMode(request, 'slow', { delay_ms: 4000 });
    const asked: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && asked.push(new URL(r.url()).pathname));
    await openApplications(page);
    const row = rowOf(page, '1210789');
    await row.getByRole('button', { name: '№1210789 өтініштің күшін жою' }).click();
    const dialog = page.getByRole('dialog', { name: 'Өтініштің күшін жою' });
    const confirm = dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' });
    await confirm.click();
    await expect(confirm).toHaveAttribute('aria-disabled', 'true');
    await expect(confirm).toBeFocused();
    // Pressed again (mouse, Enter): nothing more is sent.
    await confirm.click({ force: true });
    await page.keyboard.press('Enter');
    await expect(confirm).toHaveAttribute('aria-disabled', 'true');
    await expectAccessible(page, 'cancel: signing');
    await expect(page.getByTestId('notice')).toContainText('«Күшін жою өңделуде»');
    expect(asked.filter((p) => p.startsWith('/api/applications/'))).toEqual([
      '/api/applications/app-1210789/cancel/document',
      '/api/applications/app-1210789/cancel',
    ]);
  });

  test("the dialog's code is not fetched with the page but after it; if it cannot be fetched, the row says so, and asking again fetches it", async ({ page }) => {
    const DIALOG_CHUNK = /^\/split_cancel_dialog_view-[0-9a-f]+\.wasm$/;
    const isDialogChunk = (url: URL) => DIALOG_CHUNK.test(url.pathname);
    // When the page asked for the chunk, and when the table's first row was there.
    await page.addInitScript(() => {
      const w = window as any;
      w.__dialogChunkAskedAt = [];
      const fetch = window.fetch;
      window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
        const url = input instanceof Request ? input.url : String(input);
        if (/\/split_cancel_dialog_view-/.test(url)) w.__dialogChunkAskedAt.push(performance.now());
        return fetch.call(this, input, init);
      };
      new MutationObserver(() => {
        if (w.__tableAt === undefined && document.querySelector('[data-testid=applications-table] tbody')) {
          w.__tableAt = performance.now();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const refused = { count: 0 };
    await page.route(isDialogChunk, (route) => {
      refused.count += 1;
      return route.abort('connectionreset');
    });
    await openApplications(page);
    // Fetched in the background (refused here), after the table was there.
    await expect.poll(() => refused.count, { message: 'fetched in the background' }).toBe(1);
    const { askedAt, tableAt } = await page.evaluate(() => ({
      askedAt: (window as any).__dialogChunkAskedAt as number[],
      tableAt: (window as any).__tableAt as number,
    }));
    expect(askedAt).toHaveLength(1);
    expect(askedAt[0], 'asked for after the table was shown').toBeGreaterThan(tableAt);

    const row = rowOf(page, '1210789');
    const open = row.getByRole('button', { name: '№1210789 өтініштің күшін жою' });
    await open.click();
    const alert = row.locator('[data-error=part_not_loaded]');
    await expect(alert).toContainText('Жеке кабинеттің бұл бөлігі жүктелмеді');
    expect(refused.count).toBe(2);
    await expectAccessible(page, 'cancel: the dialog not fetched');
    // Pressing the button again is a "try again" too.
    await open.click();
    await expect.poll(() => refused.count).toBe(3);
    await expect(alert).toBeVisible();

    await page.unroute(isDialogChunk);
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    const dialog = page.getByRole('dialog', { name: 'Өтініштің күшін жою' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('№1210789');
    await expect(alert).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // The focus goes back to the row's button, though "try again" (gone) had it last.
    await expect(open).toBeFocused();
    // Opened again, the dialog is the one already built: no second copy, no other fetch.
    await open.click();
    await expect(dialog).toBeVisible();
    await expect(page.locator('dialog')).toHaveCount(1);
    expect(await page.evaluate(() => (window as any).__dialogChunkAskedAt.length)).toBe(4);
  });

  for (const [what, setup, check] of [
    [
      'cancelled in NCALayer',
      async (page, request) => ncalayerMode(request, 'cancel'),
      async (dialog) => expect(dialog.getByTestId('cancel-stopped')).toHaveText('Қол қою тоқтатылды. Өтініш өзгерген жоқ.'),
    ],
    [
      'NCALayer not running',
      async (page) => page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => ws.close()),
      async (dialog) => {
        const alert = dialog.locator('[data-error=ncalayer_not_running]');
        await expect(alert.getByRole('heading')).toHaveText('NCALayer іске қосылмаған');
        await expect(alert.getByRole('link', { name: /pki\.gov\.kz/ })).toBeVisible();
      },
    ],
    [
      'the authentication key chosen',
      async (page, request) => ncalayerMode(request, 'wrong_key'),
      async (dialog) => expect(dialog.locator('[data-error]')).toContainText('Аутентификация кілті (AUTH_RSA) таңдалды'),
    ],
    [
      'someone else\'s key',
      async (page, request) => ncalayerMode(request, 'other_person'),
      async (dialog) => expect(dialog.locator('[data-error]')).toContainText('басқа адамға тиесілі'),
    ],
  ] as const) {
    test(`${what}: the row stays as it was, with a message and a way forward`, async ({ page, request }) => {
      await (setup as any)(page, request);
      await openApplications(page);
      const row = rowOf(page, '1210456');
      await row.getByRole('button', { name: '№1210456 өтініштің күшін жою' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
      await (check as any)(dialog);
      // "Sign and cancel" kept the focus while the signing ran (aria-disabled, not disabled):
      // it did not fall out of the dialog to <body>.
      await expect(dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' })).toBeFocused();
      await expectAccessible(page, `cancel: ${what}`);
      await dialog.getByRole('button', { name: 'Жабу' }).click();
      await expect(row.locator('.badge')).toHaveText('Өңдеуге қабылданды');
      const open = row.getByRole('button', { name: '№1210456 өтініштің күшін жою' });
      await expect(open).toBeFocused();
      // Opened again, the dialog starts afresh: the last attempt's outcome is not shown.
      await open.click();
      await expect(dialog).toBeVisible();
      await expect(dialog.locator('[data-error], [data-testid=cancel-stopped]')).toHaveCount(0);
      await page.keyboard.press('Escape');
      const answer = await (await page.request.get('/api/applications/app-1210456')).json();
      expect(answer.status).toBe('accepted');
    });
  }

  /** On a screen of this size, the cancel dialog with "NCALayer not running" explained. */
  async function dialogWithFailureExplained(page: Page, width: number, height: number) {
    await page.setViewportSize({ width, height });
    await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => ws.close());
    await openApplications(page);
    await rowOf(page, '1210456').getByRole('button', { name: '№1210456 өтініштің күшін жою' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
    const alert = dialog.locator('[data-error=ncalayer_not_running]');
    await expect(alert).toBeVisible();
    return { dialog, alert };
  }

  /** The end of the text (the failure explained) is above the actions, not under them. */
  async function expectTextEndAboveActions(dialog: Locator, alert: Locator) {
    const [alertBox, actionsBox] = [await alert.boundingBox(), await dialog.locator('.dialog__actions').boundingBox()];
    expect(alertBox!.y + alertBox!.height).toBeLessThanOrEqual(actionsBox!.y);
  }

  test('on a wide screen the dialog with a failure explained fits: nothing scrolls, nothing is under its actions', async ({ page }) => {
    const { dialog, alert } = await dialogWithFailureExplained(page, 1280, 800);
    expect(await dialog.evaluate((d) => d.scrollHeight <= d.clientHeight)).toBe(true);
    await expectTextEndAboveActions(dialog, alert);
  });

  for (const [width, height, sticky] of [
    [360, 800, true],
    [360, 640, true],
    // A phone held sideways (or 400 % zoom): too short to keep the actions in view, they
    // scroll with the text instead of covering most of it.
    [640, 360, false],
  ] as const) {
    test(`on a ${width} × ${height} screen, a long dialog ${sticky ? 'keeps its actions in view' : 'scrolls its actions with the text'} and nothing focused is hidden`, async ({ page }) => {
      const { dialog, alert } = await dialogWithFailureExplained(page, width, height);
      // The explanation makes the dialog taller than the screen: it scrolls inside itself.
      expect(await dialog.evaluate((d) => d.scrollHeight > d.clientHeight)).toBe(true);
      expect(await dialog.locator('.dialog__actions').evaluate((a) => getComputedStyle(a).position)).toBe(sticky ? 'sticky' : 'static');
      if (sticky) {
        for (const name of ['ЭЦҚ-мен қол қойып, күшін жою', 'Жабу']) {
          await expect(dialog.getByRole('button', { name })).toBeInViewport({ ratio: 1 });
        }
      }
      // Every stop of Shift+Tab, round the dialog, is in view and clear of the actions.
      for (let i = 0; i < 5; i++) {
        await page.keyboard.press('Shift+Tab');
        const where = await page.evaluate(() => {
          const focused = document.activeElement!;
          const actions = document.querySelector('.dialog__actions')!;
          const box = focused.getBoundingClientRect();
          const dialog = document.querySelector('dialog')!.getBoundingClientRect();
          return {
            what: focused.textContent!.trim().slice(0, 40),
            inActions: actions.contains(focused),
            clear: box.bottom <= actions.getBoundingClientRect().top,
            inView: box.top >= dialog.top && box.bottom <= dialog.bottom && box.bottom <= window.innerHeight,
          };
        });
        expect(where.inView, where.what).toBe(true);
        if (!where.inActions) expect(where.clear, where.what).toBe(true);
      }
      // Scrolled to its end.
      await dialog.evaluate((d) => d.scrollTo(0, d.scrollHeight));
      await expectTextEndAboveActions(dialog, alert);
      await expectAccessible(page, `cancel: a long dialog at ${width} × ${height}`);
    });
  }

  test('status changed meanwhile: the page says why (409) and shows the new status', async ({ page, request }) => {
    await openApplications(page);
    const row = rowOf(page, '1210001');
    await setStatus(request, 'app-1210001', 'in_progress');
    await row.getByRole('button', { name: '№1210001 өтініштің күшін жою' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
    await expect(dialog.locator('[data-error=conflict]')).toContainText('Бұл өтініштің күшін жою мүмкін емес');
    await expect(row.locator('.badge')).toHaveText('Өңделуде');
    await dialog.getByRole('button', { name: 'Жабу' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.locator('.row__cancel')).toBeHidden();
    // The button is gone, so the focus goes to the row's status.
    await expect(row.locator('td.row__status')).toBeFocused();
  });
});

test.describe('VPC refund applications', () => {
  test('newest first, masked IBAN, details by disclosure, a link to file one', async ({ page }) => {
    await page.goto('/login?next=%2Fservices%2Fapplications%2Frefunds');
    await logIn(page, USERS.many);
    const table = page.getByTestId('refunds-table');
    await expect(table.locator('caption')).toHaveText('ЕЗЖ қайтаруға өтініштер');
    await expect(table.locator('tr.row th[scope=row]')).toHaveText(['7000498', '7000315']);
    const first = table.locator('tbody.row-group').first();
    await expect(first.locator('tr.row td').nth(3)).toHaveText('IBAN-ның соңғы төрт таңбасы •••• 5678');
    await expect(first.locator('tr.row td').nth(2)).toHaveText('1 000,00 ₸');
    const button = first.getByRole('button', { name: '7000498' });
    await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(first.getByTestId('details').locator('.details__orders li')).toHaveText(['50011873', '50011874']);
    await expect(first.getByTestId('details').locator('.history li')).toHaveText(['✓Өңдеуге қабылданды 14.10.2026']);
    await expect(page.getByRole('link', { name: 'Жаңа өтініш беру' })).toHaveAttribute('href', '/services/refund');
    await expectAccessible(page, 'refunds: one open');
  });

  test('an unfinished refund refreshes by itself; an open row stays open', async ({ page, request }) => {
    await page.clock.install();
    await page.goto('/login?next=%2Fservices%2Fapplications%2Frefunds');
    await logIn(page, USERS.many);
    const first = page.getByTestId('refunds-table').locator('tbody.row-group').first();
    await expect(first.locator('.badge')).toHaveText('Өңдеуге қабылданды');
    const button = first.getByRole('button', { name: '7000498' });
    await button.click();
    await setStatus(request, 'rf-7000498', 'executed');
    await page.clock.fastForward('00:31');
    await expect(first.locator('.badge')).toHaveText('Орындалды');
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(first.getByTestId('details').locator('.history li').last()).toContainText('Орындалды');
  });
});
