/**
 * The fault matrix's reporter (reliability/reporter.ts), fed synthetic tests and results: no
 * browser, no server. A cell is what Playwright's final result says, teardown included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import MatrixReporter from '../reliability/reporter';
import { MatrixLayout, cellAnnotation, layoutAnnotation, outcomeOf, parseLayout } from '../reliability/matrix';

const LAYOUT: MatrixLayout = {
  flows: ['log-in: password', 'refund submission (EDS)'],
  faults: ['500', 'offline', 'NCALayer cancelled'],
  applies: { 'log-in: password': ['500', 'offline'], 'refund submission (EDS)': ['500', 'offline', 'NCALayer cancelled'] },
  targets: { 'log-in: password': 'POST /api/auth/password', 'refund submission (EDS)': 'POST /api/refunds' },
};

type Ann = { type: string; description?: string };

function testCase(flow: string | null, fault: string, extra: Partial<TestCase> = {}): TestCase {
  const annotations: Ann[] = flow ? [layoutAnnotation(LAYOUT), cellAnnotation(flow, fault)] : [];
  return {
    id: `${flow}-${fault}`,
    title: flow ? `${flow} × ${fault}` : fault,
    annotations,
    expectedStatus: 'passed',
    ...extra,
  } as unknown as TestCase;
}

function result(status: TestResult['status'], errors: string[] = [], annotations: Ann[] = []): TestResult {
  const errs = errors.map((message) => ({ message }));
  return { status, duration: 1234, errors: errs, error: errs[0], annotations } as unknown as TestResult;
}

/** Runs the reporter over the tests and their results; the files it wrote (null: none). */
function run(dir: string, tests: TestCase[], results: [TestCase, TestResult][]) {
  const reporter = new MatrixReporter({ outputDir: dir });
  const suite = { allTests: () => tests } as unknown as Suite;
  reporter.onBegin({} as FullConfig, suite);
  for (const [t, r] of results) {
    // What the runner does at the end of a test: the test's annotations become the result's.
    const withStatic = { ...r, annotations: [...t.annotations, ...r.annotations] } as TestResult;
    reporter.onTestEnd(t, withStatic);
  }
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    reporter.onEnd({ status: 'passed' } as FullResult);
  } finally {
    process.stdout.write = write;
  }
  const md = path.join(dir, 'matrix.md');
  if (!fs.existsSync(md)) return null;
  return { md: fs.readFileSync(md, 'utf8'), json: JSON.parse(fs.readFileSync(path.join(dir, 'matrix.json'), 'utf8')) };
}

const row = (md: string, flow: string) => md.split('\n').find((l) => l.startsWith(`| ${flow} |`));

test('a test that passed its body but failed in a fixture\'s teardown is a failing cell', () => {
  const t = testCase('log-in: password', '500');
  const teardown = 'Error: secrets in URLs, console or storage\n\nexpect(received).toEqual(expected) // deep equality';
  const out = run(test.info().outputPath('m'), [t], [[t, result('failed', [teardown])]])!;
  expect(row(out.md, 'log-in: password')).toBe('| log-in: password | ✗ | · | n/a |');
  expect(out.md).toContain('0 ✓ passed, 0 ✗ᴰ known app defects (test.fail), 1 ✗ failed');
  expect(out.md).toContain('- ✗ **log-in: password × 500**: Error: secrets in URLs, console or storage expect(received)');
  expect(out.json.cells).toEqual([
    {
      flow: 'log-in: password',
      fault: '500',
      outcome: 'fail',
      durationMs: 1234,
      error: 'Error: secrets in URLs, console or storage  expect(received).toEqual(expected) // deep equality',
    },
  ]);
});

