// Page-side code of the bench: installed in every measured page (Zeinet and the baseline alike)
// with Playwright's addInitScript, before any of the page's own scripts run. Plain functions,
// serialised by Playwright: no imports, no closures over Node variables.

/**
 * The init script. `mode` is 'login' (wait for the log-in form) or 'table' (wait for
 * `expected` row groups in the applications table: the first page's); anything else only
 * installs the helpers.
 */
export function instrument({ mode, expected }) {
  const B = (window.__bench = {});

  // Long tasks (≥ 50 ms on the main thread: script, style, layout, paint), from the start of the
  // page: observed from this init script on, and buffered in case any came before.
  B.longTasks = [];
  const keep = (entries) => {
    for (const e of entries) B.longTasks.push({ start: e.startTime, duration: e.duration });
  };
  try {
    B.longTaskObserver = new PerformanceObserver((list) => keep(list.getEntries()));
    B.longTaskObserver.observe({ type: 'longtask', buffered: true });
  } catch {
    B.longTaskObserver = null; // not supported: reported as not measured
  }
  /**
   * The longest task overlapping [from, to] (ms since navigation start), 0 when no task of
   * 50 ms or more ran; null when long tasks cannot be observed. Waits briefly first: an entry
   * is queued once its task has ended.
   */
  B.longestTask = async (from, to) => {
    if (!B.longTaskObserver) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
    keep(B.longTaskObserver.takeRecords());
    let longest = 0;
    for (const t of B.longTasks) {
      if (t.start < to && t.start + t.duration > from) longest = Math.max(longest, t.duration);
    }
    return longest;
  };

  // Trunk's loader (boot-*.js) dispatches this once the wasm is instantiated and `main` ran;
  // its detail holds the instance's exports, among them the linear memory.
  addEventListener('TrunkApplicationStarted', (event) => {
    B.appStarted = performance.now();
    B.wasmMemory = (event.detail && event.detail.wasm && event.detail.wasm.memory) || null;
  });

  /** A task posted from a requestAnimationFrame callback runs after that frame is rendered. */
  const afterThisFrame = (resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(null);
  };

  /**
   * Resolves with performance.now() just after the first frame in which `ready()` holds
   * (checked once per frame, in requestAnimationFrame: no MutationObserver, so observing
   * costs the page nothing while it builds thousands of rows).
   */
  B.paintedWhen = (ready) =>
    new Promise((resolve) => {
      const tick = () => (ready() ? afterThisFrame(resolve) : requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    });

  /** Resolves as soon as `ready()` holds after a DOM change under `node` (no frame wait). */
  B.domWhen = (node, ready, timeoutMs = 15000) =>
    new Promise((resolve, reject) => {
      if (ready()) return resolve(performance.now());
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error('timed out waiting for the DOM'));
      }, timeoutMs);
      const observer = new MutationObserver(() => {
        if (ready()) {
          observer.disconnect();
          clearTimeout(timer);
          resolve(performance.now());
        }
      });
      observer.observe(node, { childList: true, subtree: true, attributes: true, characterData: true });
    });

  B.table = () => document.querySelector('table[data-testid=applications-table]');

  if (mode === 'login') {
    B.result = B.paintedWhen(() => {
      const iin = document.getElementById('iin');
      return !!iin && !iin.disabled && iin.checkVisibility();
    });
  } else if (mode === 'table') {
    B.result = B.paintedWhen(() => {
      const table = B.table();
      return !!table && table.tBodies.length >= expected;
    });
  }
}

/** After the log-in form is painted: the timings of the first load (ms from navigation start). */
export async function firstLoadResult() {
  const B = window.__bench;
  const painted = await B.result;
  const mark = performance.getEntriesByName('zeinet:interactive', 'mark')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const wasm = resources.find((e) => new URL(e.name).pathname.endsWith('.wasm'));
  // Paint timing reports presentation times, which arrive a little after the frame: wait for it.
  const fcp = await new Promise((resolve) => {
    const now = performance.getEntriesByName('first-contentful-paint')[0];
    if (now) return resolve(now);
    const observer = new PerformanceObserver((list) => {
      const entry = list.getEntriesByName('first-contentful-paint')[0];
      if (entry) {
        observer.disconnect();
        resolve(entry);
      }
    });
    observer.observe({ type: 'paint', buffered: true });
    setTimeout(() => (observer.disconnect(), resolve(null)), 3000);
  });
  return {
    interactive: mark ? mark.startTime : painted,
    source: mark ? 'mark' : 'observed',
    formPainted: painted,
    mark: mark ? mark.startTime : null,
    fcp: fcp ? fcp.startTime : null,
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    wasmDownloaded: wasm ? wasm.responseEnd : null,
    appStarted: B.appStarted ?? null,
  };
}

/**
 * After the table's first page is painted: response arrival (last byte, or the app taking an
 * answer that came before it could) → table painted, in ms, and the longest main-thread task
 * from navigation start to that frame (and from that start to that frame).
 */
