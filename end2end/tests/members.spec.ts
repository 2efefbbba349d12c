import { type Browser, type Page } from '@playwright/test';
import { createProvider, DEMO, expect, newContext, newProvider, settle, signIn, test } from './helpers';

// Members (SPEC §1): an owner invites by e-mail (an existing user joins at once, a new one
// when they first sign in), changes a member's role and removes a member (asked twice); the
// last owner stays, and the refusal says why; the member is told under the bell. With
// JavaScript and without.

const PASSWORD = 'e2e-password-123';

/** A local account made by the admin on /admin. */
async function createUser(browser: Browser, email: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, DEMO.admin);
  await page.goto('/admin');
  await settle(page);
  await page.locator('#new-email').fill(email);
  await page.locator('#new-name').fill('E2E Colleague');
  await page.locator('#new-password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create user', exact: true }).click();
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();
  await context.close();
}

const card = (page: Page, org: string) => page.locator(`section[data-organisation="${org}"]`);
const row = (page: Page, org: string, email: string) => card(page, org).locator(`tr[data-member="${email}"]`);

async function openMembers(page: Page) {
  await page.goto('/dashboard');
  await settle(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members', exact: true }).click();
  await page.waitForURL(/\/members$/);
  await settle(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
}

async function invite(page: Page, org: string, email: string, role: string) {
  const c = card(page, org);
  await c.getByLabel('E-mail', { exact: true }).fill(email);
  await c.getByLabel('Role', { exact: true }).selectOption(role);
  await c.getByRole('button', { name: 'Invite', exact: true }).click();
}

async function setRole(page: Page, org: string, email: string, role: string) {
  const r = row(page, org, email);
  await r.getByLabel(`Role of ${email}`, { exact: true }).selectOption(role);
  await r.getByRole('button', { name: `Change role ${email}`, exact: true }).click();
}

for (const js of [true, false]) {
  const how = js ? 'with JavaScript' : 'without JavaScript';
  const provider = newProvider(js ? 'members' : 'members-nojs');
  const colleague = `e2e-colleague-${js ? 'js' : 'nojs'}-${Date.now().toString(36)}@test.example`;
  const newcomer = `e2e-newcomer-${js ? 'js' : 'nojs'}-${Date.now().toString(36)}@test.example`;

  test.describe(how, () => {
    test.beforeAll(async ({ browser }) => {
      test.setTimeout(120_000);
      await createProvider(browser, provider);
      await createUser(browser, colleague);
    });

    test(`an owner invites, changes a role, keeps the last owner and removes a member (${how})`, async ({ browser }) => {
      test.setTimeout(120_000);
      const context = await newContext(browser, { javaScriptEnabled: js });
      const page = await context.newPage();
      await signIn(page, provider.email, provider.password);
      await openMembers(page);
      await expect(row(page, provider.org, provider.email)).toContainText(provider.email);

      // A malformed address is refused beside the field, as typed.
      await invite(page, provider.org, 'not an address', 'viewer');
      await settle(page);
      const email = card(page, provider.org).getByLabel('E-mail', { exact: true });
      await expect(card(page, provider.org).locator('.field-error').first()).toHaveText('An e-mail address looks like name@example.com.');
      await expect(email).toHaveValue('not an address');

      // An existing user joins at once; a new address waits for its first sign-in.
      await invite(page, provider.org, colleague, 'viewer');
      await settle(page);
      await expect(row(page, provider.org, colleague)).toBeVisible();
      await expect(row(page, provider.org, colleague).getByLabel(`Role of ${colleague}`)).toHaveValue('viewer');
      if (js) await expect(card(page, provider.org)).toContainText('Added: they are a member now.');
      await invite(page, provider.org, newcomer, 'editor');
      await settle(page);
      await expect(card(page, provider.org).locator(`li[data-invitation="${newcomer}"]`)).toContainText('Editor');

      await setRole(page, provider.org, colleague, 'editor');
      await settle(page);
      await expect(row(page, provider.org, colleague).getByLabel(`Role of ${colleague}`)).toHaveValue('editor');

      // The last owner cannot step down.
      await setRole(page, provider.org, provider.email, 'viewer');
      await settle(page);
      await expect(page.getByRole('alert')).toHaveText("This is the organisation's last owner: make another member owner first.");
      await expect(row(page, provider.org, provider.email).getByLabel(`Role of ${provider.email}`)).toHaveValue('owner');

      // Removing is asked twice.
      const r = row(page, provider.org, colleague);
      await r.locator('summary').click();
      await r.getByRole('button', { name: `Remove member ${colleague}`, exact: true }).click();
      await settle(page);
      await expect(row(page, provider.org, colleague)).toHaveCount(0);
      await context.close();

      // The removed colleague is told, in words.
      const told = await newContext(browser, { javaScriptEnabled: js });
      const theirs = await told.newPage();
      await signIn(theirs, colleague, PASSWORD);
      await theirs.goto('/notifications');
      await settle(theirs);
      await expect(theirs.getByText(`You are no longer a member of ${provider.org}.`)).toBeVisible();
      await expect(theirs.getByText(`You are now Editor of ${provider.org}.`)).toBeVisible();
      await told.close();

      // The newcomer's first sign-in takes the invitation.
      await createUser(browser, newcomer);
      const fresh = await newContext(browser, { javaScriptEnabled: js });
      const mine = await fresh.newPage();
      await signIn(mine, newcomer, PASSWORD);
      await openMembers(mine);
      await expect(card(mine, provider.org)).toContainText('Your role: Editor');
      await expect(card(mine, provider.org).getByRole('button', { name: /Change role/ })).toHaveCount(0);
      await expect(card(mine, provider.org).getByRole('button', { name: 'Invite', exact: true })).toHaveCount(0);
      await fresh.close();
    });
  });
}
