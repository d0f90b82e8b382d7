import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `make dev` itself (scripts/dev.sh: `trunk serve` with the debug build and the post-build
 * hook), for what only the dev server does: live reload. Its own port and output directory, so
 * that a running `make dev` or the release build in dist/ is left alone; no mock API (the
 * app's shell needs none, and its port is the one `make dev` takes).
 */
export const DEV_PORT = Number(process.env.ZEINET_DEV_TEST_PORT ?? 18084);

export default defineConfig({
  ...base,
  testDir: './dev',
  outputDir: `../../target/e2e-results-dev-${DEV_PORT}`,
  reporter: [[process.env.CI ? 'dot' : 'list']],
  // A change means a rebuild by Trunk (cargo, wasm-bindgen, the hook): seconds when warm.
  timeout: 5 * 60_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${DEV_PORT}` },
  webServer: {
    // Its log: target/test-logs/dev-server.log (trunk's build and requests).
    command: 'mkdir -p ../../target/test-logs && exec ../../scripts/dev.sh >../../target/test-logs/dev-server.log 2>&1',
    env: {
      ZEINET_DEV_MOCK: '0',
      ZEINET_DEV_PORT: String(DEV_PORT),
      ZEINET_DEV_DIST: `target/live-reload-${DEV_PORT}`,
    },
    url: `http://127.0.0.1:${DEV_PORT}/`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'ignore',
    // The first debug build of the app: minutes on a fresh machine.
    timeout: 20 * 60_000,
  },
});
