import { DEMO, expect, expectSignInForm, languageMenu, newContext, openMenu, settle, signIn, test } from './helpers';

test('switching to German sticks across reloads and pages, and back to English', async ({ page, context }) => {
  await signIn(page, DEMO.owner);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await settle(page);

  await expect(languageMenu(page).summary).toContainText('English');
  await openMenu(languageMenu(page));
  await page.getByRole('button', { name: 'Deutsch', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeVisible();
  await expect(page.getByText('Noch keine Angebote')).toBeVisible();
  // Screen readers pick their voice from <html lang>.
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeVisible();
  await expect(page.getByText('Noch keine Angebote')).toBeVisible();

  const second = await context.newPage();
  await second.goto('/dashboard');
  await expect(second.getByRole('heading', { level: 1, name: 'Übersicht' })).toBeVisible();
  await expect(second.getByText('Noch keine Angebote')).toBeVisible();
  await second.close();

  await settle(page);
  await openMenu(languageMenu(page));
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('No offerings yet')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
});

test('a browser that asks for German gets the sign-in page in German', async ({ browser }) => {
  const context = await newContext(browser, { locale: 'de-DE' });
  try {
    const page = await context.newPage();
    await page.goto('/login');
    await expectSignInForm(page, 'Anmelden');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("a refused save says why in the page's language, under its field", async ({ page, context }) => {
  await signIn(page, DEMO.admin);
  await context.addCookies([{ name: 'i18n_pref_locale', value: 'de', url: new URL(page.url()).origin }]);
  await page.goto('/admin');
  await settle(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  // The demo organisation exists: the server refuses the name in English, the page says it in German.
  await page.locator('#org-name').fill('Demo Cloud Co.');
  await page.locator('#org-name').press('Enter');
  await expect(page.locator('#org-name + .field-error')).toHaveText('Eine Organisation mit diesem Namen existiert bereits.');
});
