import { APIRequestContext, Page } from '@playwright/test';
import { test, expect, USERS, logIn, expectAccessible, chooseLanguage } from '../fixtures';

/** Test accounts of the mock (mock-api/README.md). */
const IBAN = {
  kaspiCard: 'KZ327225000000680371',
  halykCurrent: 'KZ696010002000300007',
  kaspiClosed: 'KZ927225000000100007',
  kaspiSomeoneElse: 'KZ697225000000300823',
  memoPlaceholder: 'KZ397225000000680371',
};

async function openRefund(page: Page, user = USERS.many) {
  await page.goto('/login?next=%2Fservices%2Frefund');
  await logIn(page, user);
  await expect(page).toHaveURL(/\/services\/refund$/);
}

function orderBox(page: Page, number: string) {
  return page.getByRole('checkbox', { name: new RegExp(`№ ?${number}`) });
}

/** Step 2 filled in (one order, Kaspi card), then the session ends and the bank check sends
 * the person to log in again. */
async function draftThenExpiry(page: Page, request: APIRequestContext) {
  await openRefund(page);
  await orderBox(page, '49756052').check();
  await page.getByRole('button', { name: 'Жалғастыру' }).click();
  await page.getByLabel('Карточкалық').check();
  await page.getByLabel('Алушының IBAN шоты').fill(IBAN.kaspiCard);
  expect((await request.delete('/__dev/sessions')).ok()).toBeTruthy();
  await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
}

/** Step 1 with the memo's order ticked, then step 2 with a card account and the IBAN checked. */
async function fillToSigning(page: Page, iban = IBAN.kaspiCard) {
  await orderBox(page, '49756052').check();
  await page.getByRole('button', { name: 'Жалғастыру' }).click();
  await expect(page).toHaveURL(/step=2/);
  await page.getByLabel('Карточкалық').check();
  await page.getByLabel('Алушының IBAN шоты').fill(iban);
  await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
  await expect(page.getByTestId('bank-ok')).toBeVisible();
}

