import { type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { expectAccessibleLayout, VIEWPORTS, wordBreaks } from './a11y';
import { DEMO, DEMO_PASSWORD, expect, newContext, newProvider, settle, signIn, test } from './helpers';
import { makeStory, type Story } from './story';
import { TABS } from './tabs';

// Every main page, with content (story.ts: offerings with plans, tiers, an IAM grant matrix, a
// broker, review requests), checked by expectAccessibleLayout at 1280×800 and 390×844: no
// serious axe issue, nothing past the viewport's edge but inside a scroller that says so, no cut
// text; a full-page screenshot of each in test-results/screens.

type Who = 'visitor' | 'provider' | 'reviewer' | 'admin';

const PROVIDER = newProvider('layout');
let story: Story | undefined;
/** The session cookies of each account, signed in once. */
const sessions = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>['cookies']>();

async function cookiesOf(browser: Browser, email: string, password: string) {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, email, password);
  const { cookies } = await context.storageState();
  await context.close();
  return cookies;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  story = await makeStory(browser, PROVIDER);
  sessions.set('provider', await cookiesOf(browser, PROVIDER.email, PROVIDER.password));
  sessions.set('reviewer', await cookiesOf(browser, DEMO.reviewer, DEMO_PASSWORD));
  sessions.set('admin', await cookiesOf(browser, DEMO.admin, DEMO_PASSWORD));
});
test.afterAll(() => story?.broker.stop());

type Shot = {
  name: string; // names the screenshots
  path: string;
  heading?: string; // the page's <h1>
  tab?: string; // the offering tab the page is on
  status?: number; // the HTTP status the page must answer with (default: below 400)
};

/** Visits each page as `who` and checks it at both widths. */
async function check(page: Page, testInfo: TestInfo, who: Who, shots: Shot[]) {
  const cookies = sessions.get(who);
  if (cookies) await page.context().addCookies(cookies);
  for (const shot of shots) {
    const response = await page.goto(shot.path);
    if (shot.status !== undefined) expect(response?.status(), `HTTP status of ${shot.path}`).toBe(shot.status);
    else expect(response?.status(), `HTTP status of ${shot.path}`).toBeLessThan(400);
    await settle(page);
    if (shot.heading) await expect(page.getByRole('heading', { level: 1, name: shot.heading })).toBeVisible();
    if (shot.tab) await expect(page.locator('nav.tabs a[aria-current="page"]'), shot.path).toHaveText(shot.tab);
    await expectAccessibleLayout(page, testInfo, shot.name);
  }
}

test('signed out: sign-in, catalog, an offering in the catalog', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await check(page, testInfo, 'visitor', [
    { name: 'login', path: '/login', heading: 'Sign in to RMC' },
    { name: 'catalog-signed-out', path: '/catalog', heading: 'Catalog' },
    { name: 'catalog-offering', path: `/catalog/${story!.publicId}` },
  ]);
});

test("the provider's pages: dashboard, catalog, new offering, tokens, notifications, not found", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await check(page, testInfo, 'provider', [
    { name: 'dashboard', path: '/dashboard', heading: 'Dashboard' },
    { name: 'catalog', path: '/catalog', heading: 'Catalog' },
    { name: 'new-offering', path: '/offerings/new', heading: 'Create an offering' },
    { name: 'tokens', path: '/account/tokens', heading: 'API tokens' },
    { name: 'notifications', path: '/notifications', heading: 'Notifications' },
    { name: 'not-found', path: '/no-such-page', heading: 'Page not found', status: 404 },
  ]);
});

test('every tab of an offering in review, and its plan editor', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const id = story!.inReview;
  await check(page, testInfo, 'provider', [
    ...TABS.map(([tab, path]) => ({ name: `offering-${path.split('/')[1] || 'overview'}`, path: `/offerings/${id}${path}`, tab })),
    { name: 'plan-editor', path: `/offerings/${id}/plans/${story!.plan}`, tab: 'Plans' },
    { name: 'draft-overview', path: `/offerings/${story!.draft}`, tab: 'Overview' },
  ]);
});

