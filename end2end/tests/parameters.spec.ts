import { type Page } from '@playwright/test';
import { createOffering, createProvider, expect, newContext, newProvider, settle, signIn, test, uniqueName } from './helpers';

// Create-time parameters (issue 18, item 6): a provider describes what a customer gives when
// creating an instance, sees the form the customer will fill in, has mistakes refused beside
// their fields with what was typed kept (with and without JavaScript), and finds the
// parameters in the exported broker catalog as JSON Schema.

const PROVIDER = newProvider('params');

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

/** A new offering with one free plan, made in a browser with JavaScript; its parameters page. */
async function planParametersPage(page: Page): Promise<{ id: string; url: string }> {
  const id = await createOffering(page, uniqueName('params'));
  await page.goto(`/offerings/${id}/plans/new`);
  await settle(page);
  await page.getByLabel('Plan name', { exact: true }).fill('starter');
  await page.locator('#plan-kind').selectOption('free');
  await page.getByLabel('Display name', { exact: true }).fill('Starter');
  await page.getByLabel('Description', { exact: true }).fill('Free to try.');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
  await expect(page.locator('.plan-parameters-link')).toContainText('Parameters: 0');
  await page.getByRole('link', { name: 'Create-time parameters', exact: true }).click();
  await page.waitForURL(/\/parameters$/);
  await settle(page);
  return { id, url: page.url() };
}

const newRow = (page: Page) =>
  page.locator('fieldset.parameter-row').filter({ has: page.locator('legend', { hasText: 'New parameter' }) });
const rowN = (page: Page, n: number) =>
  page.locator('fieldset.parameter-row').filter({ has: page.locator('legend', { hasText: new RegExp(`^Parameter ${n}$`) }) });

for (const js of [true, false]) {
  const how = js ? 'with JavaScript' : 'without JavaScript';

  test(`a provider describes create-time parameters and sees the customer's form (${how})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const setup = await newContext(browser);
    const setupPage = await setup.newPage();
    await signIn(setupPage, PROVIDER.email, PROVIDER.password);
    const { id, url } = await planParametersPage(setupPage);
    await setup.close();

    const context = await newContext(browser, { javaScriptEnabled: js });
    const page = await context.newPage();
    await signIn(page, PROVIDER.email, PROVIDER.password);
    await page.goto(url);
    await settle(page);
    await expect(page.locator('.parameter-preview-card')).toContainText('No parameters: customers create an instance without giving any.');

    // A required number with bounds and a default.
    let row = newRow(page);
    await row.getByLabel('Name', { exact: true }).fill('size_gb');
    await row.getByLabel('Type', { exact: true }).selectOption('number');
    await row.getByLabel('Required', { exact: true }).check();
    await row.getByLabel('Default (optional)', { exact: true }).fill('8');
    await row.getByLabel('Minimum', { exact: true }).fill('1');
    await row.getByLabel('Maximum', { exact: true }).fill('64');
    await row.getByLabel('Label (English)', { exact: true }).fill('Disk size (GB)');
    if (js) {
      // The preview follows what is typed, before anything is saved; a number's own fields
      // are the only kind-specific ones left.
      const size = page.locator('.parameter-preview').getByLabel('Disk size (GB)');
      await expect(size).toHaveAttribute('type', 'number');
      await expect(size).toHaveAttribute('max', '64');
      await expect(size).toHaveValue('8');
      await expect(row.getByLabel('Options, one per line', { exact: true })).toBeHidden();
    }
    await page.getByRole('button', { name: 'Save parameters', exact: true }).click();
    await settle(page);
    await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
    await expect(rowN(page, 1).getByLabel('Name', { exact: true })).toHaveValue('size_gb');
    await expect(page.locator('.parameter-preview').getByLabel('Disk size (GB)')).toHaveValue('8');

    // Mistakes are told beside their fields, and what was typed stays.
    row = newRow(page);
    await row.getByLabel('Name', { exact: true }).fill('Tier');
    await row.getByLabel('Type', { exact: true }).selectOption('choice');
    await row.getByLabel('Options, one per line', { exact: true }).fill('small');
    await row.getByLabel('Label (English)', { exact: true }).fill('Tier');
    await page.getByRole('button', { name: 'Save parameters', exact: true }).click();
    await settle(page);
    row = page.locator('fieldset.parameter-row').nth(1);
    await expect(row.getByLabel('Name', { exact: true })).toHaveValue('Tier');
    await expect(row.locator('.field-error').filter({ hasText: 'Use up to 63 lowercase letters, digits and underscores, starting with a letter.' })).toBeVisible();
    await expect(row.locator('.field-error').filter({ hasText: 'List at least two options, one per line.' })).toBeVisible();
    await expect(row.getByLabel('Options, one per line', { exact: true })).toHaveValue('small');

    await row.getByLabel('Name', { exact: true }).fill('tier');
    await row.getByLabel('Options, one per line', { exact: true }).fill('small\nlarge');
    await page.getByRole('button', { name: 'Save parameters', exact: true }).click();
    await settle(page);
    await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
    const tier = page.locator('.parameter-preview').getByLabel('Tier', { exact: true });
    await expect(tier.locator('option')).toHaveText(['small', 'large']);

    // The broker catalog carries them as the plan's JSON Schema.
    const exported = await page.request.get(`/offerings/${id}/brokers/catalog.json`);
    const schema = (await exported.json()).services[0].plans[0].schemas.service_instance.create.parameters;
    expect(schema.required).toEqual(['size_gb']);
    expect(schema.properties.size_gb).toMatchObject({ type: 'number', minimum: 1, maximum: 64, default: 8 });
    expect(schema.properties.tier.enum).toEqual(['small', 'large']);
    await context.close();
  });
}