test('each final status gives its mark; timed out and interrupted are failing cells', () => {
  expect(outcomeOf('passed', 'passed')).toBe('pass');
  expect(outcomeOf('passed', 'failed')).toBe('fail');
  expect(outcomeOf('passed', 'timedOut')).toBe('fail');
  expect(outcomeOf('passed', 'interrupted')).toBe('fail');
  expect(outcomeOf('passed', 'skipped')).toBe('skipped');
  expect(outcomeOf('skipped', 'skipped')).toBe('skipped');
  // test.fail(): the expected failure, a fix, and a timeout (not the expected failure).
  expect(outcomeOf('failed', 'failed')).toBe('known-defect');
  expect(outcomeOf('failed', 'passed')).toBe('fixed?');
  expect(outcomeOf('failed', 'timedOut')).toBe('fail');
  expect(outcomeOf('failed', 'interrupted')).toBe('fail');

  const login500 = testCase('log-in: password', '500');
  const loginOffline = testCase('log-in: password', 'offline');
  const refund500 = testCase('refund submission (EDS)', '500');
  const refundOffline = testCase('refund submission (EDS)', 'offline', { expectedStatus: 'failed' });
  const refundNca = testCase('refund submission (EDS)', 'NCALayer cancelled');
  const tests = [login500, loginOffline, refund500, refundOffline, refundNca];
  const defect = { type: 'fail', description: 'a 401 while polling crashes the app' };
  const out = run(test.info().outputPath('m'), tests, [
    [login500, result('passed')],
    [loginOffline, result('timedOut', ['Test timeout of 45000ms exceeded.'])],
    [refund500, result('interrupted')],
    [refundOffline, result('failed', ['expect(locator).toBeVisible() failed'], [defect])],
    [refundNca, result('skipped')],
  ])!;
  expect(row(out.md, 'log-in: password')).toBe('| log-in: password | ✓ | ✗ | n/a |');
  expect(row(out.md, 'refund submission (EDS)')).toBe('| refund submission (EDS) | ✗ | ✗ᴰ | – |');
  expect(out.md).not.toContain('Partial run');
  expect(out.md).toContain(
    'Totals: 1 ✓ passed, 1 ✗ᴰ known app defects (test.fail), 2 ✗ failed, 0 ✓? marked defect but passed, ' +
      '1 – skipped; 5 applicable cells of 6.',
  );
  expect(out.md).toContain('- ✗ **log-in: password × offline**: Test timeout of 45000ms exceeded.');
  expect(out.md).toContain('- ✗ **refund submission (EDS) × 500**: interrupted (the run stopped)');
  expect(out.md).toContain('- ✗ᴰ **refund submission (EDS) × offline**: a 401 while polling crashes the app');
  expect(out.md).toContain('- refund submission (EDS): `POST /api/refunds`');
  expect(out.json).toMatchObject({ partial: false, applicable: 5, ran: 5, flows: LAYOUT.flows, faults: LAYOUT.faults });
  expect(out.json.cells.map((c: { outcome: string }) => c.outcome)).toEqual(['pass', 'fail', 'fail', 'known-defect', 'skipped']);
});

test('a filtered run marks the cells it did not run, and a retry replaces its cell', () => {
  const t = testCase('refund submission (EDS)', 'NCALayer cancelled');
  const out = run(test.info().outputPath('m'), [t], [
    [t, result('failed', ['first attempt'])],
    [t, result('passed')],
  ])!;
  expect(out.md).toContain('**Partial run:** 1 of 5 applicable cells ran');
  expect(row(out.md, 'log-in: password')).toBe('| log-in: password | · | · | n/a |');
  expect(row(out.md, 'refund submission (EDS)')).toBe('| refund submission (EDS) | · | · | ✓ |');
  expect(out.md).not.toContain('Cells that did not pass');
  expect(out.json.cells).toHaveLength(1);
});

test('nothing is written without a matrix cell that ended; other tests are not cells', () => {
  const other = testCase(null, 'log-in: a wrong password');
  const cell = testCase('log-in: password', '500');
  const dir = test.info().outputPath('m');
  // Another spec alone, or a listing (--list): the last table stays.
  expect(run(dir, [other], [[other, result('failed', ['boom'])]])).toBeNull();
  expect(run(dir, [other, cell], [])).toBeNull();
  const out = run(dir, [other, cell], [
    [other, result('failed', ['boom'])],
    [cell, result('passed')],
  ])!;
  expect(out.json.cells).toHaveLength(1);
  expect(out.md).toContain('Totals: 1 ✓ passed');
});

test('the layout annotation carries the whole layout', () => {
  expect(parseLayout(layoutAnnotation(LAYOUT).description)).toEqual(LAYOUT);
  expect(cellAnnotation('registration', '500')).toEqual({ type: 'matrix', description: 'registration × 500' });
});
