import { type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { createOffering, createProvider, DEMO, expect, newContext, newProvider, settle, signIn, test, uniqueName } from './helpers';

// The platform audit view (SPEC §6): an admin filters the whole log by organisation, action
// and days with a plain GET form (so it works with JavaScript and without), reads who did
// what to which subject, is told beside the field when a range ends before it starts (what
// was typed kept), and downloads the filtered rows as CSV.

const PROVIDER = newProvider('audit');
let offering = '';
test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  await createProvider(browser, PROVIDER);
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, PROVIDER.email, PROVIDER.password);
  offering = uniqueName('audited');
  await createOffering(page, offering);
  await context.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const rows = (page: Page) => page.locator('table.audit-log tbody tr');

async function filterByOrganisation(page: Page) {
  await page.goto('/admin');
  await settle(page);
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.waitForURL(/\/admin\/audit$/);
  await settle(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: PROVIDER.org });
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.waitForURL(/\/admin\/audit\?organisation=/);
  await settle(page);
  // Only the provider's organisation: its creation, its member, its offering.
  await expect(rows(page).first()).toBeVisible();
  const count = await rows(page).count();
  for (let i = 0; i < count; i++) await expect(rows(page).nth(i).locator('td').nth(4)).toHaveText(PROVIDER.org);
  const created = page.locator('tr[data-action="offering.create"]');
  await expect(created).toHaveCount(1);
  await expect(created).toContainText('Created the offering');
  await expect(created).toContainText(offering);
  await expect(created).toContainText(PROVIDER.email);
  await expect(page.locator('tr[data-action="organisation.create"]')).toContainText(DEMO.admin);
  await expect(page.locator('tr[data-action="membership.set"]')).toHaveCount(1);
}

async function refuseAReversedRange(page: Page) {
  await page.getByLabel('Action', { exact: true }).selectOption('offering.create');
  await page.getByLabel('First day (UTC)', { exact: true }).fill('2026-12-05');
  await page.getByLabel('Last day (UTC)', { exact: true }).fill('2026-12-01');
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.waitForURL(/from=2026-12-05/);
  await settle(page);
  await expect(page.locator('#f-to-error')).toHaveText('The last day cannot come before the first day.');
  await expect(page.getByLabel('Last day (UTC)', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('First day (UTC)', { exact: true })).toHaveValue('2026-12-05');
  await expect(page.getByLabel('Action', { exact: true })).toHaveValue('offering.create');
  await expect(page.getByLabel('Organisation', { exact: true })).toHaveValue(/.+/);
  await expect(rows(page)).toHaveCount(0);
  // Today only, for that action: the one creation.
  await page.getByLabel('First day (UTC)', { exact: true }).fill(today());
  await page.getByLabel('Last day (UTC)', { exact: true }).fill(today());
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.waitForURL(new RegExp(`to=${today()}`));
  await settle(page);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-action', 'offering.create');
}

test('an admin filters the platform audit log and downloads it as CSV', async ({ browser }) => {
  const context = await newContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await filterByOrganisation(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await file.path())!, 'utf-8');
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe('id,at,actor,action,subject_type,subject_id,subject_name,organisation_id,organisation_name,changes,before,after');
  expect(csv).toContain(`,offering.create,offering,`);
  expect(csv).toContain(offering);
  expect(csv).not.toContain('owner@demo.example');
  await refuseAReversedRange(page);
  await context.close();
});

test('without JavaScript the same filter works and says a refused range beside its field', async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await filterByOrganisation(page);
  await refuseAReversedRange(page);
  await context.close();
});

test('a provider is refused the audit log', async ({ browser }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const res = await page.goto('/admin/audit');
  expect(res?.status()).toBe(403);
  await expect(rows(page)).toHaveCount(0);
  await context.close();
});
