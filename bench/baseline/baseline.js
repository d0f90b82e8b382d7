// The plain-JS baseline of `make bench`: Zeinet's "My applications" table written by hand with
// the DOM API, no framework, no build step. It fetches the same JSON from the same mock API
// (the session cookie of the bench's log-in), sorts it newest first as the domain crate does,
// and renders the same markup as src/pages/applications/payments.rs (caption, thead, one <tbody> per
// application with its row and a hidden details row, the disclosure button, the status badge,
// the cancel button for transfers to an IPM, its <dialog> built on first use). Details are fetched from
// /api/applications/{id} on first opening and kept; closing empties the details cell, as the
// app does. Texts are the Kazakh ones of locales/kk.json (the bench runs in Kazakh).
//
// A page of 50 rows at a time, as the app does (domain/src/pagination.rs,
// src/components/pagination.rs): the range line above the table, the page navigation under it
// (first and last page, this one and its neighbours, "…" between), `?page=N` in the address.
// Following a page link pushes the new address, replaces the row groups of the table, scrolls
// to the top and focuses the range line (no reload); "back" and "forward" (popstate) show
// their page again.
//
// It holds no measuring code: the bench observes both pages from the outside, the same way.

const T = {
  caption: 'Өтініштер',
  cols: ['№', 'Өтініш түрі', 'Шарт түрі', 'Өтініш берілген күн', 'Өтінім №', 'БЖЗҚ-дағы өтініштің мәртебесі'],
  loading: 'Жүктелуде…',
  kind: {
    housing_lump_sum: 'Тұрғын үй жағдайларын жақсартуға арналған біржолғы зейнетақы төлемдеріне өтініш',
    treatment_lump_sum: 'Емделуге арналған біржолғы зейнетақы төлемдеріне өтініш',
    payment: 'Төлемге өтініш',
    age: 'Жасы бойынша төлемге өтініш',
    disability: 'Мүгедектігіне байланысты төлемге өтініш',
    heirs: 'Мұрагерлерге төлемге өтініш',
    burial: 'Жерлеуге арналған төлемге өтініш',
    emigration: 'Қазақстаннан тыс жерге тұрақты тұруға кетуге байланысты төлемге өтініш',
    vpc_payment: 'ЕЗЖ есебінен төлемге өтініш',
    insurer_transfer: 'Сақтандыру ұйымына аударуға өтініш',
    ipm_transfer: 'Зейнетақы жинақтарын ИПБ-ға сенімгерлік басқаруға аударуға өтініш',
    bank_details_change: 'Банктік деректемелерді өзгертуге өтініш',
  },
  kindUnknown: 'Өтініштің басқа түрі',
  contract: { opv: 'МЗЖ', oppv: 'МКЗЖ', vpc: 'ЕЗЖ' },
  status: {
    accepted: 'Өңдеуге қабылданды',
    in_progress: 'Өңделуде',
    executed: 'Орындалды',
    refused: 'Бас тартылды',
    cancelled_by_applicant: 'Өтініш беруші күшін жойды',
    cancel_requested: 'Күшін жою өңделуде',
  },
  statusUnknown: 'Белгісіз мәртебе',
  purpose: {
    mortgage_partial_repayment:
      'Тұрғын үй құрылыс жинақтары жүйесі бойынша ипотекалық қарыз бойынша берешекті ішінара өтеу',
    housing_purchase: 'Тұрғын үй сатып алу',
    treatment: 'Емделуге ақы төлеу',
  },
  currency: { KZT: 'теңге' },
  detailsPurpose: 'БЗТ-ны алудың мақсаты',
  detailsSubmitted: 'Беру фактісі',
  detailsReceived: 'Өтінімнің БЖЗҚ-ға келіп түскен күні',
  detailsDeadline: 'Төлемнің / аударымның аяқталу мерзімі',
  detailsHistory: 'Өтініш мәртебесінің тарихы',
  detailsRefusal: 'Бас тарту себебі',
  detailsNone: '—',
  yes: 'Иә',
  no: 'Жоқ',
  printLink: 'Басып шығаруға арналған нұсқа',
  cancelButton: 'Күшін жою',
  cancelButtonLabel: (n) => `№${n} өтініштің күшін жою`,
  cancelTitle: 'Өтініштің күшін жою',
  cancelText: (n) =>
    `№${n} «Зейнетақы жинақтарын ИПБ-ға сенімгерлік басқаруға аударуға өтініш» өтінішінің күшін жою үшін оған ЭЦҚ-ның қол қою кілтімен (файл атауы RSA256_ немесе GOSTKNCA_-дан басталады) NCALayer арқылы қол қойыңыз. Қол қойылғаннан кейін күшін жоюды кері қайтару мүмкін емес.`,
  cancelConfirm: 'ЭЦҚ-мен қол қойып, күшін жою',
  cancelClose: 'Жабу',
  loadFailed: 'Серверге қосылу мүмкін болмады. Қайталап көріңіз.',
  retry: 'Қайталау',
  pagesLabel: 'Беттер',
  previous: 'Алдыңғы',
  next: 'Келесі',
  page: (n) => `${n}-бет`,
  currentPage: (n) => `${n}-бет, ағымдағы`,
  shown: (from, to, total) => `${total} жазбаның ${from}–${to} аралығы көрсетілген`,
};

