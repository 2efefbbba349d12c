import { type Locator, type Page } from '@playwright/test';
import { registerAndValidate, startBroker, type RunningBroker } from './broker';
import { accountMenu, createOffering, createProvider, DEMO, expect, expectSignInForm, languageMenu, newProvider, openMenu, signIn, test, uniqueName } from './helpers';
import { fillSupport } from './support';

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

/** Builds the plan "metered" (paid, graduated, two tiers, USD and EUR) with plain form posts;
 *  with `refuse`, first a save refused for one price, which keeps every typed value. */
async function paidPlanWithTiers(page: Page, id: string, refuse: boolean): Promise<void> {
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
  if (refuse) {
    // A refused save: the message at its field, every typed value kept.
    await cell('Tier 2 Unit price USD').fill('0.00000000001');
    await page.getByRole('button', { name: 'Save plan', exact: true }).click();
    await expect(page.locator('#plan-metrics-0-tiers-1-USD-unit_price-error')).toContainText('10 decimals');
    await expect(cell('Tier 2 Unit price USD')).toHaveValue('0.00000000001');
    await expect(cell('Tier 1 Up to')).toHaveValue('1000');
    await expect(cell('Tier 2 Unit price EUR')).toHaveValue('0.02');
    await cell('Tier 2 Unit price USD').fill('0.02');
  }
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await page.waitForURL(new RegExp(`/offerings/${id}/plans/[0-9a-f-]{36}\\?__saved=`));
  await expect(page.locator('p.notice-success')).toHaveText('Saved.');
  await page.reload();
  await expect(page.getByLabel('Plan name', { exact: true })).toHaveValue('metered');
  await expect(cell('Tier 1 Up to')).toHaveValue('1000');
  await expect(cell('Tier 2 Unit price EUR')).toHaveValue('0.02');
}

/** Clicks a submit button (by name, or a locator) and waits for the page the post redirects to. */
async function submit(page: Page, button: string | Locator): Promise<void> {
  const loaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.request().resourceType() === 'document');
  await (typeof button === 'string' ? page.getByRole('button', { name: button, exact: true }) : button).click();
  await loaded;
  await page.waitForLoadState('load');
}

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
    await expect(page.locator('p.notice-success')).toHaveText('Saved.');
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
    await expect(page.locator('p.notice-success')).toHaveText('Saved.');
    await page.reload();
    await expect(page.getByLabel('Redirect URI 1', { exact: true })).toHaveValue('https://dashboard.typed.example/cb');
    await expect(page.getByLabel('Enable IAM for this offering', { exact: true })).toBeChecked();
    // The saved action has a row in the grant matrix now: tick a grant and save it.
    await page.getByLabel(`Viewer grants ${name}.report.read`, { exact: true }).check();
    await submit(page, 'Save IAM settings');
    await page.reload();
    await expect(page.getByLabel(`Viewer grants ${name}.report.read`, { exact: true })).toBeChecked();
    await expect(page.getByLabel(`Editor grants ${name}.report.read`, { exact: true })).not.toBeChecked();
    // "Check sign-in" posts the form to the check and shows the authorization URL it built.
    await submit(page, 'Generate client');
    const issuer = process.env.RMC_OIDC_ISSUER!;
    await page.getByLabel('Issuer URL', { exact: true }).fill(issuer);
    await submit(page, 'Check sign-in');
    await expect(page.getByTestId('authorization-url')).toContainText(`${issuer.replace(/\/$/, '')}`);
    await expect(page.getByTestId('authorization-url')).toContainText('redirect_uri=https%3A%2F%2Fdashboard.typed.example%2Fcb');
    await expect(page.getByLabel('Issuer URL', { exact: true })).toHaveValue(issuer.replace(/\/$/, ''));
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
    await paidPlanWithTiers(page, id, true);
    await page.goto(`/offerings/${id}/plans`);
    await expect(page.getByRole('row').filter({ hasText: 'metered' })).toContainText('USD, EUR');
  });
});

const JOURNEY = newProvider('nojs-journey');
let broker: RunningBroker | undefined;

