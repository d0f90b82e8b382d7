// `make bench` (after bench/run.sh has built target/bench/dist): starts the mock API serving
// the release build, measures size, first load, the applications table against the plain-JS
// baseline (its first page of 50 rows, the next page, scrolling, long tasks), memory and
// Lighthouse, prints one Markdown table and writes
// target/bench/results.json (and results.md). What each number means: bench/README.md.
//
// Environment: BENCH_PORT (18090), BENCH_RUNS (15), BENCH_DETAILS_LIMIT (1000),
// BENCH_LIGHTHOUSE=0 to skip Lighthouse, CHROMIUM_PATH (/usr/bin/chromium).
import { chromium } from 'playwright-core';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as P from './lib/page.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'target/bench');
const DIST = path.join(OUT, 'dist');
const PORT = Number(process.env.BENCH_PORT ?? 18090);
const BASE = `http://127.0.0.1:${PORT}`;
// 15, not 7: on a 2-core machine a 7-run median of the baseline moved by a third between runs.
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const DETAILS_LIMIT = Number(process.env.BENCH_DETAILS_LIMIT ?? 1000);
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE !== '0';
const LIGHTHOUSE_ATTEMPTS = 3;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IIN = '900101300007';
const PASSWORD = 'Zeinet-2026!';
const SIZES = [1000, 10000];
// The applications table shows a page at a time (domain/src/pagination.rs PAGE_SIZE).
const PAGE_SIZE = 50;
const SCROLL_MS = 1000; // scrolling the first page from top to bottom takes about this long
const ZEINET_URL = '/services/applications';
const BASELINE_URL = '/bench-baseline/index.html';
const TIMEOUT_MS = 300_000;
// The same flags as the Playwright suite (tests/e2e/playwright.config.ts), plus exact heap sizes.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-precise-memory-info',
];

const log = (...args) => console.error('bench:', ...args);
const problems = []; // what could not be measured, printed under the table and kept in the JSON
const problem = (what, error) => {
  const text = `${what}: ${error && error.message ? error.message.split('\n')[0] : error}`;
  problems.push(text);
  log(`FAILED ${text}`);
};
/** A problem said once however many runs show it. */
const problemOnce = (what, error) => {
  const text = `${what}: ${error}`;
  if (!problems.includes(text)) problem(what, error);
};

// ── statistics and formatting ────────────────────────────────────────────────────────────
function stats(samples) {
  const xs = samples.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1], runs: xs.length, samples };
}
const ms = (v) => (v == null ? 'n/a' : v < 100 ? `${v.toFixed(1)}` : `${Math.round(v)}`);
const spread = (s) => (s ? `${ms(s.median)} ms (${ms(s.min)}–${ms(s.max)})` : 'n/a');
const kib = (b) => (b / 1024).toFixed(1);
const mib = (b) => (b == null ? 'n/a' : `${(b / 1048576).toFixed(1)} MiB`);
const ratio = (a, b) => (a && b ? `×${(a.median / b.median).toFixed(2)}` : 'n/a');
const withTimeout = (promise, what, limit = TIMEOUT_MS) =>
  Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${limit / 1000} s`)), limit).unref()),
  ]);

// ── the mock API ─────────────────────────────────────────────────────────────────────────
async function healthy() {
  try {
    return (await fetch(`${BASE}/__dev/health`)).ok;
  } catch {
    return false;
  }
}

async function startMock() {
  if (await healthy()) throw new Error(`something already answers on port ${PORT} (BENCH_PORT to use another)`);
  const binary = path.join(ROOT, 'target/debug/mock-api');
  const stderr = fs.openSync(path.join(OUT, 'mock-api.log'), 'w');
  const child = spawn(
    binary,
    ['--dev', '--quiet', '--port', String(PORT), '--ncalayer-port', '0', '--static', DIST],
    { stdio: ['ignore', 'ignore', stderr] },
  );
  const stop = () => child.exitCode === null && child.kill();
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(130)));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`mock-api exited (${child.exitCode}); see target/bench/mock-api.log`);
    if (await healthy()) return stop;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('mock-api did not answer in 30 s');
}

async function dev(method, route, body) {
  const response = await fetch(`${BASE}${route}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status} ${await response.text()}`);
}

/** Logs Иванов in through the API (contract: POST /api/auth/password {iin, password}). */
async function sessionCookie() {
  const response = await fetch(`${BASE}/api/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ iin: IIN, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`POST /api/auth/password → ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.includes('=')) throw new Error('POST /api/auth/password set no cookie');
  return cookie;
}

async function applicationCount(cookie) {
  const response = await fetch(`${BASE}/api/applications`, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET /api/applications → ${response.status}`);
  return (await response.json()).items.length;
}

