import { accountMenu, DEMO, expect, expectSignInForm, languageMenu, openMenu, signIn, test } from './helpers';

// Everything here must work as plain HTML: forms that post, and native
// <details> menus that open without any script.
test.use({ javaScriptEnabled: false });

test('without JavaScript: sign in, switch to German, sign out', async ({ page }) => {
  await signIn(page, DEMO.owner);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('No offerings yet')).toBeVisible();

  await openMenu(languageMenu(page));
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeVisible();
  await expect(page.getByText('Noch keine Angebote')).toBeVisible();

  await openMenu(accountMenu(page));
  await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
  await page.waitForURL(/\/login(?:[?#].*)?$/);
  await expect(page.locator('input#email')).toBeVisible();
  await expect(page.locator('input#password')).toBeVisible();

  // Signed out for real: the dashboard now only offers a way to sign in.
  await page.goto('/dashboard');
  await expect(page.getByRole('main').locator('a[href^="/login"]')).toBeVisible();
  await expect(page.getByText(/^(No offerings yet|Noch keine Angebote)$/)).toHaveCount(0);
  await expect(page.locator('details.user-menu')).toHaveCount(0);
});

test('without JavaScript: a wrong password shows the error', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail', { exact: true }).fill(DEMO.viewer);
  await page.getByLabel('Password', { exact: true }).fill('wrong');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('The e-mail or password is not right. Please try again.');
  await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(DEMO.viewer);
  await expectSignInForm(page);
});

test('without JavaScript: a bad offering name comes back with the server\'s message under the field', async ({ page }) => {
  await signIn(page, DEMO.owner);
  await page.goto('/offerings/new');
  await page.getByLabel('Name', { exact: true }).fill('Bad_Name');
  await page.getByRole('button', { name: 'Create offering', exact: true }).click();
  await expect(page).toHaveURL(/\/offerings\/new\?/);
  await expect(page.locator('#f-name-error')).toHaveText(
    'Use 3–64 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.',
  );
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});
