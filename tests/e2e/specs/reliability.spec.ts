/**
 * Issue 7, part 1: the fault matrix. Every flow × every fault that applies to it, against the
 * mock's /__dev fault injection, the stand-in NCALayer's modes and the eGov mock. Each cell
 * checks the message, the way forward (it must then succeed), the typed data still being there,
 * and that nothing was created twice. Each test names its cell in an annotation; the reporter
 * reliability/reporter.ts records the final result of each (after the fixtures' CSP and leak
 * checks) and writes target/reliability/matrix.md (and .json) when the run ends.
 *
 * A cell the app really mishandles stays strict and is marked `test.fail()` through the flow's
 * `defects` (with the reason), so the matrix shows it as ✗ᴰ until the app is fixed.
 */
import type { APIRequestContext, BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect, USERS, logIn, injectFault, clearFaults, smsCode } from '../fixtures';
import { cellAnnotation, layoutAnnotation } from '../reliability/matrix';

// ---- faults (the matrix's columns) -----------------------------------------------------------

const FAULTS = [
  '500',
  '503 maintenance',
  '401 mid-flow',
  'slow → timeout',
  'dropped connection',
  'malformed JSON',
  'offline',
  '409 conflict',
  '422 field errors',
  'NCALayer not running',
  'NCALayer cancelled',
  'NCALayer wrong key',
  'NCALayer socket closed',
  'NCALayer garbage',
  'NCALayer very slow',
  'eGov expired',
  'eGov rejected',
] as const;
type FaultName = (typeof FAULTS)[number];

const BACKEND: FaultName[] = ['500', '503 maintenance', '401 mid-flow', 'slow → timeout', 'dropped connection', 'malformed JSON', 'offline'];
const NCALAYER: FaultName[] = [
  'NCALayer not running',
  'NCALayer cancelled',
  'NCALayer wrong key',
  'NCALayer socket closed',
  'NCALayer garbage',
  'NCALayer very slow',
];
const EGOV: FaultName[] = ['eGov expired', 'eGov rejected'];
const without = (list: FaultName[], ...out: FaultName[]) => list.filter((f) => !out.includes(f));

// ---- what a cell works with ------------------------------------------------------------------

type Cell = {
  page: Page;
  request: APIRequestContext;
  context: BrowserContext;
  /** The stand-in NCALayer "runs" (for "not running", until it is started). */
  nca: { running: boolean };
  /** What a flow's steps learnt on the way (an SMS code). */
  data: Record<string, string>;
};

type Flow = {
  name: string;
  /** The request the backend faults hit. */
  target: { method: 'GET' | 'POST'; path: string };
  faults: FaultName[];
  /** Up to the point just before the request. */
  prepare(c: Cell): Promise<void>;
  /** Sends the request (as the person would). */
  trigger(c: Cell): Promise<void>;
  /** Where the flow shows its errors. */
  region(c: Cell): Locator;
  /** What shows while the request is on its way (slow backend). */
  busy?(c: Cell): Locator;
  /** The flow's end, reached after the way forward. */
  success(c: Cell): Promise<void>;
  /** The way forward after a retryable error (default: «Қайталау» in the alert). */
  retry?(c: Cell): Promise<void>;
  /** The typed data is still there. */
  kept?(c: Cell): Promise<void>;
  /** How many things of the flow's kind exist (for "no duplicate"), and how many it creates. */
  count?(c: Cell): Promise<number>;
  creates?: number;
  /** 401: where logging in again must return to (the `next`), and what to do there. */
  relogin?: { back: RegExp; kept?(c: Cell): Promise<void>; resume?(c: Cell): Promise<void> };
  /** NCALayer: the flow's own words and controls. */
  nca?: {
    button(c: Cell): Locator;
    stopped(c: Cell): Promise<void>;
    wrongKey: { kind?: string; text: string };
    slowHint: string;
  };
  /** The flow's own cells (409, 422 and the like): the whole cell. */
  custom?: Partial<Record<FaultName, (c: Cell) => Promise<void>>>;
  /** Known app defects: the cell is kept strict and marked test.fail() with this reason. */
  defects?: Partial<Record<FaultName, string>>;
};

// ---- shared steps ----------------------------------------------------------------------------

const IBAN = {
  kaspiCard: 'KZ327225000000680371',
  kaspiClosed: 'KZ927225000000100007',
};
const IBAN_TYPED = /^KZ32 ?7225 ?0000 ?0068 ?0371$/;
const NEW_USER = { iin: '900101300823', phone: '8 (707) 000-08-23' };
const PETROV = { iin: '900101300811', phone: '+7 705 000 08 11' };
const UNTIL = '2026-11-22T03:00:00Z';
const UNTIL_SHOWN = 'Жұмыстардың болжамды аяқталуы: 22.11.2026 08:00:00';

async function loginTo(page: Page, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await logIn(page, USERS.many);
}

function rowOf(page: Page, number: string) {
  return page.getByTestId('applications-table').locator('tbody.row-group', {
    has: page.locator('tr.row td:nth-child(5)', { hasText: new RegExp(`^${number}$`) }),
  });
}

function orderBox(page: Page, number: string) {
  return page.getByRole('checkbox', { name: new RegExp(`№ ?${number}`) });
}

async function openRefund(page: Page) {
  await loginTo(page, '/services/refund');
  await expect(page).toHaveURL(/\/services\/refund$/);
  await expect(page.getByTestId('orders-table')).toBeVisible();
}

async function toStep2(page: Page, orders = ['49756052']) {
  for (const o of orders) await orderBox(page, o).check();
  await page.getByRole('button', { name: 'Жалғастыру' }).click();
  await expect(page).toHaveURL(/step=2/);
  await page.getByLabel('Карточкалық').check();
  await page.getByLabel('Алушының IBAN шоты').fill(IBAN.kaspiCard);
}

