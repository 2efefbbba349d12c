import { type Page } from '@playwright/test';
import { createOffering, createProvider, expect, newContext, newProvider, settle, signIn, test, uniqueName, UUID } from './helpers';

// Scheduled price changes (issue 18, item 2): a provider schedules new prices for a later
// date, sees them in the plan's price schedule while today's prices stay in force, edits and
// cancels them (the catalog page's "Prices from" is in server/tests/price_changes.rs: a draft is
// not in the catalog); a date that is not
// after today is refused beside its field with what was typed kept (with and without
// JavaScript).

const PROVIDER = newProvider('prices');

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

/** `days` after today (UTC), as a date field takes it. */
function inDays(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const unitPrice = (page: Page) => page.getByRole('textbox', { name: 'Tier 1 Unit price USD', exact: true });
const effective = (page: Page) => page.getByLabel('Prices apply from', { exact: true });
const schedule = (page: Page) => page.locator('section.price-schedule');

/** A new offering with a linear plan at 0.01 USD per call; the plan editor's address. */
async function pricedPlan(page: Page): Promise<{ id: string; url: string }> {
  const id = await createOffering(page, uniqueName('prices'));
  await page.goto(`/offerings/${id}/plans/new`);
  await settle(page);
  await page.getByLabel('Plan name', { exact: true }).fill('standard');
  await page.getByLabel('Display name', { exact: true }).fill('Standard');
  await page.getByLabel('Description', { exact: true }).fill('Pay per call.');
  await page.getByLabel('Metric id', { exact: true }).fill('API_CALLS');
  await page.getByLabel('Unit name (English)', { exact: true }).fill('call');
  await page.getByLabel('Pricing model', { exact: true }).selectOption('linear');
  await unitPrice(page).fill('0.01');
  // A new plan's prices apply when it is saved: no date to choose yet.
  await expect(effective(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await page.waitForURL(new RegExp(`/offerings/${id}/plans/${UUID.source}$`));
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  return { id, url: page.url() };
}

test('a provider schedules a price change, sees it announced, edits and cancels it', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const { url } = await pricedPlan(page);
  const soon = inDays(10);
  await expect(schedule(page).locator('tr[data-effective=""]')).toContainText('In force');

  await unitPrice(page).fill('0.02');
  await effective(page).fill(soon);
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  const row = schedule(page).locator(`tr[data-effective="${soon}"]`);
  await expect(row).toContainText('Scheduled');
  await expect(schedule(page).locator('tr[data-effective=""]')).toContainText('In force');
  // The form is back on the prices in force today.
  await expect(unitPrice(page)).toHaveValue('0.01');
  await expect(effective(page)).toHaveValue('');

  // The Plans tab announces the next prices under the plan.
  await page.goto(url.replace(/\/[0-9a-f-]{36}$/, ''));
  await settle(page);
  await expect(page.getByTestId('next-price-change')).toContainText('Prices from');
  await page.goto(url);
  await settle(page);

  // Editing the scheduled change opens it in the form; saving moves nothing else.
  await row.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.waitForURL(`**?prices=${soon}`);
  await settle(page);
  await expect(unitPrice(page)).toHaveValue('0.02');
  await expect(effective(page)).toHaveValue(soon);
  await unitPrice(page).fill('0.025');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  await expect(schedule(page).locator('tbody tr')).toHaveCount(2);

  // Cancelling removes it from the schedule, for good.
  await schedule(page).locator(`tr[data-effective="${soon}"]`).getByRole('button', { name: /^Cancel change/ }).click();
  await expect(schedule(page).locator(`tr[data-effective="${soon}"]`)).toHaveCount(0);
  await page.goto(url);
  await settle(page);
  await expect(schedule(page).locator('tbody tr')).toHaveCount(1);
});

for (const js of [true, false]) {
  const how = js ? 'with JavaScript' : 'without JavaScript';

  test(`a date that is not after today is refused beside its field (${how})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const setup = await newContext(browser);
    const setupPage = await setup.newPage();
    await signIn(setupPage, PROVIDER.email, PROVIDER.password);
    const { url } = await pricedPlan(setupPage);
    await setup.close();

    const context = await newContext(browser, { javaScriptEnabled: js });
    const page = await context.newPage();
    await signIn(page, PROVIDER.email, PROVIDER.password);
    await page.goto(url);
    await settle(page);
    await unitPrice(page).fill('0.03');
    await effective(page).fill(inDays(0));
    await page.getByRole('button', { name: 'Save plan', exact: true }).click();
    await expect(page.locator('#plan-effective-error')).toContainText('Choose a date after today');
    await expect(unitPrice(page)).toHaveValue('0.03');
    await expect(effective(page)).toHaveValue(inDays(0));

    await effective(page).fill(inDays(20));
    await page.getByRole('button', { name: 'Save plan', exact: true }).click();
    await expect(schedule(page).locator(`tr[data-effective="${inDays(20)}"]`)).toContainText('Scheduled');
    await expect(page.locator('#plan-effective-error')).toHaveText('');
    await context.close();
  });
}