const TONE = {
  executed: 'success',
  refused: 'danger',
  cancelled_by_applicant: 'neutral',
  accepted: 'pending',
  in_progress: 'pending',
  cancel_requested: 'pending',
};
const tone = (status) => TONE[status] ?? 'neutral';
const statusLabel = (status) => T.status[status] ?? T.statusUnknown;

/** `el('td', {class: 'x'}, child…)`: attributes set as attributes, children as nodes or text. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) for (const name in attrs) if (attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child); // strings become text nodes: backend text is never parsed as markup
  }
  return node;
}

/** The app's element ids: anything but ASCII letters and digits becomes '-'. */
const elementId = (prefix, id) => `${prefix}-${id.replace(/[^A-Za-z0-9]/g, '-')}`;

/** `2021-02-18` → `18.02.2021`; anything else as sent. */
function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

// Almaty is UTC+5 from 2024-03-01 00:00 (+06:00), UTC+6 before (as zeinet_domain::dates).
const ALMATY_UTC5_FROM = Date.UTC(2024, 2, 1) / 1000 - 6 * 3600;
const pad = (n) => String(n).padStart(2, '0');
/** RFC 3339 → `18.02.2021 12:26:02` in Almaty time; anything else as sent. */
function formatInstant(rfc3339) {
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(rfc3339)) return rfc3339;
  const ms = Date.parse(rfc3339.replace(' ', 'T'));
  if (Number.isNaN(ms)) return rfc3339;
  const secs = Math.floor(ms / 1000);
  const local = new Date((secs + (secs >= ALMATY_UTC5_FROM ? 5 : 6) * 3600) * 1000);
  return `${pad(local.getUTCDate())}.${pad(local.getUTCMonth() + 1)}.${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
}

/** Application numbers compare as numbers when both are all digits, else as text. */
function compareNumbers(a, b) {
  const digits = /^\d+$/;
  if (digits.test(a) && digits.test(b)) {
    const x = a.replace(/^0+/, '');
    const y = b.replace(/^0+/, '');
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
/** Newest first; on the same day the higher number first. */
const newestFirst = (a, b) =>
  (a.filed_on < b.filed_on ? 1 : a.filed_on > b.filed_on ? -1 : 0) || compareNumbers(b.number, a.number);

function loading(rows) {
  const skeleton = el('div', { class: 'skeleton', 'aria-hidden': 'true' });
  for (let i = 0; i < rows; i++) skeleton.append(el('div', { class: 'skeleton__line' }));
  return el('div', { class: 'loading', role: 'status', 'aria-live': 'polite' },
    el('span', { class: 'visually-hidden' }, T.loading), skeleton);
}

function errorAlert(onRetry) {
  const retry = el('button', { type: 'button', class: 'button button--secondary' }, T.retry);
  retry.addEventListener('click', onRetry);
  return el('div', { class: 'alert alert--error', role: 'alert' }, el('p', { class: 'alert__text' }, T.loadFailed), retry);
}

function detailsItem(cls, term, ...value) {
  return el('div', { class: cls }, el('dt', null, term), el('dd', null, ...value));
}

/** What opens under a row (src/pages/applications/details.rs, DetailsList). */
function detailsList(d) {
  const list = el('dl', { class: 'details__list' });
  if (d.purpose != null) list.append(detailsItem('details__item', T.detailsPurpose, T.purpose[d.purpose] ?? d.purpose));
  list.append(
    detailsItem('details__item', T.detailsSubmitted, d.submitted ? T.yes : T.no),
    detailsItem('details__item', T.detailsReceived,
      `${formatInstant(d.received_at)} (${d.bank.name}, ${T.currency[d.currency] ?? d.currency})`),
    detailsItem('details__item', T.detailsDeadline, d.deadline != null ? formatDate(d.deadline) : T.detailsNone),
  );
  const history = el('ol', { class: 'history' });
  d.history.forEach((entry, index) => {
    const t = tone(entry.status);
    history.append(el('li', {
      class: `history__step history__step--${t}`,
      'aria-current': index === d.history.length - 1 ? 'step' : undefined,
    },
    el('span', { class: 'history__mark', 'aria-hidden': 'true' }, t === 'danger' ? '✗' : '✓'),
    el('span', { class: 'history__status' }, statusLabel(entry.status)),
    ' ',
    el('time', { class: 'history__date', datetime: entry.at }, formatDate(entry.at))));
  });
  list.append(detailsItem('details__item details__item--wide', T.detailsHistory, history));
  if (d.refusal_reason != null) {
    const item = el('div', { class: 'details__item details__item--wide details__item--refusal' },
      el('dt', null, T.detailsRefusal), el('dd', { class: 'details__reason' }, d.refusal_reason));
    list.append(item);
  }
  const href = `/services/applications/${encodeURIComponent(d.id)}/print`;
  return el('div', { class: 'details', 'data-testid': 'details' }, list,
    el('p', { class: 'details__actions' }, el('a', { href }, T.printLink)));
}

/** The cancel button; its dialog is built on the first click and kept (as the app does). */
function cancelControls(a) {
  const dialogId = elementId('cancel', a.id);
  const button = el('button', {
    type: 'button',
    class: 'button button--link row__cancel',
    'aria-label': T.cancelButtonLabel(a.number),
    'aria-haspopup': 'dialog',
  }, T.cancelButton);
  button.hidden = !(a.cancellable && a.kind === 'ipm_transfer' && a.status === 'accepted');
  let dialog = null;
  // Signing is out of the baseline's scope: the dialog opens and closes, nothing more.
  button.addEventListener('click', () => {
    if (!dialog) {
      const close = el('button', { type: 'button', class: 'button button--secondary' }, T.cancelClose);
      dialog = el('dialog', { class: 'dialog', id: dialogId, 'aria-labelledby': `${dialogId}-title` },
        el('h2', { class: 'dialog__title', id: `${dialogId}-title` }, T.cancelTitle),
        el('p', null, T.cancelText(a.number)),
        el('div', { class: 'live-region', role: 'status', 'aria-live': 'polite' }),
        el('div', { class: 'live-region', 'aria-live': 'assertive' }),
        el('div', { class: 'dialog__actions' },
          el('button', { type: 'button', class: 'button button--primary' }, T.cancelConfirm), close));
      close.addEventListener('click', () => dialog.close());
      button.after(dialog);
    }
    dialog.showModal();
  });
  return [button];
}

/**
 * What a row keeps while the page is open, across page turns (the app's `Row` signals): open or
 * not, and the details once fetched (null: not fetched; {ok, value} once answered).
 */
const rowStates = new WeakMap();
function rowState(a) {
  let state = rowStates.get(a);
  if (!state) rowStates.set(a, (state = { open: false, details: null }));
  return state;
}

/** One application: its row and, right under it, the details row (hidden until opened). */
function rowGroup(a, index) {
  const detailsId = elementId('details', a.id);
  const disclosure = el('button', { type: 'button', class: 'disclosure', 'aria-expanded': 'false', 'aria-controls': detailsId },
    el('span', { class: 'disclosure__icon', 'aria-hidden': 'true' }),
    el('span', { class: 'disclosure__text' }, T.kind[a.kind] ?? T.kindUnknown));
  const status = el('td', { class: 'row__status', id: elementId('status', a.id), tabindex: '-1', 'data-label': T.cols[5] },
    el('span', { class: `badge badge--${tone(a.status)}`, 'data-status': a.status }, statusLabel(a.status)));
  if (a.kind === 'ipm_transfer') status.append(...cancelControls(a));
  const cell = el('td', { colspan: '6' });
  const detailsRow = el('tr', { class: 'details-row', id: detailsId }, cell);
  detailsRow.hidden = true;
  const group = el('tbody', { class: 'row-group' },
    el('tr', { class: 'row' },
      el('td', { 'data-label': T.cols[0] }, String(index + 1)),
      el('th', { scope: 'row', 'data-label': T.cols[1] }, disclosure),
      el('td', { 'data-label': T.cols[2] }, T.contract[a.contract] ?? a.contract),
      el('td', { 'data-label': T.cols[3] }, formatDate(a.filed_on)),
      el('td', { 'data-label': T.cols[4] }, a.number),
      status),
    detailsRow);

  const state = rowState(a);
  const show = () => {
    if (!state.open) return;
    if (state.details === null) cell.replaceChildren(loading(2));
    else if (state.details.ok) cell.replaceChildren(detailsList(state.details.value));
    else cell.replaceChildren(errorAlert(() => { state.details = null; fetchDetails(); }));
  };
  const fetchDetails = () => {
    show();
    fetch(`/api/applications/${encodeURIComponent(a.id)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((value) => { state.details = { ok: true, value }; }, (error) => { state.details = { ok: false, error }; })
      .then(show);
  };
  const render = () => {
    disclosure.setAttribute('aria-expanded', state.open ? 'true' : 'false');
    group.classList.toggle('row-group--open', state.open);
    detailsRow.hidden = !state.open;
    if (!state.open) cell.replaceChildren();
    else if (state.details === null) fetchDetails();
    else show();
  };
  disclosure.addEventListener('click', () => {
    state.open = !state.open;
    render();
  });
  if (state.open) render(); // back on the page of a row left open: open again, as in the app
  return group;
}

