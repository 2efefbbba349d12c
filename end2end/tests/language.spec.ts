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
