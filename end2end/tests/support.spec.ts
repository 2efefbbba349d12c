import { type Page } from '@playwright/test';
import { createOffering, createProvider, expect, newContext, newProvider, settle, signIn, test, uniqueName } from './helpers';
import { fillSupport, SUPPORT } from './support';

// The Support tab (SPEC §2): a provider with integrated billing describes its own support. The
// browser checks while typing, the server refuses what breaks a rule beside the field and keeps
// what was typed (with JavaScript and without), the pre-submission check asks for it until it
// is complete, and a reload shows what was saved.

const PROVIDER = newProvider('support');
test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Fills the form with two broken rules: closing before opening, and a high case answered slower than a critical one. */
async function fillBroken(page: Page) {
  await field(page, 'Support site').fill(SUPPORT.site);
  await field(page, 'Support e-mail').fill(SUPPORT.email);
  await field(page, 'Hours').selectOption('business_hours');
  await field(page, 'Tuesday').check();
  await field(page, 'Opens').fill('18:00');
  await field(page, 'Closes').fill('08:00');
  await field(page, 'Time zone').selectOption('Asia/Tokyo');
  await field(page, 'Italiano').check();
  await field(page, 'Critical').fill('30');
  await field(page, 'Critical (First response)').selectOption('minutes');
  await field(page, 'High').fill('2');
  await field(page, 'High (First response)').selectOption('minutes');
}

async function expectRefusedAsTyped(page: Page) {
  await expect(page.locator('#f-closes-error')).toHaveText('Support must close after it opens on the same day.');
  await expect(page.locator('#f-target-high-error')).toHaveText('A more severe case cannot wait longer than a less severe one.');
  await expect(field(page, 'High')).toHaveAttribute('aria-invalid', 'true');
  await expect(field(page, 'Support e-mail')).toHaveValue(SUPPORT.email);
  await expect(field(page, 'Hours')).toHaveValue('business_hours');
  await expect(field(page, 'Tuesday')).toBeChecked();
  await expect(field(page, 'Monday')).not.toBeChecked();
  await expect(field(page, 'Opens')).toHaveValue('18:00');
  await expect(field(page, 'Time zone')).toHaveValue('Asia/Tokyo');
  await expect(field(page, 'Italiano')).toBeChecked();
  await expect(field(page, 'High')).toHaveValue('2');
  await expect(field(page, 'High (First response)')).toHaveValue('minutes');
  await expect(field(page, 'Critical (First response)')).toHaveValue('minutes');
}

async function expectSaved(page: Page) {
  await page.reload();
  await settle(page);
  await expect(field(page, 'Support site')).toHaveValue(SUPPORT.site);
  await expect(field(page, 'Phone (optional)')).toHaveValue(SUPPORT.phone);
  await expect(field(page, 'Friday')).toBeChecked();
  await expect(field(page, 'Saturday')).not.toBeChecked();
  await expect(field(page, 'Deutsch')).toBeChecked();
  // 1 day is shown as 1 day, 30 minutes as 30 minutes.
  await expect(field(page, 'Medium')).toHaveValue('1');
  await expect(field(page, 'Medium (First response)')).toHaveValue('days');
  await expect(field(page, 'Critical')).toHaveValue('30');
  await expect(field(page, 'Critical (First response)')).toHaveValue('minutes');
}

test('the provider describes its support: checked while typing, refused beside the field as typed, then saved', async ({ page }) => {
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, uniqueName('support'));
  await page.goto(`/offerings/${id}/support`);
  await settle(page);
  const precheck = page.getByTestId('precheck');
  await precheck.locator('summary').click();
  const line = precheck.locator('li[data-step="support"]');
  await expect(line).toContainText('Fill in “Support site” (Support).');
  await expect(line).toContainText('Fill in “Response target, low” (Support).');

  await field(page, 'Phone (optional)').fill('030 1234');
  await expect(page.locator('#f-phone-error')).toHaveText('Enter the number with its country code, such as +49 30 1234567.');
  await field(page, 'Phone (optional)').fill(SUPPORT.phone);
  await expect(page.locator('#f-phone-error')).toHaveText('');

  await fillBroken(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved. Please correct the highlighted fields.' })).toBeVisible();
  await expectRefusedAsTyped(page);

  await fillSupport(page, id, async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  });
  await expect(line).toHaveCount(0);
  await expectSaved(page);
});

test('without JavaScript: a refused support save comes back as typed, then saves', async ({ browser }) => {
  const context = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, uniqueName('support-nojs'));
  await page.goto(`/offerings/${id}/support`);
  await fillBroken(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/__err/);
  await expectRefusedAsTyped(page);
  await fillSupport(page, id, async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page).not.toHaveURL(/__err/);
    await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();
  });
  await expectSaved(page);
  await context.close();
});