// ── the baseline page, served by the mock from the dist it serves ───────────────────────
function installBaseline() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const css = /<link rel="stylesheet" href="\/([^"]+\.css)"/.exec(html);
  if (!css) problem('baseline stylesheet', 'no <link rel="stylesheet"> in dist/index.html: the baseline runs unstyled');
  const dir = path.join(DIST, 'bench-baseline');
  fs.mkdirSync(dir, { recursive: true });
  const page = fs
    .readFileSync(path.join(ROOT, 'bench/baseline/index.html'), 'utf8')
    .replace('__ZEINET_CSS__', css ? css[1] : 'missing.css');
  fs.writeFileSync(path.join(dir, 'index.html'), page);
  fs.copyFileSync(path.join(ROOT, 'bench/baseline/baseline.js'), path.join(dir, 'baseline.js'));
  return css ? css[1] : null;
}

// ── 1. size ──────────────────────────────────────────────────────────────────────────────
/** Files index.html links to (stylesheet, icon, scripts, preloads) as paths under dist. */
function linkedFiles(dir, page) {
  const html = fs.readFileSync(path.join(dir, page), 'utf8');
  const files = new Set([page]);
  for (const [, url] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    if (/^[a-z]+:|^\/\//i.test(url)) continue;
    const rel = url.startsWith('/') ? url.slice(1) : path.join(path.dirname(page), url);
    if (fs.existsSync(path.join(dir, rel)) && fs.statSync(path.join(dir, rel)).isFile()) files.add(rel);
  }
  return files;
}

function sizeOf(dir, rel) {
  const file = path.join(dir, rel);
  const raw = fs.statSync(file).size;
  const gzip = execFileSync('gzip', ['-9c', file], { maxBuffer: 1 << 28 }).length;
  const brotli = execFileSync('brotli', ['-q', '11', '-c', file], { maxBuffer: 1 << 28 }).length;
  return { file: rel, raw, gzip, brotli };
}

function sizeTable(dir, files) {
  const rows = [...files].sort().map((rel) => sizeOf(dir, rel));
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
  return { files: rows, total };
}

// ── browser helpers ──────────────────────────────────────────────────────────────────────
const contextOptions = { locale: 'kk-KZ', viewport: { width: 1280, height: 900 } };

async function heap(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return {
      jsHeapUsed: usage.usedSize,
      jsHeapTotal: usage.totalSize,
      blinkHeapUsed: usage.embedderHeapUsedSize ?? null,
      wasmMemory: await page.evaluate(P.wasmMemoryBytes),
    };
  } finally {
    await cdp.detach();
  }
}

/** One cold first load of /login in a fresh context (empty cache, no cookie). */
async function firstLoad(browser, requested) {
  const context = await browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    await page.addInitScript(P.instrument, { mode: 'login' });
    page.on('request', (request) => requested.add(new URL(request.url()).pathname));
    await page.goto(`${BASE}/login`, { waitUntil: 'commit' });
    return await withTimeout(page.evaluate(P.firstLoadResult), 'first load');
  } finally {
    await context.close();
  }
}

/**
 * One load of a table page (app or baseline) in the logged-in context, `total` applications:
 * the first page painted; then row 1 opened and closed, the page scrolled from top to bottom,
 * and the next page followed.
 */
