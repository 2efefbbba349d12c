import { accountMenu, DEMO, expect, expectSignInForm, expectSignInPrompt, languageMenu, newContext, openMenu, settle, signIn, test } from './helpers';

test.describe('local sign-in', () => {
  test('the provider owner signs in and sees an empty dashboard', async ({ page }) => {
    await signIn(page, DEMO.owner);
    await settle(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No offerings yet' })).toBeVisible();
    const account = accountMenu(page).summary;
    await expect(account).toContainText(DEMO.owner);
    // Named "Account" for assistive technology; the name goes on with the
    // visible text ("Account: owner@…") so that it also contains what is seen.
    await expect(account).toHaveAccessibleName(/^Account\b/);
    await expect(languageMenu(page).summary).toHaveAccessibleName(/^Change language\b/);
  });

  test('a wrong password keeps the visitor on /login with an error and the typed e-mail', async ({ page }) => {
    await page.goto('/login');
    await settle(page);
    await page.getByLabel('E-mail', { exact: true }).fill(DEMO.owner);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect(page.getByRole('alert')).toHaveText('The e-mail or password is not right. Please try again.');
    await expect(page).toHaveURL(/\/login(?:[?#].*)?$/);
    await expect(page.getByLabel('E-mail', { exact: true })).toHaveValue(DEMO.owner);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toHaveCount(0);
  });

  test('signing out ends the session', async ({ page }) => {
    await signIn(page, DEMO.owner);
    await settle(page);
    await openMenu(accountMenu(page));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login(?:[?#].*)?$/);
    await expectSignInForm(page);

    // The old session is gone: the dashboard asks to sign in again.
    await page.goto('/dashboard');
    await expectSignInPrompt(page);
    await expect(page.getByText('No offerings yet')).toHaveCount(0);
  });

  test('"Sign out everywhere" in one browser signs out the other one too', async ({ browser, page }) => {
    // Two browsers, two sign-ins: on a loaded 2-core machine this took 37 s once (CI of 817a036).
    test.setTimeout(60_000);
    await signIn(page, DEMO.owner);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    const other = await newContext(browser);
    try {
      const otherPage = await other.newPage();
      await signIn(otherPage, DEMO.owner);
      await settle(otherPage);
      await openMenu(accountMenu(otherPage));
      await otherPage.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
      await otherPage.waitForURL(/\/login(?:[?#].*)?$/);
      await expectSignInForm(otherPage);
      await expect(otherPage.getByRole('status')).toHaveText('You have been signed out on every device.');
    } finally {
      await other.close();
    }

    await page.reload();
    await expectSignInPrompt(page);
    await expect(page.getByText('No offerings yet')).toHaveCount(0);
  });
});

test.describe('roles', () => {
  test('the provider owner is denied the administration page', async ({ page }) => {
    await signIn(page, DEMO.owner);
    const response = await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Access denied' })).toBeVisible();
    await expect(page.getByText(DEMO.admin)).toHaveCount(0); // no user list
    await expect(page.getByRole('table')).toHaveCount(0);
    expect(response?.status(), 'HTTP status of /admin for a provider owner').toBe(403);
  });

  test('the admin sees the administration page with the users', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Administration' })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: DEMO.owner }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Administration', exact: true })).toBeVisible();
  });

  test('the reviewer sees the review queue link, the owner does not', async ({ browser, page }) => {
    await signIn(page, DEMO.reviewer);
    await expect(page.getByRole('link', { name: 'Review queue', exact: true })).toBeVisible();

    const ownerContext = await newContext(browser);
    try {
      const ownerPage = await ownerContext.newPage();
      await signIn(ownerPage, DEMO.owner);
      await expect(ownerPage.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
      await expect(ownerPage.getByRole('link', { name: 'Dashboard', exact: true })).toBeVisible();
      await expect(ownerPage.getByRole('link', { name: 'Review queue', exact: true })).toHaveCount(0);
      await expect(ownerPage.getByRole('link', { name: 'Administration', exact: true })).toHaveCount(0);
    } finally {
      await ownerContext.close();
    }
  });
});