test.describe('the provider journey', () => {
  test.beforeAll(async ({ browser }) => {
    await createProvider(browser, JOURNEY);
  });
  test.afterAll(() => broker?.stop());

  test('without JavaScript: from a new offering to a request for public visibility', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, JOURNEY.email, JOURNEY.password);
    const name = uniqueName('nojs-journey');
    const id = await createOffering(page, name);
    const save = async () => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page).not.toHaveURL(/__err/);
    };

    await page.goto(`/offerings/${id}/basics`);
    await page.locator('#f-provider_display_name').fill('Plain Cloud');
    await page.locator('#f-category').selectOption('databases');
    await page.locator('#f-tags').fill('sql');
    await page.locator('#f-regions').fill('eu-de');
    await page.locator('#f-documentation_url').fill('https://docs.plain.example');
    await page.locator('#f-terms_url').fill('https://plain.example/terms');
    await save();
    await fillSupport(page, id, save);
    await page.goto(`/offerings/${id}/text/en`);
    await page.locator('#f-display_name').fill('Plain DB');
    await page.locator('#f-short_description').fill('A database, without scripts.');
    await page.locator('#f-long_description').fill('# Plain DB\n\nManaged.');
    await page.locator('#f-bullet1_title').fill('Managed');
    await page.locator('#f-bullet1_text').fill('Backups included.');
    await save();
    await expect(page.locator('#f-display_name')).toHaveValue('Plain DB');
    await page.goto(`/offerings/${id}/media`);
    await page.getByLabel('Icon file', { exact: true }).setInputFiles({
      name: 'icon.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f62fe"/></svg>'),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page).toHaveURL(/\/media\?uploaded=1$/);
    await page.goto(`/offerings/${id}/announcement`);
    // Saved empty over none, it asks for the text rather than saying "Saved.".
    await submit(page, 'Save');
    await expect(page.locator('#f-text-error')).toHaveText('This field is required.');
    await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toHaveCount(0);
    await page.locator('#f-text').fill('Plain DB is coming.');
    await page.locator('#f-date').fill('2026-12-01');
    await save();

    await paidPlanWithTiers(page, id, false);

    // IAM: enabled with a redirect URI, then the SSO client; its secret is shown once.
    await page.goto(`/offerings/${id}/iam`);
    await page.getByLabel('Enable IAM for this offering', { exact: true }).check();
    await page.getByLabel('Redirect URI 1', { exact: true }).fill('https://dashboard.plain.example/callback');
    await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
    await expect(page).not.toHaveURL(/__err/);
    await page.getByRole('button', { name: 'Generate client', exact: true }).click();
    await expect(page.getByTestId('secret-once')).toContainText('shown only this once');
    await expect(page.getByTestId('client-id')).not.toBeEmpty();
    await page.reload();
    await expect(page.getByTestId('secret-once')).toHaveCount(0);
    await expect(page.getByTestId('client-id')).not.toBeEmpty();

    // The broker: registered, validated and smoke-tested against the real test broker.
    const exported = await page.request.get(`/offerings/${id}/brokers/catalog.json`);
    expect(exported.status()).toBe(200);
    broker = await startBroker(await exported.text());
    await page.goto(`/offerings/${id}/brokers`);
    const card = await registerAndValidate(page, broker.url);
    await card.getByLabel('Plan', { exact: true }).selectOption({ label: 'metered' });
    await submit(page, card.getByRole('button', { name: 'Run smoke test', exact: true }));
    // The run goes on after the answer: without scripts, a reload shows how far it got.
    await expect.poll(async () => {
      await page.reload();
      return page.getByTestId('smoke-run').getAttribute('data-status');
    }, { timeout: 60_000 }).toBe('passed');

    // Limited, with a test account, then the request for public visibility.
    await page.goto(`/offerings/${id}/visibility`);
    await page.getByRole('button', { name: 'Make limited', exact: true }).click();
    await expect(page.getByTestId('lifecycle')).toHaveText('Limited');
    await page.getByLabel('E-mail of the test account', { exact: true }).fill(DEMO.editor);
    await page.getByRole('button', { name: 'Add test account', exact: true }).click();
    await expect(page.locator('ul.test-accounts')).toContainText(DEMO.editor);
    await expect(page.locator('section.checklist li[data-step="limited_test"]')).toHaveClass(/done/);
    // The same account again is refused, next to the field, which keeps the address.
    await page.getByLabel('E-mail of the test account', { exact: true }).fill(DEMO.editor);
    await page.getByRole('button', { name: 'Add test account', exact: true }).click();
    await expect(page.getByText('This account is already on the list.')).toBeVisible();
    await expect(page.getByLabel('E-mail of the test account', { exact: true })).toHaveValue(DEMO.editor);
    const request = page.locator('form.lifecycle-action').filter({ has: page.getByRole('button', { name: 'Request public visibility', exact: true }) });
    const note = request.getByLabel('Note for the reviewer (Request public visibility)', { exact: true });
    // A note over 2,000 characters is refused and comes back as typed.
    const long = `Made without scripts. ${'x'.repeat(2000)}`;
    await note.fill(long);
    await request.getByRole('button', { name: 'Request public visibility', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The note is too long' })).toBeVisible();
    await expect(page.getByTestId('lifecycle')).toHaveText('Limited');
    await expect(note).toHaveValue(long);
    await note.fill('Made without scripts.');
    await request.getByRole('button', { name: 'Request public visibility', exact: true }).click();
    await expect(page.getByTestId('lifecycle')).toHaveText('In review');
  });
});