async function checkBank(page: Page) {
  await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
  await expect(page.getByTestId('bank-ok')).toBeVisible();
}

async function refundCount(c: Cell) {
  const answer = await c.page.request.get('/api/refund/applications');
  expect(answer.ok(), await answer.text()).toBeTruthy();
  return (await answer.json()).items.length as number;
}

/** Cancel requests recorded for app-1210456: its history's «cancel requested» entries. */
async function cancelRequestedCount(c: Cell) {
  const answer = await c.page.request.get('/api/applications/app-1210456');
  expect(answer.ok(), await answer.text()).toBeTruthy();
  return ((await answer.json()).history as { status: string }[]).filter((h) => h.status === 'cancel_requested').length;
}

async function refundFormKept(c: Cell) {
  await expect(c.page).toHaveURL(/step=2/);
  await expect(c.page.getByLabel('Карточкалық')).toBeChecked();
  await expect(c.page.getByLabel('Алушының IBAN шоты')).toHaveValue(IBAN_TYPED);
}

async function ncalayerMode(request: APIRequestContext, mode: string, extra: object = {}) {
  const response = await request.put('/__dev/ncalayer', { data: { mode, ...extra } });
  expect(response.ok(), await response.text()).toBeTruthy();
}

async function setStatus(request: APIRequestContext, id: string, status: string) {
  const response = await request.put(`/__dev/applications/${id}/status`, { data: { status } });
  expect(response.status(), await response.text()).toBe(204);
}

/** The alert of `kind` in the flow's region, with the text. */
function alertOf(region: Locator, kind: string) {
  return region.locator(`[data-error=${kind}]`).first();
}

async function clickRetry(region: Locator) {
  await region.locator('[data-error]').first().getByRole('button', { name: 'Қайталау' }).click();
}

/** The phone (eGov mobile) signs what the QR code on the page says; returns the code's text. */
async function phoneSigns(c: Cell, iin?: string) {
  const box = c.page.getByTestId('egov-qr');
  await expect(box).toBeVisible();
  const link = await box.getAttribute('data-qr-text');
  const response = await c.request.post('/__dev/egov/sign', { data: iin ? { link, iin } : { link } });
  expect(response.ok(), await response.text()).toBeTruthy();
  return link!;
}

/** Counts the requests the page sends to the flow's target. */
function trackRequests(page: Page, target: Flow['target']) {
  const seen = { n: 0 };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    const hit = target.path.endsWith('*') ? path.startsWith(target.path.slice(0, -1)) : path === target.path;
    if (r.method() === target.method && hit) seen.n++;
  });
  return seen;
}

// ---- the flows (the matrix's rows), in the brief's order of priority -------------------------