async function tableRun(context, url, total, keepPage = false) {
  const expected = Math.min(total, PAGE_SIZE);
  const page = await context.newPage();
  try {
    await page.addInitScript(P.instrument, { mode: 'table', expected });
    await page.goto(`${BASE}${url}`, { waitUntil: 'commit' });
    const table = await withTimeout(page.evaluate(P.tableResult), `${url} table`);
    if (table.rows !== expected) throw new Error(`${url}: ${table.rows} row groups on the first page, expected ${expected}`);
    if (keepPage) return { table, page };
    const toggle = await withTimeout(page.evaluate(P.expandCollapse, 0), `${url} expand/collapse`);
    const scroll = await withTimeout(page.evaluate(P.scrollThrough, SCROLL_MS), `${url} scroll`);
    if (scroll.scrollReached < scroll.scrollDistance - 1) {
      problemOnce(`scrolling ${url}`, `stopped at ${scroll.scrollReached} of ${scroll.scrollDistance} px`);
    }
    let turn = {};
    if (total > PAGE_SIZE) {
      turn = await withTimeout(page.evaluate(P.nextPage, PAGE_SIZE + 1), `${url} next page`);
      const rows = Math.min(total - PAGE_SIZE, PAGE_SIZE);
      if (turn.nextRows !== rows) throw new Error(`${url} page 2: ${turn.nextRows} row groups, expected ${rows}`);
      if (turn.nextSearch !== '?page=2') problemOnce(`next page on ${url}`, `address ends in "${turn.nextSearch}", not ?page=2`);
      if (turn.nextFocused !== 'table-range') problemOnce(`next page on ${url}`, `focus on ${turn.nextFocused}, not the range line`);
    }
    return { ...table, ...toggle, ...scroll, ...turn };
  } finally {
    if (!keepPage) await page.close();
  }
}

async function logInThroughForm(context) {
  const page = await context.newPage();
  await page.goto(`${BASE}/login`);
  await page.locator('#iin').fill(IIN);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  await page.close();
}

// ── 5. Lighthouse ────────────────────────────────────────────────────────────────────────
function lighthouse(name, url, preset, headersFile) {
  const output = path.join(OUT, 'lighthouse', `${name}-${preset}.json`);
  const cli = path.join(ROOT, 'bench/node_modules/lighthouse/cli/index.js');
  const args = [
    cli,
    url,
    '--output=json',
    `--output-path=${output}`,
    '--only-categories=performance,accessibility,best-practices',
    '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage --disable-gpu',
    '--quiet',
  ];
  if (preset === 'desktop') args.push('--preset=desktop');
  if (headersFile) args.push(`--extra-headers=${headersFile}`);
  fs.rmSync(output, { force: true });
  const run = spawnSync(process.execPath, args, {
    env: { ...process.env, CHROME_PATH: CHROMIUM },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (!fs.existsSync(output)) {
    throw new Error(`lighthouse exited ${run.status}: ${(run.stderr || run.error || '').toString().trim().split('\n').pop()}`);
  }
  const lhr = JSON.parse(fs.readFileSync(output, 'utf8'));
  const score = (id) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id].score * 100));
  const audit = (id) => lhr.audits[id]?.numericValue ?? null;
  return {
    url,
    finalUrl: lhr.finalDisplayedUrl ?? lhr.finalUrl,
    runtimeError: lhr.runtimeError?.message ?? null,
    runtimeErrorCode: lhr.runtimeError?.code ?? null,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcp: audit('first-contentful-paint'),
    lcp: audit('largest-contentful-paint'),
    tbt: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    transferred: audit('total-byte-weight'),
    report: path.relative(ROOT, output),
    failing: ['accessibility', 'best-practices']
      .flatMap((cat) => lhr.categories[cat]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score !== null && lhr.audits[ref.id]?.score < 1)
      .map((ref) => ref.id),
  };
}

