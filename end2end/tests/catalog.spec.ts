import { createProvider, DEMO, DEMO_PASSWORD, expect, expectSignInPrompt, newContext, newProvider, settle, signIn, test } from './helpers';
import { makeStory, type Story } from './story';

// The public catalog as someone without an account reads it (SPEC §9): search, a paid plan's
// price table, the estimator; a limited offering stays closed to visitors and to accounts
// that are not on its list of test accounts, and leaves their catalog when its provider takes
// it back to draft (a step asked twice, as withdrawing the request is).

const PROVIDER = newProvider('catalog');
let story: Story | undefined;
test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  story = await makeStory(browser, PROVIDER);
});
test.afterAll(() => story?.broker.stop());

const card = (page: import('@playwright/test').Page, name: string) => page.locator(`li.catalog-card[data-offering="${name}"]`);

test('a visitor searches the catalog, reads a paid plan and estimates it', async ({ page }) => {
  const s = story!;
  const displayName = `Zeta ${s.publicName.slice(-4)}`;
  await page.goto('/catalog');
  await settle(page);
  await page.locator('#catalog-q').fill(displayName);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await page.waitForURL(/\/catalog\?q=/);
  await settle(page);
  await expect(card(page, s.publicName)).toHaveCount(1);
  await expect(card(page, s.publicName)).toContainText(displayName);
  // The limited one (in review) matches the words too, but a visitor is not on its list.
  await page.goto(`/catalog?q=${encodeURIComponent(`Zeta ${s.inReviewName.slice(-4)}`)}`);
  await settle(page);
  await expect(card(page, s.inReviewName)).toHaveCount(0);
  await page.goto('/catalog?q=qqqxqqqxqqq');
  await settle(page);
  await expect(page.locator('li.catalog-card')).toHaveCount(0);
  await expect(page.getByText('No offerings to show yet', { exact: true })).toBeVisible();

  // The offering page: the paid plan's fee and price table, in both currencies.
  await page.goto(`/catalog?q=${encodeURIComponent(displayName)}`);
  await settle(page);
  await card(page, s.publicName).getByRole('link', { name: displayName }).click();
  await page.waitForURL(new RegExp(`/catalog/${s.publicId}$`));
  await settle(page);
  // "Get support": the provider's own support, as released.
  const support = page.getByTestId('get-support');
  await expect(support.getByRole('link', { name: 'Open a case', exact: true })).toHaveAttribute('href', 'https://support.zeta.example');
  await expect(support.getByRole('link', { name: 'help@zeta.example', exact: true })).toHaveAttribute('href', 'mailto:help@zeta.example');
  await expect(support).toContainText('Monday–Friday, 08:00–18:00 (Europe/Berlin)');
  await expect(support.locator('tr[data-severity="critical"] td')).toHaveText('Within 30 minutes');
  await expect(support.locator('tr[data-severity="low"] td')).toHaveText('Within 2 days');
  const plan = page.locator('section.catalog-plan[data-plan="zeta-lorem"]');
  await expect(plan).toContainText('Paid (metered)');
  const prices = plan.locator('table.price-table[data-metric="ZETA_UNITS"]');
  await expect(prices.getByRole('row')).toHaveCount(3);
  await expect(prices).toContainText('1.25');
  await expect(prices).toContainText('0.045');

  // The estimator: a word is refused next to the result, a quantity is priced.
  const quantity = page.locator('#est-zeta-lorem-ZETA_UNITS');
  await quantity.fill('many');
  await expect(plan.locator('.estimate-result .notice-error')).toHaveText('ZETA_UNITS: Enter a number, like 12.50 (with a point for decimals).');
  // 2 000 units at 1.25 USD (1.10 EUR) per 1 000, in tier 1; 150 000 reach tier 2:
  // 100 × 1.25 + 50 × 0.045 = 127.25 USD (100 × 1.10 + 50 × 0.04 = 112.00 EUR).
  await quantity.fill('2000');
  await expect(plan.locator('[data-total="USD"]')).toHaveText('2.50 USD');
  await expect(plan.locator('[data-total="EUR"]')).toHaveText('2.20 EUR');
  await quantity.fill('150000');
  await expect(plan.locator('[data-total="USD"]')).toHaveText('127.25 USD');
  await expect(plan.locator('[data-total="EUR"]')).toHaveText('112.00 EUR');
});

test('a limited offering is closed to visitors and to accounts not on its list', async ({ page, browser }) => {
  const s = story!;
  // A visitor is asked to sign in (a test account may not have yet), as for an id that does
  // not exist: the answer does not tell which do.
  for (const id of [s.inReview, '00000000-0000-4000-8000-000000000000']) {
    await page.goto(`/catalog/${id}`);
    await settle(page);
    await expectSignInPrompt(page);
  }
  // Signed in but not a test account: not found, as if it did not exist.
  const other = newProvider('visitor-outsider');
  await createProvider(browser, other);
  const outsider = await (await newContext(browser)).newPage();
  await signIn(outsider, other.email, other.password);
  const response = await outsider.goto(`/catalog/${s.inReview}`);
  expect(response?.status()).toBe(404);
  await outsider.context().close();
  // A test account sees it, marked limited.
  const tester = await (await newContext(browser)).newPage();
  await signIn(tester, DEMO.editor, DEMO_PASSWORD);
  await tester.goto(`/catalog?q=${encodeURIComponent(`Zeta ${s.inReviewName.slice(-4)}`)}`);
  await settle(tester);
  await expect(card(tester, s.inReviewName).getByTestId('limited')).toBeVisible();
  await tester.context().close();
});

test('the provider withdraws the request, then takes the offering out of the catalog, each asked twice', async ({ page, browser }) => {
  const s = story!;
  await signIn(page, PROVIDER.email, PROVIDER.password);
  await page.goto(`/offerings/${s.inReview}/visibility`);
  await settle(page);
  const lifecycle = page.getByTestId('lifecycle');
  await expect(lifecycle).toHaveText('In review');
  const step = (event: string) => page.locator('details.confirm').filter({ has: page.locator(`form[data-event="${event}"]`) });
  // The first click only says what will happen.
  await expect(step('withdraw').locator('form')).toBeHidden();
  await step('withdraw').locator('summary').click();
  await expect(step('withdraw')).toContainText('Takes your request back before a reviewer decides.');
  await step('withdraw').getByRole('button', { name: 'Withdraw request', exact: true }).click();
  await expect(lifecycle).toHaveText('Limited');
  await step('back_to_draft').locator('summary').click();
  await expect(step('back_to_draft')).toContainText('Takes the offering out of the catalog again');
  await step('back_to_draft').getByRole('button', { name: 'Back to draft', exact: true }).click();
  await expect(lifecycle).toHaveText('Draft');
  // Its test account no longer finds it.
  const tester = await (await newContext(browser)).newPage();
  await signIn(tester, DEMO.editor, DEMO_PASSWORD);
  await tester.goto(`/catalog?q=${encodeURIComponent(`Zeta ${s.inReviewName.slice(-4)}`)}`);
  await settle(tester);
  await expect(card(tester, s.inReviewName)).toHaveCount(0);
  await tester.context().close();
});