// ── pagination (domain/src/pagination.rs, `Page`) ──────────────────────────────────────
const PAGE_SIZE = 50;

/** `Page::new`: the page `?page=` names, missing, unreadable or out of range → the nearest one. */
function pageOf(requested, total) {
  const count = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const text = requested == null ? '' : requested.trim();
  // Rust's usize parse: digits with an optional '+', at most 2^64 − 1 (else unreadable: page 1).
  const number = /^\+?\d+$/.test(text) && BigInt(text) < 2n ** 64n ? Number(text.replace('+', '')) : 1;
  const current = Math.min(Math.max(number, 1), count);
  const start = Math.min((current - 1) * PAGE_SIZE, total);
  const end = Math.min((current - 1) * PAGE_SIZE + PAGE_SIZE, total);
  return { number: current, count, total, start, end };
}

/** `Page::links`: page numbers and 'gap's; a gap of a single page shows that page instead. */
function pageLinks(page) {
  const shown = (n) => n === 1 || n === page.count || Math.abs(n - page.number) <= 1;
  const links = [];
  let n = 1;
  while (n <= page.count) {
    if (shown(n) || (shown(n - 1) && shown(n + 1) && n < page.count)) {
      links.push(n);
      n += 1;
    } else {
      links.push('gap');
      while (n <= page.count && !shown(n)) n += 1;
    }
  }
  return links;
}

