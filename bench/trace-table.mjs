// Where the applications table's time goes: loads Zeinet's applications page and the plain-JS
// baseline (the same mock, the same N applications) with a DevTools trace running, and prints,
// for the window "list arrived → first page painted" of each load, the main thread's time by
// kind (script, wasm compilation, style, layout, paint, …) and the functions with the most self
// time (sampled). Not part of `make bench`: a tool for deciding what to change next.
//
//   node bench/trace-table.mjs DIST [N=1000] [RUNS=3]
//
// Needs target/debug/mock-api and playwright-core (bench/node_modules or tests/e2e/node_modules).
// Function names are kept in a build made with ZEINET_WASM_NAMES=1 (scripts/trunk-post-build.py).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as P from './lib/page.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { chromium } = (() => {
  for (const dir of ['bench/node_modules', 'tests/e2e/node_modules']) {
    try {
      return require(path.join(ROOT, dir, 'playwright-core'));
    } catch {}
  }
  throw new Error('playwright-core not found in bench/ or tests/e2e/');
})();

const [dist, n = '1000', runs = '3'] = process.argv.slice(2);
if (!dist) throw new Error('usage: node bench/trace-table.mjs DIST [N] [RUNS]');
const PORT = Number(process.env.TRACE_PORT ?? 18097);
// TRACE_THROTTLE=4: the CPU slowed as Lighthouse's mobile preset assumes. TRACE_LONG=1: also
// list every main-thread task of 50 ms or more from navigation start to the table painted.
const THROTTLE = Number(process.env.TRACE_THROTTLE ?? 1);
const LONG = process.env.TRACE_LONG === '1';
const ONLY = process.env.TRACE_ONLY; // 'zeinet' or 'baseline'
const BASE = `http://127.0.0.1:${PORT}`;
const IIN = '900101300007';
const PASSWORD = 'Zeinet-2026!';
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8.wasm.detailed',
  'disabled-by-default-v8.wasm.detailed',
  'v8.wasm',
  'disabled-by-default-v8.compile',
  'v8',
  'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler',
  'toplevel',
].join(',');

const mock = spawn(
  path.join(ROOT, 'target/debug/mock-api'),
  ['--dev', '--quiet', '--port', String(PORT), '--ncalayer-port', '0', '--static', path.resolve(dist)],
  { stdio: 'ignore' },
);
process.on('exit', () => mock.kill());
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${BASE}/__dev/health`)).ok) break;
  } catch {}
  if (i > 100) throw new Error('mock did not start');
  await new Promise((r) => setTimeout(r, 100));
}
const dev = (method, route, body) =>
  fetch(`${BASE}${route}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
await dev('POST', '/__dev/reset');
await dev('PUT', '/__dev/fixture', { iin: IIN, applications: Number(n) });

// The baseline page, as bench/run.mjs installs it.
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const css = /<link rel="stylesheet" href="\/([^"]+\.css)"/.exec(html)[1];
fs.mkdirSync(path.join(dist, 'bench-baseline'), { recursive: true });
fs.writeFileSync(
  path.join(dist, 'bench-baseline/index.html'),
  fs.readFileSync(path.join(ROOT, 'bench/baseline/index.html'), 'utf8').replace('__ZEINET_CSS__', css),
);
fs.copyFileSync(path.join(ROOT, 'bench/baseline/baseline.js'), path.join(dist, 'bench-baseline/baseline.js'));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
});
const context = await browser.newContext({ locale: 'kk-KZ', viewport: { width: 1280, height: 900 } });
{
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.locator('#iin').fill(IIN);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.close();
}

/** The kind of main-thread work a trace event is, or null for a wrapper. */
function kind(e) {
  const name = e.name;
  if (/^(v8\.wasm\.|wasm\.|WasmCompil|v8\.compile|V8\.Compile|v8\.parseOnBackground)/i.test(name) || /compile/i.test(name)) return 'compile';
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ParseAuthorStyleSheet') return 'style';
  if (name === 'Layout') return 'layout';
  if (/^(Paint|PrePaint|Layerize|UpdateLayer|CompositeLayers|Commit)$/.test(name)) return 'paint';
  if (name === 'MinorGC' || name === 'MajorGC' || /^V8\.GC/.test(name) || name === 'BlinkGC.AtomicPhase') return 'gc';
  if (['FunctionCall', 'EvaluateScript', 'v8.callFunction', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'RunMicrotasks', 'v8.evaluateModule'].includes(name)) return 'script';
  if (name === 'ParseHTML') return 'html';
  return null;
}

