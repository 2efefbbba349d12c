import { accountMenu, createOffering, createProvider, DEMO, expect, expectSignInForm, languageMenu, newProvider, openMenu, signIn, test, uniqueName } from './helpers';

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

const PROVIDER = newProvider('nojs');
const PLAN_PROVIDER = newProvider('nojs-plan');

test.describe('a refused save keeps what was typed', () => {
  test.beforeAll(async ({ browser }) => {
    await createProvider(browser, PROVIDER);
  });

  test('without JavaScript: basics', async ({ page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const id = await createOffering(page, uniqueName('nojs-basics'));
    await page.goto(`/offerings/${id}/basics`);
    await page.getByLabel('Provider display name', { exact: true }).fill('Typed Corp');
    await page.getByLabel('Documentation URL', { exact: true }).fill('ftp://docs.typed.example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.locator('#f-documentation_url-error')).toContainText('Enter a full web address');
    await expect(page.getByLabel('Provider display name', { exact: true })).toHaveValue('Typed Corp');
    await expect(page.getByLabel('Documentation URL', { exact: true })).toHaveValue('ftp://docs.typed.example');
    // Fixed, it saves; the page address no longer carries the earlier answer.
    await page.getByLabel('Documentation URL', { exact: true }).fill('https://docs.typed.example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page).not.toHaveURL(/__form|__err/);
    await page.reload();
    await expect(page.getByLabel('Provider display name', { exact: true })).toHaveValue('Typed Corp');
    await expect(page.getByLabel('Documentation URL', { exact: true })).toHaveValue('https://docs.typed.example');
  });

  test('without JavaScript: IAM', async ({ page }) => {
    await signIn(page, PROVIDER.email, PROVIDER.password);
    const name = uniqueName('nojs-iam');
    const id = await createOffering(page, name);
    await page.goto(`/offerings/${id}/iam`);
    await page.getByLabel('Enable IAM for this offering', { exact: true }).check();
    await page.getByLabel('Redirect URI 1', { exact: true }).fill('http://dashboard.typed.example/cb');
    await page.getByLabel('Action 1', { exact: true }).fill(`${name}.report.read`);
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    // Refused (http), with the message at the row and every typed value still there.
    await expect(page.locator('#f-redirect_uris-0-error')).toContainText('https');
    await expect(page.getByLabel('Redirect URI 1', { exact: true })).toHaveValue('http://dashboard.typed.example/cb');
    await expect(page.getByLabel('Action 1', { exact: true })).toHaveValue(`${name}.report.read`);
    await expect(page.getByLabel('Enable IAM for this offering', { exact: true })).toBeChecked();
    await page.getByLabel('Redirect URI 1', { exact: true }).fill('https://dashboard.typed.example/cb');
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    await expect(page).not.toHaveURL(/__form|__err/);
    await page.reload();
    await expect(page.getByLabel('Redirect URI 1', { exact: true })).toHaveValue('https://dashboard.typed.example/cb');
    await expect(page.getByLabel('Enable IAM for this offering', { exact: true })).toBeChecked();
    // The saved action has a row in the grant matrix now: tick a grant and save it.
    await page.getByLabel(`Viewer grants ${name}.report.read`, { exact: true }).check();
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    await page.reload();
    await expect(page.getByLabel(`Viewer grants ${name}.report.read`, { exact: true })).toBeChecked();
    await expect(page.getByLabel(`Editor grants ${name}.report.read`, { exact: true })).not.toBeChecked();
  });
});

test.describe('the plan editor', () => {
  test.beforeAll(async ({ browser }) => {
    await createProvider(browser, PLAN_PROVIDER);
  });

  test('without JavaScript: a paid plan with tiers in two currencies', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, PLAN_PROVIDER.email, PLAN_PROVIDER.password);
    const id = await createOffering(page, uniqueName('nojs-plan'));
    await page.goto(`/offerings/${id}/plans/new`);
    const cell = (name: string) => page.getByRole('textbox', { name, exact: true });
    await page.getByLabel('Plan name', { exact: true }).fill('metered');
    await page.getByLabel('Display name', { exact: true }).fill('Metered');
    await page.getByLabel('Description', { exact: true }).fill('Pay per call.');
    await page.getByLabel('EUR', { exact: true }).check();
    await page.getByLabel('Metric id', { exact: true }).fill('API_CALLS');
    await page.getByLabel('Unit name (English)', { exact: true }).fill('call');
    await page.getByLabel('Pricing model', { exact: true }).selectOption('graduated');
    // The shape follows the choices after a round trip; what was typed stays.
    await page.getByRole('button', { name: 'Update the form', exact: true }).click();
    await expect(cell('Tier 1 Unit price EUR')).toBeVisible();
    await expect(page.getByLabel('Plan name', { exact: true })).toHaveValue('metered');
    await expect(page.getByLabel('Metric id', { exact: true })).toHaveValue('API_CALLS');
    await page.getByRole('button', { name: 'Add tier', exact: true }).click();
    await expect(cell('Tier 2 Unit price USD')).toBeVisible();
    await expect(page.getByLabel('Unit name (English)', { exact: true })).toHaveValue('call');
    await cell('Tier 1 Up to').fill('1000');
    for (const [tier, price] of [['1', '0'], ['2', '0.02']]) {
      await cell(`Tier ${tier} Unit price USD`).fill(price);
      await cell(`Tier ${tier} Unit price EUR`).fill(price);
    }
    // A refused save: the message at its field, every typed value kept.
    await cell('Tier 2 Unit price USD').fill('0.00000000001');
    await page.getByRole('button', { name: 'Save plan', exact: true }).click();
    await expect(page.locator('#plan-metrics-0-tiers-1-USD-unit_price-error')).toContainText('10 decimals');
    await expect(cell('Tier 2 Unit price USD')).toHaveValue('0.00000000001');
    await expect(cell('Tier 1 Up to')).toHaveValue('1000');
    await expect(cell('Tier 2 Unit price EUR')).toHaveValue('0.02');
    await cell('Tier 2 Unit price USD').fill('0.02');
    await page.getByRole('button', { name: 'Save plan', exact: true }).click();
    await page.waitForURL(new RegExp(`/offerings/${id}/plans/[0-9a-f-]{36}$`));
    await page.reload();
    await expect(page.getByLabel('Plan name', { exact: true })).toHaveValue('metered');
    await expect(cell('Tier 1 Up to')).toHaveValue('1000');
    await expect(cell('Tier 2 Unit price EUR')).toHaveValue('0.02');
    await page.goto(`/offerings/${id}/plans`);
    await expect(page.getByRole('row').filter({ hasText: 'metered' })).toContainText('USD, EUR');
  });
});