export async function tableResult() {
  const B = window.__bench;
  const painted = await B.result;
  const entry = performance
    .getEntriesByType('resource')
    .find((e) => new URL(e.name).pathname === '/api/applications');
  // The app's boot script may have asked for the list alongside the main module (src/api/
  // early.rs): the answer then waits for the app, which marks when it takes it. The table's
  // time runs from whichever comes last; the baseline asks once its script runs.
  const taken = performance.getEntriesByName('zeinet:early-answer-taken:/applications')[0];
  const start = entry ? Math.max(entry.responseEnd, taken ? taken.startTime : 0) : null;
  const rows = B.table().tBodies.length;
  return {
    responseEnd: entry ? entry.responseEnd : null,
    earlyAnswerTaken: taken ? taken.startTime : null,
    painted,
    render: entry ? painted - start : null,
    rows,
    longestTaskLoad: await B.longestTask(0, painted),
    // The part of it after the list arrived (decoding, sorting, rendering the first page).
    longestTaskRender: entry ? await B.longestTask(start, painted) : null,
  };
}

/**
 * Follows the "next page" link (`a.pagination__next`): from just before `click()` to the first
 * painted frame whose first row is number `firstRow`; also the longest main-thread task in
 * that time, and what the page shows then (rows, address, focus).
 */
export async function nextPage(firstRow) {
  const B = window.__bench;
  // (Inside the function: Playwright sends each exported function to the page on its own.)
  const firstRowNumber = () => {
    const cell = B.table()?.tBodies[0]?.rows[0]?.cells[0];
    return cell ? cell.textContent.trim() : null;
  };
  const link = document.querySelector('a.pagination__next');
  if (!link) throw new Error('no a.pagination__next link');
  const t0 = performance.now();
  link.click();
  const painted = await Promise.race([
    B.paintedWhen(() => firstRowNumber() === String(firstRow)),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`next page: row ${firstRow} not shown after 60 s (first row: ${firstRowNumber()})`)), 60000),
    ),
  ]);
  return {
    nextPage: painted - t0,
    longestTaskTurn: await B.longestTask(t0, painted),
    nextRows: B.table().tBodies.length,
    nextFirstRow: firstRowNumber(),
    nextSearch: location.search,
    nextFocused: document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null,
  };
}

/**
 * Scrolls the page from the top to the bottom in about `durationMs`: one window.scrollBy per
 * animation frame, the distance in proportion to the time elapsed. Returns the longest interval
 * between two frames (requestAnimationFrame timestamps) while scrolling, their number and the
 * distance, and the longest main-thread task meanwhile.
 */
export async function scrollThrough(durationMs) {
  const B = window.__bench;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  window.scrollTo(0, 0);
  await frame();
  await frame();
  const bottom = document.documentElement.scrollHeight - window.innerHeight;
  const t0 = performance.now();
  let last = await frame();
  const start = last;
  let longest = 0;
  let frames = 0;
  for (;;) {
    const target = Math.round(bottom * Math.min(1, (last - start + 1000 / 60) / durationMs));
    window.scrollBy(0, target - window.scrollY);
    const now = await frame();
    longest = Math.max(longest, now - last);
    frames += 1;
    last = now;
    if (target >= bottom || frames > 10 * 60) break;
  }
  return {
    scrollLongestFrame: longest,
    scrollFrames: frames,
    scrollDistance: bottom,
    scrollReached: window.scrollY,
    longestTaskScroll: await B.longestTask(t0, performance.now()),
  };
}

/**
 * Opens the details of row `index` (click → details shown and painted) and closes them
 * (click → row hidden and painted). Times from just before each click, in ms.
 */
export async function expandCollapse(index) {
  const B = window.__bench;
  const group = B.table().tBodies[index];
  const button = group.querySelector('button.disclosure');
  const row = group.querySelector('tr.details-row');
  const t0 = performance.now();
  button.click();
  const opened = await B.paintedWhen(() => !row.hidden && !!row.querySelector('[data-testid=details]'));
  const t1 = performance.now();
  button.click();
  const closed = await B.paintedWhen(() => row.hidden);
  return { expand: opened - t0, collapse: closed - t1 };
}

/** Opens and closes the details of the first `limit` rows one after another; returns the count and time. */
export async function openCloseAll(limit) {
  const B = window.__bench;
  const groups = [...B.table().tBodies].slice(0, limit);
  const t0 = performance.now();
  let done = 0;
  for (const group of groups) {
    const button = group.querySelector('button.disclosure');
    const row = group.querySelector('tr.details-row');
    button.click();
    await B.domWhen(row, () => !row.hidden && !!row.querySelector('[data-testid=details]'));
    button.click();
    await B.domWhen(row, () => row.hidden);
    done += 1;
  }
  return { rows: done, ms: performance.now() - t0 };
}

/** The wasm linear memory's size in bytes, or null (the baseline has none). */
export function wasmMemoryBytes() {
  const memory = window.__bench && window.__bench.wasmMemory;
  return memory ? memory.buffer.byteLength : null;
}

/**
 * Style and layout of the finished table alone, whoever built it: the table is hidden, layout
 * forced, shown again and layout forced; the median of `times` such rounds, in ms.
 */
export function relayoutTable(times) {
  const table = window.__bench.table();
  const samples = [];
  for (let i = 0; i < times; i++) {
    table.style.display = 'none';
    void document.body.offsetHeight;
    const t0 = performance.now();
    table.style.display = '';
    void document.body.offsetHeight;
    samples.push(performance.now() - t0);
  }
  table.style.removeProperty('display');
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}
