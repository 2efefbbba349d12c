import { type Page } from '@playwright/test';
import { expectAccessibleLayout } from './a11y';
import { BROKER_PASSWORD, startBroker, type RunningBroker } from './broker';
import { createOffering, createProvider, expect, newProvider, settle, signIn, test, uniqueName } from './helpers';

// Brokers and IAM (issue 6): a provider registers the real test broker (end2end/broker/broker.py,
// openbrokerapi, on loopback) serving the catalog the console exports, validates it, runs the
// smoke test and watches the timeline fill in; then sets up dashboard SSO with two redirect URIs
// and a custom role matrix, and rotates the client secret. The provider then edits the broker
// (renamed, the secret left blank so the stored one is kept) and validates it again.

const PROVIDER = newProvider('brokers');
let broker: RunningBroker | undefined;

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

test.afterAll(() => broker?.stop());

function sections(page: Page) {
  return page.getByRole('navigation', { name: 'Offering sections', exact: true });
}

test('a provider registers the broker, validates it and watches the smoke test', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const name = uniqueName('osb');
  const id = await createOffering(page, name);

  // One free, bindable plan.
  await page.goto(`/offerings/${id}/plans/new`);
  await settle(page);
  await page.getByLabel('Plan name', { exact: true }).fill('starter');
  await page.locator('#plan-kind').selectOption('free');
  await page.locator('#plan-bindable').selectOption('true');
  await page.getByLabel('Display name', { exact: true }).fill('Starter');
  await page.getByLabel('Description', { exact: true }).fill('Free to try.');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();

  // The exported catalog is what the broker serves.
  const exported = await page.request.get(`/offerings/${id}/brokers/catalog.json`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toContain(`${name}-catalog.json`);
  broker = await startBroker(await exported.text(), ['--async', '--async-polls', '4']);
  const url = broker.url;

  await sections(page).getByRole('link', { name: 'Brokers', exact: true }).click();
  await page.waitForURL(`**/offerings/${id}/brokers`);
  await settle(page);
  await expect(page.getByText('No broker registered yet.', { exact: false })).toBeVisible();
  const exportBlock = page.locator('pre.code-block');
  await expect(exportBlock).toContainText(`"name": "${name}"`);
  await page.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copied', exact: true })).toBeVisible();

  // Registration: a refused address keeps what was typed and says why under the field.
  const form = page.locator('form.broker-form').last();
  await form.getByLabel('Broker name', { exact: true }).fill('primary');
  await form.getByLabel('Broker URL', { exact: true }).fill('https://169.254.169.254/');
  await form.getByLabel('User name', { exact: true }).fill('broker');
  await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
  await form.getByLabel('Locations served', { exact: true }).fill('eu-de, us-south');
  await form.getByRole('button', { name: 'Register a broker', exact: true }).click();
  await expect(form.locator('#f-url-error')).toContainText('cloud metadata service');
  await expect(form.getByLabel('Broker name', { exact: true })).toHaveValue('primary');
  await form.getByLabel('Broker URL', { exact: true }).fill(url);
  await form.getByLabel('Password or token', { exact: true }).fill(BROKER_PASSWORD);
  await form.getByRole('button', { name: 'Register a broker', exact: true }).click();

  const card = page.getByTestId('broker');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Not validated');
  await expect(card).toContainText('eu-de, us-south');
  await expect(page.locator('body')).not.toContainText(BROKER_PASSWORD);
  // Registered: the register form is empty again, its counter too.
  const registerForm = page.getByTestId('broker-register-form');
  for (const label of ['Broker name', 'Broker URL', 'User name', 'Password or token', 'Locations served']) {
    await expect(registerForm.getByLabel(label, { exact: true })).toHaveValue('');
  }
  await expect(registerForm.locator('.counter').first()).toHaveText('0 / 64');

  await card.getByRole('button', { name: 'Validate', exact: true }).click();
  await expect(card.locator('.badge-ok').filter({ hasText: 'Catalog matches' })).toBeVisible();
  await expect(card.getByTestId('validation')).toContainText('Last validated');

  // The smoke test: the timeline fills in while it runs, then passes.
  await card.getByLabel('Plan', { exact: true }).selectOption({ label: 'starter' });
  await card.getByRole('button', { name: 'Run smoke test', exact: true }).click();
  const run = card.getByTestId('smoke-run');
  await expect(run).toHaveAttribute('data-status', 'running');
  await expect(run.locator('progress')).toBeVisible();
  await expect(run.locator('.timeline .step').nth(1)).toBeVisible(); // provision, then a poll
  await expect(run).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
  const steps = run.locator('.timeline .step');
  await expect(steps.first()).toContainText('Provision an instance');
  await expect(steps.first()).toContainText('202');
  const names = await steps.evaluateAll((els) => els.map((el) => el.getAttribute('data-step')));
  expect(names).toEqual(['provision', 'last_operation', 'last_operation', 'last_operation', 'last_operation', 'last_operation', 'bind', 'unbind', 'deprovision']);
  await expect(run.locator('.step-label').last()).toHaveText('Deprovision the instance');
  await expect(run.locator('progress')).toHaveCount(0);

  // After a reload the stored run is shown.
  await page.reload();
  await settle(page);
  await expect(page.getByTestId('smoke-run')).toHaveAttribute('data-status', 'passed');
  await expectAccessibleLayout(page, testInfo, 'brokers');

  // Edit: a refused address keeps the typed name; then renamed with the secret left blank,
  // which keeps the stored password, so validation against the real broker still passes.
  const stored = page.getByTestId('broker');
  const validatedAt = (await stored.getByTestId('validation').locator('time').getAttribute('datetime'))!;
  await stored.locator('summary').filter({ hasText: /^Edit$/ }).click();
  const editForm = stored.getByTestId('broker-edit-form');
  await expect(editForm.getByLabel('Broker name', { exact: true })).toHaveValue('primary');
  await expect(editForm.getByLabel('Password or token', { exact: true })).toHaveValue('');
  await expect(editForm.getByText('Leave empty to keep the stored password or token.', { exact: true })).toBeVisible();
  await editForm.getByLabel('Broker name', { exact: true }).fill('primary-renamed');
  await editForm.getByLabel('Broker URL', { exact: true }).fill('https://169.254.169.254/');
  await editForm.getByRole('button', { name: 'Save broker', exact: true }).click();
  await expect(editForm.locator('.field-error').filter({ hasText: 'cloud metadata service' })).toBeVisible();
  await expect(editForm.getByLabel('Broker name', { exact: true })).toHaveValue('primary-renamed');
  await editForm.getByLabel('Broker URL', { exact: true }).fill(url);
  await editForm.getByRole('button', { name: 'Save broker', exact: true }).click();

  const renamed = page.getByTestId('broker');
  await expect(renamed.getByRole('heading', { name: /primary-renamed/ })).toBeVisible();
  await expect(renamed).toHaveCount(1);
  await expect(page.locator('body')).not.toContainText(BROKER_PASSWORD);
  await renamed.getByRole('button', { name: 'Validate', exact: true }).click();
  await expect(renamed.getByTestId('validation').locator('time')).not.toHaveAttribute('datetime', validatedAt);
  await expect(renamed.locator('.badge-ok').filter({ hasText: 'Catalog matches' })).toBeVisible();
  await page.reload();
  await settle(page);
  await expect(page.getByTestId('broker').getByRole('heading', { name: /primary-renamed/ })).toBeVisible();
});

