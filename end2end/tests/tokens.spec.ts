import fs from 'node:fs';
import { expectAccessibleLayout } from './a11y';
import { baseURL, createOffering, createProvider, expect, newProvider, settle, signIn, test, uniqueName } from './helpers';

// API tokens (issue 8): a provider creates a token on /account/tokens, sees it once, uses it
// from a script (Playwright's request API: no cookies) against the REST API, revokes it, and
// the next call is refused. An offering is exported and imported again through the UI.

const PROVIDER = newProvider('tokens');

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

test('a token is shown once, works for the REST API, and is refused once revoked', async ({ page, playwright }, testInfo) => {
  await signIn(page, PROVIDER.email, PROVIDER.password);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API tokens' }).click();
  await page.waitForURL(/\/account\/tokens$/);
  await settle(page);
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expect(page.getByText('You have no API tokens yet.')).toBeVisible();

  await page.getByLabel('Token name', { exact: true }).fill('release pipeline');
  await page.getByLabel('Scope', { exact: true }).selectOption('read');
  await page.getByLabel('Expires after', { exact: true }).selectOption('30');
  await page.getByRole('button', { name: 'Create token', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Your new token' })).toBeVisible();
  const shown = page.getByLabel('release pipeline', { exact: true });
  const token = await shown.inputValue();
  expect(token).toMatch(/^rmc_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('button', { name: 'Copy token' })).toBeVisible();
  const row = page.getByRole('row', { name: /release pipeline/ });
  await expect(row).toContainText('Read');
  await expect(row).toContainText('—'); // never used yet
  await expectAccessibleLayout(page, testInfo, 'tokens');

  // A script uses it: no cookies, only the bearer token.
  const api = await playwright.request.newContext({ baseURL: baseURL() });
  const ok = await api.get('/api/v1/offerings', { headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ items: [], next_cursor: null });
  const write = await api.post('/api/v1/offerings', {
    headers: { Authorization: `Bearer ${token}` },
    data: { organisation_id: 'x', name: 'not-allowed' },
  });
  expect(write.status()).toBe(403);
  expect((await write.json()).code).toBe('insufficient_scope');

  // Shown once: after a reload the token is nowhere on the page, but the list shows its use.
  await page.reload();
  await settle(page);
  await expect(page.getByRole('heading', { name: 'Your new token' })).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  await expect(page.getByRole('row', { name: /release pipeline/ })).not.toContainText('—');

  // Revoking asks first: the first click only opens the confirmation.
  const tokenRow = page.getByRole('row', { name: /release pipeline/ });
  await tokenRow.locator('summary').filter({ hasText: 'Revoke' }).click();
  await expect(tokenRow).not.toContainText('Revoked');
  await tokenRow.getByRole('button', { name: /^Revoke token release pipeline/ }).click();
  await expect(page.getByRole('row', { name: /release pipeline/ })).toContainText('Revoked');

  const refused = await api.get('/api/v1/offerings', { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['www-authenticate']).toContain('Bearer');
  expect((await refused.json()).code).toBe('invalid_token');
  await api.dispose();

});

test('an offering is exported from its overview and imported from the dashboard', async ({ page }) => {
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const name = uniqueName('export');
  const id = await createOffering(page, name);

  await page.goto(`/offerings/${id}`);
  await settle(page);
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download JSON' }).click();
  const download = await downloading;
  const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
  expect(exported.format).toBe('rmc.offering/v1');
  expect(exported.id).toBe(id);
  expect(exported.name).toBe(name);

  const copyName = uniqueName('import');
  const copy = { ...exported, id: null, name: copyName };
  await page.goto('/dashboard');
  await settle(page);
  await page.getByText('Import an offering', { exact: true }).click();
  await page.getByLabel('Offering document (JSON)').fill(JSON.stringify(copy));
  await expect(page.getByLabel('Only preview the changes')).toBeChecked();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'would be created' })).toBeVisible();

  await page.getByLabel('Only preview the changes').uncheck();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'created as a draft' })).toBeVisible();
  await page.getByRole('link', { name: 'Open it' }).click();
  await page.waitForURL(/\/offerings\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(copyName);

  // An invalid document is refused with its fields named.
  await page.goto('/dashboard');
  await settle(page);
  await page.getByText('Import an offering', { exact: true }).click();
  await page.getByLabel('Offering document (JSON)').fill(JSON.stringify({ ...copy, name: 'Bad Name' }));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'name' })).toBeVisible();

});