// ── the run ──────────────────────────────────────────────────────────────────────────────
async function main() {
  const started = Date.now();
  fs.mkdirSync(path.join(OUT, 'lighthouse'), { recursive: true });
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`no build in ${DIST}: run bench/run.sh (make bench)`);
  const css = installBaseline();
  const stopMock = await startMock();
  log(`mock API on ${BASE}, serving ${path.relative(ROOT, DIST)}; ${RUNS} runs per measurement`);

  const results = {
    generatedAt: new Date().toISOString(),
    commit: gitDescribe(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      node: process.version,
      // Other work on the machine skews every timing: the 1-minute load average, start and end.
      loadAverage: { start: os.loadavg()[0] },
    },
    runs: RUNS,
    problems,
  };

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  results.machine.chromium = browser.version();
  try {
    // 2. First load (cold, one warm-up not counted); the requests it makes feed the size table.
    log('first load of /login…');
    const requested = new Set();
    const loads = [];
    try {
      await firstLoad(browser, new Set());
      for (let i = 0; i < RUNS; i++) loads.push(await firstLoad(browser, requested));
      results.firstLoad = {
        source: loads.every((l) => l.source === 'mark') ? 'performance.mark("zeinet:interactive")' : loads.some((l) => l.source === 'mark') ? 'mixed' : 'observed: #iin visible and enabled, frame painted',
        interactive: stats(loads.map((l) => l.interactive)),
        formPainted: stats(loads.map((l) => l.formPainted)),
        fcp: stats(loads.map((l) => l.fcp)),
        domContentLoaded: stats(loads.map((l) => l.domContentLoaded)),
        wasmDownloaded: stats(loads.map((l) => l.wasmDownloaded)),
        appStarted: stats(loads.map((l) => l.appStarted)),
      };
    } catch (error) {
      problem('first load', error);
    }

    // 1. Size: index.html, what it links to, and whatever else the first load fetched from dist.
    const files = linkedFiles(DIST, 'index.html');
    for (const pathname of requested) {
      const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
      if (rel.startsWith('api/') || rel.startsWith('bench-baseline/')) continue;
      const file = path.join(DIST, rel);
      if (rel && fs.existsSync(file) && fs.statSync(file).isFile()) files.add(rel);
    }
    results.size = sizeTable(DIST, files);
    const baselineFiles = linkedFiles(DIST, 'bench-baseline/index.html');
    results.baselineSize = sizeTable(DIST, baselineFiles);
    results.baselineSize.note = `bench-baseline/index.html + baseline.js + the app's stylesheet (${css})`;

    // 3. and 4. The applications table, Zeinet and the baseline alternating, same context.
    await dev('POST', '/__dev/reset');
    const context = await browser.newContext(contextOptions);
    await logInThroughForm(context);
    results.table = {};
    results.memory = {};
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    for (const n of SIZES) {
      const entry = (results.table[n] = { zeinet: null, baseline: null });
      try {
        await dev('PUT', '/__dev/fixture', { iin: IIN, applications: n });
        const total = await applicationCount(cookie);
        entry.rows = total;
        entry.pageSize = PAGE_SIZE;
        entry.pageRows = Math.min(total, PAGE_SIZE);
        log(`${total} applications (first page ${entry.pageRows} rows): ${RUNS} runs each of Zeinet and the baseline…`);
        const samples = { zeinet: [], baseline: [] };
        const pages = { zeinet: ZEINET_URL, baseline: BASELINE_URL };
        await tableRun(context, ZEINET_URL, total); // warm-up (caches, JIT), not counted
        await tableRun(context, BASELINE_URL, total);
        for (let i = 0; i < RUNS; i++) {
          const order = i % 2 ? ['baseline', 'zeinet'] : ['zeinet', 'baseline'];
          for (const which of order) samples[which].push(await tableRun(context, pages[which], total));
        }
        for (const which of ['zeinet', 'baseline']) {
          const of = (key) => stats(samples[which].map((s) => s[key]));
          entry[which] = {
            render: of('render'),
            expand: of('expand'),
            collapse: of('collapse'),
            nextPage: of('nextPage'),
            longestTaskLoad: of('longestTaskLoad'),
            longestTaskRender: of('longestTaskRender'),
            longestTaskTurn: of('longestTaskTurn'),
            scrollLongestFrame: of('scrollLongestFrame'),
            longestTaskScroll: of('longestTaskScroll'),
            scrollFrames: of('scrollFrames'),
            scrollDistance: of('scrollDistance'),
          };
        }
      } catch (error) {
        problem(`table with ${n} applications`, error);
        continue;
      }

      // Memory after the table; for 1,000 rows also after opening and closing the details.
      for (const which of ['zeinet', 'baseline']) {
        try {
          const url = which === 'zeinet' ? ZEINET_URL : BASELINE_URL;
          const { page } = await tableRun(context, url, entry.rows, true);
          try {
            await page.waitForTimeout(1000);
            const m = { afterTable: await heap(page) };
            m.relayout = await page.evaluate(P.relayoutTable, 5);
            if (n === 1000) {
              const limit = Math.min(DETAILS_LIMIT, entry.pageRows); // the first page's rows
              log(`${which}: opening and closing ${limit} details…`);
              m.openCloseAll = await withTimeout(page.evaluate(P.openCloseAll, limit), `${which} open/close all`, 900_000);
              await page.waitForTimeout(1000);
              m.afterDetails = await heap(page);
            }
            (results.memory[n] ??= {})[which] = m;
          } finally {
            await page.close();
          }
        } catch (error) {
          problem(`memory of ${which} with ${n} applications`, error);
        }
      }
    }
    await context.close();
  } finally {
    await browser.close();
  }

  // 5. Lighthouse: mobile (default) and desktop presets, log-in and applications pages.
  results.lighthouse = {};
  if (LIGHTHOUSE) {
    await dev('POST', '/__dev/reset'); // the fixtures' 38 applications of Иванов
    let headersFile = null;
    try {
      headersFile = path.join(OUT, 'lighthouse', 'headers.json');
      fs.writeFileSync(headersFile, JSON.stringify({ Cookie: await sessionCookie() }));
    } catch (error) {
      problem('Lighthouse session cookie', error);
    }
    for (const [name, url, headers] of [
      ['login', `${BASE}/login`, null],
      ['applications', `${BASE}${ZEINET_URL}`, headersFile],
    ]) {
      for (const preset of ['mobile', 'desktop']) {
        if (name === 'applications' && !headers) continue;
        log(`Lighthouse ${name} (${preset})…`);
        try {
          // Lighthouse's own trace recording fails now and then under headless Chromium
          // (NO_NAVSTART: "Please run Lighthouse again"): such a run measured nothing, so it is
          // run again, up to LIGHTHOUSE_ATTEMPTS times, and the table says so.
          let r;
          const failedRuns = [];
          for (let attempt = 1; attempt <= LIGHTHOUSE_ATTEMPTS; attempt++) {
            r = lighthouse(name, url, preset, headers);
            if (!r.runtimeError) break;
            failedRuns.push(r.runtimeErrorCode ?? r.runtimeError);
            if (attempt < LIGHTHOUSE_ATTEMPTS) log(`Lighthouse ${name} (${preset}) again: ${r.runtimeError}`);
          }
          if (r.runtimeError) throw new Error(`${r.runtimeError} (${LIGHTHOUSE_ATTEMPTS} runs, each failed)`);
          if (name === 'applications' && new URL(r.finalUrl).pathname !== ZEINET_URL) {
            throw new Error(`ended on ${r.finalUrl}, not the applications page (session not taken?)`);
          }
          r.failedRuns = failedRuns;
          results.lighthouse[`${name}-${preset}`] = r;
        } catch (error) {
          problem(`Lighthouse ${name} ${preset}`, error);
        }
      }
    }
    if (headersFile) fs.rmSync(headersFile, { force: true }); // a session cookie: not kept
  } else {
    problems.push('Lighthouse skipped (BENCH_LIGHTHOUSE=0)');
  }

  stopMock();
  results.machine.loadAverage.end = os.loadavg()[0];
  results.seconds = Math.round((Date.now() - started) / 1000);
  const table = render(results);
  fs.writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(OUT, 'results.md'), table + '\n');
  console.log(table);
  log(`measured in ${results.seconds} s; target/bench/results.json, results.md, lighthouse/*.json`);
  // Something that should have been measured was not: say so in the exit status too.
  if (problems.some((p) => !p.includes('BENCH_LIGHTHOUSE=0'))) process.exitCode = 1;
}

