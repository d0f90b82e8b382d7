/**
 * The fault matrix's record: one outcome per (flow, fault) cell, kept in a file per run so that
 * a worker restarted after a failed cell does not lose what ran before it, and written as
 * target/reliability/matrix.md and matrix.json after every worker's last test.
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

/** target/reliability (this file is tests/e2e/reliability/matrix.ts). */
export const OUT_DIR = path.resolve(__dirname, '../../../target/reliability');

/** The runner process is the parent of every worker: one record file per run. */
const RUN_FILE = path.join(OUT_DIR, `.cells-${process.ppid}.json`);

function readRun(): Record<string, CellRecord> {
  try {
    return JSON.parse(fs.readFileSync(RUN_FILE, 'utf8'));
  } catch {
    return {};
  }
}

/** Record files of runs that ended more than two hours ago go. */
function sweepOldRuns() {
  try {
    for (const name of fs.readdirSync(OUT_DIR)) {
      const file = path.join(OUT_DIR, name);
      if (name.startsWith('.cells-') && file !== RUN_FILE && Date.now() - fs.statSync(file).mtimeMs > 2 * 3600_000) {
        fs.rmSync(file, { force: true });
      }
    }
  } catch {
    // no folder yet
  }
}
sweepOldRuns();

export function recordCell(cell: CellRecord) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const all = readRun();
  all[`${cell.flow} × ${cell.fault}`] = cell;
  fs.writeFileSync(RUN_FILE, JSON.stringify(all, null, 1));
}

const SYMBOL: Record<Outcome, string> = {
  pass: '✓',
  fail: '✗',
  'known-defect': '✗ᴰ',
  'fixed?': '✓?',
  skipped: '–',
};

/**
 * Writes matrix.md and matrix.json from this run's cells. `flows` and `faults` give the order;
 * `applies(flow, fault)` says which cells exist at all (the rest are n/a).
 */
export function writeMatrix(
  flows: string[],
  faults: string[],
  applies: (flow: string, fault: string) => boolean,
  targets: Record<string, string> = {},
) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const cells = readRun();
  const total = flows.reduce((n, f) => n + faults.filter((x) => applies(f, x)).length, 0);
  const ran = Object.values(cells);
  const count = (o: Outcome) => ran.filter((c) => c.outcome === o).length;
  const partial = ran.length < total;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

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
      const cell = cells[`${flow} × ${fault}`];
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
  fs.writeFileSync(path.join(OUT_DIR, 'matrix.md'), lines.join('\n'));
  fs.writeFileSync(
    path.join(OUT_DIR, 'matrix.json'),
    JSON.stringify({ date, partial, applicable: total, ran: ran.length, flows, faults, cells: ran }, null, 2),
  );
}