test('a provider sets up SSO with two redirect URIs and a role matrix, and rotates the secret', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const name = uniqueName('iam');
  const id = await createOffering(page, name);
  await sections(page).getByRole('link', { name: 'IAM', exact: true }).click();
  await page.waitForURL(`**/offerings/${id}/iam`);
  await settle(page);

  await page.getByLabel('Enable IAM for this offering', { exact: true }).check();
  await page.getByRole('button', { name: 'Generate client', exact: true }).click();
  const once = page.getByTestId('secret-once');
  await expect(once).toContainText('shown only this once');
  const firstSecret = (await once.locator('code.secret').textContent())!.trim();
  expect(firstSecret).toMatch(/^rmcs_/);
  await expect(page.getByTestId('client-id')).toContainText(name);

  // Two redirect URIs; a bad one first gets its message under the field.
  await page.getByRole('button', { name: '+ Redirect URI', exact: true }).click();
  await page.getByLabel('Redirect URI 1', { exact: true }).fill('http://dashboard.example.com/cb');
  await page.getByRole('button', { name: '+ Redirect URI', exact: true }).click();
  await page.getByLabel('Redirect URI 2', { exact: true }).fill('http://localhost:8080/callback');

  await page.getByRole('button', { name: '+ Role', exact: true }).click();
  await page.getByLabel('Role 1', { exact: true }).fill('Auditor');
  await page.getByRole('button', { name: '+ Action', exact: true }).click();
  // First without the service prefix: refused, and the grants ticked for it follow the fix.
  const action = `${name}.instance.read`;
  const typo = 'instance.read';
  await page.getByLabel('Action 1', { exact: true }).fill(typo);
  await page.getByLabel('Action 1', { exact: true }).press('Tab'); // leaving the field redraws the matrix

  const matrix = page.getByTestId('matrix');
  await expect(matrix.getByRole('rowheader')).toHaveText(['Viewer', 'Editor', 'Operator', 'Administrator', 'Reader', 'Writer', 'Manager', 'Auditor']);
  // Keyboard: focus a checkbox and tick it with the space bar.
  const auditor = matrix.getByRole('checkbox', { name: `Auditor grants ${typo}`, exact: true });
  await auditor.focus();
  await page.keyboard.press('Space');
  await expect(auditor).toBeChecked();
  await matrix.getByRole('checkbox', { name: `Manager grants ${typo}`, exact: true }).check();

  await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
  await expect(page.locator('#f-redirect_uris-0-error')).toContainText('Use https');
  await expect(page.locator('#f-actions-0-error')).not.toBeEmpty();
  await expect(page.getByLabel('Redirect URI 1', { exact: true })).toHaveValue('http://dashboard.example.com/cb');
  await page.getByLabel('Redirect URI 1', { exact: true }).fill('https://dashboard.example.com/cb');
  await page.getByLabel('Action 1', { exact: true }).fill(action);
  await page.getByLabel('Action 1', { exact: true }).press('Tab');
  await expect(matrix.getByRole('checkbox', { name: `Auditor grants ${action}`, exact: true })).toBeChecked();
  await expect(matrix.getByRole('checkbox', { name: `Manager grants ${action}`, exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();

  // Stored: after a reload everything is back, and the secret is not.
  await page.reload();
  await settle(page);
  await expect(page.getByLabel('Redirect URI 1', { exact: true })).toHaveValue('https://dashboard.example.com/cb');
  await expect(page.getByLabel('Redirect URI 2', { exact: true })).toHaveValue('http://localhost:8080/callback');
  await expect(page.getByTestId('matrix').getByRole('checkbox', { name: `Auditor grants ${action}`, exact: true })).toBeChecked();
  await expect(page.getByTestId('matrix').getByRole('checkbox', { name: `Manager grants ${action}`, exact: true })).toBeChecked();
  await expect(page.getByTestId('matrix').getByRole('checkbox', { name: `Reader grants ${action}`, exact: true })).not.toBeChecked();
  await expect(page.locator('body')).not.toContainText(firstSecret);

  // Rotation: a new secret, shown once; the old one keeps working until the time shown.
  await page.locator('summary').filter({ hasText: 'Rotate secret' }).click();
  await page.getByRole('button', { name: 'Generate a new secret', exact: true }).click();
  await expect(page.getByTestId('secret-once')).toContainText('The previous secret stays valid until');
  const secondSecret = (await page.getByTestId('secret-once').locator('code.secret').textContent())!.trim();
  expect(secondSecret).not.toBe(firstSecret);
  await expect(page.getByTestId('grace')).toBeVisible();
  await expectAccessibleLayout(page, testInfo, 'iam');
});