function gitDescribe() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', '.', ':!bench', ':!README.md', ':!Makefile'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return null;
  }
}

// ── the one table ────────────────────────────────────────────────────────────────────────
function render(r) {
  const rows = [];
  const row = (section, what, zeinet, baseline = '—', ratioText = '—') => rows.push([section, what, zeinet, baseline, ratioText]);
  const sizeText = (s) => `${kib(s.raw)} / ${kib(s.gzip)} / **${kib(s.brotli)}** KiB`;

  for (const f of r.size?.files ?? []) row('Size', `\`${f.file}\``, sizeText(f));
  if (r.size) {
    row(
      'Size',
      '**first-load total**',
      sizeText(r.size.total),
      sizeText(r.baselineSize.total),
      `×${(r.size.total.brotli / r.baselineSize.total.brotli).toFixed(1)} (brotli)`,
    );
  }
  if (r.firstLoad) {
    row('First load', `/login → form painted, interactive (${r.firstLoad.source})`, spread(r.firstLoad.interactive));
    row(
      'First load',
      'of which: wasm downloaded / app started / form painted / FCP (medians)',
      `${ms(r.firstLoad.wasmDownloaded?.median)} / ${ms(r.firstLoad.appStarted?.median)} / ` +
        `${ms(r.firstLoad.formPainted?.median)} / ${ms(r.firstLoad.fcp?.median)} ms`,
    );
  }
  const memText = (m) => (m ? `JS ${mib(m.jsHeapUsed)}${m.wasmMemory != null ? ` + wasm ${mib(m.wasmMemory)}` : ''}` : 'n/a');
  const memRatio = (a, b) => (a && b ? `×${((a.jsHeapUsed + (a.wasmMemory ?? 0)) / (b.jsHeapUsed + (b.wasmMemory ?? 0))).toFixed(1)}` : 'n/a');
  const took = (x) => (x?.openCloseAll ? `${(x.openCloseAll.ms / 1000).toFixed(1)} s` : 'n/a');
  // Long tasks: the longest of all runs (and the median of each run's longest); 0 = none ≥ 50 ms.
  const taskText = (s) =>
    !s ? 'n/a' : s.max === 0 ? 'none ≥ 50 ms' : `${ms(s.max)} ms max (median ${s.median === 0 ? '< 50' : ms(s.median)})`;
  const taskRatio = (a, b) => (a && b && a.max > 0 && b.max > 0 ? `×${(a.max / b.max).toFixed(2)} (max)` : '—');
  for (const n of SIZES) {
    const t = r.table?.[n];
    const m = r.memory?.[n];
    const label = `${n.toLocaleString('en')} rows`;
    // Results of before the pagination (no pageSize) had every row on one page.
    const size = t?.pageSize ?? null;
    const paged = size != null && n > size;
    const first = paged ? `first page (${size} of ${n.toLocaleString('en')} rows)` : label;
    if (t?.zeinet) {
      row('Table', `${first}: response → table painted${paged ? ` (all ${n.toLocaleString('en')} decoded)` : ''}`, spread(t.zeinet.render), spread(t.baseline.render), ratio(t.zeinet.render, t.baseline.render));
      if (t.zeinet.nextPage || t.baseline.nextPage) {
        row('Table', `${label}: next page (click → rows ${size + 1}–${Math.min(n, 2 * size)} painted)`, spread(t.zeinet.nextPage), spread(t.baseline.nextPage), ratio(t.zeinet.nextPage, t.baseline.nextPage));
      }
      row('Table', `${first}: expand row 1 (click → details painted, incl. fetch)`, spread(t.zeinet.expand), spread(t.baseline.expand), ratio(t.zeinet.expand, t.baseline.expand));
      row('Table', `${first}: collapse row 1 (click → hidden, painted)`, spread(t.zeinet.collapse), spread(t.baseline.collapse), ratio(t.zeinet.collapse, t.baseline.collapse));
      if (t.zeinet.scrollLongestFrame || t.baseline.scrollLongestFrame) {
        const frames = t.zeinet.scrollFrames?.median ?? t.baseline.scrollFrames?.median;
        row('Table', `${first}: scrolling top to bottom in ≈ ${SCROLL_MS / 1000} s (${frames ?? '?'} frames): longest frame interval`, spread(t.zeinet.scrollLongestFrame), spread(t.baseline.scrollLongestFrame), ratio(t.zeinet.scrollLongestFrame, t.baseline.scrollLongestFrame));
      }
      if (t.zeinet.longestTaskLoad || t.baseline.longestTaskLoad) {
        row('Table', `${label}: longest main-thread task, navigation → first page painted`, taskText(t.zeinet.longestTaskLoad), taskText(t.baseline.longestTaskLoad), taskRatio(t.zeinet.longestTaskLoad, t.baseline.longestTaskLoad));
      }
      if (t.zeinet.longestTaskRender || t.baseline.longestTaskRender) {
        row('Table', `${label}: … of which from the list's arrival on`, taskText(t.zeinet.longestTaskRender), taskText(t.baseline.longestTaskRender), taskRatio(t.zeinet.longestTaskRender, t.baseline.longestTaskRender));
      }
      if (t.zeinet.longestTaskTurn || t.baseline.longestTaskTurn) {
        row('Table', `${label}: longest main-thread task, next page (click → painted)`, taskText(t.zeinet.longestTaskTurn), taskText(t.baseline.longestTaskTurn), taskRatio(t.zeinet.longestTaskTurn, t.baseline.longestTaskTurn));
      }
    }
    if (m?.zeinet?.relayout != null && m?.baseline?.relayout != null) {
      row('Table', `${first}: style + layout alone of the finished table (median of 5)`, `${ms(m.zeinet.relayout)} ms`, `${ms(m.baseline.relayout)} ms`, ratio({ median: m.zeinet.relayout }, { median: m.baseline.relayout }));
    }
    if (m?.zeinet?.openCloseAll || m?.baseline?.openCloseAll) {
      const rowsDone = m.zeinet?.openCloseAll?.rows ?? m.baseline?.openCloseAll?.rows;
      row('Table', `${first}: open + close the first ${rowsDone} details, one after another`, took(m.zeinet), took(m.baseline), m.zeinet?.openCloseAll && m.baseline?.openCloseAll ? `×${(m.zeinet.openCloseAll.ms / m.baseline.openCloseAll.ms).toFixed(2)}` : 'n/a');
    }
  }
  for (const n of SIZES) {
    const m = r.memory?.[n];
    if (!m) continue;
    const size = r.table?.[n]?.pageSize ?? null;
    const label = size != null && n > size ? `the first page of ${n.toLocaleString('en')} rows (all ${n.toLocaleString('en')} loaded)` : `the ${n.toLocaleString('en')}-row table`;
    row('Memory', `after ${label}`, memText(m.zeinet?.afterTable), memText(m.baseline?.afterTable), memRatio(m.zeinet?.afterTable, m.baseline?.afterTable));
    if (m.zeinet?.afterDetails || m.baseline?.afterDetails) {
      const rowsDone = m.zeinet?.openCloseAll?.rows ?? m.baseline?.openCloseAll?.rows;
      row('Memory', `… then after opening and closing ${rowsDone} details`, memText(m.zeinet?.afterDetails), memText(m.baseline?.afterDetails), memRatio(m.zeinet?.afterDetails, m.baseline?.afterDetails));
    }
  }
  for (const [key, l] of Object.entries(r.lighthouse ?? {})) {
    const [page, preset] = key.split('-');
    row(
      'Lighthouse',
      `${page === 'login' ? '/login' : ZEINET_URL} · ${preset}`,
      `perf ${l.performance} · a11y ${l.accessibility} · best pr. ${l.bestPractices} · FCP ${(l.fcp / 1000).toFixed(1)} s · ` +
        `LCP ${(l.lcp / 1000).toFixed(1)} s · TBT ${Math.round(l.tbt)} ms · CLS ${l.cls.toFixed(3)} · ${kib(l.transferred)} KiB transferred` +
        (l.failedRuns?.length ? ` (run ${l.failedRuns.length + 1}: ${l.failedRuns.join('; ')} before)` : ''),
    );
  }
  const failing = Object.entries(r.lighthouse ?? {}).filter(([, l]) => l.failing.length);
  const lines = [
    '| | measurement | Zeinet | plain-JS baseline | Zeinet / baseline |',
    '|---|---|---|---|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ];
  lines.push(
    '',
    `Sizes: raw / gzip -9 / brotli -q 11. Times: median (min–max) of ${r.runs} runs; long tasks: the longest of all runs. Memory: after a forced GC. Chromium ${r.machine.chromium} headless, ` +
      `${r.machine.cpus} CPUs (${r.machine.cpuModel}), load average ${r.machine.loadAverage.start.toFixed(1)} → ` +
      `${r.machine.loadAverage.end.toFixed(1)}, build ${r.commit}, ${r.generatedAt.slice(0, 10)}.`,
  );
  if (failing.length) {
    lines.push('', 'Lighthouse audits not passed (accessibility, best practices):');
    for (const [key, l] of failing) lines.push(`- ${key}: ${l.failing.join(', ')}`);
  }
  if (r.problems.length) lines.push('', 'Not measured / failed:', ...r.problems.map((p) => `- ${p}`));
  return lines.join('\n');
}

if (process.argv[2] === '--print') {
  // `node bench/run.mjs --print`: the table of the last results.json again, nothing measured.
  console.log(render(JSON.parse(fs.readFileSync(path.join(OUT, 'results.json'), 'utf8'))));
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