async function ncalayerMode(request, mode: string, extra: object = {}) {
  const response = await request.put('/__dev/ncalayer', { data: { mode, ...extra } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

test.describe('VPC refund: step 1, the payment orders', () => {
  test('the memo\'s table, the total following the ticks, the beneficiary; continue needs a tick', async ({ page }) => {
    await openRefund(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ЖЗШ-дан қате есептелген ЕЗЖ сомаларын қайтаруға өтініш беру');
    await expect(page).toHaveTitle(/^Төлем тапсырмалары — /);
    const stepper = page.getByRole('list', { name: 'Өтініш қадамдары' });
    await expect(stepper.locator('[aria-current=step]')).toContainText('Төлем тапсырмалары');
    const table = page.getByTestId('orders-table');
    await expect(table.locator('thead th')).toHaveText(['', 'Төлем тапсырмасының №', 'Күні', 'Банк', 'Қолжетімді сома', 'Қайтарылатын сома']);
    const memo = table.locator('tr', { hasText: '49756052' });
    await expect(memo.locator('td').nth(1)).toHaveText('12.06.2026');
    await expect(memo.locator('td').nth(3)).toHaveText('500,00 ₸');
    await expect(memo.locator('td').nth(4)).toHaveText('—');
    const total = page.getByTestId('refund-total');
    await expect(total).toHaveText('0,00 ₸');
    await expect(page.locator('.summary-list')).toContainText(USERS.many.name);
    await expect(page.locator('.summary-list')).toContainText(USERS.many.iin);
    await expect(page.locator('.summary-list')).toContainText('KZT');
    await expectAccessible(page, 'refund step 1');

    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page.locator('.error-summary')).toContainText('Қажетті төлем тапсырмасын белгілеу қажет');
    await expect(page.locator('#orders-error')).toContainText('Қажетті төлем тапсырмасын белгілеу қажет');
    await expect(page).not.toHaveURL(/step=2/);
    await expectAccessible(page, 'refund step 1: no tick');

    await orderBox(page, '49756052').check();
    await expect(memo.locator('td').nth(4)).toHaveText('500,00 ₸');
    await expect(total).toHaveText('500,00 ₸');
    await expect(page.locator('.error-summary')).toHaveCount(0);
    await orderBox(page, '49811230').check();
    await expect(total).toHaveText('13 000,00 ₸');
    await orderBox(page, '49756052').uncheck();
    await expect(total).toHaveText('12 500,00 ₸');
  });

  test('orders of two banks cannot go together; select all takes one bank', async ({ page }) => {
    await openRefund(page);
    await orderBox(page, '49756052').check();
    await orderBox(page, '50102417').check();
    await expect(page.locator('#orders-error')).toContainText('бір банктен төленген тапсырмалар ғана');
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await expect(page.locator('.error-summary')).toContainText('бір банктен');
    await expect(page).not.toHaveURL(/step=2/);
    await orderBox(page, '50102417').uncheck();
    await expect(page.locator('#orders-error')).toHaveCount(0);
    await page.getByRole('checkbox', { name: 'Барлық төлем тапсырмаларын таңдау' }).check();
    await expect(orderBox(page, '49811230')).toBeChecked();
    await expect(orderBox(page, '50102417')).not.toBeChecked();
    await expect(page.getByTestId('refund-total')).toHaveText('13 000,00 ₸');
  });

  test('a person with no refundable orders is told why', async ({ page }) => {
    await openRefund(page, USERS.empty);
    await expect(page.getByTestId('empty-state')).toContainText('Қайтаруға болатын төлем тапсырмалары жоқ');
    await expect(page.getByTestId('empty-state').getByRole('link')).toHaveAttribute('href', '/services/applications/refunds');
    await expectAccessible(page, 'refund: no orders');
  });
});

test.describe('VPC refund: step 2, the requisites', () => {
  test('the bank is filled in from the orders; each IBAN rule has its message; the check', async ({ page }) => {
    await openRefund(page);
    await orderBox(page, '49756052').check();
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await expect(page).toHaveURL(/step=2/);
    await expect(page.locator('#step-heading')).toBeFocused();
    await expect(page).toHaveTitle(/^Деректемелер және қол қою — /);
    const bank = page.getByTestId('bank-requisites');
    await expect(bank).toContainText('CASPKZKA');
    await expect(bank).toContainText('971240001315');
    await expect(bank).toContainText('АО "KASPI BANK"');
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'QR-мен қол қою' })).toBeDisabled();
    await expectAccessible(page, 'refund step 2');

    const check = page.getByRole('button', { name: 'Банк мәліметтерін тексеру' });
    await check.click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page.locator('.error-summary')).toContainText('Шоттың түрін таңдаңыз');
    await expect(page.locator('.error-summary')).toContainText('IBAN енгізіңіз');
    await expectAccessible(page, 'refund step 2: errors');

    await page.getByLabel('Карточкалық').check();
    const field = page.getByLabel('Алушының IBAN шоты');
    const cases: [string, string][] = [
      ['KZ39722500000068037', 'IBAN 20 таңбадан тұруы керек, енгізілгені: 19'],
      ['KZ3972250000006803711', 'IBAN 20 таңбадан тұруы керек, енгізілгені: 21'],
      ['DE89370400440532013000', 'IBAN KZ-дан басталуы керек'],
      [IBAN.memoPlaceholder, 'бақылау цифрлары сәйкес келмейді'],
      [IBAN.halykCurrent, 'Бұл IBAN басқа банктікі'],
    ];
    for (const [value, message] of cases) {
      await field.fill(value);
      await check.click();
      await expect(page.locator('#iban-error')).toContainText(message);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(field).toHaveValue(/./);
    }
    // Lower case and spaces are accepted; the counter says n/20; groups of four on leaving.
    await field.fill('kz32 7225 0000 0068 0371');
    await expect(page.getByTestId('iban-count')).toHaveText('20/20 таңба');
    await field.blur();
    await expect(field).toHaveValue('KZ32 7225 0000 0068 0371');
    await check.click();
    await expect(page.getByTestId('bank-ok')).toContainText('Банк деректемелері тексерілді');
    await expect(page.getByTestId('review')).toContainText('KZ32 7225 0000 0068 0371');
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
    await expectAccessible(page, 'refund step 2: checked, review');

    // Changing the IBAN after the check requires a new check.
    await field.fill('KZ32 7225 0000 0068 037');
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeDisabled();
    await field.fill('KZ32 7225 0000 0068 0371');
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
  });

  for (const [what, iban, message] of [
    ['a closed account', IBAN.kaspiClosed, 'Бұл шот жабық'],
    ['someone else\'s account', IBAN.kaspiSomeoneElse, 'Бұл шот сіздің атыңызда емес'],
  ]) {
    test(`the bank check refuses ${what}: the reason at the IBAN`, async ({ page }) => {
      await openRefund(page);
      await orderBox(page, '49756052').check();
      await page.getByRole('button', { name: 'Жалғастыру' }).click();
      await page.getByLabel('Карточкалық').check();
      await page.getByLabel('Алушының IBAN шоты').fill(iban);
      await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
      await expect(page.locator('#iban-error')).toContainText(message);
      await expect(page.locator('.error-summary')).toContainText(message);
      await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeDisabled();
      await expectAccessible(page, `refund: bank check refused, ${what}`);
    });
  }

  test('a reload on step 2 keeps the draft', async ({ page }) => {
    await openRefund(page);
    await fillToSigning(page);
    await page.reload();
    await expect(page.getByLabel('Карточкалық')).toBeChecked();
    await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ32 7225 0000 0068 0371');
    await expect(page.getByTestId('bank-ok')).toBeVisible();
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
    const stored = await page.evaluate(() => sessionStorage.getItem('zeinet.refund.draft'));
    expect(stored).not.toContain('cms');
  });
});

