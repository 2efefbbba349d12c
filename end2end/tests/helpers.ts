import { test as base, expect, type Browser, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';

/** Uncaught errors in the pages the current test opened. */
const pageErrors: string[] = [];
/**
 * A page error is an uncaught exception, or a Content-Security-Policy violation: Chromium
 * reports each refused script, style, image or form target as a console error.
 */
function watchErrors(page: Page) {
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) {
      pageErrors.push(`${page.url()}: CSP violation: ${m.text()}`);
    }
  });
}

/**
 * Playwright's `test` and `expect`, with one addition: a test fails when any page it opened (its
 * own, and those of `newContext`) threw an uncaught error, such as a hydration failure or a
 * reactive panic. Forms keep working without JavaScript, so such breakage would otherwise pass.
 */
export const test = base.extend<{ noPageErrors: void }>({
  noPageErrors: [
    async ({ context, page }, use) => {
      pageErrors.length = 0;
      watchErrors(page);
      context.on('page', watchErrors);
      await use();
      const unexpected = [...pageErrors];
      expect(unexpected, 'uncaught errors in the pages of this test').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Accounts that rmc-server seeds with RMC_SEED_DEMO=true. */
export const DEMO = {
  /** Provider owner of the organisation "Demo Cloud Co.". */
  owner: 'owner@demo.example',
  editor: 'editor@demo.example',
  viewer: 'viewer@demo.example',
  reviewer: 'reviewer@platform.example',
  admin: 'admin@platform.example',
} as const;

export const DEMO_PASSWORD = 'demo-password';

/** The URL of the rmc-server that global-setup.ts started. */
export function baseURL(): string {
  const url = process.env.RMC_BASE_URL;
  if (!url) throw new Error('RMC_BASE_URL is not set: run the tests through `npx playwright test` (global-setup starts the server)');
  return url;
}

/**
 * Waits until the page has stopped loading things (its WASM bundle
 * included), so that hydration has had its chance before we type or click.
 * Everything the tests do also works without JS, so this only avoids racing
 * the hydration step; it never fails a test by itself.
 */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
}

/** Signs in through the /login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await settle(page);
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/dashboard(?:[?#].*)?$/);
}

/** A new browser context (its own cookies) pointed at the server under test. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: baseURL(), locale: 'en-US', ...options });
  context.on('page', watchErrors);
  return context;
}

/** The header's account menu (a native <details>), whatever the language. */
export function accountMenu(page: Page): { details: Locator; summary: Locator } {
  const details = page.locator('details.user-menu');
  return { details, summary: details.locator('> summary') };
}

/** The header's language menu (a native <details>), whatever the language. */
export function languageMenu(page: Page): { details: Locator; summary: Locator } {
  const details = page.locator('details.lang-switcher');
  return { details, summary: details.locator('> summary') };
}

/** Opens a <details> menu by clicking its summary (works with and without JS). */
export async function openMenu(menu: { details: Locator; summary: Locator }): Promise<void> {
  await menu.summary.click();
  await expect(menu.details).toHaveAttribute('open', /.*/);
}

/** The sign-in form, as a signed-out visitor sees it on /login (English). */
export async function expectSignInForm(page: Page, signInLabel = 'Sign in'): Promise<void> {
  await expect(page.locator('input#email')).toBeVisible();
  await expect(page.locator('input#password')).toBeVisible();
  await expect(page.getByRole('button', { name: signInLabel, exact: true })).toBeVisible();
}

/**
 * What a signed-out visitor sees on a page that needs a session: the
 * "Please sign in to continue." heading with a link to the sign-in page.
 */
export async function expectSignInPrompt(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Please sign in to continue.' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.locator('details.user-menu')).toHaveCount(0);
}

/** A provider of a test organisation of its own, made through the admin page. */
export type Provider = { email: string; password: string; org: string; name?: string };

export function newProvider(what: string): Provider {
  const stamp = Date.now().toString(36);
  return { email: `e2e-${what}-${stamp}@test.example`, password: 'e2e-password-123', org: `E2E ${what} ${stamp}` };
}

/**
 * Creates the provider's user and organisation (as the admin) and adds the members given
 * (the provider as owner first), so a suite's offerings never show on the demo dashboards.
 */
export async function createProvider(browser: Browser, provider: Provider, extra: [string, string][] = []): Promise<void> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await page.goto('/admin');
  await settle(page);
  await page.locator('#new-email').fill(provider.email);
  await page.locator('#new-name').fill(provider.name ?? 'E2E Owner');
  await page.locator('#new-password').fill(provider.password);
  await page.getByRole('button', { name: 'Create user', exact: true }).click();
  await expect(page.getByRole('cell', { name: provider.email, exact: true })).toBeVisible();
  await page.locator('#org-name').fill(provider.org);
  await page.getByRole('button', { name: 'Create organisation', exact: true }).click();
  await expect(page.getByRole('cell', { name: provider.org, exact: true })).toBeVisible();
  for (const [email, role] of [[provider.email, 'owner'] as [string, string], ...extra]) {
    await page.locator('#member-org').selectOption({ label: provider.org });
    await page.locator('#member-email').fill(email);
    await page.locator('#member-role').selectOption(role);
    await page.getByRole('button', { name: 'Add member', exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: provider.org })).toContainText(`${email} (${role[0].toUpperCase()}${role.slice(1)})`);
  }
  await context.close();
}

export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

let counter = 0;
/** A fresh offering name: lowercase letters, digits and hyphens, starting with a letter. */
export function uniqueName(what: string): string {
  counter += 1;
  return `e2e-${what}-${Date.now().toString(36)}-${counter}`;
}

/** Creates an offering through /offerings/new and returns its id (the UUID in the URL). */
export async function createOffering(page: Page, name: string): Promise<string> {
  await page.goto('/offerings/new');
  await settle(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Create an offering' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Create offering', exact: true }).click();
  // Without JavaScript the redirect names the accepted post (`?__saved=…`).
  await page.waitForURL(new RegExp(`/offerings/(${UUID.source})(?:\\?__saved=[^&]*)?$`));
  const id = new URL(page.url()).pathname.split('/').pop()!;
  expect(id).toMatch(UUID);
  return id;
}

