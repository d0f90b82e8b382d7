// Page-side code of the bench: installed in every measured page (Zeinet and the baseline alike)
// with Playwright's addInitScript, before any of the page's own scripts run. Plain functions,
// serialised by Playwright: no imports, no closures over Node variables.

/**
 * The init script. `mode` is 'login' (wait for the log-in form) or 'table' (wait for
 * `expected` row groups in the applications table); anything else only installs the helpers.
 */
export function instrument({ mode, expected }) {
  const B = (window.__bench = {});

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

/** After the table is painted: response arrival (last byte) → table painted, in ms. */
export async function tableResult() {
  const B = window.__bench;
  const painted = await B.result;
  const entry = performance
    .getEntriesByType('resource')
    .find((e) => new URL(e.name).pathname === '/api/applications');
  const rows = B.table().tBodies.length;
  return {
    responseEnd: entry ? entry.responseEnd : null,
    painted,
    render: entry ? painted - entry.responseEnd : null,
    rows,
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
