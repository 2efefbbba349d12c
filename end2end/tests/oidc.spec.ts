import { type Page } from '@playwright/test';
import { accountMenu, expect, settle, test } from './helpers';

// The provider is oidc/provider.mjs (npm oidc-provider with its development
// interactions), started by global-setup.ts: any login and password work,
// then a consent page asks to "Continue". Like a spec-conformant provider, it
// puts only `sub` in the ID token of a code flow; e-mail and name come from
// its userinfo endpoint.

async function signInWithSso(page: Page, login: string) {
  const issuer = process.env.RMC_OIDC_ISSUER;
  expect(issuer, 'global-setup sets RMC_OIDC_ISSUER').toBeTruthy();

  await page.goto('/login');
  await settle(page);
  await page.getByRole('link', { name: 'Sign in with single sign-on', exact: true }).click();

  // The provider's login page.
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'), { timeout: 15_000 });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();

  // The provider's consent page (a new /interaction/<uid> URL).
  await page.getByRole('button', { name: 'Continue' }).click();

  // Back in RMC.
  await page.waitForURL((url) => url.origin === process.env.RMC_BASE_URL && !url.pathname.startsWith('/auth/'));
  await expect(page.getByRole('alert'), 'RMC shows no sign-in error').toHaveCount(0);
  await expect(page).toHaveURL(/\/dashboard(?:[?#].*)?$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(accountMenu(page).summary).toContainText(`${login}@idp.example`);
}

test('signing in with single sign-on lands on the dashboard as the IdP user', async ({ page }) => {
  await signInWithSso(page, 'ada');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('single sign-on works as plain links and redirects', async ({ page }) => {
    await signInWithSso(page, 'grace');
  });
});
