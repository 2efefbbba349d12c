import { expect, test } from '@playwright/test';
import { accountMenu, settle } from './helpers';

// The provider is oidc/provider.mjs (npm oidc-provider with its development
// interactions), started by global-setup.ts: any login and password work,
// then a consent page asks to "Continue".

test('signing in with single sign-on lands on the dashboard as the IdP user', async ({ page }) => {
  const issuer = process.env.RMC_OIDC_ISSUER;
  expect(issuer, 'global-setup sets RMC_OIDC_ISSUER').toBeTruthy();

  await page.goto('/login');
  await settle(page);
  await page.getByRole('link', { name: 'Sign in with single sign-on', exact: true }).click();

  // The provider's login page.
  await page.waitForURL((url) => url.origin === issuer && url.pathname.startsWith('/interaction/'));
  await page.locator('input[name="login"]').fill('ada');
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();

  // The provider's consent page (a new /interaction/<uid> URL).
  await page.getByRole('button', { name: 'Continue' }).click();

  // Back in RMC.
  await page.waitForURL(/\/dashboard(?:[?#].*)?$/);
  expect(new URL(page.url()).origin).toBe(process.env.RMC_BASE_URL);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(accountMenu(page).summary).toContainText('ada@idp.example');
});
