/**
 * The fault matrix: what a cell's outcome is, and the table of them (target/reliability/matrix.md
 * and matrix.json). The tests only declare themselves (annotations, below); the reporter
 * (reliability/reporter.ts) records each cell from Playwright's final result of the test, after
 * its fixtures' teardown (the CSP and leak checks), and writes the table when the run ends. So a
 * cell is ✓ only if Playwright itself counted the test as passed.
 *
 * No side effects here: the spec imports this in every worker, the reporter in the runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Outcome = 'pass' | 'fail' | 'known-defect' | 'fixed?' | 'skipped';

export type CellRecord = {
  flow: string;
  fault: string;
  outcome: Outcome;
  durationMs: number;
  error?: string;
};

/** The table's shape: rows, columns, the cells that exist, and what each flow's faults hit. */
export type MatrixLayout = {
  flows: string[];
  faults: string[];
  /** Per flow, the faults that apply to it (the other cells are n/a). */
  applies: Record<string, string[]>;
  /** Per flow, the request the backend faults hit ("POST /api/…"). */
  targets?: Record<string, string>;
};

/** target/reliability (this file is tests/e2e/reliability/matrix.ts). */
export const OUT_DIR = path.resolve(__dirname, '../../../target/reliability');

/** A test's annotation naming its cell: description "flow × fault". */
export const CELL_ANNOTATION = 'matrix';
/** The annotation carrying the layout (JSON), on the matrix's describe (so on each of its tests). */
export const LAYOUT_ANNOTATION = 'matrix-layout';

export const cellKey = (flow: string, fault: string) => `${flow} × ${fault}`;

export function cellAnnotation(flow: string, fault: string) {
  return { type: CELL_ANNOTATION, description: cellKey(flow, fault) };
}

/**
 * The layout as an annotation. Every test of the describe carries it (twice in the JSON report:
 * the test's and its result's annotations), so it is kept short: the faults, then per flow its
 * name, its target and a mask of the faults that apply ("1" applies, "0" n/a).
 */
export function layoutAnnotation(layout: MatrixLayout) {
  const flows = layout.flows.map((flow) => [
    flow,
    layout.targets?.[flow] ?? '',
    layout.faults.map((fault) => ((layout.applies[flow] ?? []).includes(fault) ? '1' : '0')).join(''),
  ]);
  return { type: LAYOUT_ANNOTATION, description: JSON.stringify({ faults: layout.faults, flows }) };
}

/** The layout from its annotation's description (see layoutAnnotation). */
export function parseLayout(description: string): MatrixLayout {
  const { faults, flows } = JSON.parse(description) as { faults: string[]; flows: [string, string, string][] };
  const layout: MatrixLayout = { flows: [], faults, applies: {}, targets: {} };
  for (const [flow, target, mask] of flows) {
    layout.flows.push(flow);
    layout.applies[flow] = faults.filter((_, i) => mask[i] === '1');
    if (target) layout.targets![flow] = target;
  }
  return layout;
}

/**
 * A cell's outcome from the final result of its test. Agrees with Playwright's verdict: ✓ and
 * ✗ᴰ are the results Playwright expects (passed; failed under `test.fail()`), every other
 * result that ran is a failing cell: failed (in the body or in a fixture's teardown), timed out
 * or interrupted, also under `test.fail()` (a timeout is not the expected failure), and a
 * `test.fail()` that passed (✓?). A skipped test is – (no verdict).
 */
export function outcomeOf(expectedStatus: string, status: string): Outcome {
  if (status === 'skipped') return 'skipped';
  if (expectedStatus === 'failed') {
    if (status === 'failed') return 'known-defect';
    if (status === 'passed') return 'fixed?';
    return 'fail';
  }
  return status === 'passed' ? 'pass' : 'fail';
}

const SYMBOL: Record<Outcome, string> = {
  pass: '✓',
  fail: '✗',
  'known-defect': '✗ᴰ',
  'fixed?': '✓?',
  skipped: '–',
};

/**
 * matrix.md and matrix.json from a run's cells (in the order they ran). The layout gives the
 * order of rows and columns, and which cells exist at all (the rest are n/a).
 */