const pageHref = (n) => (n === 1 ? location.pathname : `${location.pathname}?page=${n}`);

/** The page navigation (src/components/pagination.rs); empty for a list of one page. */
function pagination(page) {
  if (page.count <= 1) return null;
  const nav = el('nav', { class: 'pagination', 'aria-label': T.pagesLabel });
  if (page.number > 1) {
    nav.append(el('a', { class: 'pagination__prev', href: pageHref(page.number - 1), rel: 'prev' },
      el('span', { 'aria-hidden': 'true' }, '‹ '), T.previous));
  }
  const list = el('ul', { class: 'pagination__list' });
  for (const link of pageLinks(page)) {
    if (link === 'gap') {
      list.append(el('li', { class: 'pagination__item pagination__item--gap', 'aria-hidden': 'true' }, '…'));
      continue;
    }
    const current = link === page.number;
    list.append(el('li', { class: current ? 'pagination__item pagination__item--current' : 'pagination__item' },
      el('a', {
        class: 'pagination__link',
        href: pageHref(link),
        'aria-label': current ? T.currentPage(link) : T.page(link),
        'aria-current': current ? 'page' : undefined,
      }, String(link))));
  }
  nav.append(list);
  if (page.number < page.count) {
    nav.append(el('a', { class: 'pagination__next', href: pageHref(page.number + 1), rel: 'next' },
      T.next, el('span', { 'aria-hidden': 'true' }, ' ›')));
  }
  return nav;
}

