import { type Browser, type Page } from '@playwright/test';
import { expectAccessibleLayout } from './a11y';
import { registerAndValidate, startBroker, BROKER_PASSWORD, type RunningBroker } from './broker';
import { createOffering, createProvider, DEMO, expect, newContext, newProvider, settle, signIn, test, uniqueName } from './helpers';
import { everyTab } from './tabs';
import { fillSupport } from './support';

// The heart of the process, end to end in one story: a provider completes an offering, tests it
// in limited visibility with a named test account, requests public visibility; a reviewer
// comments on a field and rejects; the provider sees the comment at the field, fixes it and
// resubmits; the reviewer sees the diff and approves; everyone sees it in the catalog. Then a
// change to the public offering waits for its own review while the catalog keeps the approved text.

const PROVIDER = newProvider('review');
const TESTER = DEMO.editor; // an account of another organisation, named as test account
const OUTSIDER = DEMO.viewer; // signed in, not named, not a member

let broker: RunningBroker | undefined;

test.beforeAll(async ({ browser }) => {
  await createProvider(browser, PROVIDER);
});

test.afterAll(() => broker?.stop());

function sections(page: Page) {
  return page.getByRole('navigation', { name: 'Offering sections', exact: true });
}

const TAB_PATHS: Record<string, string> = {
  Basics: '/basics', 'Catalog text': '/text/en', Media: '/media', Announcement: '/announcement', Plans: '/plans', IAM: '/iam', Support: '/support', Brokers: '/brokers', Visibility: '/visibility',
};

async function openTab(page: Page, name: string) {
  await settle(page);
  await sections(page).getByRole('link', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname.endsWith(TAB_PATHS[name]));
  await settle(page);
}

async function saveAndWait(page: Page) {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /\/save_/.test(new URL(r.url()).pathname));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // 200 from the hydrated form; 303/302 when the native form posted before hydration finished.
  const res = await answered;
  expect([200, 302, 303]).toContain(res.status());
  expect(res.headers()['location'] ?? '').not.toContain('__err');
  await settle(page);
}

