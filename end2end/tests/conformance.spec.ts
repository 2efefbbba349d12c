import { type Page } from '@playwright/test';
import { BROKER_PASSWORD, startBroker, type RunningBroker } from './broker';
import { createOffering, createProvider, expect, newProvider, settle, signIn, test, uniqueName } from './helpers';

// The conformance run (issue 18, item 7): a provider runs it against a broker that breaks the
// spec (end2end/broker/broker.py --mode bad) and reads, for each failed check, what the console
// sent, what came back, the spec's sentence and how to fix it. Passed checks keep their details
// folded; a binding's credentials never reach the page.

const PROVIDER = newProvider('osbcheck');
let broker: RunningBroker | undefined;

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

test.afterAll(() => broker?.stop());

async function bindablePlan(page: Page, id: string) {
  await page.goto(`/offerings/${id}/plans/new`);
  await settle(page);
  await page.getByLabel('Plan name', { exact: true }).fill('starter');
  await page.locator('#plan-kind').selectOption('free');
  await page.locator('#plan-bindable').selectOption('true');
  await page.getByLabel('Display name', { exact: true }).fill('Starter');
  await page.getByLabel('Description', { exact: true }).fill('Free to try.');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
}

test('a provider reads what a failing broker answered and how to fix it', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, uniqueName('osbcheck'));
  await bindablePlan(page, id);
  const exported = await page.request.get(`/offerings/${id}/brokers/catalog.json`);
  broker = await startBroker(await exported.text(), ['--mode', 'bad', '--catalog-as-is']);

  await page.goto(`/offerings/${id}/brokers`);
  await settle(page);
  const form = page.getByTestId('broker-register-form');
  await form.getByLabel('Broker name', { exact: true }).fill('lenient');
  await form.getByLabel('Broker URL', { exact: true }).fill(broker.url);
  await form.getByLabel('User name', { exact: true }).fill('broker');
  await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
  await form.getByLabel('Locations served', { exact: true }).fill('eu-de');
  await form.getByRole('button', { name: 'Register a broker', exact: true }).click();
  const card = page.getByTestId('broker');
  await expect(card).toHaveCount(1);

  await card.getByLabel('Plan', { exact: true }).selectOption({ label: 'starter' });
  await card.getByRole('button', { name: 'Run conformance', exact: true }).click();
  const report = card.getByTestId('conformance-run');
  await expect(report).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  const row = (id: string) => report.locator('tbody tr').filter({ has: page.locator('code', { hasText: new RegExp(`^${id}$`) }) });

  // A failed MUST: its details are open with the exchange, the spec's words and the fix.
  const conflict = row('bind-conflict-409');
  await expect(conflict).toContainText('Failed');
  const details = conflict.locator('details.check-details');
  await expect(details).toHaveAttribute('open', '');
  await expect(details.locator('.exchanges li')).toHaveCount(1);
  await expect(details.locator('.exchanges pre').first()).toContainText(/^PUT \/v2\/service_instances\/.+\/service_bindings\//);
  await expect(details.locator('.exchanges pre').nth(1)).toHaveText('201');
  await expect(details.locator('blockquote[lang="en"]')).toContainText('409 Conflict | MUST be returned');
  await expect(details.locator('.check-fix')).toContainText('How to fix: Compare a repeated bind request');

  // What a probe created by mistake is deleted again, and that call is shown too.
  const missing = row('provision-missing-ids-400').locator('details.check-details .exchanges li');
  await expect(missing).toHaveCount(4);
  await expect(missing.nth(1).locator('pre').first()).toContainText(/^DELETE \/v2\/service_instances\//);

  // A passed check keeps its details folded, and has no fix to offer.
  const created = row('provision-created');
  await expect(created).toContainText('Passed');
  await expect(created.locator('details.check-details')).not.toHaveAttribute('open', '');
  await expect(created.locator('.check-fix')).toHaveCount(0);

  // The test broker's binding passwords are `secret-<binding id>`: none is on the page.
  await expect(page.locator('body')).not.toContainText('secret-');
  // After a reload the stored report shows the same.
  await page.reload();
  await settle(page);
  await expect(row('bind-conflict-409').locator('details.check-details')).toHaveAttribute('open', '');
});