const applicationsList: Flow = {
  name: 'applications list',
  target: { method: 'GET', path: '/api/applications' },
  faults: BACKEND,
  async prepare({ page }) {
    await loginTo(page, '/services/applications/refunds');
    await expect(page.getByTestId('refunds-table')).toBeVisible();
  },
  async trigger({ page }) {
    await page.getByRole('link', { name: 'Төлемдер / аударымдар' }).click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.locator('.loading[role=status]'),
  async success({ page }) {
    await expect(page.getByTestId('applications-table').locator('tr.row')).toHaveCount(38);
  },
  relogin: { back: /\/services\/applications$/, resume: async () => {} },
};

const details: Flow = {
  name: 'application details',
  target: { method: 'GET', path: '/api/applications/app-1210789' },
  faults: BACKEND,
  async prepare({ page }) {
    await loginTo(page, '/services/applications');
    await expect(page.getByTestId('applications-table')).toBeVisible();
  },
  async trigger({ page }) {
    await rowOf(page, '1210789').getByRole('button', { name: /ИПБ-ға/ }).click();
  },
  region: ({ page }) => rowOf(page, '1210789'),
  busy: ({ page }) => rowOf(page, '1210789').locator('.loading'),
  async success({ page }) {
    await expect(rowOf(page, '1210789').getByTestId('details')).toContainText('27.10.2026');
  },
  relogin: { back: /\/services\/applications$/ },
};

const refundOrders: Flow = {
  name: 'refund step 1 (orders)',
  target: { method: 'GET', path: '/api/refund/payment-orders' },
  faults: BACKEND,
  async prepare({ page }) {
    await loginTo(page, '/services/applications/refunds');
    await expect(page.getByTestId('refunds-table')).toBeVisible();
  },
  async trigger({ page }) {
    await page.getByRole('link', { name: 'Жаңа өтініш беру' }).click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.locator('main [role=status]'),
  async success({ page }) {
    await expect(page.getByTestId('orders-table')).toBeVisible();
    await expect(orderBox(page, '49756052')).toBeVisible();
  },
  relogin: { back: /\/services\/refund$/, resume: async () => {} },
};

const bankCheck: Flow = {
  name: 'refund bank check',
  target: { method: 'POST', path: '/api/refund/bank-check' },
  faults: [...BACKEND, '422 field errors'],
  async prepare({ page }) {
    await openRefund(page);
    await toStep2(page);
  },
  async trigger({ page }) {
    await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.getByRole('status').filter({ hasText: 'Банк деректемелері тексерілуде' }),
  async success({ page }) {
    await expect(page.getByTestId('bank-ok')).toBeVisible();
    await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
  },
  kept: refundFormKept,
  relogin: { back: /\/services\/refund\?step=2$/ },
  custom: {
    // The bank refuses a closed account: the reason at the IBAN; a good IBAN then passes.
    async '422 field errors'({ page }) {
      await openRefund(page);
      await toStep2(page);
      await page.getByLabel('Алушының IBAN шоты').fill(IBAN.kaspiClosed);
      await page.getByRole('button', { name: 'Банк мәліметтерін тексеру' }).click();
      await expect(page.locator('#iban-error')).toContainText('Бұл шот жабық');
      await expect(page.locator('.error-summary')).toContainText('Бұл шот жабық');
      await expect(page.getByLabel('Алушының IBAN шоты')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByLabel('Алушының IBAN шоты')).toHaveValue(/KZ92 ?7225/);
      await expect(page.getByLabel('Карточкалық')).toBeChecked();
      await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeDisabled();
      await page.getByLabel('Алушының IBAN шоты').fill(IBAN.kaspiCard);
      await checkBank(page);
    },
  },
};

const refundEds: Flow = {
  name: 'refund submission (EDS)',
  target: { method: 'POST', path: '/api/refund/applications' },
  faults: [...BACKEND, '409 conflict', '422 field errors', ...NCALAYER],
  async prepare({ page }) {
    await openRefund(page);
    await toStep2(page);
    await checkBank(page);
  },
  async trigger({ page }) {
    await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.getByRole('status').filter({ hasText: 'Қол қойылған өтініш жіберілуде' }),
  async success({ page }) {
    await expect(page).toHaveURL(/step=done&number=\d+/);
    await expect(page.getByTestId('refund-done')).toContainText('Қол қою сәтті аяқталды');
  },
  kept: refundFormKept,
  count: refundCount,
  creates: 1,
  relogin: {
    back: /\/services\/refund\?step=2$/,
    async resume(c) {
      await expect(c.page.getByTestId('bank-ok')).toBeVisible();
      await refundEds.trigger(c);
    },
  },
  nca: {
    button: ({ page }) => page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }),
    async stopped({ page }) {
      await expect(page.getByTestId('signing-stopped')).toContainText('Қол қою тоқтатылды');
      await expect(page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' })).toBeEnabled();
    },
    wrongKey: { text: 'Аутентификация кілті (AUTH_RSA) таңдалды' },
    slowHint: 'NCALayer терезесінде қол қою кілтін (GOST файл сертификаты',
  },
  custom: {
    // An order refunded meanwhile: explained, back on step 1 with the rest kept; nothing filed.
    async '409 conflict'(c) {
      const { page, request } = c;
      await openRefund(page);
      await toStep2(page, ['49756052', '49811230']);
      await checkBank(page);
      const before = await refundCount(c);
      const changed = await request.put('/__dev/payment-orders/po-49756052', { data: { available_tiyn: 0 } });
      expect(changed.status()).toBe(204);
      await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
      await expect(page.getByTestId('conflict')).toContainText('Таңдалған төлем тапсырмаларының бірі қайтарылып қойған');
      expect(await refundCount(c)).toBe(before);
      await expect(orderBox(page, '49756052')).toHaveCount(0);
      await expect(orderBox(page, '49811230')).toBeChecked();
      await page.getByRole('button', { name: 'Жалғастыру' }).click();
      await refundFormKept(c);
      await checkBank(page);
      await page.getByRole('button', { name: 'ЭЦҚ-мен қол қою' }).click();
      await refundEds.success(c);
      expect(await refundCount(c)).toBe(before + 1);
    },
    // The backend refuses the signature (422): the refund's own words, the form kept, a retry.
    async '422 field errors'(c) {
      const { page, request } = c;
      await refundEds.prepare(c);
      const before = await refundCount(c);
      await injectFault(request, {
        method: 'POST',
        path: '/api/refund/applications',
        status: 422,
        body: '{"code":"invalid_signature","message":"m","fields":{}}',
        times: 1,
      });
      await refundEds.trigger(c);
      await expect(alertOf(page.locator('main'), 'validation')).toContainText('Қолтаңбаны тексеру мүмкін болмады');
      await refundFormKept(c);
      expect(await refundCount(c)).toBe(before);
      await clickRetry(page.locator('main'));
      await refundEds.success(c);
      expect(await refundCount(c)).toBe(before + 1);
    },
  },
};

const cancelApp: Flow = {
  name: 'cancel application (EDS)',
  target: { method: 'POST', path: '/api/applications/app-1210456/cancel' },
  faults: [...BACKEND, '409 conflict', ...NCALAYER],
  async prepare({ page }) {
    await loginTo(page, '/services/applications');
    await expect(page.getByTestId('applications-table')).toBeVisible();
    await rowOf(page, '1210456').getByRole('button', { name: '№1210456 өтініштің күшін жою' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
  },
  async trigger({ page }) {
    await page.getByRole('dialog').getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }).click();
  },
  region: ({ page }) => page.getByRole('dialog'),
  busy: ({ page }) => page.getByRole('dialog').getByText('Қол қойылған күшін жою жіберілуде'),
  async success({ page }) {
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByTestId('notice')).toContainText('№1210456 өтініштің күшін жою туралы сұрауыңыз қол қойылып, жіберілді');
    await expect(rowOf(page, '1210456').locator('.badge')).toHaveText('Күшін жою өңделуде');
  },
  async kept({ page }) {
    // Nothing typed: the dialog stays open and the row as it was.
    await expect(page.getByRole('dialog')).toBeVisible();
    await expect(rowOf(page, '1210456').locator('.badge')).toHaveText('Өңдеуге қабылданды');
  },
  count: cancelRequestedCount,
  creates: 1,
  relogin: {
    back: /\/services\/applications$/,
    // The page was left for the log-in: the dialog is gone, the row as it was.
    async kept(c) {
      await expect(rowOf(c.page, '1210456').locator('.badge')).toHaveText('Өңдеуге қабылданды');
    },
    async resume(c) {
      await rowOf(c.page, '1210456').getByRole('button', { name: '№1210456 өтініштің күшін жою' }).click();
      await cancelApp.trigger(c);
    },
  },
  nca: {
    button: ({ page }) => page.getByRole('dialog').getByRole('button', { name: 'ЭЦҚ-мен қол қойып, күшін жою' }),
    async stopped({ page }) {
      await expect(page.getByRole('dialog').getByTestId('cancel-stopped')).toHaveText('Қол қою тоқтатылды. Өтініш өзгерген жоқ.');
    },
    wrongKey: { text: 'Аутентификация кілті (AUTH_RSA) таңдалды' },
    slowHint: 'NCALayer терезесінде қол қою кілтін (RSA256_',
  },
  custom: {
    // The status changed meanwhile: why (409), the new status, no cancel requested.
    async '409 conflict'(c) {
      const { page, request } = c;
      await cancelApp.prepare(c);
      const before = await cancelRequestedCount(c);
      await setStatus(request, 'app-1210456', 'in_progress');
      await cancelApp.trigger(c);
      const dialog = page.getByRole('dialog');
      await expect(alertOf(dialog, 'conflict')).toContainText('Бұл өтініштің күшін жою мүмкін емес');
      await expect(rowOf(page, '1210456').locator('.badge')).toHaveText('Өңделуде');
      await dialog.getByRole('button', { name: 'Жабу' }).click();
      await expect(dialog).toBeHidden();
      await expect(rowOf(page, '1210456').locator('.row__cancel')).toBeHidden();
      expect(await cancelRequestedCount(c)).toBe(before);
    },
  },
};

const loginPassword: Flow = {
  name: 'log-in: password',
  target: { method: 'POST', path: '/api/auth/password' },
  faults: [...without(BACKEND, '401 mid-flow'), '422 field errors'],
  async prepare({ page }) {
    await page.goto('/login?next=%2Fservices%2Fapplications');
    await page.locator('#iin').fill(USERS.many.iin);
    await page.locator('#password').fill(USERS.many.password);
  },
  async trigger({ page }) {
    await page.locator('form button[type=submit]').click();
  },
  region: ({ page }) => page.locator('#panel-password'),
  busy: ({ page }) => page.locator('form button[type=submit][disabled], #panel-password [role=status]').first(),
  // The way forward is the form itself: it is still filled in, submit again.
  retry: ({ page }) => page.locator('form button[type=submit]').click(),
  async success({ page }) {
    await expect(page).toHaveURL(/\/services\/applications$/);
  },
  async kept({ page }) {
    await expect(page.locator('#iin')).toHaveValue(USERS.many.iin);
    await expect(page.locator('#password')).toHaveValue(USERS.many.password);
  },
  custom: {
    async '422 field errors'(c) {
      const { page, request } = c;
      await loginPassword.prepare(c);
      await injectFault(request, {
        method: 'POST',
        path: '/api/auth/password',
        status: 422,
        body: '{"code":"validation","message":"m","fields":{"iin":"invalid_iin"}}',
        times: 1,
      });
      await loginPassword.trigger(c);
      await expect(alertOf(page.locator('#panel-password'), 'validation')).toContainText('Енгізілген деректерді тексеріңіз');
      await loginPassword.kept!(c);
      await loginPassword.retry!(c);
      await loginPassword.success(c);
    },
  },
};

const loginEds: Flow = {
  name: 'log-in: EDS (NCALayer)',
  target: { method: 'POST', path: '/api/auth/eds' },
  faults: [...without(BACKEND, '401 mid-flow'), ...NCALAYER],
  async prepare({ page }) {
    await page.goto('/login?tab=eds&next=%2Fservices%2Fapplications');
    await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' })).toBeEnabled();
  },
  async trigger({ page }) {
    await page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }).click();
  },
  region: ({ page }) => page.locator('#panel-eds'),
  busy: ({ page }) => page.locator('#panel-eds [role=status]').filter({ hasText: 'Қолтаңба тексерілуде' }),
  async success({ page }) {
    await expect(page).toHaveURL(/\/services\/applications$/);
    await expect(page.getByTestId('user-name')).toHaveText(USERS.many.name);
  },
  nca: {
    button: ({ page }) => page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' }),
    async stopped({ page }) {
      await expect(page.getByRole('button', { name: 'ЭЦҚ арқылы кіру' })).toBeEnabled();
      await expect(page.locator('#panel-eds [data-error]')).toHaveCount(0);
      await expect(page).toHaveURL(/\/login/);
    },
    wrongKey: { kind: 'unauthorized', text: 'Қол қою кілті таңдалды' },
    slowHint: 'NCALayer терезесінде AUTH_RSA кілтін таңдап',
  },
};