/**
 * The table of `items` (sorted), a page at a time: returns the nodes to mount. Following a page
 * link, "back" and "forward" re-render the range line, the row groups and the navigation.
 */
function pagedTable(items) {
  const head = el('tr');
  for (const col of T.cols) head.append(el('th', { scope: 'col' }, col));
  const t = el('table', { class: 'table table--disclosure', 'data-testid': 'applications-table' },
    el('caption', { class: 'table__caption' }, T.caption),
    el('thead', null, head));
  const range = el('p', { class: 'table-range', tabindex: '-1', 'data-testid': 'table-range' });
  let nav = document.createComment('pagination'); // the navigation, or its place when none
  let shownNumber = null;

  /** Renders the page the address names; true when that is another page than before. */
  const show = () => {
    const page = pageOf(new URLSearchParams(location.search).get('page'), items.length);
    range.hidden = page.count <= 1;
    range.textContent = T.shown(page.end > page.start ? page.start + 1 : 0, page.end, page.total);
    for (const body of [...t.tBodies]) body.remove();
    const rows = document.createDocumentFragment();
    for (let i = page.start; i < page.end; i++) rows.append(rowGroup(items[i], i));
    t.append(rows);
    const next = pagination(page) ?? document.createComment('pagination');
    next.addEventListener('click', follow);
    nav.replaceWith(next); // no-op before the first mount
    nav = next;
    const turned = shownNumber !== null && shownNumber !== page.number;
    shownNumber = page.number;
    return turned;
  };

  /** A plain click on a page link: the new address pushed, the page shown, no reload. */
  function follow(event) {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return; // new tab/window
    event.preventDefault();
    if (link.href !== location.href) history.pushState(null, '', link.href);
    const turned = show();
    window.scrollTo(0, 0); // as leptos_router does after following a link
    if (turned) range.focus();
  }
  addEventListener('popstate', () => {
    if (show()) range.focus();
  });

  show();
  return [range, el('div', { class: 'table-wrap' }, t), nav];
}

async function main() {
  const root = document.getElementById('applications');
  root.replaceChildren(loading(6));
  try {
    const response = await fetch('/api/applications', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { items } = await response.json();
    items.sort(newestFirst);
    root.replaceChildren(...pagedTable(items));
  } catch (error) {
    root.replaceChildren(errorAlert(main));
  }
}

main();