test.describe('VPC refund: signing', () => {
  test('signed by EDS (kk): NCALayer asked for the signing key of this person, one application, confirmation', async ({ page, request }) => {
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    await openRefund(page);
    await fillToSigning(page);
    const sign = page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' });
    await sign.dblclick();
    await expect(page).toHaveURL(/step=done&number=\d+/);
    const done = page.getByTestId('refund-done');
    await expect(done).toContainText('Қол қою сәтті аяқталды');
    const number = new URL(page.url()).searchParams.get('number')!;
    await expect(done).toContainText(`Өтініш нөмірі: ${number}`);
    await expectAccessible(page, 'refund: done');
    const signRequest = JSON.parse(sent.find((s) => s.includes('"sign"'))!);
    expect(signRequest.args.signerParams.extKeyUsageOids).toEqual(['1.3.6.1.5.5.7.3.4']);
    expect(signRequest.args.signerParams.iin).toBe(USERS.many.iin);
    expect(signRequest.args.locale).toBe('kk');
    // One application, first in the list; the draft is gone.
    await page.getByRole('link', { name: 'Өтініштің мәртебесін қарау' }).click();
    const rows = page.getByTestId('refunds-table').locator('tr.row');
    await expect(rows).toHaveCount(3);
    await expect(rows.first().locator('th')).toHaveText(number);
    await expect(rows.first()).toContainText('•••• 0371');
    expect(await page.evaluate(() => sessionStorage.getItem('zeinet.refund.draft'))).toBeNull();
    // The order is no longer offered.
    await page.goto('/services/refund');
    await expect(page.getByTestId('orders-table')).toBeVisible();
    await expect(orderBox(page, '49756052')).toHaveCount(0);
  });

  test('signed by QR in eGov mobile (ru): instructions, the phone signs, «Подписание успешно завершено»', async ({ page, request }) => {
    await openRefund(page);
    await chooseLanguage(page, 'ru');
    await orderBox(page, '49756052').check();
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.getByLabel('Карточный').check();
    await page.getByLabel('IBAN получателя').fill(IBAN.kaspiCard);
    await page.getByRole('button', { name: 'Проверить банковские реквизиты' }).click();
    await expect(page.getByTestId('bank-ok')).toBeVisible();
    await page.getByRole('button', { name: 'Подписать по QR' }).click();
    const qr = page.getByTestId('egov-qr');
    await expect(qr).toBeVisible();
    await expect(page.getByTestId('qr-signing')).toContainText('Для подписи по QR-коду откройте приложение eGov mobile');
    await expect(page.getByTestId('qr-signing').locator('ol.steps li')).toHaveCount(3);
    await expectAccessible(page, 'refund: QR');
    const link = await qr.getAttribute('data-qr-text');
    const phone = await request.post('/__dev/egov/sign', { data: { link } });
    expect(phone.ok(), await phone.text()).toBeTruthy();
    await expect(page).toHaveURL(/step=done/);
    await expect(page.getByTestId('refund-done')).toContainText('Подписание успешно завершено');
  });

  for (const [what, mode, check] of [
    ['cancelled in NCALayer', 'cancel', async (page) => expect(page.getByTestId('signing-stopped')).toContainText('Қол қою тоқтатылды')],
    ['the authentication key', 'wrong_key', async (page) => expect(page.locator('[data-error]')).toContainText('Аутентификация кілті (AUTH_RSA) таңдалды')],
    ['NCALayer not running', null, async (page) => expect(page.locator('[data-error=ncalayer_not_running]')).toBeVisible()],
  ] as const) {
    test(`${what} keeps the form as it was`, async ({ page, request }) => {
      if (mode) await ncalayerMode(request, mode);
      else await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => ws.close());
      await openRefund(page);
      await fillToSigning(page);
      await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
      await (check as any)(page);
      // The button keeps the focus it had while the signing ran (aria-disabled, not disabled).
      await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeFocused();
      await expect(page).toHaveURL(/step=2$/);
      await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ32 7225 0000 0068 0371');
      await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
      await expectAccessible(page, `refund: ${what}`);
      const list = await (await page.request.get('/api/refund/applications')).json();
      expect(list.items).toHaveLength(2);
    });
  }

  test('an order refunded meanwhile: explained, back on step 1 with the rest kept', async ({ page, request }) => {
    await openRefund(page);
    await orderBox(page, '49756052').check();
    await orderBox(page, '49811230').check();
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await page.getByLabel('Карточкалық').check();
    await page.getByLabel('Алушының IBAN шоты').fill(IBAN.kaspiCard);
    await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
    await expect(page.getByTestId('bank-ok')).toBeVisible();
    const changed = await request.put('/__dev/payment-orders/po-49756052', { data: { available_tiyn: 0 } });
    expect(changed.status()).toBe(204);
    await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
    await expect(page).not.toHaveURL(/step=2/);
    await expect(page.getByTestId('conflict')).toContainText('Таңдалған төлем тапсырмаларының бірі қайтарылып қойған');
    await expect(orderBox(page, '49756052')).toHaveCount(0);
    await expect(orderBox(page, '49811230')).toBeChecked();
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ32 7225 0000 0068 0371');
    await expect(page.getByLabel('Карточкалық')).toBeChecked();
  });

  test('session expiry mid-form: log in again, back on step 2 with the same data', async ({ page, request }) => {
    await draftThenExpiry(page, request);
    await logIn(page, USERS.many);
    await expect(page).toHaveURL(/\/services\/refund\?step=2$/);
    await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('KZ32 7225 0000 0068 0371');
    await expect(page.getByLabel('Карточкалық')).toBeChecked();
  });

  test('after an expiry another person in the same tab starts empty: the draft is its owner\'s alone', async ({ page, request }) => {
    await draftThenExpiry(page, request);
    // Someone else logs in at the same tab and is sent to the same address.
    await logIn(page, USERS.few);
    await expect(page).toHaveURL(/\/services\/refund/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('49756052')).toHaveCount(0);
    if (await page.getByLabel('Алушының IBAN шоты').count()) {
      await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue('');
    }
    // Nothing of the first person's is left in the tab either (the IBAN as typed or grouped).
    const stored = await page.evaluate(() => sessionStorage.getItem('zeinet.refund.draft') ?? '');
    expect(stored.replace(/ /g, '')).not.toContain(IBAN.kaspiCard);
    expect(stored).not.toContain('49756052');
  });

  test('a retry after a dropped answer files one application (the idempotency key)', async ({ page, request }) => {
    await openRefund(page);
    await fillToSigning(page);
    // The first submission reaches the backend, but its answer is lost.
    await page.route('**/api/refund/applications', async (route) => {
      if (route.request().method() === 'POST') {
        await route.fetch();
        await route.abort('connectionreset');
        await page.unroute('**/api/refund/applications');
      } else {
        await route.continue();
      }
    });
    await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
    const alert = page.locator('[data-error]');
    await expect(alert).toBeVisible();
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await expect(page).toHaveURL(/step=done/);
    const list = await (await page.request.get('/api/refund/applications')).json();
    expect(list.items).toHaveLength(3);
  });
});