export function renderMatrix(layout: MatrixLayout, ran: CellRecord[], date: string) {
  const { flows, faults, targets = {} } = layout;
  const applies = (flow: string, fault: string) => (layout.applies[flow] ?? []).includes(fault);
  const cells = new Map(ran.map((c) => [cellKey(c.flow, c.fault), c]));
  const total = flows.reduce((n, f) => n + faults.filter((x) => applies(f, x)).length, 0);
  const count = (o: Outcome) => ran.filter((c) => c.outcome === o).length;
  const partial = ran.length < total;

  const lines: string[] = [];
  lines.push('# Fault matrix (issue 7)');
  lines.push('');
  lines.push(`Run: ${date}, tests/e2e/specs/reliability.spec.ts (Playwright, Chromium, mock-api --dev).`);
  lines.push('');
  if (partial) {
    lines.push(
      `**Partial run:** ${ran.length} of ${total} applicable cells ran (a \`-g\` filter, or the run stopped); ` +
        'cells marked · did not run.',
    );
    lines.push('');
  }
  lines.push(
    `Totals: ${count('pass')} ✓ passed, ${count('known-defect')} ✗ᴰ known app defects (test.fail), ` +
      `${count('fail')} ✗ failed, ${count('fixed?')} ✓? marked defect but passed, ${count('skipped')} – skipped; ` +
      `${total} applicable cells of ${flows.length * faults.length}.`,
  );
  lines.push('');
  lines.push(
    'Legend: ✓ the message, the way forward, the typed data and "no duplicate" all hold · ' +
      '✗ᴰ the app mishandles the fault (a known defect, kept as `test.fail()`; see the spec\'s comment) · ' +
      '✗ failed unexpectedly · ✓? marked as a defect but passed (fixed? remove the `test.fail()`) · ' +
      'n/a the fault cannot happen in that flow · · not run in this run.',
  );
  lines.push('');
  lines.push(`| Flow | ${faults.join(' | ')} |`);
  lines.push(`|---|${faults.map(() => ':-:').join('|')}|`);
  for (const flow of flows) {
    const row = faults.map((fault) => {
      if (!applies(flow, fault)) return 'n/a';
      const cell = cells.get(cellKey(flow, fault));
      return cell ? SYMBOL[cell.outcome] : '·';
    });
    lines.push(`| ${flow} | ${row.join(' | ')} |`);
  }
  if (Object.keys(targets).length) {
    lines.push('');
    lines.push('Backend faults hit this request of each flow (NCALayer and eGov faults hit the signing itself):');
    lines.push('');
    for (const flow of flows) if (targets[flow]) lines.push(`- ${flow}: \`${targets[flow]}\``);
  }
  const bad = ran.filter((c) => c.outcome !== 'pass' && c.outcome !== 'skipped');
  if (bad.length) {
    lines.push('');
    lines.push('## Cells that did not pass');
    lines.push('');
    for (const c of bad) {
      const why = (c.error ?? '').replace(/\s+/g, ' ').slice(0, 240);
      lines.push(`- ${SYMBOL[c.outcome]} **${c.flow} × ${c.fault}**${why ? `: ${why}` : ''}`);
    }
  }
  lines.push('');
  return {
    md: lines.join('\n'),
    json: JSON.stringify({ date, partial, applicable: total, ran: ran.length, flows, faults, cells: ran }, null, 2),
  };
}

/** Writes matrix.md and matrix.json into `outDir`. */
export function writeMatrix(outDir: string, layout: MatrixLayout, ran: CellRecord[], date = new Date()) {
  const { md, json } = renderMatrix(layout, ran, date.toISOString().replace(/\.\d+Z$/, 'Z'));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'matrix.md'), md);
  fs.writeFileSync(path.join(outDir, 'matrix.json'), json);
  // The record files of the recorder this reporter replaced (.cells-<pid>.json): no longer used.
  for (const name of fs.readdirSync(outDir)) {
    if (/^\.cells-\d+\.json$/.test(name)) fs.rmSync(path.join(outDir, name), { force: true });
  }
}