const refundQr: Flow = {
  name: 'refund submission (eGov QR)',
  target: { method: 'POST', path: '/api/refund/egov' },
  faults: [...BACKEND, '409 conflict', ...EGOV],
  prepare: refundEds.prepare,
  async trigger({ page }) {
    await page.getByRole('button', { name: 'QR-мен қол қою' }).click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.getByTestId('qr-signing').locator('.loading'),
  async success(c) {
    await phoneSigns(c);
    await expect(c.page).toHaveURL(/step=done/);
    await expect(c.page.getByTestId('refund-done')).toContainText('Қол қою сәтті аяқталды');
  },
  kept: refundFormKept,
  count: refundCount,
  creates: 1,
  relogin: {
    back: /\/services\/refund\?step=2$/,
    async resume(c) {
      await expect(c.page.getByTestId('bank-ok')).toBeVisible();
      await refundQr.trigger(c);
    },
  },
  custom: {
    // An order refunded meanwhile, found when the QR procedure is opened: as with EDS, the
    // explanation, back on step 1 with the rest kept, and then the QR signing files one.
    async '409 conflict'(c) {
      const { page, request } = c;
      await openRefund(page);
      await toStep2(page, ['49756052', '49811230']);
      await checkBank(page);
      const before = await refundCount(c);
      const changed = await request.put('/__dev/payment-orders/po-49756052', { data: { available_tiyn: 0 } });
      expect(changed.status()).toBe(204);
      await refundQr.trigger(c);
      await expect(page.getByTestId('conflict')).toContainText('Таңдалған төлем тапсырмаларының бірі қайтарылып қойған');
      expect(await refundCount(c)).toBe(before);
      await expect(orderBox(page, '49756052')).toHaveCount(0);
      await expect(orderBox(page, '49811230')).toBeChecked();
      await page.getByRole('button', { name: 'Жалғастыру' }).click();
      await refundFormKept(c);
      await checkBank(page);
      await refundQr.trigger(c);
      await refundQr.success(c);
      expect(await refundCount(c)).toBe(before + 1);
    },
  },
};

const loginEgov: Flow = {
  name: 'log-in: eGov QR',
  target: { method: 'POST', path: '/api/auth/egov' },
  faults: [...without(BACKEND, '401 mid-flow'), ...EGOV],
  async prepare({ page }) {
    await page.goto('/login?next=%2Fservices%2Fapplications');
    await expect(page.locator('#iin')).toBeVisible();
  },
  async trigger({ page }) {
    await page.getByRole('tab', { name: 'eGov mobile' }).click();
  },
  region: ({ page }) => page.getByRole('tabpanel'),
  busy: ({ page }) => page.getByRole('tabpanel').locator('.loading'),
  async success(c) {
    await phoneSigns(c, USERS.many.iin);
    await expect(c.page).toHaveURL(/\/services\/applications$/, { timeout: 15_000 });
    await expect(c.page.getByTestId('user-name')).toHaveText(USERS.many.name);
  },
};

const registration: Flow = {
  name: 'registration',
  target: { method: 'POST', path: '/api/register/start' },
  // No 409 here: start answers the same whatever the state database says (issue 20, item 4).
  faults: [...without(BACKEND, '401 mid-flow'), '422 field errors'],
  async prepare({ page }) {
    await page.goto('/register');
    await page.locator('#iin').fill(NEW_USER.iin);
    await page.locator('#phone').fill(NEW_USER.phone);
  },
  async trigger({ page }) {
    await page.locator('form button[type=submit]').click();
  },
  region: ({ page }) => page.locator('main'),
  busy: ({ page }) => page.locator('form button[type=submit][disabled], main [role=status]').first(),
  async success({ page }) {
    await expect(page).toHaveURL(/\/register\?step=code$/);
  },
  async kept({ page }) {
    await expect(page.locator('#iin')).toHaveValue(NEW_USER.iin);
    await expect(page.locator('#phone')).toHaveValue(NEW_USER.phone);
  },
  custom: {
    '422 field errors': (c) => refusedByItsOwnRules(registration, { phone: 'invalid_phone' }, c),
  },
};

const passwordReset: Flow = {
  name: 'password reset',
  target: { method: 'POST', path: '/api/password-reset/start' },
  faults: [...without(BACKEND, '401 mid-flow'), '422 field errors'],
  async prepare({ page }) {
    await page.goto('/password-reset');
    await page.locator('#iin').fill(PETROV.iin);
    await page.locator('#phone').fill(PETROV.phone);
  },
  trigger: registration.trigger,
  region: ({ page }) => page.locator('main'),
  busy: registration.busy,
  async success({ page }) {
    await expect(page).toHaveURL(/\/password-reset\?step=code$/);
  },
  async kept({ page }) {
    await expect(page.locator('#iin')).toHaveValue(PETROV.iin);
    await expect(page.locator('#phone')).toHaveValue(PETROV.phone);
  },
  custom: {
    '422 field errors': (c) => refusedByItsOwnRules(passwordReset, { iin: 'invalid_iin' }, c),
  },
};

/**
 * A backend that refuses what the form accepted (its own rules, `fields`): the generic
 * message, the typed data kept; sent again, it goes on.
 */
async function refusedByItsOwnRules(flow: Flow, fields: Record<string, string>, c: Cell) {
  await flow.prepare(c);
  await injectFault(c.request, {
    ...flow.target,
    status: 422,
    body: JSON.stringify({ code: 'validation', message: 'm', fields }),
    times: 1,
  });
  await flow.trigger(c);
  await expect(alertOf(c.page.locator('main'), 'validation')).toContainText('Енгізілген деректерді тексеріңіз');
  await flow.kept!(c);
  await flow.trigger(c);
  await flow.success(c);
}

/**
 * eGov's status polls: the page asks every 1–5 s whether the phone has signed. A failing poll is
 * a passing fault (by design, egov_signing.rs: "keep polling, more slowly"): the QR code stays,
 * no alert, and once the backend answers again the signing made meanwhile completes; a 401 ends
 * the session like anywhere else.
 */
async function pollCell(c: Cell, base: Flow, pollPath: string, fault: FaultName) {
  const { page, request, context } = c;
  const target = { method: 'GET' as const, path: pollPath };
  if (fault === 'slow → timeout') await page.clock.install();
  await base.prepare(c);
  const before = base.count ? await base.count(c) : 0;
  await base.trigger(c);
  const box = page.getByTestId('egov-qr');
  await expect(box).toBeVisible();
  const polled = trackRequests(page, target);
  switch (fault) {
    case '500':
      await injectFault(request, { ...target, status: 500 });
      break;
    case '503 maintenance': {
      const body = JSON.stringify({ code: 'maintenance', message: 'Technical works are in progress.', until: UNTIL });
      await injectFault(request, { ...target, status: 503, body });
      break;
    }
    case 'dropped connection':
      await injectFault(request, { ...target, drop: true });
      break;
    case 'malformed JSON':
      await injectFault(request, { ...target, status: 200, body: '{"state": ' });
      break;
    case 'slow → timeout':
      await injectFault(request, { ...target, latency_ms: 60_000, times: 1 });
      break;
    case 'offline':
      await context.setOffline(true);
      break;
    case '401 mid-flow': {
      await injectFault(request, { ...target, status: 401, body: '{"code":"unauthenticated","message":"expired"}', times: 1 });
      await expect(page).toHaveURL(/\/login\?next=.*expired=1/);
      await expect(page.getByRole('status').filter({ hasText: 'Сессия аяқталды' })).toBeVisible();
      if (base.count) expect(await base.count(c)).toBe(before);
      await page.locator('#iin').fill(USERS.many.iin);
      await page.locator('#password').fill(USERS.many.password);
      await page.locator('form button[type=submit]').click();
      await expect(page).toHaveURL(base.relogin!.back);
      if (base.kept) await base.kept(c);
      await base.relogin!.resume!(c);
      await base.success(c);
      if (base.count) expect(await base.count(c)).toBe(before + (base.creates ?? 0));
      return;
    }
    default:
      throw new Error(`no poll cell for ${fault}`);
  }
  // The phone signs while the polls fail.
  if (fault === 'offline') await page.waitForTimeout(2_500);
  else await expect.poll(() => polled.n, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  if (fault === 'slow → timeout') await page.clock.fastForward(21_000);
  const link = await box.getAttribute('data-qr-text');
  const signed = await request.post('/__dev/egov/sign', { data: { link, iin: USERS.many.iin } });
  expect(signed.ok(), await signed.text()).toBeTruthy();
  if (fault !== 'offline' && fault !== 'slow → timeout') {
    await expect.poll(() => polled.n, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  }
  // A passing fault: the code stays, no alert, nothing filed twice.
  await expect(box).toBeVisible();
  await expect(base.region(c).locator('[data-error]')).toHaveCount(0);
  if (base.kept) await base.kept(c);
  await clearFaults(request);
  await context.setOffline(false);
  await expect(async () => {
    if (base === loginEgov) await expect(page).toHaveURL(/\/services\/applications$/);
    else await expect(page.getByTestId('refund-done')).toContainText('Қол қою сәтті аяқталды');
  }).toPass({ timeout: 20_000 });
  if (base.count) expect(await base.count(c)).toBe(before + (base.creates ?? 0));
}

function pollFlow(base: Flow, name: string, pollPath: string, faults: FaultName[], defects: Flow['defects'] = {}): Flow {
  const custom: Flow['custom'] = {};
  for (const fault of faults) custom[fault] = (c) => pollCell(c, base, pollPath, fault);
  return { ...base, name, target: { method: 'GET', path: pollPath }, faults, custom, defects };
}

const loginEgovPoll = pollFlow(loginEgov, 'log-in: eGov QR (status poll)', '/api/auth/egov/*', without(BACKEND, '401 mid-flow'));
const refundQrPoll = pollFlow(refundQr, 'refund submission (eGov QR, status poll)', '/api/refund/egov/*', BACKEND);

const NEW_PASSWORD = 'Zhana-parol-2026';

/** Steps 2 (SMS code) and 3 (new password) of registration or password reset. */
function smsSteps(first: Flow, what: 'registration' | 'password reset', page: string, api: string, phone: string, name: string) {
  const code: Flow = {
    name: `${what}: SMS code`,
    target: { method: 'POST', path: `${api}/verify` },
    faults: [...without(BACKEND, '401 mid-flow'), '422 field errors'],
    async prepare(c) {
      await first.prepare(c);
      await first.trigger(c);
      await first.success(c);
      c.data.code = await smsCode(c.request, phone);
      await c.page.locator('#code').fill(c.data.code);
    },
    trigger: first.trigger,
    region: ({ page }) => page.locator('main'),
    busy: first.busy,
    async success({ page: p }) {
      await expect(p).toHaveURL(new RegExp(`${page}\\?step=password$`));
    },
    async kept(c) {
      await expect(c.page).toHaveURL(new RegExp(`${page}\\?step=code$`));
      await expect(c.page.locator('#code')).toHaveValue(c.data.code);
    },
    custom: {
      // A wrong code: said, the typed code kept; the right one then passes.
      async '422 field errors'(c) {
        await code.prepare(c);
        const wrong = c.data.code === '000000' ? '111111' : '000000';
        await c.page.locator('#code').fill(wrong);
        await code.trigger(c);
        await expect(alertOf(c.page.locator('main'), 'validation')).toContainText('Код қате');
        await expect(c.page.locator('#code')).toHaveValue(wrong);
        await c.page.locator('#code').fill(c.data.code);
        await code.trigger(c);
        await code.success(c);
      },
    },
  };
  const password: Flow = {
    name: `${what}: new password`,
    target: { method: 'POST', path: `${api}/complete` },
    faults: without(BACKEND, '401 mid-flow'),
    async prepare(c) {
      await code.prepare(c);
      await code.trigger(c);
      await code.success(c);
      await c.page.locator('#new-password').fill(NEW_PASSWORD);
      await c.page.locator('#confirm-password').fill(NEW_PASSWORD);
    },
    trigger: first.trigger,
    region: ({ page }) => page.locator('main'),
    busy: first.busy,
    async success({ page: p }) {
      await expect(p).toHaveURL(/\/services$/);
      await expect(p.getByTestId('user-name')).toHaveText(name);
    },
    async kept({ page: p }) {
      await expect(p).toHaveURL(new RegExp(`${page}\\?step=password$`));
      await expect(p.locator('#new-password')).toHaveValue(NEW_PASSWORD);
      await expect(p.locator('#confirm-password')).toHaveValue(NEW_PASSWORD);
    },
  };
  return [code, password];
}

const [registrationCode, registrationPassword] = smsSteps(
  registration, 'registration', '/register', '/api/register', '+77070000823', 'Сидоров Сидор Сидорович');
const [resetCode, resetPassword] = smsSteps(
  passwordReset, 'password reset', '/password-reset', '/api/password-reset', '+77050000811', USERS.few.name);

const FLOWS: Flow[] = [
  applicationsList,
  details,
  refundOrders,
  bankCheck,
  refundEds,
  cancelApp,
  loginPassword,
  loginEds,
  refundQr,
  refundQrPoll,
  loginEgov,
  loginEgovPoll,
  registration,
  registrationCode,
  registrationPassword,
  passwordReset,
  resetCode,
  resetPassword,
];

// ---- the generic cells -----------------------------------------------------------------------

/** The generic cell: prepare, fault, trigger, check the failure, the way forward, the count. */
async function runCell(c: Cell, flow: Flow, fault: FaultName) {
  const { page, request, context } = c;
  const region = flow.region(c);
  const target = { method: flow.target.method, path: flow.target.path };
  const retry = () => (flow.retry ? flow.retry(c) : clickRetry(region));

  if (fault === 'slow → timeout') await page.clock.install();
  if (fault === 'NCALayer not running') {
    c.nca.running = false;
    await page.routeWebSocket(/127\.0\.0\.1:13579/, (ws) => {
      if (c.nca.running) ws.connectToServer();
      else ws.close();
    });
  }
  await flow.prepare(c);
  const before = flow.count ? await flow.count(c) : 0;
  const sent = trackRequests(page, flow.target);

  /** After the failure: the data, nothing created, the request sent once. */
  const afterFailure = async (created = 0) => {
    if (flow.kept) await flow.kept(c);
    if (flow.count) expect(await flow.count(c), 'nothing created by the failed attempt').toBe(before + created);
    if (flow.target.method === 'POST' && !fault.startsWith('NCALayer') && !fault.startsWith('eGov')) {
      expect(sent.n, 'the request went out once (no automatic re-sending)').toBe(1);
    }
  };
  const end = async () => {
    await flow.success(c);
    if (flow.count) expect(await flow.count(c), 'exactly one created').toBe(before + (flow.creates ?? 0));
  };

  switch (fault) {
    case '500': {
      await injectFault(request, { ...target, status: 500, times: 1 });
      await flow.trigger(c);
      await expect(alertOf(region, 'server')).toContainText('Сервер қатесі (500)');
      await afterFailure();
      await retry();
      return end();
    }
    case '503 maintenance': {
      const body = JSON.stringify({ code: 'maintenance', message: 'Technical works are in progress.', until: UNTIL });
      await injectFault(request, { ...target, status: 503, body, times: 1 });
      await flow.trigger(c);
      const alert = alertOf(region, 'maintenance');
      await expect(alert).toContainText('Техникалық жұмыстарды жүргізуге байланысты қызмет уақытша қолжетімсіз');
      await expect(alert).toContainText(UNTIL_SHOWN);
      await afterFailure();
      await retry();
      return end();
    }
    case '401 mid-flow': {
      await injectFault(request, { ...target, status: 401, body: '{"code":"unauthenticated","message":"expired"}', times: 1 });
      await flow.trigger(c);
      await expect(page).toHaveURL(/\/login\?next=.*expired=1/);
      await expect(page.getByRole('status').filter({ hasText: 'Сессия аяқталды' })).toBeVisible();
      if (flow.count) expect(await flow.count(c)).toBe(before);
      await page.locator('#iin').fill(USERS.many.iin);
      await page.locator('#password').fill(USERS.many.password);
      await page.locator('form button[type=submit]').click();
      await expect(page).toHaveURL(flow.relogin!.back);
      const kept = flow.relogin!.kept ?? flow.kept;
      if (kept) await kept(c);
      await (flow.relogin!.resume ?? flow.trigger)(c);
      return end();
    }
    case 'slow → timeout': {
      // A creating request really happens late (2.5 s): the retry must not file it twice.
      const late = !!flow.creates;
      await injectFault(request, { ...target, latency_ms: late ? 2_500 : 60_000, times: 1 });
      await flow.trigger(c);
      if (flow.busy) await expect(flow.busy(c)).toBeVisible();
      // The clock runs on only once the request is out: a "loading…" seen first may be the
      // screen's own code still arriving, before the request's timer has started.
      await expect.poll(() => sent.n).toBeGreaterThan(0);
      await page.clock.fastForward(21_000);
      await expect(alertOf(region, 'timeout')).toContainText('Сервер уақытында жауап бермеді');
      if (flow.kept) await flow.kept(c);
      if (flow.target.method === 'POST') expect(sent.n).toBe(1);
      await retry();
      await flow.success(c);
      if (late) await page.waitForTimeout(3_000); // the first, late request has reached the backend
      if (flow.count) expect(await flow.count(c), 'exactly one created').toBe(before + (flow.creates ?? 0));
      return;
    }
    case 'dropped connection': {
      // Until cleared: Chromium retries a dropped request once by itself.
      await injectFault(request, { ...target, drop: true });
      await flow.trigger(c);
      await expect(alertOf(region, 'network')).toContainText('Серверге қосылу мүмкін болмады');
      await afterFailure();
      await clearFaults(request);
      await retry();
      return end();
    }
    case 'malformed JSON': {
      await injectFault(request, { ...target, status: 200, body: '{"items": [ {"id": ', times: 1 });
      await flow.trigger(c);
      await expect(alertOf(region, 'malformed')).toContainText('Сервер түсініксіз жауап берді');
      await afterFailure();
      await retry();
      return end();
    }
    case 'offline': {
      await context.setOffline(true);
      await flow.trigger(c);
      await expect(alertOf(region, 'offline')).toContainText('Интернет байланысы жоқ');
      await context.setOffline(false);
      expect(sent.n, 'nothing sent while offline').toBe(0);
      if (flow.kept) await flow.kept(c);
      if (flow.count) expect(await flow.count(c)).toBe(before);
      await retry();
      return end();
    }
    case 'NCALayer not running': {
      await flow.trigger(c);
      const alert = alertOf(region, 'ncalayer_not_running');
      await expect(alert.getByRole('heading')).toHaveText('NCALayer іске қосылмаған');
      await expect(alert.getByRole('link', { name: /pki\.gov\.kz/ })).toHaveAttribute('href', 'https://pki.gov.kz/ncalayer/');
      await afterFailure();
      c.nca.running = true;
      await retry();
      return end();
    }
    case 'NCALayer cancelled': {
      await ncalayerMode(request, 'cancel', { times: 1 });
      await flow.trigger(c);
      await flow.nca!.stopped(c);
      await afterFailure();
      await flow.trigger(c); // the way forward: sign again
      return end();
    }
    case 'NCALayer wrong key': {
      await ncalayerMode(request, 'wrong_key', { times: 1 });
      await flow.trigger(c);
      const { kind, text } = flow.nca!.wrongKey;
      await expect(region.locator(kind ? `[data-error=${kind}]` : '[data-error]').first()).toContainText(text);
      await afterFailure();
      await retry();
      return end();
    }
    case 'NCALayer socket closed': {
      await ncalayerMode(request, 'close_socket', { times: 1 });
      await flow.trigger(c);
      await expect(alertOf(region, 'ncalayer_closed')).toContainText('NCALayer байланысты үзіп тастады');
      await afterFailure();
      await retry();
      return end();
    }
    case 'NCALayer garbage': {
      await ncalayerMode(request, 'garbage', { times: 1 });
      await flow.trigger(c);
      await expect(alertOf(region, 'ncalayer_garbage')).toContainText('NCALayer түсініксіз жауап берді');
      await afterFailure();
      await retry();
      return end();
    }
    case 'NCALayer very slow': {
      // A person typing the key's password: what to do meanwhile, no second click, then done.
      await ncalayerMode(request, 'slow', { delay_ms: 3_000, times: 1 });
      await flow.trigger(c);
      await expect(page.getByRole('status').filter({ hasText: flow.nca!.slowHint }).first()).toBeVisible();
      await expect(flow.nca!.button(c)).toBeDisabled();
      await expect(region.locator('[data-error]')).toHaveCount(0);
      await expect(async () => flow.success(c)).toPass({ timeout: 20_000 });
      if (flow.count) expect(await flow.count(c)).toBe(before + (flow.creates ?? 0));
      return;
    }
    case 'eGov expired':
    case 'eGov rejected': {
      await flow.trigger(c);
      const box = page.getByTestId('egov-qr');
      await expect(box).toBeVisible();
      const first = (await box.getAttribute('data-qr-text'))!;
      if (fault === 'eGov expired') {
        expect((await request.post('/__dev/clock', { data: { advance_seconds: 200 } })).ok()).toBeTruthy();
        await expect(page.getByRole('status').filter({ hasText: 'Кодтың мерзімі өтті.' })).toBeVisible({ timeout: 15_000 });
      } else {
        const id = first.split('/').pop();
        expect((await request.put(`/__dev/egov/${id}/reject`)).ok()).toBeTruthy();
        await expect(page.getByRole('status').filter({ hasText: 'Қол қоюдан бас тартылды.' })).toBeVisible({ timeout: 15_000 });
      }
      if (flow.kept) await flow.kept(c);
      if (flow.count) expect(await flow.count(c)).toBe(before);
      // The expired/declined code cannot be signed any more.
      const stale = await request.post('/__dev/egov/sign', { data: { link: first, iin: USERS.many.iin } });
      expect(stale.ok(), 'the old code is refused').toBeFalsy();
      await page.getByRole('button', { name: 'Жаңа код' }).click();
      await expect(box).toBeVisible();
      await expect.poll(() => box.getAttribute('data-qr-text')).not.toBe(first);
      return end();
    }
    default:
      throw new Error(`no generic cell for ${fault} (the flow must give a custom one)`);
  }
}

// ---- the tests and the matrix ----------------------------------------------------------------

// The table's shape, carried to the reporter on every test of the describe (a `-g` run still
// gets every row, with · for the cells it did not run).
const LAYOUT = layoutAnnotation({
  flows: FLOWS.map((f) => f.name),
  faults: [...FAULTS],
  applies: Object.fromEntries(FLOWS.map((f) => [f.name, FAULTS.filter((x) => f.faults.includes(x))])),
  targets: Object.fromEntries(FLOWS.map((f) => [f.name, `${f.target.method} ${f.target.path}`])),
});

test.describe('fault matrix', { annotation: LAYOUT }, () => {
  test.beforeAll(({}, testInfo) => {
    // `--reporter=…` on the command line replaces the config's reporters, the matrix's too.
    if (!testInfo.config.reporter.some(([name]) => /reliability[\\/]reporter(\.ts)?$/.test(name))) {
      console.warn(
        'fault matrix: reliability/reporter.ts is not among the reporters, so target/reliability/matrix.md ' +
          'is not written by this run (add it: --reporter=line,./reliability/reporter.ts)',
      );
    }
  });

  for (const flow of FLOWS) {
    for (const fault of FAULTS) {
      if (!flow.faults.includes(fault)) continue;
      const title = `${flow.name} × ${fault}`;
      test(title, { annotation: cellAnnotation(flow.name, fault) }, async ({ page, request, context }) => {
        const defect = flow.defects?.[fault];
        test.fail(!!defect, defect);
        const c: Cell = { page, request, context, nca: { running: true }, data: {} };
        const custom = flow.custom?.[fault];
        if (custom) await custom(c);
        else await runCell(c, flow, fault);
      });
    }
  }

  test.afterEach(async ({ context }) => {
    await context.setOffline(false).catch(() => {});
  });
});
