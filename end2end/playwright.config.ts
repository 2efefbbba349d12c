import { defineConfig, devices } from '@playwright/test';

// RMC browser tests. global-setup.ts starts a local OpenID Connect provider
// and the real rmc-server (with demo data in a fresh SQLite file), then sets
// RMC_BASE_URL, which Playwright hands on to the worker processes that read
// this file again.
//
// The browser is Debian's Chromium (/usr/bin/chromium); Playwright never
// downloads one here.

const chromiumLaunch = {
  executablePath: process.env.RMC_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: 'tests',
  workers: 1, // the machine has 2 cores and the server needs one
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL: process.env.RMC_BASE_URL,
    launchOptions: chromiumLaunch,
    headless: true,
    locale: 'en-US', // English is the default UI language; tests that want another set it
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunch,
        headless: true,
      },
    },
  ],
});