async function as(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[${email}] console: ${m.text().slice(0, 3000)}`); });
  await signIn(page, email, password);
  return page;
}

async function catalogCard(page: Page, name: string) {
  await page.goto('/catalog');
  await settle(page);
  return page.locator(`li.catalog-card[data-offering="${name}"]`);
}

async function act(page: Page, button: string, note?: string) {
  if (note !== undefined) {
    const form = page.locator('form.lifecycle-action').filter({ has: page.getByRole('button', { name: button, exact: true }) });
    await form.getByLabel(`Note for the reviewer (${button})`, { exact: true }).fill(note);
  }
  await page.getByRole('button', { name: button, exact: true }).click();
}

test('limited test, review with a field comment, rejection, fix, approval, and a reviewed change', async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const name = uniqueName('review');
  page.on('console', (m) => { if (m.type() === 'error') console.log(`[provider] console at ${page.url()}: ${m.text().slice(0, 300)}`); });
  await signIn(page, PROVIDER.email, PROVIDER.password);
  const id = await createOffering(page, name);

  // Complete the offering: basics, English text, icon, announcement, a plan.
  await openTab(page, 'Basics');
  await page.locator('#f-provider_display_name').fill('E2E Cloud');
  await page.locator('#f-category').selectOption('databases');
  await page.locator('#f-tags').fill('sql, e2e');
  await page.locator('#f-regions').fill('eu-de');
  await page.locator('#f-documentation_url').fill('https://docs.e2e.example');
  await page.locator('#f-terms_url').fill('https://e2e.example/terms');
  await saveAndWait(page);
  await fillSupport(page, id, () => saveAndWait(page));
  await openTab(page, 'Catalog text');
  await page.locator('#f-display_name').fill('Review Story DB');
  await page.locator('#f-short_description').fill('A database.');
  await page.locator('#f-long_description').fill('# Review Story DB\n\nA managed database.');
  await page.locator('#f-bullet1_title').fill('Managed');
  await page.locator('#f-bullet1_text').fill('Backups included.');
  await saveAndWait(page);
  await openTab(page, 'Media');
  await page.getByLabel('Icon file', { exact: true }).setInputFiles({
    name: 'icon.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8" fill="#0f62fe"/></svg>'),
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(page).toHaveURL(/\/media\?uploaded=1$/);
  await openTab(page, 'Announcement');
  // The pre-submission check above the tabs follows each save, without a reload.
  const precheck = page.getByTestId('precheck');
  await precheck.locator('summary').click();
  await expect(precheck.locator('li[data-step="documentation"]')).toBeVisible();
  await expect(precheck.locator('li[data-step="documentation"]')).toContainText('announcement');
  await page.locator('#f-text').fill('Review Story DB is coming.');
  await page.locator('#f-date').fill('2026-12-01');
  await saveAndWait(page);
  await expect(precheck.locator('li[data-step="documentation"]')).toHaveCount(0);
  // Still open after the save reloaded the offering.
  await expect(precheck.locator('li[data-step="plans"]')).toBeVisible();
  await expect(precheck.locator('li[data-step="plans"]')).toContainText('Add at least one plan.');
  await precheck.locator('summary').click();
  await expect(precheck.locator('li[data-step="plans"]')).toBeHidden();
  await openTab(page, 'Plans');
  await page.getByRole('link', { name: 'Add plan', exact: true }).click();
  await settle(page);
  await page.getByLabel('Plan name', { exact: true }).fill('free');
  await page.getByLabel('Pricing type', { exact: true }).selectOption('free');
  await page.getByLabel('Display name', { exact: true }).fill('Free');
  await page.getByLabel('Description', { exact: true }).fill('Try it for free.');
  await page.getByRole('button', { name: 'Save plan', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();

  // IAM: enabled, a dashboard SSO client and its redirect URI.
  await openTab(page, 'IAM');
  await page.getByLabel('Enable IAM for this offering', { exact: true }).check();
  await page.getByRole('button', { name: 'Generate client', exact: true }).click();
  await expect(page.getByTestId('secret-once')).toContainText('shown only this once');
  await page.getByRole('button', { name: '+ Redirect URI', exact: true }).click();
  await page.getByLabel('Redirect URI 1', { exact: true }).fill('https://dashboard.e2e.example/callback');
  await page.getByRole('button', { name: 'Save IAM settings', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\.$/ })).toBeVisible();

  // The broker: the real test broker serving the catalog the console exports, validated.
  const exported = await page.request.get(`/offerings/${id}/brokers/catalog.json`);
  expect(exported.status()).toBe(200);
  broker = await startBroker(await exported.text());
  await openTab(page, 'Brokers');
  await registerAndValidate(page, broker.url);

  // Every tab of a draft loads directly and by client-side navigation (as in each state below).
  await everyTab(page, id, 'draft');

  // Limited visibility with a test account; the smoke test completes the limited test.
  await openTab(page, 'Visibility');
  const checklist = page.locator('section.checklist');
  await expect(checklist.locator('li[data-step="metadata"]')).toHaveClass(/done/);
  await expect(checklist.locator('li[data-step="plans"]')).toHaveClass(/done/);
  await expect(checklist.locator('li[data-step="iam"]')).toHaveClass(/done/);
  await expect(checklist.locator('li[data-step="broker"]')).toHaveClass(/done/);
  await act(page, 'Make limited');
  await expect(page.getByTestId('lifecycle')).toHaveText('Limited');
  await expect(checklist.locator('li[data-step="limited_test"]')).toContainText('Name at least one test account.');
  await expect(checklist.locator('li[data-step="limited_test"]')).toContainText('Pass a smoke test on one of the plans.');
  await page.getByLabel('E-mail of the test account', { exact: true }).fill(TESTER);
  await page.getByRole('button', { name: 'Add test account', exact: true }).click();
  await expect(page.locator('ul.test-accounts')).toContainText(TESTER);
  await expect(page.getByLabel('E-mail of the test account', { exact: true })).toHaveValue('');
  // The same account again: refused next to the field, and what was typed stays.
  await page.getByLabel('E-mail of the test account', { exact: true }).fill(TESTER);
  await page.getByRole('button', { name: 'Add test account', exact: true }).click();
  await expect(page.getByText('This account is already on the list.')).toBeVisible();
  await expect(page.getByLabel('E-mail of the test account', { exact: true })).toHaveValue(TESTER);
  await expect(checklist.locator('li[data-step="limited_test"]')).not.toContainText('Name at least one test account.');
  // A second account, removed: the first click only asks.
  const second = `second-${TESTER}`;
  await page.getByLabel('E-mail of the test account', { exact: true }).fill(second);
  await page.getByRole('button', { name: 'Add test account', exact: true }).click();
  const secondRow = page.locator('ul.test-accounts li').filter({ hasText: second });
  await expect(secondRow).toBeVisible();
  await secondRow.locator('summary').click();
  await expect(secondRow).toContainText('can no longer see the offering');
  await expect(page.locator('ul.test-accounts li')).toHaveCount(2);
  await secondRow.getByRole('button', { name: `Remove test account ${second}`, exact: true }).click();
  await expect(page.locator('ul.test-accounts li')).toHaveCount(1);
  await expect(page.locator('ul.test-accounts')).toContainText(TESTER);
  await openTab(page, 'Brokers');
  await page.getByTestId('broker').getByLabel('Plan', { exact: true }).selectOption({ label: 'free' });
  await page.getByTestId('broker').getByRole('button', { name: 'Run smoke test', exact: true }).click();
  await expect(page.getByTestId('smoke-run')).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
  await openTab(page, 'Visibility');
  await expect(checklist.locator('li[data-step="limited_test"]')).toHaveClass(/done/);
  await expectAccessibleLayout(page, testInfo, 'visibility-tab');
  await everyTab(page, id, 'limited');
  await openTab(page, 'Visibility');

  // The test account sees it in the catalog, marked limited; someone else does not.
  const tester = await as(browser, TESTER);
  const card = await catalogCard(tester, name);
  await expect(card).toContainText('Review Story DB');
  await expect(card.getByTestId('limited')).toBeVisible();
  const outsider = await as(browser, OUTSIDER);
  await expect(await catalogCard(outsider, name)).toHaveCount(0);

  // Request public visibility.
  await act(page, 'Request public visibility', 'First release, please review.');
  await expect(page.getByTestId('lifecycle')).toHaveText('In review');
  await everyTab(page, id, 'in review');

  // The reviewer: the queue, a comment on the short description, a rejection.
  const reviewer = await as(browser, DEMO.reviewer);
  await expect(reviewer.getByTestId('unread-count')).toBeVisible();
  // Marking everything read clears the bell at once, without a reload.
  await reviewer.goto('/notifications');
  await settle(reviewer);
  await expect(reviewer.locator('ul.notification-list')).toContainText(name);
  await reviewer.getByRole('button', { name: 'Mark all as read', exact: true }).click();
  await expect(reviewer.getByTestId('unread-count')).toHaveCount(0);
  await expect(reviewer.locator('ul.notification-list li.unread')).toHaveCount(0);
  await reviewer.goto('/review');
  await settle(reviewer);
  const row = reviewer.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(PROVIDER.org);
  await expect(row).toContainText('Ready');
  await row.getByRole('link', { name }).click();
  await reviewer.waitForURL(/\/review\/[0-9a-f-]{36}$/);
  await settle(reviewer);
  await expect(reviewer.getByTestId('snapshot-short-description')).toHaveText('A database.');
  await expect(reviewer.getByTestId('snapshot-iam')).toContainText('https://dashboard.e2e.example/callback');
  await expect(reviewer.getByTestId('snapshot-brokers')).toContainText('primary');
  await expect(reviewer.getByTestId('snapshot-brokers')).toContainText('Catalog matches');
  await expect(reviewer.locator('body')).not.toContainText(BROKER_PASSWORD);
  await expectAccessibleLayout(reviewer, testInfo, 'review-request');
  // A first release is summarised part by part, each part closed until it is opened; fields
  // are named in words and plans by name (no paths, ids or `null`).
  const textPart = reviewer.locator('details.diff-group[data-group="Catalog text (en)"]');
  await expect(textPart.locator('summary')).toContainText(/Fields filled in: \d+/);
  const shortRow = textPart.locator('tr[data-field="texts.en.short_description"]');
  await expect(shortRow).toBeHidden();
  await textPart.locator('summary').click();
  await expect(shortRow).toBeVisible();
  await expect(shortRow.locator('td').first()).toHaveText('Short description');
  await expect(reviewer.locator('details.diff-group[data-group="Plan “free”"]')).toHaveCount(1);
  const diffText = (await reviewer.locator('section[aria-labelledby="diff-title"]').textContent()) ?? '';
  expect(diffText).not.toMatch(/null|texts\.en\.|[0-9a-f]{8}-[0-9a-f]{4}-/);
  await expect(reviewer.getByLabel('Field', { exact: true }).locator('option[value="texts.en.short_description"]'))
    .toHaveText('Catalog text (en) › Short description');
  await reviewer.getByLabel('Field', { exact: true }).selectOption('texts.en.short_description');
  await reviewer.getByLabel('Comment', { exact: true }).fill('Say what kind of database and for whom.');
  await reviewer.getByRole('button', { name: 'Post comment', exact: true }).click();
  await expect(reviewer.locator('li.comment')).toContainText('Say what kind of database');
  await reviewer.getByLabel('What must the provider fix? (required)', { exact: true }).fill('See the comment on the short description.');
  await reviewer.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(reviewer.getByTestId('request-status')).toHaveAttribute('data-status', 'rejected');

  // The provider sees the comment at the field, fixes the text, resolves it, resubmits.
  await page.goto(`/offerings/${id}/text/en`);
  await settle(page);
  const note = page.locator('.review-note[data-field="texts.en.short_description"]');
  await expect(note).toContainText('Say what kind of database and for whom.');
  await page.locator('#f-short_description').fill('A managed PostgreSQL database for web teams.');
  await saveAndWait(page);
  await note.getByRole('button', { name: 'Mark resolved', exact: true }).click();
  await expect(note).toHaveCount(0);
  await openTab(page, 'Visibility');
  await expect(page.getByTestId('lifecycle')).toHaveText('Limited');
  await expect(page.locator('section.checklist li[data-step="metadata"]')).toHaveClass(/done/);
  await act(page, 'Request public visibility', 'Fixed the description.');
  await expect(page.getByTestId('lifecycle')).toHaveText('In review');

  // The reviewer sees the change in the diff and approves.
  await reviewer.goto('/review');
  await settle(reviewer);
  await reviewer.getByRole('row').filter({ hasText: name }).getByRole('link', { name }).click();
  await reviewer.waitForURL(/\/review\/[0-9a-f-]{36}$/);
  await settle(reviewer);
  // The resubmission shows the earlier round: how it ended and what was said, by field label.
  const earlier = reviewer.getByTestId('earlier-rounds');
  await expect(earlier.locator('details.round')).toHaveCount(1);
  await expect(earlier.locator('summary')).toContainText('Rejected');
  await earlier.locator('details.round summary').click();
  await expect(earlier).toContainText('See the comment on the short description.');
  await expect(earlier).toContainText('Say what kind of database and for whom.');
  await expect(earlier).toContainText('Catalog text (en) › Short description');
  const diffRow = reviewer.locator('tr[data-field="texts.en.short_description"]');
  await expect(diffRow.locator('ins')).toHaveText('A managed PostgreSQL database for web teams.');
  await reviewer.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(reviewer.getByTestId('request-status')).toHaveAttribute('data-status', 'approved');

  // Anyone signed in now sees it in the catalog, with its plan.
  const publicCard = await catalogCard(outsider, name);
  await expect(publicCard).toContainText('A managed PostgreSQL database for web teams.');
  await publicCard.getByRole('link', { name: 'Review Story DB' }).click();
  await expect(outsider.locator('section.catalog-plan[data-plan="free"]')).toContainText('Free');
  // …and so does a visitor who is not signed in: the card and the page, with the icon.
  const visitor = await (await newContext(browser)).newPage();
  const visitorCard = await catalogCard(visitor, name);
  await expect(visitorCard).toContainText('A managed PostgreSQL database for web teams.');
  const loaded = (img: HTMLImageElement) => img.complete && img.naturalWidth > 0;
  await expect.poll(() => visitorCard.locator('img.offering-icon').evaluate(loaded)).toBe(true);
  await expect(visitor.getByTestId('sign-in-link')).toBeVisible();
  await visitorCard.getByRole('link', { name: 'Review Story DB' }).click();
  await expect(visitor.locator('section.catalog-plan[data-plan="free"]')).toContainText('Free');
  await expect(visitor.getByTestId('catalog-icon')).toBeVisible();
  await visitor.context().close();
  await everyTab(page, id, 'public');

  // A change to the public offering waits for its review; the catalog keeps the approved text.
  await page.goto(`/offerings/${id}/text/en`);
  await settle(page);
  await expect(page.getByTestId('working-copy-notice')).toContainText('working copy');
  await page.locator('#f-display_name').fill('Review Story DB 2');
  await saveAndWait(page);
  await expect(await catalogCard(outsider, name)).toContainText('Review Story DB');
  await expect(await catalogCard(outsider, name)).not.toContainText('Review Story DB 2');
  await openTab(page, 'Visibility');
  await expect(page.locator('table.diff tr[data-field="texts.en.display_name"] ins')).toHaveText('Review Story DB 2');
  await act(page, 'Submit changes for review', 'New name.');
  await expect(page.getByTestId('lifecycle')).toHaveText('Public · change in review');
  await everyTab(page, id, 'public, change in review');
  await expect(await catalogCard(outsider, name)).not.toContainText('Review Story DB 2');
  await approveRequestOf(reviewer, name);
  await expect(await catalogCard(outsider, name)).toContainText('Review Story DB 2');

  // The history names what happened and to which plan, in words.
  await page.goto(`/offerings/${id}/history`);
  await settle(page);
  let history = '';
  for (;;) {
    history += (await page.locator('table.history').textContent()) ?? '';
    const older = page.getByRole('link', { name: 'Older entries', exact: true });
    if ((await older.count()) === 0) break;
    await page.goto((await older.getAttribute('href'))!);
    await settle(page);
  }
  for (const words of ['Plan “free” › Pricing type: Free', 'Commented', 'Request public visibility', 'Approve', 'Created the offering']) {
    expect(history, `the history says "${words}"`).toContain(words);
  }
  expect(history).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-|null|visibility\.|offering\./);
  await expectAccessibleLayout(outsider, testInfo, 'catalog-with-offering');

  // The provider was told.
  await page.goto('/notifications');
  await expect(page.locator('ul.notification-list')).toContainText(`Request for public visibility for ${name}: Approved`);

  // Deprecation, then retirement, each reviewed. Each action says what it does, and its note
  // is labelled with its name; every tab loads in both states, directly and client-side.
  await page.goto(`/offerings/${id}/visibility`);
  await settle(page);
  const deprecate = page.locator('form.lifecycle-action[data-event="request_deprecate"]');
  await expect(deprecate).toContainText('existing customers keep it, new ones are told it is going away');
  await expect(deprecate.getByLabel('Note for the reviewer (Request deprecation)', { exact: true })).toBeVisible();
  await act(page, 'Request deprecation', 'Superseded by Story DB 3.');
  await expect(page.getByTestId('lifecycle')).toHaveText(/^Public · /);
  await approveRequestOf(reviewer, name);
  await page.reload();
  await settle(page);
  await expect(page.getByTestId('lifecycle')).toHaveText('Deprecated');
  await everyTab(page, id, 'deprecated');
  await openTab(page, 'Visibility');
  await expect(page.locator('form.lifecycle-action[data-event="request_retire"]')).toContainText('out of the catalog for good');
  await act(page, 'Request retirement', 'No customers left.');
  await approveRequestOf(reviewer, name);
  await page.reload();
  await settle(page);
  await expect(page.getByTestId('lifecycle')).toHaveText('Retired');
  await everyTab(page, id, 'retired');
  await expect(await catalogCard(outsider, name)).toHaveCount(0);
});

/** The reviewer opens the pending request of offering `name` from the queue and approves it. */
async function approveRequestOf(reviewer: Page, name: string) {
  await reviewer.goto('/review');
  await settle(reviewer);
  await reviewer.getByRole('row').filter({ hasText: name }).getByRole('link', { name }).click();
  await reviewer.waitForURL(/\/review\/[0-9a-f-]{36}$/);
  await settle(reviewer);
  await reviewer.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(reviewer.getByTestId('request-status')).toHaveAttribute('data-status', 'approved');
}