async function traced(url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  if (THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.addInitScript(P.instrument, { mode: 'table', expected: Math.min(Number(n), 50) });
  await page.goto(`${BASE}${url}`, { waitUntil: 'commit' });
  const result = await page.evaluate(P.tableResult);
  // A little after the paint, to see the tasks that follow it (the rest of the rows).
  await page.waitForTimeout(LONG ? 1500 : 0);
  await cdp.send('Tracing.end');
  await done;
  await page.close();
  return { result, events };
}

/** The page's navigation start and main thread in a trace. */
function anchors(events, url) {
  const starts = events.filter((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame);
  const nav =
    starts.find((e) => (e.args.data.documentLoaderURL ?? '').endsWith(url)) ??
    starts.find((e) => /^http/.test(e.args.data.documentLoaderURL ?? ''));
  if (!nav) throw new Error(`no navigationStart for ${url}`);
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === nav.pid);
  return { nav, tid: main.tid };
}

/** The main thread's time in [from, to] (trace µs) by kind, and the functions' sampled self time. */
function breakdown(events, { nav, tid }, from, to) {
  const byKind = {};
  const inWindow = events
    .filter((e) => e.pid === nav.pid && e.tid === tid && e.ph === 'X' && e.dur && e.ts < to && e.ts + e.dur > from)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Innermost attribution: an event's time goes to its own kind, minus its children's.
  const stack = [];
  let busy = 0;
  const add = (k, us) => (byKind[k] = (byKind[k] ?? 0) + us);
  for (const e of inWindow) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const clipped = Math.min(e.ts + e.dur, to) - Math.max(e.ts, from);
    if (e.name === 'RunTask' && !stack.length) busy += clipped;
    const k = kind(e);
    if (k) {
      const parent = [...stack].reverse().find((s) => s.kind);
      if (parent) add(parent.kind, -clipped);
      add(k, clipped);
    }
    stack.push({ ts: e.ts, dur: e.dur, kind: k });
  }
  // Sampled self time by function, from the CPU profile's chunks.
  const nodes = new Map();
  const selfUs = new Map();
  let t = null;
  for (const e of events.filter((e) => e.name === 'ProfileChunk' && e.pid === nav.pid)) {
    const d = e.args.data;
    for (const node of d.cpuProfile?.nodes ?? []) nodes.set(node.id, node.callFrame);
    if (t === null) t = events.find((p) => p.name === 'Profile' && p.id === e.id)?.args?.data?.startTime ?? e.ts;
    const samples = d.cpuProfile?.samples ?? [];
    const deltas = d.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      if (t < from || t > to) continue;
      const name = nodes.get(samples[i])?.functionName || '(anonymous)';
      selfUs.set(name, (selfUs.get(name) ?? 0) + (deltas[i + 1] ?? 0));
    }
  }
  if (process.env.TRACE_NAMES) {
    const names = new Map();
    for (const e of inWindow) names.set(e.name, (names.get(e.name) ?? 0) + e.dur);
    console.log([...names.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${k} ${ms(v)}`).join('; '));
  }
  return { busy, byKind, top: [...selfUs.entries()].sort((a, b) => b[1] - a[1]) };
}

const ms = (us) => (us / 1000).toFixed(1);
const shortName = (f) => {
  // Rust's v0 mangling: keep the last few identifiers (`…applications30___component_…`).
  const ids = [...f.matchAll(/\d+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((x) => x.length > 2);
  return f.startsWith('_R') && ids.length ? ids.slice(-3).join('::') : f.slice(0, 80);
};
const describe = (b, topN) =>
  `${Object.entries(b.byKind).sort((x, y) => y[1] - x[1]).filter(([, v]) => v > 500).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}` +
  `\n      ${b.top.slice(0, topN).map(([f, v]) => `${shortName(f)} ${ms(v)}`).join('; ')}`;

for (const [name, url] of [
  ['zeinet', '/services/applications'],
  ['baseline', '/bench-baseline/index.html'],
]) {
  if (ONLY && ONLY !== name) continue;
  await traced(url); // warm-up
  for (let i = 0; i < Number(runs); i++) {
    let result, events, at;
    for (let attempt = 1; !at; attempt++) {
      // Now and then a trace misses the navigation's start: load again.
      ({ result, events } = await traced(url));
      try {
        at = anchors(events, url);
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    const from = at.nav.ts + (result.responseEnd != null ? Math.max(result.responseEnd, result.earlyAnswerTaken ?? 0) : 0) * 1000;
    const to = at.nav.ts + result.painted * 1000;
    const b = breakdown(events, at, from, to);
    console.log(`\n${name} run ${i + 1}: list → painted ${ms(to - from)} ms, main thread busy ${ms(b.busy)} ms`);
    console.log(`  ${describe(b, 20)}`);
    if (LONG) {
      const tasks = events.filter(
        (e) => e.pid === at.nav.pid && e.tid === at.tid && e.name === 'RunTask' && e.dur >= 50_000 && e.ts >= at.nav.ts,
      );
      for (const task of tasks) {
        console.log(`  long task at ${ms(task.ts - at.nav.ts)} ms, ${ms(task.dur)} ms: ${describe(breakdown(events, at, task.ts, task.ts + task.dur), 8)}`);
      }
    }
  }
}
await browser.close();
process.exit(0);
