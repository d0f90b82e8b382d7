/**
 * The fault matrix's recorder: a Playwright reporter (registered in playwright.config.ts). It
 * runs in the runner process and sees each test's final result, after the fixtures' teardown
 * (the CSP and leak checks of fixtures.ts), so a cell is ✓ only when Playwright counted the test
 * as passed. Tests take part by their annotations (reliability/matrix.ts): `matrix` names the
 * cell ("flow × fault"), `matrix-layout` (on the describe) gives the table's shape. Other tests
 * are ignored. When the run ends, if any cell ran, it writes target/reliability/matrix.md and
 * matrix.json (options: `{ outputDir }`, relative to the config's folder).
 *
 * A command line `--reporter=…` replaces the config's reporters: name this one there too, e.g.
 * `npx playwright test --reporter=line,./reliability/reporter.ts`.
 */
import * as path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import {
  CELL_ANNOTATION,
  CellRecord,
  LAYOUT_ANNOTATION,
  MatrixLayout,
  OUT_DIR,
  cellKey,
  outcomeOf,
  parseLayout,
  writeMatrix,
} from './matrix';

type Options = { outputDir?: string; configDir?: string };

type Annotation = { type: string; description?: string };

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export default class MatrixReporter implements Reporter {
  private readonly outDir: string;
  private layout?: MatrixLayout;
  /** "flow × fault" → the cell, for the layout's cells. */
  private known = new Map<string, { flow: string; fault: string }>();
  /** This run's cells by key, in the order they first ended (a retry replaces its cell). */
  private cells = new Map<string, CellRecord>();
  private unknown = new Set<string>();

  constructor(options: Options = {}) {
    this.outDir = options.outputDir ? path.resolve(options.configDir ?? process.cwd(), options.outputDir) : OUT_DIR;
  }

  printsToStdio() {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite) {
    for (const test of suite.allTests()) this.learnLayout(test.annotations);
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const annotations: Annotation[] = result.annotations?.length ? result.annotations : test.annotations;
    const key = annotations.find((a) => a.type === CELL_ANNOTATION)?.description;
    if (!key) return;
    this.learnLayout(annotations);
    const cell = this.known.get(key);
    if (!cell) {
      this.unknown.add(key);
      return;
    }
    const outcome = outcomeOf(test.expectedStatus, result.status);
    const error =
      outcome === 'known-defect'
        ? annotations.find((a) => a.type === 'fail')?.description
        : outcome === 'fail'
          ? errorText(result)
          : undefined;
    this.cells.set(key, { ...cell, outcome, durationMs: result.duration, ...(error ? { error } : {}) });
  }

  onEnd(_result: FullResult) {
    for (const key of this.unknown) {
      process.stderr.write(`fault matrix: the cell "${key}" is not in the matrix's layout (not recorded)\n`);
    }
    if (!this.layout || !this.cells.size) return;
    writeMatrix(this.outDir, this.layout, [...this.cells.values()]);
    const rel = path.relative(process.cwd(), path.join(this.outDir, 'matrix.md'));
    process.stdout.write(`fault matrix: ${this.cells.size} cell${this.cells.size === 1 ? '' : 's'} → ${rel}\n`);
  }

  private learnLayout(annotations: Annotation[]) {
    if (this.layout) return;
    const text = annotations.find((a) => a.type === LAYOUT_ANNOTATION)?.description;
    if (!text) return;
    this.layout = parseLayout(text);
    for (const flow of this.layout.flows) {
      for (const fault of this.layout.applies[flow] ?? []) this.known.set(cellKey(flow, fault), { flow, fault });
    }
  }
}

/** The first lines of the first error (a teardown's, if only the teardown failed), or why it stopped. */
function errorText(result: TestResult): string {
  const first = result.errors?.[0] ?? result.error;
  const text = (first?.message ?? first?.value ?? '').replace(ANSI, '').split('\n').slice(0, 3).join(' ').trim();
  const more = (result.errors?.length ?? 0) > 1 ? ` (+${result.errors.length - 1} more errors)` : '';
  if (text) return text + more;
  if (result.status === 'interrupted') return 'interrupted (the run stopped)';
  if (result.status === 'timedOut') return 'timed out';
  return `ended ${result.status}`;
}