test('every tab of a public offering with a change in review, a new plan, a search', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const id = story!.publicId;
  await check(page, testInfo, 'provider', [
    ...TABS.map(([tab, path]) => ({ name: `public-${path.split('/')[1] || 'overview'}`, path: `/offerings/${id}${path}`, tab })),
    { name: 'new-plan', path: `/offerings/${story!.draft}/plans/new`, tab: 'Plans' },
    { name: 'catalog-search', path: '/catalog?q=zeta', heading: 'Catalog' },
  ]);
});

test('the offering tabs at 1280×800: every tab in sight, "History" uncut', async ({ page }) => {
  await page.context().addCookies(sessions.get('provider')!);
  await page.setViewportSize(VIEWPORTS[0]);
  await page.goto(`/offerings/${story!.inReview}`);
  await settle(page);
  const bar = page.getByRole('navigation', { name: 'Offering sections', exact: true });
  const box = (await bar.boundingBox())!;
  for (const [tab] of TABS) {
    const link = bar.getByRole('link', { name: tab, exact: true });
    const r = (await link.boundingBox())!;
    expect(r.x >= box.x - 0.5 && r.x + r.width <= box.x + box.width + 0.5, `the "${tab}" tab lies within the tab bar (${Math.round(r.x)}–${Math.round(r.x + r.width)} px in ${Math.round(box.x)}–${Math.round(box.x + box.width)} px)`).toBe(true);
    // Its whole text is drawn: not scrolled away, cut or ellipsised.
    expect(await link.evaluate((a) => a.scrollWidth <= a.clientWidth + 1), `the "${tab}" tab's text fits it`).toBe(true);
  }
  expect(await bar.evaluate((nav) => nav.scrollWidth <= nav.clientWidth + 1), 'the tab bar does not scroll at 1280 px').toBe(true);
});

test('diff field names wrap between words, never inside one (390×844)', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS[1]);
  // The reviewer's diff of a first release: each part opened (they start closed).
  await page.context().addCookies(sessions.get('reviewer')!);
  await page.goto(`/review/${story!.requests[0]}`);
  await settle(page);
  await page.locator('details.diff-group').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
  const diff = await wordBreaks(page, '.diff .field-label');
  expect(diff.length, 'field names in the diff').toBeGreaterThan(10);
  // The long ones do wrap (so the check below means something) …
  const long = diff.filter((l) => l.text.endsWith('Unit price (USD)'));
  expect(long.length, 'the "… › Tier n › Unit price (USD)" field names').toBeGreaterThan(0);
  for (const l of long) expect(l.lines, `"${l.text}" wraps at 390 px`).toBeGreaterThan(1);
  // … and no name is broken inside a word.
  expect(diff.filter((l) => l.split.length > 0), 'diff field names with a word broken across lines').toEqual([]);

  // The History tab's lists of changed fields.
  await page.context().clearCookies();
  await page.context().addCookies(sessions.get('provider')!);
  await page.goto(`/offerings/${story!.inReview}/history`);
  await settle(page);
  const history = await wordBreaks(page, 'ul.changes .field-label');
  expect(history.length, 'field names on the History tab').toBeGreaterThan(5);
  expect(history.filter((l) => l.split.length > 0), 'History field names with a word broken across lines').toEqual([]);
});

test("the reviewer's pages: the queue, a first release and a change in review", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const [first, change] = story!.requests;
  await check(page, testInfo, 'reviewer', [
    { name: 'review-queue', path: '/review', heading: 'Review queue' },
    { name: 'review-request', path: `/review/${first}` },
    { name: 'review-change', path: `/review/${change}` },
  ]);
});

test('administration', async ({ page }, testInfo) => {
  await check(page, testInfo, 'admin', [
    { name: 'admin', path: '/admin', heading: 'Administration' },
    { name: 'audit-log', path: '/admin/audit', heading: 'Audit log' },
  ]);
});
