import { type Page } from '@playwright/test';
import { expectAccessibleLayout } from './a11y';
import { createOffering, createProvider, expect, newContext, newProvider, settle, signIn, test, uniqueName, UUID } from './helpers';

// Plans and pricing: a provider builds a graduated plan with three tiers in USD and EUR,
// types quantities into the estimator and reads the breakdown, saves it, then replays a
// generated month of usage and sees the rated total match the estimator.

const PROVIDER = newProvider('plans');

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

function sections(page: Page) {
  return page.getByRole('navigation', { name: 'Offering sections', exact: true });
}

/** A field of the tier table, by its accessible name ("Tier 2 Unit price USD"). */
function cell(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true });
}

test('a provider builds a graduated plan, estimates it and replays a month', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, uniqueName('plans'));

  await sections(page).getByRole('link', { name: 'Plans', exact: true }).click();
  await expect(page.getByText('No plans yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Add plan', exact: true }).click();
  await page.waitForURL(`**/offerings/${id}/plans/new`);
  await settle(page);

  await page.getByLabel('Plan name', { exact: true }).fill('standard');
  await page.getByLabel('Display name', { exact: true }).fill('Standard');
  await page.getByLabel('Description', { exact: true }).fill('Pay for the calls you make.');
  await page.getByLabel('EUR', { exact: true }).check();
  await page.getByLabel('Metric id', { exact: true }).fill('API_CALLS');
  await page.getByLabel('Unit name (English)', { exact: true }).fill('call');
  await page.getByLabel('Pricing model', { exact: true }).selectOption('graduated');
  await page.getByRole('button', { name: 'Add tier', exact: true }).click();
  await page.getByRole('button', { name: 'Add tier', exact: true }).click();

  // Three tiers: only upper bounds are typed; each tier starts where the previous ends.
  await cell(page, 'Tier 1 Up to').fill('1000');
  await cell(page, 'Tier 2 Up to').fill('10000');
  await expect(page.locator('[data-tier-from="1"]')).toHaveText('1000');
  await expect(page.locator('[data-tier-from="2"]')).toHaveText('10000');
  await expect(cell(page, 'Tier 3 Up to')).toHaveCount(0); // the last tier is open-ended
  for (const [tier, usd, eur] of [['1', '0', '0'], ['2', '0.02', '0.02'], ['3', '0.01', '0.01']]) {
    await cell(page, `Tier ${tier} Unit price USD`).fill(usd);
    await cell(page, `Tier ${tier} Unit price EUR`).fill(eur);
  }
  await cell(page, 'Tier 3 Flat fee USD').fill('5');
  await cell(page, 'Tier 3 Flat fee EUR').fill('4');

  // A bad price gets its message under the field, and what was typed stays: a unit price has
  // at most 10 decimals, a flat fee the currency's minor units.
  await cell(page, 'Tier 2 Unit price USD').fill('0.00000000001');
  await expect(page.locator('#plan-metrics-0-tiers-1-USD-unit_price-error')).toContainText('10 decimals');
  await expect(cell(page, 'Tier 2 Unit price USD')).toHaveValue('0.00000000001');
  await cell(page, 'Tier 2 Unit price USD').fill('0.02');
  await expect(page.locator('#plan-metrics-0-tiers-1-USD-unit_price-error')).toHaveText('');
  await cell(page, 'Tier 3 Flat fee USD').fill('5.001');
  await expect(page.locator('#plan-metrics-0-tiers-2-USD-flat_fee-error')).toContainText('2 decimal');
  await cell(page, 'Tier 3 Flat fee USD').fill('5');
  await expect(page.locator('#plan-metrics-0-tiers-2-USD-flat_fee-error')).toHaveText('');

  // A unit price in fractions of a cent: the line is rounded to cents (8 000 × 0.0001255 = 1.004).
  await cell(page, 'Tier 3 Unit price USD').fill('0.0001255');
  await page.locator('#est-API_CALLS').fill('18000');
  const tier3 = page.locator('table.estimate[data-currency="USD"]').getByRole('row').filter({ hasText: 'Tier 3 (10,000–∞)' });
  await expect(tier3).toContainText('0.0001255');
  await expect(tier3.locator('td').last()).toHaveText('1.00');
  await expect(page.locator('[data-total="USD"]')).toHaveText('186.00 USD');
  await expect(page.getByTestId('estimator-rounding')).toContainText('half up');
  await cell(page, 'Tier 3 Unit price USD').fill('0.01');

  // The estimator: 18 000 calls = 1 000 free + 9 000 × 0.02 + 8 000 × 0.01 + the flat fee of tier 3.
  await page.locator('#est-API_CALLS').fill('18000');
  const usd = page.locator('table.estimate[data-currency="USD"]');
  const eur = page.locator('table.estimate[data-currency="EUR"]');
  await expect(usd.locator('[data-total="USD"]')).toHaveText('265.00 USD');
  await expect(eur.locator('[data-total="EUR"]')).toHaveText('264.00 EUR');
  await expect(usd.getByRole('row').filter({ hasText: 'Tier 2 (1,000–10,000)' })).toContainText('180.00');
  await expect(usd.getByRole('row').filter({ hasText: 'Tier 3 (10,000–∞)' })).toContainText('80.00');
  await expect(usd.getByRole('row').filter({ hasText: 'Flat fee' })).toContainText('5.00');
  // On a tier edge: 10 000 calls stay in tier 2.
  await page.locator('#est-API_CALLS').fill('10000');
  await expect(usd.locator('[data-total="USD"]')).toHaveText('180.00 USD');
  await page.locator('#est-API_CALLS').fill('18000');

  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await page.waitForURL(new RegExp(`/offerings/${id}/plans/${UUID.source}$`));
  const planId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  await expectAccessibleLayout(page, testInfo, 'plan-editor');

  await sections(page).getByRole('link', { name: 'Plans', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'standard' })).toContainText('USD, EUR');

  // The usage test: 3 instances × 200 calls a day for November = 18 000 calls.
  await sections(page).getByRole('link', { name: 'Usage test', exact: true }).click();
  await page.waitForURL(`**/offerings/${id}/usage`);
  await settle(page);
  await page.getByLabel('Instances', { exact: true }).fill('3');
  await page.getByLabel('Quantity per instance and day', { exact: true }).fill('200');
  await page.getByLabel('Month', { exact: true }).fill('2026-11');
  await page.getByRole('button', { name: 'Generate and replay', exact: true }).click();
  await expect(page.getByText('90 records stored, 0 duplicates skipped, 0 refused.')).toBeVisible();
  const rated = page.locator('section.rated-month');
  await expect(rated.getByTestId('replay-records')).toHaveText('90');
  await expect(rated.locator('[data-quantity="API_CALLS"]')).toHaveText('18000');
  await expect(rated.locator('[data-total="USD"]')).toHaveText('265.00 USD');
  await expect(rated.locator('[data-total="EUR"]')).toHaveText('264.00 EUR');
  await expect(rated.locator('svg rect.bar')).toHaveCount(30);
  // A scale to read the bars by: 0, half and the top in USD; the first, middle and last day.
  await expect(rated.locator('svg text.tick')).toHaveText(['0.00 USD', '10.00 USD', '20.00 USD', 'Nov 1', 'Nov 15', 'Nov 30']);
  await expectAccessibleLayout(page, testInfo, 'usage-replay');

  // Clearing asks first (the first click only opens the confirmation), then removes the
  // replayed records only.
  await rated.locator('summary').filter({ hasText: 'Clear replayed usage' }).click();
  await expect(rated.getByTestId('replay-records')).not.toHaveText('0');
  await expect(rated.locator('details.confirm')).toContainText('Nothing was charged.');
  await rated.getByRole('button', { name: 'Delete the replayed usage', exact: true }).click();
  await expect(rated.getByTestId('replay-records')).toHaveText('0');

  // Without JavaScript the same form posts: a refused pattern comes back with its message and
  // what was typed; a good one is stored (2 instances × 30 days = 60 records).
  const plain = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await signIn(plain, PROVIDER.email, PROVIDER.password);
  await plain.goto(`/offerings/${id}/usage`);
  await plain.getByLabel('Instances', { exact: true }).fill('2');
  await plain.getByLabel('Quantity per instance and day', { exact: true }).fill('lots');
  await plain.getByRole('button', { name: 'Generate and replay', exact: true }).click();
  await expect(plain.getByRole('alert')).toContainText('Enter a number');
  await expect(plain.getByLabel('Instances', { exact: true })).toHaveValue('2');
  await expect(plain.getByLabel('Quantity per instance and day', { exact: true })).toHaveValue('lots');
  await plain.getByLabel('Quantity per instance and day', { exact: true }).fill('150');
  await plain.getByRole('button', { name: 'Generate and replay', exact: true }).click();
  await expect(plain.locator('section.rated-month').getByTestId('replay-records')).toHaveText('60');
  await expect(plain.getByRole('alert')).toHaveCount(0);
  await plain.locator('section.rated-month summary').filter({ hasText: 'Clear replayed usage' }).click();
  await plain.locator('section.rated-month').getByRole('button', { name: 'Delete the replayed usage', exact: true }).click();
  await expect(plain.locator('section.rated-month').getByTestId('replay-records')).toHaveText('0');
  await plain.context().close();
  await page.reload();
  await settle(page);

  // Records can also come as an uploaded file (JSON lines): 2 stored, rated like the estimator.
  // (The Usage page reached by the upload form's redirect once panicked while hydrating.)
  const record = (instance: string, quantity: string) => JSON.stringify({
    resource_instance_id: instance, plan_id: planId, start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z',
    measures: [{ measure: 'API_CALLS', quantity }],
  });
  await page.getByLabel('Or upload a file of records', { exact: true }).setInputFiles({
    name: 'usage.jsonl',
    mimeType: 'application/json',
    buffer: Buffer.from(`${record('i-1', '1500')}\n${record('i-2', '500')}\n`),
  });
  await page.getByRole('button', { name: 'Upload and replay', exact: true }).click();
  await expect(page.getByText('2 records stored, 0 duplicates skipped, 0 refused.')).toBeVisible();
  await expect(page.locator('section.rated-month').getByTestId('replay-records')).toHaveText('2');
  // 2 000 calls: 1 000 free + 1 000 × 0.02 = 20.00 USD.
  await expect(page.locator('section.rated-month [data-total="USD"]')).toHaveText('20.00 USD');

  // Only the server knows the offering's other plans: its refusal of a name already taken
  // shows at the field, and goes as soon as the name is changed (before saving again).
  await sections(page).getByRole('link', { name: 'Plans', exact: true }).click();
  await page.getByRole('link', { name: 'Add plan', exact: true }).click();
  await page.waitForURL(`**/offerings/${id}/plans/new`);
  await settle(page);
  await page.getByLabel('Pricing type', { exact: true }).selectOption('free');
  await page.getByLabel('Plan name', { exact: true }).fill('standard');
  await page.getByLabel('Display name', { exact: true }).fill('Trial');
  await page.getByLabel('Description', { exact: true }).fill('Try it for free.');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  const nameError = page.locator('#plan-name-error');
  await expect(nameError).toHaveText('Another plan of this offering already has this name. Choose another.');
  await expect(page.getByLabel('Plan name', { exact: true })).toHaveValue('standard');
  await page.getByLabel('Plan name', { exact: true }).fill('trial');
  await expect(nameError).toHaveText('');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await page.waitForURL(new RegExp(`/offerings/${id}/plans/${UUID.source}$`));
  await sections(page).getByRole('link', { name: 'Plans', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'trial' })).toContainText('Free');
});

test('a price problem is said in the page language as the provider types', async ({ page, context }) => {
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, uniqueName('plans-de'));
  await context.addCookies([{ name: 'i18n_pref_locale', value: 'de', url: new URL(page.url()).origin }]);
  await page.goto(`/offerings/${id}/plans/new`);
  await settle(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.locator('#plan-name').fill('abo');
  await page.locator('#plan-kind').selectOption('subscription');
  await page.locator('#plan-monthly_fee-USD').fill('zwölf');
  const error = page.locator('#plan-monthly_fee-USD-error');
  await expect(error).toHaveText('Geben Sie eine Zahl ein, etwa 12.50 (mit Punkt vor den Dezimalstellen).');
  await page.locator('#plan-monthly_fee-USD').fill('5.001');
  await expect(error).toHaveText('Beträge in USD haben höchstens 2 Dezimalstellen.');
  // An empty fee is the form's own "required", in German too.
  await page.locator('#plan-monthly_fee-USD').fill('');
  await expect(error).toHaveText('Dieses Feld ist erforderlich.');
});
