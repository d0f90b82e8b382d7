import { defineConfig } from '@playwright/test';

/** The mock API serves the release build (dist/) and the API on this port during tests. */
export const PORT = Number(process.env.ZEINET_E2E_PORT ?? 18081);
/** The stand-in NCALayer's port (the real one's by default; another for a second run). */
const NCALAYER_PORT = Number(process.env.ZEINET_E2E_NCALAYER_PORT ?? 13579);
/** The built app to serve (a second checkout or a helper may build elsewhere). */
const DIST = process.env.ZEINET_E2E_DIST ?? '../../dist';
/** The mock API's binary (a helper may run a copy while others rebuild target/). */
const MOCK_API = process.env.ZEINET_E2E_MOCK_API ?? '../../target/debug/mock-api';

export default defineConfig({
  testDir: './specs',
  // Per port, so two runs side by side (a second checkout, a helper) do not clear each other's.
  outputDir: `../../target/e2e-results-${PORT}`,
  // Two cores: one browser at a time keeps timings honest and the machine responsive.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Playwright's default reporter, and the fault matrix's (target/reliability/matrix.md, from
  // each test's final result). A command line `--reporter=…` replaces both: name the matrix's
  // there too (`--reporter=list,json,./reliability/reporter.ts`).
  reporter: [[process.env.CI ? 'dot' : 'list'], ['./reliability/reporter.ts']],
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'kk-KZ',
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright must never download a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `mkdir -p ../../target/test-logs && exec ${MOCK_API} --dev --port ${PORT} --ncalayer-port ${NCALAYER_PORT} --static ${DIST} 2>../../target/test-logs/mock-api-e2e.log`,
    url: `http://127.0.0.1:${PORT}/__dev/health`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore',
    timeout: 60_000,
  },
});