test('a second tab with the same draft files nothing twice', async ({ page, context }) => {
  await openRefund(page);
  await fillToSigning(page);
  // A duplicated tab starts with a copy of this tab's sessionStorage.
  const draft = await page.evaluate(() => sessionStorage.getItem('zeinet.refund.draft'));
  const second = await context.newPage();
  await second.addInitScript((value) => {
    if (!sessionStorage.getItem('zeinet.refund.draft')) sessionStorage.setItem('zeinet.refund.draft', value!);
  }, draft);
  await second.goto('/services/refund?step=2');
  await expect(second.getByTestId('bank-ok')).toBeVisible();

  await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
  await expect(page).toHaveURL(/step=done/);
  await second.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
  // Its order is in the application just filed: explained, back on step 1, the order gone.
  await expect(second.getByTestId('conflict')).toContainText('басқа өтінішке енгізілген');
  await expect(orderBox(second, '49756052')).toHaveCount(0);
  await expectAccessible(second, 'refund: filed in another tab');
  const list = await (await page.request.get('/api/refund/applications')).json();
  expect(list.items).toHaveLength(3);
});

/** Presses Tab until `target` has the focus (fails after 80 presses). */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((e) => e === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the element with Tab');
}

test('keyboard only, in Russian: ticks, account, IBAN, check and EDS signing', async ({ page }) => {
  await openRefund(page);
  await chooseLanguage(page, 'ru');
  await tabTo(page, orderBox(page, '49756052'));
  await page.keyboard.press('Space');
  await expect(page.getByTestId('refund-total')).toHaveText('500,00 ₸');
  await tabTo(page, page.getByRole('button', { name: 'Продолжить' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('#step-heading')).toBeFocused();
  await tabTo(page, page.getByLabel('Карточный'));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('Карточный')).toBeChecked();
  await tabTo(page, page.getByLabel('IBAN получателя'));
  await page.keyboard.type('kz32 7225 0000 0068 0371');
  await tabTo(page, page.getByRole('button', { name: 'Проверить банковские реквизиты' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('bank-ok')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Подписать ЭЦП' }));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('refund-done')).toContainText('Подписание успешно завершено');
});

test('signed by QR in Kazakh: «Қол қою сәтті аяқталды»', async ({ page, request }) => {
  await openRefund(page);
  await fillToSigning(page);
  await page.getByRole('button', { name: 'QR-мен қол қою' }).click();
  const qr = page.getByTestId('egov-qr');
  await expect(page.getByTestId('qr-signing')).toContainText('QR-код арқылы қол қою үшін eGov mobile қосымшасын ашу қажет');
  const phone = await request.post('/__dev/egov/sign', { data: { link: await qr.getAttribute('data-qr-text') } });
  expect(phone.ok(), await phone.text()).toBeTruthy();
  await expect(page.getByTestId('refund-done')).toContainText('Қол қою сәтті аяқталды');
  const list = await (await page.request.get('/api/refund/applications')).json();
  expect(list.items).toHaveLength(3);
});
